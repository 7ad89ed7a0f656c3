// Limits per measurement: the model's defaults, a device's own overrides, what may be set, and which alarm
// each side of a limit raises. Pure: no database, no clock.
//
// Defaults come from FIELD-FACTS section 10 (usual settings, to be verified per installation) and the codes
// it names; the installer or the unit's manager sets the real figures of each tank and hydrant.
import type { AlarmKind, DeviceKind } from "../../db/client.ts";
import { MEASUREMENTS, measurementFamily, type MeasurementFamily } from "../devices/protocol-v11.ts";

export interface Limit {
  /** below this the value is too low; null: no low limit */
  low: number | null;
  /** above this the value is too high; null: no high limit */
  high: number | null;
  /** a value past a limit counts as back only once it is this far inside it (stops flapping) */
  hysteresis: number;
  /** a value must stay past a limit this long before it counts (0: at once) */
  minDurationSec: number;
}

export type LimitSource = "override" | "model" | "default";
export interface EffectiveLimit extends Limit {
  source: LimitSource;
}

export type Side = "LOW" | "HIGH";

const limit = (low: number | null, high: number | null, hysteresis: number, minDurationSec: number): Limit => ({
  low,
  high,
  hysteresis,
  minDurationSec,
});

/** Built-in defaults per device kind, used when the model names none. */
export const DEFAULT_LIMITS: Partial<Record<DeviceKind, Partial<Record<MeasurementFamily, Limit>>>> = {
  // Placeholders until the installer enters the tank's fire-reserve line and overflow line (FIELD-FACTS 10:
  // "below the level that holds the fire reserve; also above overflow"). Levels move slowly and slosh while a
  // pump runs: five minutes past the line before it counts (met by the first reading at least five minutes
  // after the crossing, so a model that reports rarely should set its own wait).
  WATER_LEVEL: { level_m: limit(1.0, 4.5, 0.05, 300) },
  // GB 50974 (FIELD-FACTS 10): the municipal network's working pressure at least 0.14 MPa, at least 0.10 MPa at
  // the hydrant in a fire. 0.14 is the alarm line, so a drop is seen before a fire needs the water. High: the
  // static pressure at a hydrant outlet above 1.0 MPa calls for zoned supply in GB 50974 (clause unverified).
  // No wait: a minimum duration needs a second reading to be met, and a battery hydrant reports every 1-60
  // min, so it would hold back a real drop for up to an hour; the band keeps a value at the line from
  // flapping. Flow (opened) when nobody should draw water is misuse or theft: at once.
  HYDRANT_PRESSURE: { pressure_mpa: limit(0.14, 1.0, 0.02, 0), flow: limit(null, 0.5, 0, 0) },
  // Sprinkler and pipe-network ends: the end test device keeps at least 0.05 MPa; system working pressure at
  // most 1.2 MPa (GB 50084, clause unverified). No wait, as for hydrants.
  PIPE_PRESSURE: { pressure_mpa: limit(0.05, 1.2, 0.01, 0) },
  // GB 14287 (FIELD-FACTS 10): leakage setting 20-1000 mA, in practice at least twice the normal leakage and
  // not above 500 mA; cable temperature settings 55-140 deg C, 80 for PVC-insulated cable run near 70.
  // The monitor already waits its own alarm delay before it reports, so no further wait here.
  ELECTRICAL_FIRE: { leak_ma: limit(null, 300, 30, 0), temp_c: limit(null, 80, 5, 0) },
  // GB 15322 (FIELD-FACTS 10): homes alarm at no more than 25 %LEL. Fire-class: never delayed.
  GAS_DETECTOR: { lel_pct: limit(null, 25, 5, 0) },
};

/** What may be set for each family: the range of each side (null: that side cannot be set), and bounds. */
export interface SettableRange {
  low: readonly [number, number] | null;
  high: readonly [number, number] | null;
  maxHysteresis: number;
  maxDurationSec: number;
}

export const SETTABLE: Record<MeasurementFamily, SettableRange> = {
  level_m: { low: [0, 100], high: [0, 100], maxHysteresis: 5, maxDurationSec: 3600 },
  pressure_mpa: { low: [0, 10], high: [0, 10], maxHysteresis: 0.5, maxDurationSec: 3600 },
  // GB 14287.2: residual current alarm settings 20-1000 mA
  leak_ma: { low: null, high: [20, 1000], maxHysteresis: 200, maxDurationSec: 600 },
  // GB 14287.3 (FIELD-FACTS 10): temperature settings 55-140 deg C
  temp_c: { low: null, high: [55, 140], maxHysteresis: 20, maxDurationSec: 600 },
  // GB 15322: first level at most 25 %LEL, an industrial second level at most 50; a gas alarm waits at most 60 s
  lel_pct: { low: null, high: [1, 50], maxHysteresis: 10, maxDurationSec: 60 },
  // flow is 0 or 1: the only setting is whether it raises at all, and after how long
  flow: { low: null, high: [0.5, 0.5], maxHysteresis: 0, maxDurationSec: 3600 },
};

