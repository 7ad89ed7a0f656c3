// Request and response schemas of the monthly dispatch (每月调度), coverage history, talks, commendations and
// unit scores (transport/http/routes/dispatch.routes.ts); the console's pages read the inferred types. Every
// outside value is bounded. The plain values the console takes as values live in dispatch.ts (no zod).
import { z } from "zod";
import { instant, isoDate, month } from "../shared/bounded.ts";

export { DISPATCH_SUBJECT_LABEL as SUBJECT_LABELS } from "./dispatch.ts";

export const COVERAGE_SCOPE_LABELS = {
  COUNTY: "全县",
  TOWNSHIP: "乡镇/街道",
  COMMUNITY: "小区",
  PROPERTY_COMPANY: "物业公司",
} as const;

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const subject = z.enum(["UNIT", "COMMUNITY", "TOWNSHIP"]);

export const monthQuery = z.object({ month: month.optional() });

export const historyQuery = z.object({
  scope: z.enum(["COUNTY", "TOWNSHIP", "COMMUNITY", "PROPERTY_COMPANY"]).default("COUNTY"),
  scopeId: id.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

export const talkInput = z.object({
  subject,
  subjectId: id,
  heldAt: instant,
  attendees: text(500),
  reason: text(1000),
  promises: text(2000),
  followUpOn: isoDate.nullable().optional(),
});
export type TalkInput = z.infer<typeof talkInput>;

export const talkPatch = z.object({
  followUpDone: z.boolean().optional(),
  promises: text(2000).optional(),
  followUpOn: isoDate.nullable().optional(),
});
export type TalkPatch = z.infer<typeof talkPatch>;

export const commendationInput = z.object({ subject, subjectId: id, month, reason: text(1000) });
export type CommendationInput = z.infer<typeof commendationInput>;

export const idParams = z.object({ id });

const progress = z.object({
  id: z.string(),
  name: z.string(),
  target: z.number(),
  done: z.number(),
  accepted: z.number(),
  behind: z.number(),
  change: z.object({ done: z.number(), accepted: z.number(), behind: z.number() }).nullable(),
});
export type Progress = z.infer<typeof progress>;

const coverage = z.object({
  id: z.string(),
  name: z.string(),
  households: z.number(),
  covered: z.number(),
  rate: z.number(),
  required: z.number(),
  behind: z.boolean(),
});

export const talk = z.object({
  id: z.string(),
  subject,
  subjectId: z.string(),
  subjectName: z.string(),
  heldAt: z.string(),
  attendees: z.string(),
  reason: z.string(),
  promises: z.string(),
  followUpOn: z.string().nullable(),
  followUpDone: z.boolean(),
});
export type Talk = z.infer<typeof talk>;

export const commendation = z.object({
  id: z.string(),
  subject,
  subjectId: z.string(),
  subjectName: z.string(),
  month: z.string(),
  reason: z.string(),
});
export type Commendation = z.infer<typeof commendation>;

const centres = z.object({
  id: z.string(),
  name: z.string(),
  township: z.string().nullable(),
  centres: z.number(),
  inUse: z.number(),
  meets: z.boolean(),
});

export const monthlyDispatch = z.object({
  month: z.string(),
  generatedAt: z.string(),
  scope: z.string(),
  live: z.boolean(),
  previousMonth: z.string().nullable(),
  phases: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      startsOn: z.string(),
      endsOn: z.string(),
      target: z.string().nullable(),
      targetPct: z.number().nullable(),
      state: z.enum(["done", "running", "upcoming"]),
    }),
  ),
  phasesFromPlan: z.boolean(),
  behindRule: z.string(),
  coverageRule: z.string(),
  byPhase: z.array(progress),
  byTownship: z.array(progress),
  bySector: z.array(progress),
  byInstaller: z.array(progress),
  total: progress,
  coverage: z.object({
    county: coverage,
    townships: z.array(coverage),
    communities: z.array(coverage.extend({ township: z.string() })),
  }),
  /**
   * The units and old high-rise buildings of the scope whose roll-out stage their devices contradict, as 推进计划
   * flags them (/console/rollout?mismatch=1 lists them); null in a month archived before this was counted
   */
  stageMismatch: z.object({ units: z.number(), buildings: z.number() }).nullable(),
  laggards: z.object({
    units: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        township: z.string(),
        sector: z.string(),
        stage: z.string(),
        required: z.string(),
        reason: z.string(),
      }),
    ),
    communities: z.array(coverage.extend({ township: z.string() })),
  }),
  talks: z.array(talk),
  commendations: z.array(commendation),
  centres: z.object({
    townships: z.array(centres),
    communities: z.array(centres),
    townshipsMet: z.number(),
    communitiesMet: z.number(),
  }),
});
export type MonthlyDispatch = z.infer<typeof monthlyDispatch>;

export const coverageHistory = z.object({
  scope: z.string(),
  scopeId: z.string(),
  name: z.string(),
  days: z.array(z.object({ day: z.string(), households: z.number(), covered: z.number(), rate: z.number() })),
});
export type CoverageHistory = z.infer<typeof coverageHistory>;

export const unitScores = z.object({
  days: z.number(),
  rule: z.array(z.object({ key: z.string(), label: z.string(), max: z.number(), rule: z.string() })),
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      township: z.string(),
      sector: z.string(),
      score: z.number(),
      rank: z.number(),
      parts: z.array(z.object({ key: z.string(), label: z.string(), points: z.number(), max: z.number() })),
    }),
  ),
});
export type UnitScores = z.infer<typeof unitScores>;

/** GET /api/dispatch/talks */
export const talkList = z.array(talk);
/** the answer to deleting a talk or commendation */
export const deleted = z.object({ ok: z.literal(true) });
