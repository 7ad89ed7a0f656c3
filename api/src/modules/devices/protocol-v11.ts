// Device protocol 1.1 (docs/device-protocol.md, section 2.2): facility sensors (water tanks, pumps, hydrants,
// pipe networks, electrical fire monitors, gas detectors, manual call points). It adds a `reading` message
// with named measurements in fixed units and the facility events; every version 1 message is still read by
// parseUplink unchanged. Like version 1 this never throws, and every refusal has a reason.
import { readUplink, uplinkObject, type ParseResult, type RefusalReason, type Uplink } from "./device-protocol.ts";

/** A measurement family: its unit, the physical range a real sensor can report, and its name in Chinese. */
export interface MeasurementSpec {
  unit: string;
  min: number;
  max: number;
  /** only these values (flow is 0 or 1) */
  integer: boolean;
  /** takes per-channel names `<family>_1` ... `<family>_8` as well as the bare family name */
  channels: boolean;
  label: string;
}

// Physical ranges: what a sensor of the kind can measure at all, not alarm settings (those are limits,
// modules/sensors). A value outside means a broken sensor or a wrong unit, and is refused.
export const MEASUREMENTS = {
  level_m: { unit: "m", min: 0, max: 100, integer: false, channels: false, label: "水位" },
  // gauge pressure: slightly negative on a draining main; fire systems stay far below 10 MPa
  pressure_mpa: { unit: "MPa", min: -0.1, max: 10, integer: false, channels: false, label: "水压" },
  // residual current (GB 14287.2 alarm settings are 20-1000 mA; transformers read up to a few A)
  leak_ma: { unit: "mA", min: 0, max: 10000, integer: false, channels: true, label: "剩余电流" },
  // cable, busbar or room temperature (GB 14287.3 alarm settings are 55-140 deg C)
  temp_c: { unit: "°C", min: -50, max: 300, integer: false, channels: true, label: "温度" },
  // combustible gas, percent of the lower explosive limit (GB 15322)
  lel_pct: { unit: "%LEL", min: 0, max: 100, integer: false, channels: false, label: "可燃气体浓度" },
  // water flowing through a hydrant or pipe: 1 flowing, 0 not
  flow: { unit: "", min: 0, max: 1, integer: true, channels: false, label: "水流" },
} as const satisfies Record<string, MeasurementSpec>;

export type MeasurementFamily = keyof typeof MEASUREMENTS;
export const MAX_CHANNEL = 8;
/** More names than this in one `values` object is refused before any of them is looked at. */
export const MAX_VALUES = 32;
const MAX_NAME_LENGTH = 32;

/** The family of a point name ("leak_ma_3" -> "leak_ma"), or null for a name protocol 1.1 does not know. */
export function measurementFamily(point: string): MeasurementFamily | null {
  if (Object.hasOwn(MEASUREMENTS, point)) return point as MeasurementFamily;
  const m = /^([a-z_]+?)_([1-9])$/.exec(point);
  if (!m) return null;
  const family = m[1]!;
  if (!Object.hasOwn(MEASUREMENTS, family)) return null;
  const spec = MEASUREMENTS[family as MeasurementFamily];
  return spec.channels && Number(m[2]) <= MAX_CHANNEL ? (family as MeasurementFamily) : null;
}

/** The channel of a point ("temp_c_2" -> 2), null for a family's single value. */
export function measurementChannel(point: string): number | null {
  const m = /_([1-9])$/.exec(point);
  return m && measurementFamily(point) !== null && !Object.hasOwn(MEASUREMENTS, point) ? Number(m[1]) : null;
}

export const FACILITY_EVENT_TYPES = [
  "reading", // periodic or on-change measurements in `values`
  "pump_start", // the fire pump started running
  "pump_stop", // the fire pump stopped
  "pump_manual", // the pump's controller was switched out of automatic (it will not start on demand)
  "pump_auto", // switched back to automatic
  "power_loss", // main or standby power lost, or a phase missing
  "power_restored", // power back
  "call_point_pressed", // a manual call point was pressed: a fire alarm
  "call_point_reset", // the call point was reset with its key
  "gas_alarm", // the gas detector's own alarm threshold was crossed
  "gas_clear", // gas below the detector's threshold again
  "valve_closed", // a valve was closed (a signal valve on the water supply; a gas detector's shut-off valve)
  "valve_opened", // opened again
  "hydrant_opened", // a hydrant was opened (water flowing)
  "hydrant_closed", // closed again
  "tilt", // the hydrant was knocked or tilted
] as const;

export type FacilityEventType = (typeof FACILITY_EVENT_TYPES)[number];
const FACILITY_TYPE_SET: ReadonlySet<string> = new Set(FACILITY_EVENT_TYPES);

