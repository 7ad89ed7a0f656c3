// Alarms: what the routes under /api/alarms take and answer (transport/http/routes/alarms.routes.ts).
import { z } from "zod";
import { ALARM_KINDS } from "./labels.ts";
import { page } from "../shared/bounded.ts";

export const alarmStatus = z.enum(["ACTIVE", "ACKNOWLEDGED", "RESOLVED"]);
/** How a person may close an alarm (CONDITION_CLEARED is the system's own). */
export const alarmResolution = z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "DEVICE_FAULT"]);

/** the staff member sent to the home (phone masked) */
export const dispatchee = z.object({ id: z.string(), name: z.string(), phone: z.string() }).nullable();

export const alarmPhoto = z.object({
  id: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
  caption: z.string().nullable(),
  uploadedBy: z.string(),
  at: z.string(),
  url: z.string(),
  thumbUrl: z.string(),
});

export const alarmSummary = z.object({
  id: z.string(),
  /** every kind, facility and panel ones included (a list with one unknown kind must not fail) */
  kind: z.enum(ALARM_KINDS),
  kindLabel: z.string(),
  severity: z.string(),
  status: alarmStatus,
  resolution: z.string().nullable(),
  occurrences: z.number(),
  startedAt: z.string(),
  lastEventAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  report119: z.boolean(),
  /**
   * a networked unit's fire signal: what its control room or the centre confirmed it was (火警确认); null until
   * then, and for every other alarm. Closing such an alarm records it (POST /api/alarms/:id/resolve).
   */
  verdict: z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "FAULT"]).nullable(),
  device: z.object({ id: z.string(), name: z.string().nullable(), room: z.string().nullable() }),
  householdId: z.string().nullable(),
  communityId: z.string().nullable(),
  address: z.string().nullable(),
  /** a networked unit's alarm: the unit, the place in it and where it came from (gb26875, mqtt ...) */
  unitId: z.string().nullable(),
  /** the unit's name (a unit's alarm has no address: this says which unit is on fire); null for a home's */
  unitName: z.string().nullable(),
  keyPartId: z.string().nullable(),
  floor: z.number().nullable(),
  point: z.string(),
  location: z.string().nullable(),
  source: z.string(),
  /** the staff member sent to the home (phone masked), and when */
  dispatchedTo: dispatchee,
  dispatchedAt: z.string().nullable(),
});

export const alarmList = z.object({ total: z.number(), items: z.array(alarmSummary) });

export const alarmAction = z.object({
  /** raised, repeated, acknowledged, dispatched, note, resolved, escalated, muted */
  action: z.string(),
  /** "resident:<id>", "staff:<id>", "device:<id>", "system" */
  actor: z.string(),
  note: z.string().nullable(),
  at: z.string(),
});

/** Who was told of the alarm, by which channel, and whether it arrived. */
export const alarmNotification = z.object({
  /** WECHAT, SMS, VOICE, PUSH */
  channel: z.string(),
  /** "resident:<id>", "staff:<id>", "contact:<id>" */
  recipient: z.string(),
  /** the recipient's name as the API knows it (nickname, staff name, contact with relation); null if unknown */
  recipientName: z.string().nullable(),
  template: z.string(),
  /** QUEUED, SENDING, SENT, DELIVERED, FAILED, CANCELLED */
  status: z.string(),
  /** the API's Chinese word for the status (labels.ts) */
  statusLabel: z.string(),
  sentAt: z.string().nullable(),
  /** when the provider confirmed delivery */
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});

export const escalationStep = z.object({ label: z.string(), at: z.string() });

