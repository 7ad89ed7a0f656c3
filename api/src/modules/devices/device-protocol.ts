// Device protocol v1 (docs/device-protocol.md): JSON uplinks on devices/{id}/up.
// This parser is the only thing between an untrusted payload and the database: it never throws, and
// every refusal has a reason that goes to the log and a counter.

export const UPLINK_TYPES = [
  "heartbeat", // periodic "all normal" check-in
  "smoke_alarm", // smoke detected: a possible fire
  "smoke_clear", // smoke below the alarm threshold again
  "test_alarm", // the test button was pressed, or a remote self-test ran
  "mute", // the alarm was silenced on the device
  "low_battery", // battery below the device's threshold
  "battery_ok", // battery replaced or recovered
  "tamper", // removed from its base
  "tamper_restored", // put back on its base
  "fault", // self-check failed (dusty chamber, sensor fault, end of life)
  "fault_cleared", // self-check passes again
  "command_ack", // answer to a downlink command
] as const;

export type UplinkType = (typeof UPLINK_TYPES)[number];
const TYPE_SET: ReadonlySet<string> = new Set(UPLINK_TYPES);

export const MAX_PAYLOAD_BYTES = 2048;
const MAX_ID_LENGTH = 64;

export interface Uplink {
  id: string;
  ts: number;
  type: UplinkType;
  battery?: number;
  smoke?: number;
  temperature?: number;
  rssi?: number;
  snr?: number;
  commandId?: string;
  result?: string;
}

export type ParseResult = { ok: true; msg: Uplink } | { ok: false; reason: RefusalReason; detail: string };

export type RefusalReason =
  "oversized" | "malformed_json" | "not_an_object" | "bad_id" | "bad_ts" | "unknown_type" | "bad_field";

const NUMERIC_FIELDS: readonly [keyof Uplink, number, number, boolean][] = [
  // field, min, max, integer
  ["battery", 0, 100, true],
  ["smoke", 0, 1000, true],
  ["temperature", -50, 150, false],
  ["rssi", -150, 0, true],
  ["snr", -50, 50, false],
];

// Device clocks drift and some reset to 1970 after a battery swap: accept 2020..now+1 day, else refuse.
const MIN_TS = Date.UTC(2020, 0, 1);
const MAX_FUTURE_MS = 24 * 3600 * 1000;

export function parseUplink(payload: Buffer | string, now: number): ParseResult {
  const json = uplinkObject(payload);
  return json.ok ? readUplink(json.object, now) : json;
}

/** A payload as a JSON object (within the size limit), or why not; parsed once for both protocol versions. */
export function uplinkObject(
  payload: Buffer | string,
): { ok: true; object: Record<string, unknown> } | Extract<ParseResult, { ok: false }> {
  const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_PAYLOAD_BYTES)
    return { ok: false, reason: "oversized", detail: `${size} bytes > ${MAX_PAYLOAD_BYTES}` };
  let data: unknown;
  try {
    data = JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8"));
  } catch (e) {
    return { ok: false, reason: "malformed_json", detail: (e as Error).message.slice(0, 120) };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { ok: false, reason: "not_an_object", detail: typeof data };
  return { ok: true, object: data as Record<string, unknown> };
}

/**
 * Control characters (U+0000-U+001F, U+007F) in a device's strings: PostgreSQL's text refuses U+0000, and a
 * message id with one failed the whole commit it shared with other devices' messages (issue 21's batches).
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_ALL = /[\u0000-\u001f\u007f]/g;

/**
 * Version 1's rules on a parsed payload. `asType`: the message's type read as this one instead (protocol 1.1
 * checks the fields common to every message so, with the type it knows and version 1 does not).
 */
export function readUplink(o: Record<string, unknown>, now: number, asType?: UplinkType): ParseResult {
  if (typeof o.id !== "string" || o.id.length === 0 || o.id.length > MAX_ID_LENGTH || CONTROL.test(o.id))
    return { ok: false, reason: "bad_id", detail: "id must be a string of 1-64 characters, none a control character" };
  if (typeof o.ts !== "number" || !Number.isFinite(o.ts) || o.ts < MIN_TS || o.ts > now + MAX_FUTURE_MS) {
    return { ok: false, reason: "bad_ts", detail: "ts must be milliseconds since 1970 within a sane range" };
  }
  const type = asType ?? o.type;
  if (typeof type !== "string" || !TYPE_SET.has(type))
    return { ok: false, reason: "unknown_type", detail: `type ${JSON.stringify(type)?.slice(0, 40)}` };
  const msg: Uplink = { id: o.id, ts: Math.trunc(o.ts), type: type as UplinkType };
  for (const [field, min, max, integer] of NUMERIC_FIELDS) {
    const v = o[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      return { ok: false, reason: "bad_field", detail: `${field} must be a number in ${min}..${max}` };
    }
    (msg as unknown as Record<string, number>)[field] = v;
  }
  if (msg.type === "command_ack") {
    if (typeof o.commandId !== "string" || o.commandId.length > MAX_ID_LENGTH || CONTROL.test(o.commandId))
      return { ok: false, reason: "bad_field", detail: "command_ack needs commandId" };
    msg.commandId = o.commandId;
    msg.result = typeof o.result === "string" ? o.result.slice(0, 32).replace(CONTROL_ALL, "") || "ok" : "ok";
  }
  return { ok: true, msg };
}

export const DOWNLINK_COMMANDS = ["mute", "self_test", "set_heartbeat_interval"] as const;
export type DownlinkCommand = (typeof DOWNLINK_COMMANDS)[number];

export const upTopic = (deviceId: string) => `devices/${deviceId}/up`;
export const downTopic = (deviceId: string) => `devices/${deviceId}/down`;
const UP_TOPIC = /^devices\/([^/]+)\/up$/;

export function deviceIdFromUpTopic(topic: string): string | null {
  return UP_TOPIC.exec(topic)?.[1] ?? null;
}