/** A measurement name and its value, e.g. { pressure_mpa: 0.32, leak_ma_2: 41 }. */
export type Readings = Record<string, number>;

export interface FacilityUplink {
  id: string;
  ts: number;
  type: FacilityEventType;
  /** known measurements, within their physical ranges */
  values?: Readings;
  /** names in `values` that protocol 1.1 does not know: stored with the message and otherwise ignored */
  ignored?: string[];
  /** the part of the device an event is about ("main", "2"): events about the same part must name it alike */
  point?: string;
  battery?: number;
  smoke?: number;
  temperature?: number;
  rssi?: number;
  snr?: number;
}

export type UplinkV11 = Uplink | FacilityUplink;

export type RefusalReasonV11 = RefusalReason | "out_of_range";

export type ParseResultV11 = { ok: true; msg: UplinkV11 } | { ok: false; reason: RefusalReasonV11; detail: string };

export function isFacilityUplink(msg: UplinkV11): msg is FacilityUplink {
  return FACILITY_TYPE_SET.has(msg.type);
}

const POINT = /^[a-z0-9_]{1,32}$/;

/**
 * Reads a version 1 or 1.1 uplink. Version 1 messages go through parseUplink untouched; a message whose
 * type version 1 does not know is read here if it is a facility type.
 */
export function parseUplinkV11(payload: Buffer | string, now: number): ParseResultV11 {
  // the payload is parsed once (size, JSON, object shape), then read by version 1's rules
  const json = uplinkObject(payload);
  if (!json.ok) return json;
  const o = json.object;
  const v1: ParseResult = readUplink(o, now);
  if (v1.ok || v1.reason !== "unknown_type") return v1;
  // version 1 refuses the type only after id and ts passed
  if (typeof o.type !== "string" || !FACILITY_TYPE_SET.has(o.type)) return v1;
  // The fields common to every message (id, ts, battery, smoke, temperature, rssi, snr) are checked by
  // version 1's own rules, the message read as a heartbeat.
  const base = readUplink(o, now, "heartbeat");
  if (!base.ok) return base;
  const msg: FacilityUplink = { ...(base.msg as Omit<Uplink, "type">), type: o.type as FacilityEventType };
  if (o.point !== undefined && o.point !== null) {
    if (typeof o.point !== "string" || !POINT.test(o.point))
      return { ok: false, reason: "bad_field", detail: "point must be 1-32 characters of a-z, 0-9 and _" };
    msg.point = o.point;
  }
  if (o.values === undefined || o.values === null) {
    if (msg.type === "reading") return { ok: false, reason: "bad_field", detail: "reading needs values" };
    return { ok: true, msg };
  }
  const values = parseValues(o.values);
  if (!values.ok) return values;
  if (Object.keys(values.values).length) msg.values = values.values;
  if (values.ignored.length) msg.ignored = values.ignored;
  return { ok: true, msg };
}

type ValuesResult =
  { ok: true; values: Readings; ignored: string[] } | { ok: false; reason: RefusalReasonV11; detail: string };

function parseValues(raw: unknown): ValuesResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return { ok: false, reason: "bad_field", detail: "values must be an object of measurement names" };
  const names = Object.keys(raw);
  if (names.length === 0) return { ok: false, reason: "bad_field", detail: "values is empty" };
  if (names.length > MAX_VALUES)
    return { ok: false, reason: "bad_field", detail: `values has ${names.length} names > ${MAX_VALUES}` };
  const values: Readings = {};
  const ignored: string[] = [];
  for (const name of names) {
    const family = measurementFamily(name);
    if (!family) {
      ignored.push(name.slice(0, MAX_NAME_LENGTH));
      continue;
    }
    const spec: MeasurementSpec = MEASUREMENTS[family];
    const v = (raw as Record<string, unknown>)[name];
    if (typeof v !== "number" || !Number.isFinite(v))
      return { ok: false, reason: "bad_field", detail: `${name} must be a number` };
    if (v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
      const range = spec.integer && spec.max - spec.min === 1 ? "0 or 1" : `${spec.min}..${spec.max} ${spec.unit}`;
      return { ok: false, reason: "out_of_range", detail: `${name} ${v} is outside ${range}`.trim() };
    }
    values[name] = v;
  }
  return { ok: true, values, ignored };
}

// Commands down to a sound-and-light alarm (linkage, issue 15). The device answers with command_ack.
export const SOUNDER_COMMANDS = [
  "sounder_on", // sound and flash until told to stop; `alarmId` names the alarm that asked for it
  "sounder_off", // stop; sent when no open fire alarm of the building needs this sounder any more
] as const;
export type SounderCommand = (typeof SOUNDER_COMMANDS)[number];
