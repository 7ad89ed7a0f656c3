// Alarm vocabulary and the pure rules that map device messages to alarm changes (STYLE habits 3 and 4).
import type { AlarmKind, AlarmSeverity, AlarmStatus, AlarmResolution } from "../../db/client.ts";
import type { UplinkType } from "../devices/device-protocol.ts";
import type { RaiseRequest } from "./alarm-types.ts";
import { KIND_LABEL as CONTRACT_KIND_LABEL, UNIT_KIND_LABEL } from "../../contract/labels.ts";

export type { AlarmKind, AlarmSeverity, AlarmStatus, AlarmResolution };

export const SEVERITY: Record<AlarmKind, AlarmSeverity> = {
  FIRE: "CRITICAL",
  TAMPER: "MAJOR",
  FAULT: "MAJOR",
  OFFLINE: "MAJOR",
  LOW_BATTERY: "MINOR",
  NOTIFY_FAILED: "CRITICAL", // a fire nobody has been told about
  CALL_POINT: "CRITICAL",
  GAS_LEAK: "CRITICAL",
  SUSPECTED_FIRE: "CRITICAL",
  LOW_WATER: "MAJOR",
  HIGH_WATER: "MINOR",
  LOW_PRESSURE: "MAJOR",
  HIGH_PRESSURE: "MINOR",
  PUMP_NOT_AUTO: "MAJOR",
  PUMP_FAULT: "MAJOR",
  PUMP_STARTED: "MAJOR",
  POWER_LOST: "MAJOR",
  LEAKAGE_CURRENT: "MAJOR",
  OVER_TEMPERATURE: "MAJOR",
  HYDRANT_OPENED: "MAJOR",
  HYDRANT_KNOCKED: "MAJOR",
  VALVE_CLOSED: "MAJOR",
  PANEL_FAULT: "MAJOR",
  PANEL_SUPERVISION: "MAJOR",
  PANEL_SHIELDED: "MINOR",
};

/** The kinds' names live in the public contract (api/src/contract/labels.ts); each database kind has one. */
export const KIND_LABEL: Record<AlarmKind, string> = CONTRACT_KIND_LABEL;
// ...and the contract names no kind the database lacks
type SameKinds = [keyof typeof CONTRACT_KIND_LABEL] extends [AlarmKind] ? true : never;
const sameKinds: SameKinds = true;
void sameKinds;

/** A networked unit's alarm in words (火灾报警 for its FIRE): defined in the contract, with alarmKindLabel. */
export { UNIT_KIND_LABEL };

export const RESOLUTION_LABEL: Record<AlarmResolution, string> = {
  REAL_FIRE: "真实火情",
  FALSE_ALARM: "误报",
  TEST: "测试",
  DEVICE_FAULT: "设备故障",
  CONDITION_CLEARED: "已恢复",
};

/**
 * Smoke at or above this reading (0-1000, docs/device-protocol.md) is "still heavy". The same rule refuses a
 * remote mute (FIELD-FACTS 6: silencing only from close by, never while smoke is high) and refuses a resident
 * closing a fire as a false alarm or a test: while the sensor still sees heavy smoke, nobody at home should be
 * told it was nothing.
 */
export const SMOKE_HIGH = 300;

/** True while the sensor reports heavy smoke: a reading at or above SMOKE_HIGH, or the alarm flag without a reading. */
export function smokeStillHigh(s: { smoke: number | null; smokeAlarm: boolean } | null | undefined): boolean {
  if (!s) return false;
  if (s.smoke !== null && s.smoke !== undefined) return s.smoke >= SMOKE_HIGH;
  return s.smokeAlarm;
}

/** What a device message means for alarms: raise one, clear one (the condition went away), or a note. */
export type AlarmEffect =
  | { action: "raise"; kind: AlarmKind }
  | { action: "clear"; kind: AlarmKind }
  | { action: "note"; kind: AlarmKind; note: string }
  | null;

export function alarmEffect(type: UplinkType): AlarmEffect {
  switch (type) {
    case "smoke_alarm":
      return { action: "raise", kind: "FIRE" };
    // Smoke gone does not close a fire alarm: a person must say what it was. It is noted on the alarm so
    // the people handling it can see it.
    case "smoke_clear":
      return { action: "note", kind: "FIRE", note: "烟雾浓度已恢复正常" };
    case "mute":
      return { action: "note", kind: "FIRE", note: "报警器已在现场消音" };
    case "tamper":
      return { action: "raise", kind: "TAMPER" };
    case "tamper_restored":
      return { action: "clear", kind: "TAMPER" };
    case "low_battery":
      return { action: "raise", kind: "LOW_BATTERY" };
    case "battery_ok":
      return { action: "clear", kind: "LOW_BATTERY" };
    case "fault":
      return { action: "raise", kind: "FAULT" };
    case "fault_cleared":
      return { action: "clear", kind: "FAULT" };
    default:
      return null; // heartbeat, test_alarm, command_ack: status and history only
  }
}

/**
 * A new alarm's columns from "deviceId" to "severity", in this order ("id" before them, the times after), as
 * both prepared raises write them (alarm-raise-sqlite.ts, alarm-raise-postgres.ts), with the Prisma way's
 * defaults: without a place the alarm is the device's own, by MQTT; an empty building id is no building.
 */
export function newAlarmColumns(r: RaiseRequest): unknown[] {
  const p = r.place;
  return [
    r.device.id,
    r.device.householdId,
    r.device.communityId,
    p?.point ?? "",
    p ? (p.source ?? "mqtt") : "mqtt",
    p?.unitId ?? null,
    p?.unitBuildingId ?? null,
    p?.keyPartId ?? null,
    p?.floor ?? null,
    p?.location ?? null,
    p?.buildingId || null,
    r.kind,
    SEVERITY[r.kind],
  ];
}