/** The alarm each side of a point's limits raises on a device of a kind; a side without one is never alarmed. */
export function alarmKinds(deviceKind: DeviceKind, point: string): Partial<Record<Side, AlarmKind>> {
  switch (measurementFamily(point)) {
    case "level_m":
      return { LOW: "LOW_WATER", HIGH: "HIGH_WATER" };
    case "pressure_mpa":
      return { LOW: "LOW_PRESSURE", HIGH: "HIGH_PRESSURE" };
    case "leak_ma":
      return { HIGH: "LEAKAGE_CURRENT" };
    case "temp_c":
      return { HIGH: "OVER_TEMPERATURE" };
    case "lel_pct":
      return { HIGH: "GAS_LEAK" };
    case "flow":
      // a water-flow indicator on a pipe network is a sprinkler working, not misuse: only hydrants alarm
      return deviceKind === "HYDRANT_PRESSURE" ? { HIGH: "HYDRANT_OPENED" } : {};
    default:
      return {};
  }
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Says what is wrong with a limit for a point, in Chinese for the person setting it, or null. */
export function limitProblem(point: string, l: Limit): string | null {
  const family = measurementFamily(point);
  if (!family) return `未知的测点“${point.slice(0, 32)}”`;
  const s = SETTABLE[family];
  const unit = MEASUREMENTS[family].unit ? ` ${MEASUREMENTS[family].unit}` : "";
  const label = MEASUREMENTS[family].label;
  for (const side of ["low", "high"] as const) {
    const v = l[side];
    if (v === null) continue;
    const range = s[side];
    const name = side === "low" ? "下限" : "上限";
    if (!range) return `${label}不能设置${name}`;
    if (!isNum(v) || v < range[0] || v > range[1]) return `${label}${name}应在 ${range[0]}–${range[1]}${unit} 之间`;
  }
  if (l.low === null && l.high === null && family !== "flow") return `${label}至少需要设置上限或下限`;
  if (l.low !== null && l.high !== null && !(l.low < l.high)) return `${label}下限应小于上限`;
  if (!isNum(l.hysteresis) || l.hysteresis < 0 || l.hysteresis > s.maxHysteresis)
    return `${label}回差应在 0–${s.maxHysteresis}${unit} 之间`;
  if (l.low !== null && l.high !== null && l.low + l.hysteresis >= l.high - l.hysteresis)
    return `${label}回差过大：上下限之间留不出正常范围`;
  if (!Number.isInteger(l.minDurationSec) || l.minDurationSec < 0 || l.minDurationSec > s.maxDurationSec)
    return `${label}持续时间应为 0–${s.maxDurationSec} 秒的整数`;
  return null;
}

/** Reads an untrusted limit object (a request body, a model's JSON); null when it is not one. */
export function readLimit(raw: unknown): Limit | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const o = raw as Record<string, unknown>;
  const side = (v: unknown): number | null | undefined =>
    v === undefined || v === null ? null : isNum(v) ? v : undefined;
  const low = side(o.low);
  const high = side(o.high);
  const hysteresis = o.hysteresis === undefined ? 0 : o.hysteresis;
  const minDurationSec = o.minDurationSec === undefined ? 0 : o.minDurationSec;
  if (low === undefined || high === undefined || !isNum(hysteresis) || !isNum(minDurationSec)) return null;
  return { low, high, hysteresis, minDurationSec };
}

export interface ModelLimits {
  limits: Record<string, Limit>;
  /** entries that were left out, and why */
  problems: string[];
}

const MAX_MODEL_ENTRIES = 64;

/**
 * DeviceModel.limits: JSON of point or family name -> limit, e.g. {"pressure_mpa": {"low": 0.1, "high": 0.6,
 * "hysteresis": 0.02, "minDurationSec": 60}}. An entry that is not a valid limit is left out (its point falls
 * back to the built-in default) and named in `problems`.
 */
export function parseModelLimits(json: string | null | undefined): ModelLimits {
  if (!json) return { limits: {}, problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { limits: {}, problems: ["limits is not JSON"] };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { limits: {}, problems: ["limits is not an object"] };
  const entries = Object.entries(data);
  if (entries.length > MAX_MODEL_ENTRIES)
    return { limits: {}, problems: [`limits has more than ${MAX_MODEL_ENTRIES}`] };
  const limits: Record<string, Limit> = {};
  const problems: string[] = [];
  for (const [point, raw] of entries) {
    const l = readLimit(raw);
    const problem = l ? limitProblem(point, l) : "not a limit";
    if (l && !problem) limits[point] = l;
    else problems.push(`${point.slice(0, 32)}: ${problem}`);
  }
  return { limits, problems };
}

/**
 * The limit that applies to a point: the device's override, else the model's entry for the point, else the
 * model's entry for its family (one setting for every channel), else the built-in default of the kind.
 */
export function resolveLimit(
  point: string,
  deviceKind: DeviceKind,
  modelLimits: Record<string, Limit>,
  override: Limit | null,
): EffectiveLimit | null {
  if (override) return { ...override, source: "override" };
  const family = measurementFamily(point);
  if (!family) return null;
  const model = Object.hasOwn(modelLimits, point)
    ? modelLimits[point]
    : Object.hasOwn(modelLimits, family)
      ? modelLimits[family]
      : undefined;
  if (model) return { ...model, source: "model" };
  const builtIn = DEFAULT_LIMITS[deviceKind]?.[family];
  return builtIn ? { ...builtIn, source: "default" } : null;
}

/** Whether a value lies within a limit (at the limit counts as within). */
export function withinLimit(value: number, l: Limit | null): boolean {
  if (!l) return true;
  return !((l.low !== null && value < l.low) || (l.high !== null && value > l.high));
}
