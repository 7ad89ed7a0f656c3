import { z } from "zod";
import { route } from "../route.ts";
import { addressOf } from "../../../modules/households/household-service.ts";
import { KIND_LABEL } from "../../../modules/alarms/alarm.ts";
import type { AlarmChange } from "../../../modules/alarms/alarm-service.ts";

const id = z.string().min(1).max(64);
const ACTORS = ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "TOWNSHIP_COORDINATOR", "FIRE_SUPERVISOR", "ADMIN"] as const;
const HANDLERS = ["RESIDENT", "PROPERTY_MANAGER", "PROPERTY_STAFF", "FIRE_SUPERVISOR", "ADMIN"] as const;

const alarmSummary = z.object({
  id: z.string(),
  kind: z.enum(["FIRE", "TAMPER", "LOW_BATTERY", "FAULT", "OFFLINE"]),
  kindLabel: z.string(),
  severity: z.string(),
  status: z.enum(["ACTIVE", "ACKNOWLEDGED", "RESOLVED"]),
  resolution: z.string().nullable(),
  occurrences: z.number(),
  startedAt: z.string(),
  lastEventAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  report119: z.boolean(),
  device: z.object({ id: z.string(), name: z.string().nullable(), room: z.string().nullable() }),
  householdId: z.string().nullable(),
  communityId: z.string().nullable(),
  address: z.string().nullable(),
});

type Row = {
  id: string;
  kind: "FIRE" | "TAMPER" | "LOW_BATTERY" | "FAULT" | "OFFLINE";
  severity: string;
  status: "ACTIVE" | "ACKNOWLEDGED" | "RESOLVED";
  resolution: string | null;
  occurrences: number;
  startedAt: Date;
  lastEventAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  report119: boolean;
  householdId: string | null;
  communityId: string | null;
  device: { id: string; name: string | null; room: string | null };
  household: Parameters<typeof addressOf>[0] | null;
};

export function alarmView(a: Row) {
  return {
    id: a.id,
    kind: a.kind,
    kindLabel: KIND_LABEL[a.kind],
    severity: a.severity,
    status: a.status,
    resolution: a.resolution,
    occurrences: a.occurrences,
    startedAt: a.startedAt.toISOString(),
    lastEventAt: a.lastEventAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    report119: a.report119,
    device: { id: a.device.id, name: a.device.name, room: a.device.room },
    householdId: a.householdId,
    communityId: a.communityId,
    address: a.household ? addressOf(a.household) : null,
  };
}

const changeResult = z.object({
  outcome: z.string(),
  alarm: z.object({ id: z.string(), kind: z.string(), status: z.string(), resolution: z.string().nullable(), report119: z.boolean() }).nullable(),
});

function changeView(c: AlarmChange) {
  const a = c.alarm;
  return {
    outcome: c.outcome,
    alarm: a ? { id: a.id, kind: a.kind, status: a.status, resolution: a.resolution ?? null, report119: a.report119 } : null,
  };
}

export const alarmRoutes = [
  route({
    method: "get",
    path: "/api/alarms",
    summary: "Alarms the caller may see: a resident's homes, a company's communities, the county",
    tag: "alarms",
    access: [...ACTORS],
    query: z.object({
      status: z.enum(["open", "all"]).default("open"),
      communityId: z.string().optional(),
      offset: z.coerce.number().int().min(0).default(0),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ total: z.number(), items: z.array(alarmSummary) }),
    handler: async ({ services, principal, query }) => {
      const { total, rows } = await services.alarms.list(principal, query);
      return { total, items: rows.map((r) => alarmView(r as Row)) };
    },
  }),
  route({
    method: "get",
    path: "/api/alarms/:id",
    summary: "One alarm: what, where, when, who did what, and who was told",
    tag: "alarms",
    access: [...ACTORS],
    params: z.object({ id }),
    handler: async ({ services, principal, params }) => {
      const a = await services.alarms.detail(principal, params.id);
      return {
        ...alarmView(a as unknown as Row),
        device: { id: a.device.id, name: a.device.name, room: a.device.room, modelName: a.device.model.name, supportsMute: a.device.model.supportsMute, smoke: a.device.status?.smoke ?? null, smokeAlarm: a.device.status?.smokeAlarm ?? false },
        actions: a.actions.map((x) => ({ action: x.action, actor: x.actor, note: x.note, at: x.at.toISOString() })),
        notifications: a.notifications.filter((n) => n.channel !== "CONSOLE").map((n) => ({ channel: n.channel, recipient: n.recipient, template: n.template, status: n.status, sentAt: n.sentAt?.toISOString() ?? null, createdAt: n.createdAt.toISOString() })),
        // for the alarm screen: how far the chain got and what happens next if nobody acts
        escalation: { level: a.escalationLevel, nextStep: await services.notifications.escalation.nextStep(a.id, a.status) },
      };
    },
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/ack",
    summary: "“I'm handling it”: acknowledges the alarm and stops the escalation chain",
    tag: "alarms",
    access: [...HANDLERS],
    params: z.object({ id }),
    body: z.object({ note: z.string().trim().max(200).optional() }),
    response: changeResult,
    handler: async ({ services, principal, params, body }) => changeView(await services.alarms.acknowledge(principal, params.id, body.note)),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/resolve",
    summary: "Close an alarm with what it was: real fire (marked for 119), false alarm, test, device fault",
    tag: "alarms",
    access: [...HANDLERS],
    params: z.object({ id }),
    body: z.object({ resolution: z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "DEVICE_FAULT"]), note: z.string().trim().max(200).optional() }),
    response: changeResult,
    handler: async ({ services, principal, params, body }) => changeView(await services.alarms.resolve(principal, params.id, body.resolution, body.note)),
  }),
  route({
    method: "post",
    path: "/api/alarms/:id/notes",
    summary: "Add a note to an alarm (what was found, who went)",
    tag: "alarms",
    access: [...HANDLERS],
    params: z.object({ id }),
    body: z.object({ note: z.string().trim().min(1).max(500) }),
    status: 204,
    handler: ({ services, principal, params, body }) => services.alarms.addNote(principal, params.id, body.note),
  }),
];
