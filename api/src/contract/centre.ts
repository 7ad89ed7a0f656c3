// The monitoring centre (transport/http/routes/centre.routes.ts): the board of unit alarms, the control
// room's verdict, the command view's map and alarm file, the 119 incident page, duty checks and figures.
import { z } from "zod";
import { instant, instantSpan } from "../shared/bounded.ts";

const id = z.string().min(1).max(64);

export const boardAlarm = z.object({
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

export const dutyCheck = z.object({
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

export const board = z.object({ now: z.string(), items: z.array(boardAlarm) });

/** what the control room (or the unit) found: a real fire, a false alarm, a test, a faulty device */
export const alarmVerdict = z.enum(["REAL_FIRE", "FALSE_ALARM", "TEST", "FAULT"]);

/** POST /api/centre/alarms/:id/verdict */
export const verdictBody = z.object({
  verdict: alarmVerdict,
  cause: z.string().trim().max(200).optional(),
});

export const verdictResult = z.object({
  alarmId: z.string(),
  verdict: z.string(),
  handedTo119: z.boolean(),
  /** a verdict of no fire on an alarm already handed to 119: the withdrawal notice (误报通报) is being sent */
  withdrawalTo119: z.boolean(),
});

/**
 * The withdrawal notice (撤销/误报通报, docs/alert-119.md) of an alarm handed to 119 then found to be no fire, as
 * stored: SENDING (sent, 119 has not acknowledged yet), ACKNOWLEDGED (119 answered it), UNANSWERED (no
 * acknowledgement within the hand-off's fallback time, or it cannot be sent: someone must phone 119).
 */
export const withdrawal119 = z.object({
  state: z.enum(["SENDING", "ACKNOWLEDGED", "UNANSWERED"]),
  /** the state in words, for the screen */
  label: z.string(),
  /** 119's incident number, once acknowledged */
  incidentId: z.string().nullable(),
  at: z.string(),
});

/** GET /api/centre/verdicts: the verdicts given lately (closed alarms included), newest first; bounded */
export const recentVerdictsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  /** how far back, hours (24 by default) */
  hours: z.coerce.number().int().min(1).max(72).optional(),
});

/** A verdict given lately: the board's alarm without its countdown, with the verdict and when it was given. */
export const recentVerdict = boardAlarm.omit({ confirmDeadlineAt: true }).extend({
  verdict: alarmVerdict,
  verdictLabel: z.string(),
  verdictCause: z.string().nullable(),
  verdictAt: z.string(),
  /** the alarm is closed (a false alarm, a test, a fault); a real fire stays open */
  closed: z.boolean(),
  /** the withdrawal notice sent to 119, when the alarm had been handed to 119 before this verdict; else null */
  withdrawal119: withdrawal119.nullable(),
});

export const recentVerdicts = z.object({ items: z.array(recentVerdict) });

export const alarmIdParams = z.object({ id });

export const unitMap = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      /** FIRE, FAULT, OFFLINE (离线: an open offline alarm, or none of its devices online), UNCONNECTED (未接入: no device), NORMAL */
      state: z.enum(["FIRE", "FAULT", "OFFLINE", "UNCONNECTED", "NORMAL"]),
      stateLabel: z.string(),
      openAlarms: z.number(),
    }),
  ),
});

export const alarmFile = z.object({
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
});

export const incidentQuery = z.object({ token: z.string().min(1).max(64) });

export const incidentFacts = z.record(z.string(), z.unknown());

export const dutyCheckQuery = z.object({
  unitId: id.optional(),
  pending: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const dutyCheckList = z.object({ items: z.array(dutyCheck) });

export const dutyCheckBody = z.object({ unitId: id });

export const recordsQuery = z
  .object({ from: instant, to: instant, unitId: id })
  .superRefine(instantSpan("from", "to", 366));

export const figuresQuery = z
  .object({ from: instant, to: instant, unitId: id.optional() })
  .superRefine(instantSpan("from", "to", 366));

export const figures = z.object({
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
});

export type BoardAlarm = z.output<typeof boardAlarm>;
export type Board = z.output<typeof board>;
export type VerdictInput = z.input<typeof verdictBody>;
export type VerdictResult = z.output<typeof verdictResult>;
export type RecentVerdict = z.output<typeof recentVerdict>;
export type Withdrawal119 = z.output<typeof withdrawal119>;
export type RecentVerdicts = z.output<typeof recentVerdicts>;
export type UnitMap = z.output<typeof unitMap>;
export type AlarmFile = z.output<typeof alarmFile>;
export type DutyCheck = z.output<typeof dutyCheck>;
export type DutyCheckList = z.output<typeof dutyCheckList>;
export type Figures = z.output<typeof figures>;
