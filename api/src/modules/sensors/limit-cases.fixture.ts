// The limit rules as data, for every alarm kind a reading can raise: the pure engine's test and the
// service's database test (SQLite and PostgreSQL) replay the same scenarios, so both are held to one list.
import type { AlarmKind, DeviceKind } from "../../db/client.ts";
import { isFireClass } from "./alarm-classes.ts";
import { DEFAULT_LIMITS, SETTABLE, type Limit, type Side } from "./limits.ts";
import { measurementFamily } from "../devices/protocol-v11.ts";

export interface LimitCase {
  deviceKind: DeviceKind;
  point: string;
  side: Side;
  kind: AlarmKind;
}

export const LIMIT_CASES: LimitCase[] = [
  { deviceKind: "WATER_LEVEL", point: "level_m", side: "LOW", kind: "LOW_WATER" },
  { deviceKind: "WATER_LEVEL", point: "level_m", side: "HIGH", kind: "HIGH_WATER" },
  { deviceKind: "HYDRANT_PRESSURE", point: "pressure_mpa", side: "LOW", kind: "LOW_PRESSURE" },
  { deviceKind: "HYDRANT_PRESSURE", point: "pressure_mpa", side: "HIGH", kind: "HIGH_PRESSURE" },
  { deviceKind: "PIPE_PRESSURE", point: "pressure_mpa", side: "LOW", kind: "LOW_PRESSURE" },
  { deviceKind: "PIPE_PRESSURE", point: "pressure_mpa", side: "HIGH", kind: "HIGH_PRESSURE" },
  { deviceKind: "ELECTRICAL_FIRE", point: "leak_ma", side: "HIGH", kind: "LEAKAGE_CURRENT" },
  { deviceKind: "ELECTRICAL_FIRE", point: "leak_ma_3", side: "HIGH", kind: "LEAKAGE_CURRENT" },
  { deviceKind: "ELECTRICAL_FIRE", point: "temp_c", side: "HIGH", kind: "OVER_TEMPERATURE" },
  { deviceKind: "ELECTRICAL_FIRE", point: "temp_c_8", side: "HIGH", kind: "OVER_TEMPERATURE" },
  { deviceKind: "GAS_DETECTOR", point: "lel_pct", side: "HIGH", kind: "GAS_LEAK" },
  { deviceKind: "HYDRANT_PRESSURE", point: "flow", side: "HIGH", kind: "HYDRANT_OPENED" },
];

export function defaultLimit(c: LimitCase): Limit {
  return DEFAULT_LIMITS[c.deviceKind]![measurementFamily(c.point)!]!;
}

/** The default, and a variant with a minimum duration (and a band, where the family has one) a manager may set. */
export function limitVariants(c: LimitCase): { name: string; limit: Limit }[] {
  const d = defaultLimit(c);
  const family = measurementFamily(c.point)!;
  const wait = Math.min(120, SETTABLE[family].maxDurationSec);
  const variant: Limit = { ...d, minDurationSec: wait, hysteresis: family === "flow" ? 0 : d.hysteresis || 1 };
  return [
    { name: `default ${JSON.stringify(d)}`, limit: d },
    { name: `${wait} s ${JSON.stringify(variant)}`, limit: variant },
  ];
}

export type Expect = "raise" | "clear" | "note";

export interface Step {
  /** seconds after the scenario starts */
  t: number;
  value: number;
  expect: Expect[];
}

export interface Scenario {
  name: string;
  steps: Step[];
}

/** Values around a side's limit: within (at the limit), past it, inside the band, at the band's edge. */
function values(c: LimitCase, l: Limit) {
  if (measurementFamily(c.point) === "flow") return { within: 0, past: 1, inBand: null, edge: 0 };
  const bound = c.side === "LOW" ? l.low! : l.high!;
  const step = Math.max(l.hysteresis, Math.abs(bound) * 0.05, 0.01);
  const sign = c.side === "LOW" ? -1 : 1;
  return {
    within: bound,
    past: bound + sign * step,
    inBand: l.hysteresis > 0 ? bound - (sign * l.hysteresis) / 2 : null,
    edge: bound - sign * l.hysteresis,
  };
}

export function scenarios(c: LimitCase, l: Limit): Scenario[] {
  const v = values(c, l);
  const d = l.minDurationSec;
  const back: Expect = isFireClass(c.kind) ? "note" : "clear";
  // the first past-limit reading raises at once without a minimum duration, else only after it
  const untilRaised = (t0: number): Step[] =>
    d === 0
      ? [{ t: t0, value: v.past, expect: ["raise"] }]
      : [
          { t: t0, value: v.past, expect: [] },
          { t: t0 + d - 1, value: v.past, expect: [] },
          { t: t0 + d, value: v.past, expect: ["raise"] },
        ];
  const list: Scenario[] = [
    {
      name: "crossing: at the limit is within, past it counts",
      steps: [{ t: 0, value: v.within, expect: [] }, ...untilRaised(10)],
    },
    {
      name: "a raised side repeats nothing while the value stays past it",
      steps: [...untilRaised(0), { t: d + 30, value: v.past, expect: [] }, { t: d + 60, value: v.past, expect: [] }],
    },
    {
      name: "clearing: back past the band clears once; normal values after it change nothing",
      steps: [
        ...untilRaised(0),
        { t: d + 10, value: v.edge, expect: [back] },
        { t: d + 20, value: v.within, expect: [] },
        { t: d + 30, value: v.edge, expect: [] },
      ],
    },
    {
      name: "a new crossing after clearing raises again",
      steps: [...untilRaised(0), { t: d + 10, value: v.edge, expect: [back] }, ...untilRaised(d + 20)],
    },
    {
      name: "a late or redelivered reading changes nothing",
      steps: [
        { t: 100, value: v.within, expect: [] },
        { t: 100, value: v.past, expect: [] },
        { t: 50, value: v.past, expect: [] },
        ...untilRaised(200),
        { t: 150 + d, value: v.edge, expect: [] },
      ],
    },
  ];
  if (v.inBand !== null)
    list.push({
      name: "hysteresis: back within the limit but inside the band does not clear",
      steps: [
        ...untilRaised(0),
        { t: d + 10, value: v.within, expect: [] },
        { t: d + 20, value: v.inBand, expect: [] },
        { t: d + 30, value: v.past, expect: [] },
        { t: d + 40, value: v.edge, expect: [back] },
      ],
    });
  if (d > 0)
    list.push({
      name: "minimum duration: a value back within the limit before it ends the wait",
      steps: [
        { t: 0, value: v.past, expect: [] },
        { t: d - 1, value: v.inBand ?? v.within, expect: [] },
        { t: d, value: v.past, expect: [] },
        { t: 2 * d - 1, value: v.past, expect: [] },
        { t: 2 * d, value: v.past, expect: ["raise"] },
      ],
    });
  return list;
}
