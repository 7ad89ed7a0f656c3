// The roll-out programme and three-party acceptance (issue 19 part A): the county's phases (settings), where
// the county stands, each unit's and old high-rise building's stage, history and device plan, pilots and
// their demonstrations; acceptances submitted by the installer and checked by the system, confirmed by the
// unit (or property company) and accepted or returned by the fire supervisor. Thin: every scope and role
// rule lives in modules/rollout (a subject outside the caller's scope answers 404); schemas bound input.
import { z } from "zod";
import { route } from "../route.ts";
import { instant, isoDate } from "../../../shared/bounded.ts";
import { readRawUpload } from "./units.routes.ts";
import {
  ACCEPTANCE_STATUS_LABELS,
  MAX_ACCEPTANCE_PHOTO_BYTES,
  MAX_ACCEPTANCE_PHOTOS,
  PHASE_LABELS,
  PLAN_KIND_LABELS,
  STAGE_SUBJECTS,
} from "../../../modules/rollout/index.ts";
import { ROLLOUT_STAGE_LABELS } from "../../../modules/units/index.ts";
import type { AcceptanceStatus, RolloutPhaseCode, RolloutStage } from "../../../db/client.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const keys = <T extends Record<string, string>>(labels: T) => Object.keys(labels) as [keyof T & string, ...string[]];
const text = (max: number) => z.string().trim().max(max);
const subject = z.enum(STAGE_SUBJECTS);
const stageEnum = z.enum(keys(ROLLOUT_STAGE_LABELS));
const planKind = z.enum(keys(PLAN_KIND_LABELS));
const photoId = z.string().regex(/^[a-f0-9]{24}\.(jpg|png|webp)$/);

const phase = z.object({
  code: z.string(),
  label: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  target: z.string().nullable(),
  targetPct: z.number().nullable(),
  status: z.enum(["DONE", "CURRENT", "UPCOMING"]),
});
const stageCounts = z.object({ total: z.number(), byStage: z.record(z.string(), z.number()) });
const demonstration = z.object({
  id: z.string(),
  heldAt: z.string(),
  place: z.string(),
  attendees: z.number(),
  notes: z.string().nullable(),
});
const overview = z.object({
  today: z.string(),
  phases: z.array(phase),
  current: phase.nullable(),
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
      demonstrations: z.array(demonstration),
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
    }),
  ),
});
const history = z.object({
  subject: z.string(),
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  stageAt: z.string().nullable(),
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
});
const checks = z.object({
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
const acceptanceSummary = z.object({ ...acceptanceBase, problems: z.number(), updatedAt: z.string() });
const acceptance = z.object({
  ...acceptanceBase,
  address: z.string(),
  installerCompany: z.string().nullable(),
  installed: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number(), note: z.string().nullable() })),
  photos: z.array(z.string()),
  checks,
  checkedAt: z.string().nullable(),
  unitConfirmed: signature.nullable(),
  accepted: signature.nullable(),
  returned: signature.extend({ reason: z.string() }).nullable(),
});

