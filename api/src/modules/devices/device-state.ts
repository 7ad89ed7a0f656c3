// The one word a resident sees for a device, derived from its current status (never stored).
import { DEVICE_STATE_LABEL } from "../../contract/labels.ts";

export type DeviceState = "alarm" | "offline" | "tamper" | "fault" | "low_battery" | "normal" | "never_connected";

/** The words live in the public contract (api/src/contract/labels.ts); each state has one, and no more. */
export const DEVICE_STATE_LABELS: Record<DeviceState, string> = DEVICE_STATE_LABEL;
type SameStates = [keyof typeof DEVICE_STATE_LABEL] extends [DeviceState] ? true : never;
const sameStates: SameStates = true;
void sameStates;

export interface StatusLike {
  online: boolean;
  lastSeenAt: Date | null;
  smokeAlarm: boolean;
  lowBattery: boolean;
  tamper: boolean;
  fault: boolean;
}

/** Worst condition first: a device in alarm is shown as alarm even if its battery is low. */
export function deviceState(s: StatusLike | null | undefined): DeviceState {
  if (!s || !s.lastSeenAt) return "never_connected";
  if (s.smokeAlarm) return "alarm";
  if (!s.online) return "offline";
  if (s.tamper) return "tamper";
  if (s.fault) return "fault";
  if (s.lowBattery) return "low_battery";
  return "normal";
}
