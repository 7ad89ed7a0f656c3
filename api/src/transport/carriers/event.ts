// The protocol-neutral device event that every carrier push becomes (issue 20; the neutral way in of
// issue 13 will unify it with MQTT's). Pure data: no database, no transport.

/** Anxin's uplink vocabulary as carrier devices produce it, each with what it means in the field. */
export const CARRIER_UPLINK_TYPES = [
  "heartbeat", // periodic "all normal" report
  "smoke_alarm", // smoke detected: a possible fire
  "smoke_clear", // smoke below the alarm threshold again
  "test_alarm", // test button pressed, or a remote/simulated self-test alarm
  "mute", // the sounder was silenced (on the device, or a mute command reached it)
  "low_battery", // battery below the device's threshold
  "battery_ok", // battery replaced or recovered
  "tamper", // removed from its base
  "tamper_restored", // put back on its base
  "fault", // self-check failed, sensor fault, data error, end of life
  "fault_cleared", // self-check passes again
  "command_ack", // the platform or the device answered a command (fields.commandId, fields.result)
  "online", // the platform saw the device attach
  "offline", // the platform saw the device detach
  "reading", // a measurement only (gas %LEL, pressure...), in fields.values
  "gas_alarm", // combustible gas at or above the alarm level
  "gas_clear", // gas below the alarm level again
] as const;

export type CarrierUplinkType = (typeof CARRIER_UPLINK_TYPES)[number];
const TYPE_SET: ReadonlySet<string> = new Set(CARRIER_UPLINK_TYPES);
export const isCarrierUplinkType = (s: unknown): s is CarrierUplinkType => typeof s === "string" && TYPE_SET.has(s);

export type CarrierPlatform = "ctwing" | "onenet";

/** The device as the platform names it; resolved to an Anxin device by whoever stores the event. */
export interface PlatformDevice {
  platform: CarrierPlatform;
  productId?: string;
  deviceId: string;
  imei?: string;
}

export interface CarrierSignal {
  /** reference signal received power, dBm */
  rsrp?: number;
  /** received signal quality index 0..31 (99 unknown), 3GPP TS 27.007 +CSQ */
  csq?: number;
  cellId?: string;
}

export interface CarrierEventFields {
  /** percent 0..100 */
  battery?: number;
  /** smoke density 0..1000 */
  smoke?: number;
  /** dBm -150..0 */
  rssi?: number;
  /** dB -50..50 */
  snr?: number;
  commandId?: string;
  /** command_ack: "ok", "delivered", "sent", or a short failure reason */
  result?: string;
  /** readings by name (lel, pressure...), already scaled to their unit */
  values?: Record<string, number>;
  signal?: CarrierSignal;
}

export interface CarrierDeviceEvent {
  platformDevice: PlatformDevice;
  /** per-device dedupe key: the same push twice gives the same msgId */
  msgId: string;
  /** ms since epoch (platform or device time; the receipt time when neither is sane) */
  ts: number;
  type: CarrierUplinkType;
  fields: CarrierEventFields;
  source: CarrierPlatform;
  /** the push body as received */
  raw: string;
}

// Fire first (GB 26875.1: fire alarms take priority over every other message): within one push, alarms are
// handed on before anything else.
const PRIORITY: Partial<Record<CarrierUplinkType, number>> = { smoke_alarm: 0, gas_alarm: 0, test_alarm: 1 };

export function fireFirst(events: CarrierDeviceEvent[]): CarrierDeviceEvent[] {
  return events
    .map((e, i) => ({ e, i, p: PRIORITY[e.type] ?? 2 }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.e);
}
