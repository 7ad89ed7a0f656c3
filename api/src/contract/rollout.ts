// The roll-out programme and three-party acceptance (issue 19 part A; transport/http/routes/rollout.routes.ts):
// the county's phases, where it stands, a unit's or old high-rise building's stage, history and device plan,
// pilots and their demonstrations, and acceptances with the system's checks and the three signatures. The
// console's screens take these types with `import type`; the words are labels.ts's.
import { z } from "zod";
import { instant, isoDate } from "../shared/bounded.ts";
import {
  ACCEPTANCE_STATUS_LABEL,
  PLAN_KIND_LABEL,
  ROLLOUT_PHASE_LABEL,
  ROLLOUT_STAGE_LABEL,
  STAGE_MISMATCH_LABEL,
} from "./labels.ts";

/** What the roll-out follows and accepts: a networked unit or an old high-rise building. */
export const ROLLOUT_SUBJECTS = ["UNIT", "BUILDING"] as const;
/** Photos an installer may attach to one acceptance. */
export const MAX_ACCEPTANCE_PHOTOS = 9;

const keys = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...string[]];
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const text = (max: number) => z.string().trim().max(max);

export const rolloutId = id;
export const rolloutSubject = z.enum(ROLLOUT_SUBJECTS);
export const rolloutStage = z.enum(keys(ROLLOUT_STAGE_LABEL));
export const planKind = z.enum(keys(PLAN_KIND_LABEL));
export const acceptanceStatus = z.enum(keys(ACCEPTANCE_STATUS_LABEL));
const photoId = z.string().regex(/^[a-f0-9]{24}\.(jpg|png|webp)$/);

// ---- answers ----

export const rolloutPhase = z.object({
  code: z.string(),
  label: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  target: z.string().nullable(),
  targetPct: z.number().nullable(),
  status: z.enum(["DONE", "CURRENT", "UPCOMING"]),
});
export const rolloutPhaseList = z.object({ items: z.array(rolloutPhase) });
/** `mismatched`: the subjects of the scope whose stage their devices contradict (each list's `mismatch`) */
const stageCounts = z.object({ total: z.number(), byStage: z.record(z.string(), z.number()), mismatched: z.number() });
/** Where a subject's stage and its devices disagree, in words ("已验收，但设备全部离线"); null when they agree */
export const stageMismatch = z.object({ kind: z.enum(keys(STAGE_MISMATCH_LABEL)), text: z.string() }).nullable();
export const pilotDemonstration = z.object({
  id: z.string(),
  heldAt: z.string(),
  place: z.string(),
  attendees: z.number(),
  notes: z.string().nullable(),
});
/** GET /api/rollout/overview: the programme in the caller's scope */
export const rolloutOverview = z.object({
  today: z.string(),
  phases: z.array(rolloutPhase),
  current: rolloutPhase.nullable(),
  /** how the lists' `mismatch` is decided, in words (the page shows it) */
  mismatchRule: z.string(),
  units: stageCounts,
  buildings: stageCounts.extend({
    households: z.number(),
    householdsDone: z.number(),
    pct: z.number(),
    targetPct: z.number().nullable(),
  }),
  pilots: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      township: z.string(),
      stage: z.string(),
      demonstrations: z.array(pilotDemonstration),
    }),
  ),
  unitList: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      township: z.string(),
      stage: z.string(),
      stageAt: z.string().nullable(),
      pilot: z.boolean(),
      mismatch: stageMismatch,
    }),
  ),
  buildingList: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      community: z.string(),
      stage: z.string(),
      stageAt: z.string().nullable(),
      households: z.number(),
      mismatch: stageMismatch,
    }),
  ),
});
/** GET /api/rollout/subjects/:subject/:id: a unit's or building's stage, history, plan (a unit: whether a pilot) */
export const subjectHistory = z.object({
  subject: z.string(),
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  stageAt: z.string().nullable(),
  /** where its stage and its devices disagree, in words, as the programme's lists flag it; null when they agree */
  mismatch: stageMismatch,
  changes: z.array(
    z.object({
      stage: z.string(),
      stageLabel: z.string(),
      at: z.string(),
      by: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  plan: z.array(z.object({ deviceKind: z.string(), label: z.string(), planned: z.number(), installed: z.number() })),
  /** a unit: whether it is a pilot and its demonstration meetings (none unless a pilot); a building: null */
  pilot: z.object({ pilot: z.boolean(), demonstrations: z.array(pilotDemonstration) }).nullable(),
});
export const acceptanceChecks = z.object({
  since: z.string(),
  devices: z.array(
    z.object({
      deviceId: z.string(),
      name: z.string(),
      online: z.boolean(),
      testAlarmSeen: z.boolean(),
      problems: z.array(z.string()),
    }),
  ),
  problems: z.array(z.string()),
});
const signature = z.object({ name: z.string(), at: z.string() });
const acceptanceBase = {
  id: z.string(),
  subject: z.string(),
  subjectLabel: z.string(),
  subjectId: z.string(),
  subjectName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  attempt: z.number(),
  checksPassed: z.boolean(),
  submitted: signature,
};
export const acceptanceSummary = z.object({ ...acceptanceBase, problems: z.number(), updatedAt: z.string() });
export const acceptanceList = z.object({ items: z.array(acceptanceSummary) });
/** One acceptance: what was installed, photos (API addresses), the system's checks and the three signatures */
export const acceptanceView = z.object({
  ...acceptanceBase,
  address: z.string(),
  installerCompany: z.string().nullable(),
  installed: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number(), note: z.string().nullable() })),
  photos: z.array(z.string()),
  checks: acceptanceChecks,
  checkedAt: z.string().nullable(),
  unitConfirmed: signature.nullable(),
  accepted: signature.nullable(),
  returned: signature.extend({ reason: z.string() }).nullable(),
});
export const pilotResult = z.object({ id: z.string(), pilot: z.boolean() });
export const uploadedPhoto = z.object({ id: z.string() });

