// The monitoring centre over HTTP (issue 17): the board of unit alarms, the control room's verdict, the
// command view's map and alarm file, the incident page the 119 centre opens from a hand-off (signed link,
// no account), duty checks and per-unit figures. Every read and write is scoped to the caller's units on the
// server (units/unit-scope.ts); the verdict is not rate-limited: a fire is never held back.
import { z } from "zod";
import { route } from "../route.ts";
import { instant, instantSpan } from "../../../shared/bounded.ts";
import { AppError } from "../../../shared/errors.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);

const boardAlarm = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  status: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  location: z.string().nullable(),
  floor: z.number().nullable(),
  startedAt: z.string(),
  confirmDeadlineAt: z.string().nullable(),
  verdict: z.string().nullable(),
  verdictLabel: z.string().nullable(),
  report119: z.boolean(),
});

const dutyCheck = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  origin: z.string(),
  via: z.string(),
  sentAt: z.string(),
  dueAt: z.string(),
  missedAt: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  answeredAt: z.string().nullable(),
});

export const centreRoutes = [
  route({
    method: "get",
    path: "/api/centre/board",
    summary: "Open alarms of the caller's units, fire signals first, with each one's confirmation deadline and verdict",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    response: z.object({ now: z.string(), items: z.array(boardAlarm) }),
    handler: async ({ services, principal }) => ({
      now: services.clock.now().toISOString(),
      items: await services.centre.service.board(principal),
    }),
  }),
  route({
    method: "post",
    path: "/api/centre/alarms/:id/verdict",
    summary:
      "The control room's (or the centre's) verdict on a unit fire signal: REAL_FIRE hands it to 119 at once; FALSE_ALARM needs a cause; the first verdict stands (409 after)",
    tag: "centre",
    access: ROLE_SETS.fireConfirmers,
    params: z.object({ id }),
    body: z.object({
      verdict: z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "FAULT"]),
      cause: z.string().trim().max(200).optional(),
    }),
    response: z.object({ alarmId: z.string(), verdict: z.string(), handedTo119: z.boolean() }),
    handler: ({ services, principal, params, body }) =>
      services.centre.service.confirm(principal, params.id, body.verdict, body.cause ?? null),
  }),
  route({
    method: "get",
    path: "/api/centre/map",
    summary: "The caller's units with coordinates, coloured by state: FIRE, FAULT, OFFLINE or NORMAL",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          address: z.string(),
          latitude: z.number().nullable(),
          longitude: z.number().nullable(),
          state: z.string(),
          stateLabel: z.string(),
          openAlarms: z.number(),
        }),
      ),
    }),
    handler: async ({ services, principal }) => ({ items: await services.centre.view.map(principal) }),
  }),
  route({
    method: "get",
    path: "/api/centre/alarms/:id",
    summary:
      "A unit alarm's file for the command view: unit, building, floor, key part, people and phones, facilities, hydrants, cameras, timeline",
    tag: "centre",
    access: ROLE_SETS.centreWatchers,
    params: z.object({ id }),
    response: z.object({
      alarm: z.record(z.string(), z.unknown()),
      facts: z.record(z.string(), z.unknown()),
      facilities: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number() })),
      facilityAlarms: z.array(
        z.object({
          deviceId: z.string(),
          kindLabel: z.string(),
          location: z.string().nullable(),
          startedAt: z.string(),
        }),
      ),
      timeline: z.array(z.object({ at: z.string(), what: z.string(), detail: z.string(), who: z.string() })),
    }),
    handler: ({ services, principal, params }) => services.centre.view.alarmFile(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/centre/incidents/:id",
    summary:
      "The live incident page of a fire handed to 119 (docs/alert-119.md): the same facts as the hand-off, read now; opened with the signed link's token",
    tag: "centre",
    access: "public",
    params: z.object({ id }),
    query: z.object({ token: z.string().min(1).max(64) }),
    response: z.record(z.string(), z.unknown()),
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
    query: z.object({
      unitId: id.optional(),
      pending: z.enum(["true", "false"]).optional(),
      limit: z.coerce.number().int().min(1).max(200).optional(),
    }),
    response: z.object({ items: z.array(dutyCheck) }),
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
    body: z.object({ unitId: id }),
    status: 201,
    response: dutyCheck,
    handler: ({ services, principal, body }) => services.centre.dutyChecks.request(principal, body.unitId),
  }),
  route({
    method: "post",
    path: "/api/centre/duty-checks/:id/answer",
    summary: "The control room answers a duty check: ANSWERED in time, LATE after, MISSED stays missed (409)",
    tag: "centre",
    access: ROLE_SETS.dutyAnswerers,
    params: z.object({ id }),
    response: dutyCheck,
    handler: ({ services, principal, params }) => services.centre.dutyChecks.answer(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/centre/records.csv",
    summary:
      "One unit's alarm and duty-check records for [from, to) (at most 366 days) as CSV (UTF-8 with BOM): verdicts, causes, confirmation times, 119 hand-offs",
    tag: "centre",
    access: ROLE_SETS.centreRecordReaders,
    query: z.object({ from: instant, to: instant, unitId: id }).superRefine(instantSpan("from", "to", 366)),
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
    query: z.object({ from: instant, to: instant, unitId: id.optional() }).superRefine(instantSpan("from", "to", 366)),
    response: z.object({
      items: z.array(
        z.object({
          unitId: z.string(),
          unitName: z.string(),
          alarms: z.number(),
          fireSignals: z.number(),
          realFires: z.number(),
          falseAlarms: z.number(),
          tests: z.number(),
          faults: z.number(),
          falseAlarmRate: z.number().nullable(),
          flaggedDays: z.array(z.string()),
          flagged: z.boolean(),
          confirmations: z.number(),
          confirmMedianSec: z.number().nullable(),
          confirmMaxSec: z.number().nullable(),
          timeouts: z.number(),
          dutyChecks: z.object({ answered: z.number(), late: z.number(), missed: z.number(), pending: z.number() }),
        }),
      ),
    }),
    handler: async ({ services, principal, query }) => ({
      items: await services.centre.records.figures(principal, {
        from: query.from,
        to: query.to,
        ...(query.unitId ? { unitId: query.unitId } : {}),
      }),
    }),
  }),
];
