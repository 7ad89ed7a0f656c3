// Who an alarm is for (issue 15). Fire-class alarms (smoke, a pressed call point, a gas leak) take the place's
// escalation chain and go to the monitoring centre; facility problems (water, pressure, pumps, power,
// electrical fire, hydrants, valves, panels) go to the unit's or the property company's people and the
// centre, never to residents. The notification wiring reads these predicates; the record is total over
// AlarmKind, so a new kind does not build until someone decides its class.
import type { AlarmKind } from "../../db/client.ts";

export type AlarmClass =
  | "fire" // a possible fire: residents of the place, staff, the centre; escalates until someone acts
  | "suspected_fire" // a camera's suspicion: staff and the centre confirm before anyone else is told
  | "facility" // a fire facility is not ready: the unit's or property company's people and the centre
  | "device"; // the device itself (battery, tamper, fault, offline): whoever looks after the device

export const ALARM_CLASS: Record<AlarmKind, AlarmClass> = {
  FIRE: "fire",
  CALL_POINT: "fire",
  GAS_LEAK: "fire",
  SUSPECTED_FIRE: "suspected_fire",
  LOW_WATER: "facility",
  HIGH_WATER: "facility",
  LOW_PRESSURE: "facility",
  HIGH_PRESSURE: "facility",
  PUMP_NOT_AUTO: "facility",
  PUMP_FAULT: "facility",
  PUMP_STARTED: "facility",
  POWER_LOST: "facility",
  LEAKAGE_CURRENT: "facility",
  OVER_TEMPERATURE: "facility",
  HYDRANT_OPENED: "facility",
  HYDRANT_KNOCKED: "facility",
  VALVE_CLOSED: "facility",
  PANEL_FAULT: "facility",
  PANEL_SUPERVISION: "facility",
  PANEL_SHIELDED: "facility",
  TAMPER: "device",
  LOW_BATTERY: "device",
  FAULT: "device",
  OFFLINE: "device",
  // a fire step that reached nobody (issue 12): staff and the centre must act, residents are the ones not reached
  NOTIFY_FAILED: "facility",
};

/** A possible fire: the escalation chain of the place, the centre, and linkage (sounders on). */
export const isFireClass = (kind: AlarmKind): boolean => ALARM_CLASS[kind] === "fire";

/** A fire facility that is not ready: never to residents. */
export const isFacilityProblem = (kind: AlarmKind): boolean => ALARM_CLASS[kind] === "facility";

export interface Audience {
  /** the members of the household the device is in */
  residents: boolean;
  /** the unit's people or the property company's staff of the place */
  staff: boolean;
  /** the county monitoring centre */
  centre: boolean;
  /** which chain: a fire escalates to voice calls and the brigade; a facility problem to the unit's managers */
  escalation: "fire" | "facility" | "none";
}

/**
 * Who is told about an alarm of a kind, for a device in a home (householdId set) or in a shared place or a
 * unit. The centre hears every problem of a facility device (status changes reach it within 100 s:
 * FIELD-FACTS section 1) but not a home alarm's battery.
 */
export function audienceOf(kind: AlarmKind, place: { householdId: string | null }): Audience {
  const home = place.householdId !== null;
  switch (ALARM_CLASS[kind]) {
    case "fire":
      return { residents: home, staff: true, centre: true, escalation: "fire" };
    case "suspected_fire":
      return { residents: false, staff: true, centre: true, escalation: "none" };
    case "facility":
      return { residents: false, staff: true, centre: true, escalation: "facility" };
    case "device":
      return { residents: home, staff: true, centre: !home, escalation: "none" };
  }
}
