// The roll-out programme and three-party acceptance (issue 19 part A): the county's phases (settings), where
// the county stands, each unit's and old high-rise building's stage, history and device plan, pilots and
// their demonstrations; acceptances submitted by the installer and checked by the system, confirmed by the
// unit (or property company) and accepted or returned by the fire supervisor. Thin: every scope and role
// rule lives in modules/rollout (a subject outside the caller's scope answers 404); schemas bound input.
import { route } from "../route.ts";
import { readRawUpload } from "./units.routes.ts";
import { MAX_ACCEPTANCE_PHOTO_BYTES } from "../../../modules/rollout/index.ts";
import type { AcceptanceStatus, RolloutPhaseCode, RolloutStage } from "../../../db/client.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import {
  acceptanceChecks,
  acceptancePhotoParams,
  acceptanceList,
  acceptanceListQuery,
  acceptanceView,
  demonstrationBody,
  overviewQuery,
  photoQuery,
  pilotDemonstration,
  pilotResult,
  returnAcceptanceBody,
  rolloutIdParams,
  rolloutOverview,
  rolloutPhaseList,
  setPhasesBody,
  setPilotBody,
  setPlanBody,
  setStageBody,
  subjectHistory,
  subjectParams,
  submitAcceptanceBody,
  uploadedPhoto,
} from "../../../contract/rollout.ts";

export const rolloutRoutes = [
  route({
    method: "get",
    path: "/api/rollout/phases",
    summary: "The county's roll-out phases with dates, targets and where the county stands against each",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    response: rolloutPhaseList,
    handler: async ({ services }) => ({ items: await services.rollout.programme.phases() }),
  }),
  route({
    method: "put",
    path: "/api/rollout/phases",
    summary: "Set the county's phases (each code once): the plan's dates and targets are settings, not code",
    tag: "rollout",
    access: ROLE_SETS.programmeEditors,
    body: setPhasesBody,
    response: rolloutPhaseList,
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
      "Where the programme stands in the caller's scope: phases, units and old high-rise buildings by stage (each flagged where its devices contradict its stage; mismatch=true lists only those), households covered against the target, pilots and their demonstrations",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    query: overviewQuery,
    response: rolloutOverview,
    handler: ({ services, principal, query }) =>
      services.rollout.programme.overview(principal, { onlyMismatched: query.mismatch === "true" }),
  }),
  route({
    method: "get",
    path: "/api/rollout/subjects/:subject/:id",
    summary:
      "A unit's or old high-rise building's stage (flagged where its devices contradict it, as in the programme's lists), its history and its device plan against what is installed",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: subjectParams,
    response: subjectHistory,
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
    params: subjectParams,
    body: setStageBody,
    response: subjectHistory,
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.setStage(principal, params.subject, params.id, body.stage as RolloutStage, body.note),
  }),
  route({
    method: "put",
    path: "/api/rollout/subjects/:subject/:id/plan",
    summary: "Replace a unit's or building's device plan (devices planned by kind)",
    tag: "rollout",
    access: ROLE_SETS.stageEditors,
    params: subjectParams,
    body: setPlanBody,
    response: subjectHistory,
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
    params: subjectParams,
    response: acceptanceChecks,
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
    params: rolloutIdParams,
    body: setPilotBody,
    response: pilotResult,
    handler: ({ services, principal, params, body }) =>
      services.rollout.programme.setPilot(principal, params.id, body.pilot),
  }),
  route({
    method: "post",
    path: "/api/rollout/units/:id/demonstrations",
    summary: "Record an on-site demonstration meeting (现场观摩会) at a pilot unit",
    tag: "rollout",
    access: ROLE_SETS.programmeEditors,
    params: rolloutIdParams,
    body: demonstrationBody,
    status: 201,
    response: pilotDemonstration,
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
    query: photoQuery,
    rateLimit: "uploads",
    status: 201,
    response: uploadedPhoto,
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
    query: acceptanceListQuery,
    response: acceptanceList,
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
    body: submitAcceptanceBody,
    response: acceptanceView,
    handler: ({ services, principal, body }) => services.rollout.acceptance.submit(principal, body),
  }),
  route({
    method: "get",
    path: "/api/rollout/acceptances/:id",
    summary: "One acceptance: what was installed, photos, the system's checks and the three signatures",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: rolloutIdParams,
    response: acceptanceView,
    handler: ({ services, principal, params }) => services.rollout.acceptance.get(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/rollout/acceptances/:id/photos/:n",
    summary: "One photo of an acceptance, to callers who see its unit or building",
    tag: "rollout",
    access: ROLE_SETS.programmeViewers,
    params: acceptancePhotoParams, // the photo's place in the list
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
    params: rolloutIdParams,
    response: acceptanceView,
    handler: ({ services, principal, params }) => services.rollout.acceptance.confirm(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances/:id/accept",
    summary: "The fire supervisor accepts: the unit or building is ACCEPTED",
    tag: "rollout",
    access: ROLE_SETS.fireSupervisor,
    params: rolloutIdParams,
    response: acceptanceView,
    handler: ({ services, principal, params }) => services.rollout.acceptance.accept(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/rollout/acceptances/:id/return",
    summary: "The fire supervisor sends an acceptance back with reasons; the installer fixes and submits again",
    tag: "rollout",
    access: ROLE_SETS.fireSupervisor,
    params: rolloutIdParams,
    body: returnAcceptanceBody,
    response: acceptanceView,
    handler: ({ services, principal, params, body }) =>
      services.rollout.acceptance.returnIt(principal, params.id, body.reason),
  }),
];