/** GET /api/alarms/:id */
export const alarmDetail = alarmSummary.extend({
  device: z.object({
    id: z.string(),
    name: z.string().nullable(),
    room: z.string().nullable(),
    modelName: z.string(),
    supportsMute: z.boolean(),
    smoke: z.number().nullable(),
    /** smoke still above the alarm threshold: mute is refused */
    smokeAlarm: z.boolean(),
    /** heavy smoke right now: a remote mute is refused, and a resident cannot close it as false alarm or test */
    smokeHigh: z.boolean(),
  }),
  actions: z.array(alarmAction),
  photos: z.array(alarmPhoto),
  /** snapshots the nearest cameras took, with live links (staff who see those cameras; none for residents) */
  cameras: z.array(z.looseObject({ cameraId: z.string(), name: z.string() })),
  notifications: z.array(alarmNotification),
  /** how far the chain got and what happens next if nobody acts */
  escalation: z.object({ level: z.number(), nextStep: escalationStep.nullable() }),
});

/** POST /api/alarms/:id/ack and /resolve */
export const alarmChange = z.object({
  outcome: z.string(),
  alarm: z
    .object({
      id: z.string(),
      kind: z.string(),
      status: z.string(),
      resolution: z.string().nullable(),
      report119: z.boolean(),
    })
    .nullable(),
});

export const ackAlarmBody = z.object({ note: z.string().trim().max(200).optional() });
export const resolveAlarmBody = z.object({ resolution: alarmResolution, note: z.string().trim().max(200).optional() });

export const dispatchableStaff = z.object({
  id: z.string(),
  name: z.string(),
  /** PROPERTY_STAFF | PROPERTY_MANAGER */
  role: z.string(),
  /** masked */
  phone: z.string(),
  onDuty: z.boolean(),
  /** the end of the shift they are on now */
  onDutyUntil: z.string().nullable(),
});
export const dispatchableList = z.object({ items: z.array(dispatchableStaff) });

export const dispatchBody = z.object({
  staffUserId: z.string().min(1).max(64),
  note: z.string().trim().max(200).optional(),
});
export const dispatchResult = alarmChange.extend({ dispatchedTo: dispatchee, dispatchedAt: z.string().nullable() });

export const alarmPhotoList = z.object({ items: z.array(alarmPhoto) });

export type AlarmStatus = z.output<typeof alarmStatus>;
export type AlarmResolution = z.output<typeof alarmResolution>;
export type Dispatchee = NonNullable<z.output<typeof dispatchee>>;
export type AlarmSummary = z.output<typeof alarmSummary>;
export type AlarmListResponse = z.output<typeof alarmList>;
export type AlarmAction = z.output<typeof alarmAction>;
export type AlarmNotification = z.output<typeof alarmNotification>;
export type EscalationStep = z.output<typeof escalationStep>;
export type AlarmDetail = z.output<typeof alarmDetail>;
export type AlarmChangeResponse = z.output<typeof alarmChange>;
export type ResolveAlarmRequest = z.input<typeof resolveAlarmBody>;
export type AlarmPhoto = z.output<typeof alarmPhoto>;
export type AlarmPhotoListResponse = z.output<typeof alarmPhotoList>;
export type DispatchableStaff = z.output<typeof dispatchableStaff>;
export type DispatchableResponse = z.output<typeof dispatchableList>;
export type DispatchRequest = z.input<typeof dispatchBody>;
export type DispatchResponse = z.output<typeof dispatchResult>;

// ---- what the routes take besides the bodies above ----

const alarmId = z.string().min(1).max(64);

export const alarmListQuery = z.object({
  status: z.enum(["open", "all"]).default("open"),
  communityId: z.string().max(64).optional(),
  /** "me": alarms the calling staff member was sent to */
  dispatchedTo: z.literal("me").optional(),
  ...page(50, 200),
});

export const alarmIdParams = z.object({ id: alarmId });

export const noteBody = z.object({ note: z.string().trim().min(1).max(500) });

export const photoUploadQuery = z.object({ caption: z.string().trim().max(100).optional() });

export const photoParams = z.object({ id: alarmId, photoId: alarmId });

export const photoSizeQuery = z.object({ size: z.enum(["full", "thumb"]).default("full") });
