// The roll-out's monthly dispatch (issue 19, part B): the dispatch as JSON and xlsx, the daily coverage curve,
// talks with laggards and commendations, unit scores. Who sees which township or sector is decided by the
// service; writing talks and commendations is the programme office's and the supervisor's. Thin.
import { route } from "../route.ts";
import * as s from "../../../contract/dispatch.schemas.ts";
import { dispatchWorkbook } from "../../../modules/dispatch/dispatch-xlsx.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

export const dispatchRoutes = [
  route({
    method: "get",
    path: "/api/dispatch/monthly",
    summary:
      "Monthly dispatch (month=YYYY-MM, default this month): progress per phase, township, sector and installer with the change since last month, coverage, laggards, talks, commendations, experience centres",
    tag: "dispatch",
    access: ROLE_SETS.dispatchViewers,
    query: s.monthQuery,
    response: s.monthlyDispatch,
    handler: ({ services, principal, query }) => services.rolloutDispatch.service.monthly(principal, query.month),
  }),
  route({
    method: "get",
    path: "/api/dispatch/monthly.xlsx",
    summary: "The monthly dispatch as an xlsx workbook, the same figures as /api/dispatch/monthly",
    tag: "dispatch",
    access: ROLE_SETS.dispatchViewers,
    query: s.monthQuery,
    handler: async ({ services, principal, query, ctx }) => {
      const d = await services.rolloutDispatch.service.monthly(principal, query.month);
      ctx.type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      ctx.attachment(`anxin-dispatch-${d.month}.xlsx`);
      ctx.set("Cache-Control", "no-store");
      ctx.body = await dispatchWorkbook(d);
    },
  }),
  route({
    method: "get",
    path: "/api/dispatch/coverage-history",
    summary: "Daily old high-rise coverage (one row a county day) of the county, a township, community or company",
    tag: "dispatch",
    access: ROLE_SETS.dispatchViewers,
    query: s.historyQuery,
    response: s.coverageHistory,
    handler: ({ services, principal, query }) => services.rolloutDispatch.service.history(principal, query),
  }),
  route({
    method: "get",
    path: "/api/dispatch/scores",
    summary: "Unit scores over the last 30 days, ranked, with the rule",
    tag: "dispatch",
    access: ROLE_SETS.dispatchViewers,
    response: s.unitScores,
    handler: ({ services, principal }) => services.rolloutDispatch.service.scores(principal),
  }),
  route({
    method: "get",
    path: "/api/dispatch/talks",
    summary: "Talks with laggards (约谈) in the caller's scope, newest first",
    tag: "dispatch",
    access: ROLE_SETS.dispatchViewers,
    response: s.talkList,
    handler: ({ services, principal }) => services.rolloutDispatch.service.listTalks(principal),
  }),
  route({
    method: "post",
    path: "/api/dispatch/talks",
    summary: "Record a talk: who, when, why, what was promised, the follow-up date",
    tag: "dispatch",
    access: ROLE_SETS.programmeEditors,
    body: s.talkInput,
    response: s.talk,
    handler: ({ services, principal, body }) => services.rolloutDispatch.service.createTalk(principal, body),
  }),
  route({
    method: "patch",
    path: "/api/dispatch/talks/:id",
    summary: "Mark a talk's follow-up done, or change its promises or follow-up date",
    tag: "dispatch",
    access: ROLE_SETS.programmeEditors,
    params: s.idParams,
    body: s.talkPatch,
    response: s.talk,
    handler: ({ services, principal, params, body }) =>
      services.rolloutDispatch.service.updateTalk(principal, params.id, body),
  }),
  route({
    method: "delete",
    path: "/api/dispatch/talks/:id",
    summary: "Delete a talk recorded by mistake",
    tag: "dispatch",
    access: ROLE_SETS.programmeEditors,
    params: s.idParams,
    response: s.deleted,
    handler: async ({ services, principal, params }) => {
      await services.rolloutDispatch.service.deleteTalk(principal, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/dispatch/commendations",
    summary: "Commend a unit, community or township for a month",
    tag: "dispatch",
    access: ROLE_SETS.programmeEditors,
    body: s.commendationInput,
    response: s.commendation,
    handler: ({ services, principal, body }) => services.rolloutDispatch.service.createCommendation(principal, body),
  }),
  route({
    method: "delete",
    path: "/api/dispatch/commendations/:id",
    summary: "Delete a commendation recorded by mistake",
    tag: "dispatch",
    access: ROLE_SETS.programmeEditors,
    params: s.idParams,
    response: s.deleted,
    handler: async ({ services, principal, params }) => {
      await services.rolloutDispatch.service.deleteCommendation(principal, params.id);
      return { ok: true as const };
    },
  }),
];