export const rolloutRoutes = [
  route({
    method: "get",
    path: "/api/rollout/phases",
    summary: "The county's roll-out phases with dates, targets and where the county stands against each",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    response: z.object({ items: z.array(phase) }),
    handler: async ({ services }) => ({ items: await services.rollout.programme.phases() }),
  }),
  route({
    method: "put",
    path: "/api/rollout/phases",
    summary: "Set the county's phases (each code once): the plan's dates and targets are settings, not code",
    tag: "rollout",
    access: ROLE_SETS.programmeEditors,
    body: z.object({
      phases: z
        .array(
          z.object({
            code: z.enum(keys(PHASE_LABELS)),
            name: text(40).min(1),
            startsOn: isoDate,
            endsOn: isoDate,
            target: text(200).nullable().optional(),
            targetPct: z.number().min(0).max(100).nullable().optional(),
          }),
        )
        .min(1)
        .max(Object.keys(PHASE_LABELS).length),
    }),
    response: z.object({ items: z.array(phase) }),
    handler: async ({ services, principal, body }) => ({
      items: await services.rollout.programme.setPhases(
        principal,
        body.phases.map((p) => ({ ...p, code: p.code as RolloutPhaseCode })),
      ),
    }),
  }),
  route({
    method: "get",
    path: "/api/rollout/overview",
    summary:
      "Where the programme stands in the caller's scope: phases, units and old high-rise buildings by stage, households covered against the target, pilots and their demonstrations",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    response: overview,
    handler: ({ services, principal }) => services.rollout.programme.overview(principal),
  }),
  route({
    method: "get",
    path: "/api/rollout/subjects/:subject/:id",
    summary: "A unit's or old high-rise building's stage, its history and its device plan against what is installed",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: z.object({ subject, id }),
    response: history,
    handler: ({ services, principal, params }) =>
      services.rollout.programme.history(principal, params.subject, params.id),
  }),
  route({
    method: "put",
    path: "/api/rollout/subjects/:subject/:id/stage",
    summary:
      "Record a unit's or building's stage (surveyed, planned, installing, installed); accepted only through acceptance",
    tag: "rollout",
    access: ROLE_SETS.stageEditors,
    params: z.object({ subject, id }),
    body: z.object({ stage: stageEnum, note: text(200).optional() }),
    response: history,
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.setStage(principal, params.subject, params.id, body.stage as RolloutStage, body.note),
  }),
  route({
    method: "put",
    path: "/api/rollout/subjects/:subject/:id/plan",
    summary: "Replace a unit's or building's device plan (devices planned by kind)",
    tag: "rollout",
    access: ROLE_SETS.stageEditors,
    params: z.object({ subject, id }),
    body: z.object({
      items: z
        .array(z.object({ deviceKind: planKind, planned: z.number().int().min(0).max(100_000) }))
        .max(Object.keys(PLAN_KIND_LABELS).length),
    }),
    response: history,
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.setPlan(principal, params.subject, params.id, body.items),
  }),
  route({
    method: "get",
    path: "/api/rollout/subjects/:subject/:id/checks",
    summary:
      "The system's acceptance checks of a unit or building now: every device online, a test alarm from each seen since the install began",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: z.object({ subject, id }),
    response: checks,
    handler: async ({ services, principal, params }) => {
      await services.rollout.scopes.assertSubject(principal, params.subject, params.id);
      return services.rollout.acceptance.runChecks(params.subject, params.id);
    },
  }),
  route({
    method: "put",
    path: "/api/rollout/units/:id/pilot",
    summary: "Mark a unit as a pilot (试点单位) or not",
    tag: "rollout",
    access: ROLE_SETS.programmeEditors,
    params: z.object({ id }),
    body: z.object({ pilot: z.boolean() }),
    response: z.object({ id: z.string(), pilot: z.boolean() }),
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.setPilot(principal, params.id, body.pilot),
  }),
  route({
    method: "post",
    path: "/api/rollout/units/:id/demonstrations",
    summary: "Record an on-site demonstration meeting (现场观摩会) at a pilot unit",
    tag: "rollout",
    access: ROLE_SETS.programmeEditors,
    params: z.object({ id }),
    body: z.object({
      heldAt: instant,
      place: text(100).min(1),
      attendees: z.number().int().min(1).max(10_000),
      notes: text(500).optional(),
    }),
    status: 201,
    response: demonstration,
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.addDemonstration(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/rollout/photos",
    summary:
      "Upload a photo of an installation for its acceptance: raw JPEG, PNG or WebP body (at most 8 MB, judged by content), ?subject=UNIT|BUILDING&subjectId=",
    tag: "rollout",
    access: ROLE_SETS.installer,
    query: z.object({ subject, subjectId: id }),
    rateLimit: "uploads",
    status: 201,
    response: z.object({ id: z.string() }),
    handler: async ({ services, principal, query, ctx }) => {
      await services.rollout.scopes.assertSubject(principal, query.subject, query.subjectId); // 404 before reading
      return services.rollout.acceptance.photos.add(await readRawUpload(ctx, MAX_ACCEPTANCE_PHOTO_BYTES, "照片"));
    },
  }),
  route({
    method: "get",
    path: "/api/rollout/acceptances",
    summary: "Acceptances of the units and buildings in the caller's scope, latest first",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    query: z.object({ status: z.enum(keys(ACCEPTANCE_STATUS_LABELS)).optional() }),
    response: z.object({ items: z.array(acceptanceSummary) }),
    handler: async ({ services, principal, query }) => ({
      items: await services.rollout.acceptance.list(principal, {
        status: query.status as AcceptanceStatus | undefined,
      }),
    }),
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances",
    summary:
      "The installer submits (or resubmits) what was installed with photos; the system checks every device at once (CHECKS_FAILED lists each failing device)",
    tag: "rollout",
    access: ROLE_SETS.installer,
    body: z.object({
      subject,
      subjectId: id,
      installed: z
        .array(z.object({ kind: planKind, count: z.number().int().min(1).max(100_000), note: text(200).optional() }))
        .min(1)
        .max(Object.keys(PLAN_KIND_LABELS).length),
      photos: z.array(photoId).max(MAX_ACCEPTANCE_PHOTOS).default([]),
    }),
    response: acceptance,
    handler: ({ services, principal, body }) => services.rollout.acceptance.submit(principal, body),
  }),
  route({
    method: "get",
    path: "/api/rollout/acceptances/:id",
    summary: "One acceptance: what was installed, photos, the system's checks and the three signatures",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: z.object({ id }),
    response: acceptance,
    handler: ({ services, principal, params }) => services.rollout.acceptance.get(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/rollout/acceptances/:id/photos/:n",
    summary: "One photo of an acceptance, to callers who see its unit or building",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: z.object({ id, n: z.string().regex(/^[0-8]$/) }), // the photo's place in the list
    handler: async ({ services, principal, params, ctx }) => {
      const p = await services.rollout.acceptance.photo(principal, params.id, Number(params.n));
      ctx.set("Cache-Control", "private, no-store");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = p.contentType;
      ctx.body = p.data;
      return undefined;
    },
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances/:id/confirm",
    summary: "The unit's responsible person or manager (a building: its property company) confirms the installation",
    tag: "rollout",
    access: ROLE_SETS.acceptanceConfirmers,
    params: z.object({ id }),
    response: acceptance,
    handler: ({ services, principal, params }) => services.rollout.acceptance.confirm(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances/:id/accept",
    summary: "The fire supervisor accepts: the unit or building is ACCEPTED",
    tag: "rollout",
    access: ROLE_SETS.fireSupervisor,
    params: z.object({ id }),
    response: acceptance,
    handler: ({ services, principal, params }) => services.rollout.acceptance.accept(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances/:id/return",
    summary: "The fire supervisor sends an acceptance back with reasons; the installer fixes and submits again",
    tag: "rollout",
    access: ROLE_SETS.fireSupervisor,
    params: z.object({ id }),
    body: z.object({ reason: text(500).min(1) }),
    response: acceptance,
    handler: ({ services, principal, params, body }) =>
      services.rollout.acceptance.returnIt(principal, params.id, body.reason),
  }),
];
