// The staff live feed (GET /api/live/alarms, server-sent events; transport/http/routes/notifications.routes.ts
// writes it, modules/notifications/live-feed.ts carries it): each SSE message's `event:` line is one of the
// types below and its `data:` line the JSON of that type's schema. The server builds its events as these
// types (LiveFeed.publish takes nothing else) and the console's board reads them as the same types, so a
// renamed field fails the type check on both sides instead of leaving an empty card on the board.
// Objects are strict: an event carries exactly these fields, and a test that renames one sees it refused.
import { z } from "zod";
import { ALARM_KINDS } from "./labels.ts";
import { alarmStatus } from "./alarms.ts";
import { alarmVerdict } from "./centre.ts";

/** what the database calls an alarm's urgency: CRITICAL a possible fire, MAJOR a device that cannot protect, MINOR soon */
export const alarmSeverity = z.enum(["CRITICAL", "MAJOR", "MINOR"]);
/** how an alarm was closed: a person's resolution, or the device's own all-clear (CONDITION_CLEARED) */
export const alarmEnding = z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "DEVICE_FAULT", "CONDITION_CLEARED"]);

/** The first message of every stream: who is listening and which communities the feed will show them. */
export const liveHello = z.strictObject({
  staffId: z.string(),
  /** "all" for county-wide roles */
  communities: z.union([z.literal("all"), z.array(z.string())]),
});

/** The fields every feed event has around its data. */
const envelope = {
  /** this instance's sequence number: a reconnecting EventSource sends the last one as Last-Event-ID */
  id: z.number().int(),
  /** the community whose screens see it (null: county-wide roles only, or a push to one person) */
  communityId: z.string().nullable(),
  alarmId: z.string().nullable(),
  /** when it happened (ISO) */
  at: z.string(),
};

/** An alarm raised, repeated, taken, dispatched or closed (the escalation service hears AlarmService). */
export const liveAlarmChange = z.strictObject({
  outcome: z.enum(["created", "updated", "acknowledged", "dispatched", "resolved"]),
  kind: z.enum(ALARM_KINDS),
  kindLabel: z.string(),
  status: alarmStatus,
  severity: alarmSeverity,
  householdId: z.string().nullable(),
  deviceId: z.string(),
  resolution: alarmEnding.nullable(),
  report119: z.boolean(),
  occurrences: z.number().int(),
});

// The monitoring centre's steps on a networked unit's alarm (modules/centre); `centre: true` tells them apart.
/** the control room has until confirmDeadlineAt to give its verdict */
export const liveCentreCountdown = z.strictObject({
  centre: z.literal(true),
  unitId: z.string(),
  unitName: z.string(),
  kind: z.enum(ALARM_KINDS),
  kindLabel: z.string(),
  confirmDeadlineAt: z.string(),
});
/** the control room or the unit gave its verdict */
export const liveCentreVerdict = z.strictObject({
  centre: z.literal(true),
  unitId: z.string().nullable(),
  verdict: alarmVerdict,
  verdictLabel: z.string(),
});
/** nobody gave a verdict in time: the unit's chiefs are called */
export const liveCentreTimeout = z.strictObject({
  centre: z.literal(true),
  unitId: z.string(),
  timedOut: z.literal(true),
});
/** one attempt to hand the alarm to 119, and whether 119 took it */
export const liveCentreHandoff = z.strictObject({
  centre: z.literal(true),
  handoff: z.strictObject({ attempt: z.number().int(), acknowledged: z.boolean() }),
});

export const liveAlarm = z.strictObject({
  ...envelope,
  type: z.literal("alarm"),
  data: z.union([liveAlarmChange, liveCentreCountdown, liveCentreVerdict, liveCentreTimeout, liveCentreHandoff]),
});

/** An escalation step ran for an alarm: its number (0 the first notice), its name and how many messages it queued. */
export const liveEscalation = z.strictObject({
  ...envelope,
  type: z.literal("escalation"),
  data: z.strictObject({ step: z.number().int(), label: z.string(), notifications: z.number().int() }),
});

/** A message for one staff member's screens (the PUSH channel): what the other channels say, as one row. */
export const livePush = z.strictObject({
  ...envelope,
  type: z.literal("push"),
  /** the staff member it is for: only their screens see it */
  staffId: z.string(),
  data: z.strictObject({
    /** the Notification row this push delivers */
    notificationId: z.string(),
    template: z.string(),
    alarmId: z.string().nullable(),
    kind: z.string(),
    kindLabel: z.string(),
    address: z.string(),
    room: z.string().nullable(),
    /** when the alarm started (ISO) */
    at: z.string(),
    /** the escalation step, e.g. "电话通知家庭成员和紧急联系人" */
    step: z.string().optional(),
    contactPhone: z.string().nullable().optional(),
    note: z.string().optional(),
  }),
});

/** Each event type the feed sends (the SSE `event:` line), with the schema of its data. */
export const LIVE_EVENTS = {
  hello: liveHello,
  alarm: liveAlarm,
  escalation: liveEscalation,
  push: livePush,
} as const;

export type LiveEventType = keyof typeof LIVE_EVENTS;
/** event type -> what its `data:` line holds */
export type LiveEvents = { [K in LiveEventType]: z.output<(typeof LIVE_EVENTS)[K]> };
export type LiveHello = LiveEvents["hello"];
export type LiveAlarmEvent = LiveEvents["alarm"];
export type LiveAlarmChange = z.output<typeof liveAlarmChange>;
export type LiveEscalationEvent = LiveEvents["escalation"];
export type LivePushEvent = LiveEvents["push"];
/** the events the feed carries after its hello (the ones LiveFeed publishes and replays) */
export type LiveFeedEvent = LiveAlarmEvent | LiveEscalationEvent | LivePushEvent;
/** each member of a union without its id (a plain Omit would merge the members and lose what `type` tells apart) */
type WithoutId<E> = E extends unknown ? Omit<E, "id"> : never;
/** a feed event before the feed numbers it: what the modules publish */
export type LiveFeedEventInput = WithoutId<LiveFeedEvent>;
