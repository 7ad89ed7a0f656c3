// The one word a resident sees for a device, derived from its current status (never stored).
export type DeviceState = "alarm" | "offline" | "tamper" | "fault" | "low_battery" | "normal" | "never_connected";

export const DEVICE_STATE_LABELS: Record<DeviceState, string> = {
  alarm: "报警中",
  offline: "离线",
  tamper: "被拆除",
  fault: "故障",
  low_battery: "电量低",
  normal: "正常",
  never_connected: "未上线",
};

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
