// The monitoring centre over HTTP (issue 17): the board of unit alarms, the control room's verdict, the
// command view's map and alarm file, the incident page the 119 centre opens from a hand-off (signed link,
// no account), duty checks and per-unit figures. Every read and write is scoped to the caller's units on the
// server (units/unit-scope.ts); the verdict is not rate-limited: a fire is never held back.
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as c from "../../../contract/centre.ts";

export const centreRoutes = [
  route({
    method: "get",
    path: "/api/centre/board",
    summary: "Open alarms of the caller's units, fire signals first, with each one's confirmation deadline and verdict",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    response: c.board,
    handler: async ({ services, principal }) => ({
      now: services.clock.now().toISOString(),
      items: await services.centre.service.board(principal),
    }),
  }),
  route({
    method: "post",
    path: "/api/centre/alarms/:id/verdict",
    lane: "fire",
    summary:
      "The control room's (or the centre's) verdict on a unit fire signal: REAL_FIRE hands it to 119 at once; FALSE_ALARM needs a cause; the first verdict stands (409 after)",
    tag: "centre",
    access: ROLE_SETS.fireConfirmers,
    params: c.alarmIdParams,
    body: c.verdictBody,
    response: c.verdictResult,
    handler: ({ services, principal, params, body }) =>
      services.centre.service.confirm(principal, params.id, body.verdict, body.cause ?? null),
  }),
  route({
    method: "get",
    path: "/api/centre/verdicts",
    summary:
      "Verdicts given on the caller's units' fire signals in the last `hours` (24 by default, at most 72), closed alarms included, newest first",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    query: c.recentVerdictsQuery,
    response: c.recentVerdicts,
    handler: async ({ services, principal, query }) => ({
      items: await services.centre.service.recentVerdicts(principal, query),
    }),
  }),
  route({
    method: "get",
    path: "/api/centre/map",
    summary: "The caller's units with coordinates, coloured by state: FIRE, FAULT, OFFLINE or NORMAL",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    response: c.unitMap,
    handler: async ({ services, principal }) => ({ items: await services.centre.view.map(principal) }),
  }),
  route({
    method: "get",
    path: "/api/centre/alarms/:id",
    summary:
      "A unit alarm's file for the command view: unit, building, floor, key part, people and phones, facilities, hydrants, cameras, timeline",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    params: c.alarmIdParams,
    response: c.alarmFile,
    handler: ({ services, principal, params }) => services.centre.view.alarmFile(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/centre/incidents/:id",
    summary:
      "The live incident page of a fire handed to 119 (docs/alert-119.md): the same facts as the hand-off, read now; opened with the signed link's token",
    tag: "centre",
    access: "public",
    params: c.alarmIdParams,
    query: c.incidentQuery,
    response: c.incidentFacts,
    handler: async ({ services, params, query }) => {
      const facts = await services.centre.incident(params.id, query.token);
      if (!facts) throw new AppError("NOT_FOUND", "找不到该警情");
      return facts as unknown as Record<string, unknown>;
    },
  }),
  route({
    method: "get",
    path: "/api/centre/duty-checks",
    summary: "Duty checks (查岗) of the caller's units, newest first; pending=true for those waiting for an answer",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    query: c.dutyCheckQuery,
    response: c.dutyCheckList,
    handler: async ({ services, principal, query }) => ({
      items: await services.centre.dutyChecks.list(principal, {
        ...(query.unitId ? { unitId: query.unitId } : {}),
        pendingOnly: query.pending === "true",
        ...(query.limit ? { limit: query.limit } : {}),
      }),
    }),
  }),
  route({
    method: "post",
    path: "/api/centre/duty-checks",
    summary: "Check a unit's control room now (centre operators)",
    tag: "centre",
    access: ROLE_SETS.monitoringCentre,
    body: c.dutyCheckBody,
    status: 201,
    response: c.dutyCheck,
    handler: ({ services, principal, body }) => services.centre.dutyChecks.request(principal, body.unitId),
  }),
  route({
    method: "post",
    path: "/api/centre/duty-checks/:id/answer",
    summary: "The control room answers a duty check: ANSWERED in time, LATE after, MISSED stays missed (409)",
    tag: "centre",
    access: ROLE_SETS.dutyAnswerers,
    params: c.alarmIdParams,
    response: c.dutyCheck,
    handler: ({ services, principal, params }) => services.centre.dutyChecks.answer(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/centre/records.csv",
    summary:
      "One unit's alarm and duty-check records for [from, to) (at most 366 days) as CSV (UTF-8 with BOM): verdicts, causes, confirmation times, 119 hand-offs",
    tag: "centre",
    access: ROLE_SETS.centreRecordReaders,
    query: c.recordsQuery,
    handler: async ({ services, principal, query, ctx }) => {
      const csv = await services.centre.records.exportCsv(principal, query);
      ctx.attachment(`unit-records-${query.unitId}.csv`);
      ctx.type = "text/csv; charset=utf-8";
      ctx.body = csv;
    },
  }),
  route({
    method: "get",
    path: "/api/centre/figures",
    summary:
      "Per-unit records for [from, to) (at most 366 days): alarms, false-alarm rate (more than 5 a day flagged), confirmation times, timeouts, duty checks",
    tag: "centre",
    access: ROLE_SETS.centreRecordReaders,
    query: c.figuresQuery,
    response: c.figures,
    handler: async ({ services, principal, query }) => ({
      items: await services.centre.records.figures(principal, {
        from: query.from,
        to: query.to,
        ...(query.unitId ? { unitId: query.unitId } : {}),
      }),
    }),
  }),
];