// ---- requests ----

export const subjectParams = z.object({ subject: rolloutSubject, id });
/** GET /api/rollout/overview?mismatch=true: the lists hold only the subjects whose stage their devices contradict */
export const overviewQuery = z.object({ mismatch: z.enum(["true", "false"]).optional() });
export const rolloutIdParams = z.object({ id });
/** One photo of an acceptance: `n` is the photo's place in its list (at most MAX_ACCEPTANCE_PHOTOS). */
export const acceptancePhotoParams = z.object({ id, n: z.string().regex(/^[0-8]$/) });
/** PUT /api/rollout/phases: each code once; dates and targets are settings */
export const setPhasesBody = z.object({
  phases: z
    .array(
      z.object({
        code: z.enum(keys(ROLLOUT_PHASE_LABEL)),
        name: text(40).min(1),
        startsOn: isoDate,
        endsOn: isoDate,
        target: text(200).nullable().optional(),
        targetPct: z.number().min(0).max(100).nullable().optional(),
      }),
    )
    .min(1)
    .max(Object.keys(ROLLOUT_PHASE_LABEL).length),
});
/** PUT /api/rollout/subjects/:subject/:id/stage */
export const setStageBody = z.object({ stage: rolloutStage, note: text(200).optional() });
/** PUT /api/rollout/subjects/:subject/:id/plan */
export const setPlanBody = z.object({
  items: z
    .array(z.object({ deviceKind: planKind, planned: z.number().int().min(0).max(100_000) }))
    .max(Object.keys(PLAN_KIND_LABEL).length),
});
/** PUT /api/rollout/units/:id/pilot */
export const setPilotBody = z.object({ pilot: z.boolean() });
/** POST /api/rollout/units/:id/demonstrations (heldAt an instant: the console types it in county time) */
export const demonstrationBody = z.object({
  heldAt: instant,
  place: text(100).min(1),
  attendees: z.number().int().min(1).max(10_000),
  notes: text(500).optional(),
});
/** POST /api/rollout/photos?subject=&subjectId= (the body is the raw image) */
export const photoQuery = z.object({ subject: rolloutSubject, subjectId: id });
export const acceptanceListQuery = z.object({ status: acceptanceStatus.optional() });
/** POST /api/rollout/acceptances: the installer submits (or resubmits) what was installed with photos */
export const submitAcceptanceBody = z.object({
  subject: rolloutSubject,
  subjectId: id,
  installed: z
    .array(z.object({ kind: planKind, count: z.number().int().min(1).max(100_000), note: text(200).optional() }))
    .min(1)
    .max(Object.keys(PLAN_KIND_LABEL).length),
  photos: z.array(photoId).max(MAX_ACCEPTANCE_PHOTOS).default([]),
});
/** POST /api/rollout/acceptances/:id/return */
export const returnAcceptanceBody = z.object({ reason: text(500).min(1) });

export type RolloutPhase = z.infer<typeof rolloutPhase>;
export type RolloutOverview = z.infer<typeof rolloutOverview>;
export type PilotDemonstration = z.infer<typeof pilotDemonstration>;
export type StageMismatch = z.infer<typeof stageMismatch>;
export type SubjectHistory = z.infer<typeof subjectHistory>;
export type AcceptanceChecks = z.infer<typeof acceptanceChecks>;
export type AcceptanceSummary = z.infer<typeof acceptanceSummary>;
export type AcceptanceList = z.infer<typeof acceptanceList>;
export type AcceptanceView = z.infer<typeof acceptanceView>;
export type SetPhasesBody = z.input<typeof setPhasesBody>;
export type SetStageBody = z.input<typeof setStageBody>;
export type SetPlanBody = z.input<typeof setPlanBody>;
export type DemonstrationBody = z.input<typeof demonstrationBody>;
export type SubmitAcceptanceBody = z.input<typeof submitAcceptanceBody>;
export type ReturnAcceptanceBody = z.input<typeof returnAcceptanceBody>;
