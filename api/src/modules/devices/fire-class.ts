// Which device messages are fire-class (issue 21): a smoke alarm and what follows it (smoke gone, silenced on
// site), a pressed call point and a gas alarm (modules/sensors/alarm-classes.ts). They are never rate-limited,
// are committed on a lane of their own, and the broker thread hands them over at once.
import { alarmEffect } from "../alarms/alarm.ts";
import { UPLINK_TYPES } from "./device-protocol.ts";
import { FACILITY_EVENT_TYPES, isFacilityUplink, type UplinkV11 } from "./protocol-v11.ts";

// a pressed call point and a gas alarm are fire-class (modules/sensors/alarm-classes.ts)
const FIRE_CLASS_FACILITY: ReadonlySet<string> = new Set(["call_point_pressed", "gas_alarm", "gas_clear"]);

export const isFireClass = (msg: UplinkV11): boolean =>
  isFacilityUplink(msg) ? FIRE_CLASS_FACILITY.has(msg.type) : alarmEffect(msg.type)?.kind === "FIRE";

const facilityTypes: ReadonlySet<string> = new Set(FACILITY_EVENT_TYPES);

/** The message types isFireClass says yes to, for a reader that has only the type (the broker thread). */
export const FIRE_CLASS_TYPES: ReadonlySet<string> = new Set([
  ...UPLINK_TYPES.filter((t) => !facilityTypes.has(t) && alarmEffect(t)?.kind === "FIRE"),
  ...[...FIRE_CLASS_FACILITY].filter((t) => facilityTypes.has(t)),
]);

const FIRE_CLASS_LIST = [...FIRE_CLASS_TYPES];

/**
 * Whether a device message's JSON text may be fire-class, without parsing it: false only when none of the
 * fire-class types is written in it and nothing in it is escaped (a JSON string may spell a type with \u
 * escapes). The broker thread parses only what this lets through for the type, which spares it a parse, and
 * its garbage, for each heartbeat and reading (a profile under the fire bench's load: about 1 s of its CPU in
 * 90 s, a storm's queued messages in one stretch).
 */
export function mayBeFireClass(text: string): boolean {
  if (text.includes("\\")) return true;
  for (const type of FIRE_CLASS_LIST) if (text.includes(type)) return true;
  return false;
}
