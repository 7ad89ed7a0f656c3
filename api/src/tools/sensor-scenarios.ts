// Message sequences of the facility sensor scenarios for `npm run simulate` (issue 15): low_water,
// pressure_drop, leakage, gas, call_point, pump_manual. Pure: each scenario is a list of protocol 1.1
// messages with their device time; the simulator publishes them (phase 2 wires it). Each sequence is long
// enough, by the device clock, to pass the default minimum durations (limits.ts) and comes back to normal,
// so one run raises an alarm and then clears it (or, for fire-class alarms, notes that it is over).
import type { DeviceKind } from "../db/client.ts";

export const SENSOR_SCENARIOS = ["low_water", "pressure_drop", "leakage", "gas", "call_point", "pump_manual"] as const;
export type SensorScenario = (typeof SENSOR_SCENARIOS)[number];
/** Carrier pushes as the platforms push them (simulate-facility.ts): a CTWing smoke alarm, a OneNET gas detector. */
export const NBIOT_SCENARIOS = ["nbiot_smoke", "nbiot_gas"] as const;
/** Every scenario simulate-facility.ts plays (and `npm run simulate` hands to it). */
export const FACILITY_SCENARIOS: readonly string[] = [...SENSOR_SCENARIOS, ...NBIOT_SCENARIOS];

/** The kind of device each scenario speaks for. */
export const SCENARIO_DEVICE: Record<SensorScenario, DeviceKind> = {
  low_water: "WATER_LEVEL",
  pressure_drop: "HYDRANT_PRESSURE",
  leakage: "ELECTRICAL_FIRE",
  gas: "GAS_DETECTOR",
  call_point: "MANUAL_CALL_POINT",
  pump_manual: "PUMP",
};

export interface ScenarioMessage {
  deviceId: string;
  /** ms after the scenario's start, by the device clock */
  offsetMs: number;
  /** the JSON to publish on devices/{deviceId}/up */
  payload: { id: string; ts: number; type: string; values?: Record<string, number>; [k: string]: unknown };
}

type Step = [offsetSec: number, type: string, extra?: Record<string, unknown>];

const reading = (t: number, values: Record<string, number>): Step => [t, "reading", { values }];

/** Readings of one value every `every` seconds from `from`. */
const series = (from: number, every: number, name: string, list: number[]): Step[] =>
  list.map((v, i) => reading(from + i * every, { [name]: v }));

const STEPS: Record<SensorScenario, Step[]> = {
  // a roof tank drains below its 1.0 m fire-reserve line, stays there past the 5-minute wait, then refills
  // (1.0 m is inside the 0.05 m band and clears nothing; 1.5 m does)
  low_water: series(0, 60, "level_m", [3.2, 3.2, 2.8, 2.4, 2.0, 1.6, 1.2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1.0, 1.5, 3.2]),
  // a hydrant's pressure falls below 0.14 MPa for two minutes, then recovers (0.15 MPa is inside the band)
  pressure_drop: series(0, 30, "pressure_mpa", [0.3, 0.3, 0.2, 0.1, 0.05, 0.05, 0.05, 0.05, 0.15, 0.3]),
  // channel 2 of a distribution board's monitor leaks past 300 mA; 290 mA is inside the 30 mA band
  leakage: [45, 120, 280, 420, 610, 290, 50].map((leak, i) =>
    reading(i * 60, { leak_ma_1: 38, leak_ma_2: leak, temp_c_1: 36.5 }),
  ),
  // a kitchen detector: the concentration climbs, the detector alarms and closes the gas valve, then clears
  gas: [
    ...series(0, 20, "lel_pct", [0, 3, 12]),
    reading(60, { lel_pct: 31 }),
    [61, "gas_alarm", { values: { lel_pct: 31 } }],
    [62, "valve_closed"],
    ...series(120, 60, "lel_pct", [18, 2]),
    [181, "gas_clear"],
  ],
  // someone presses the call point on the stairwell, and it is reset with its key two minutes later
  call_point: [
    [0, "call_point_pressed"],
    [120, "call_point_reset"],
  ],
  // the pump's controller is left in manual after maintenance, and switched back ten minutes later
  pump_manual: [
    [0, "heartbeat"],
    [30, "pump_manual"],
    [630, "pump_auto"],
  ],
};

/**
 * The scenario's messages for a device, stamped from `start` (ms since 1970, device clock). To replay a
 * scenario at once instead of in real time, start it `scenarioSpanMs` in the past.
 */
export function sensorScenario(name: SensorScenario, deviceId: string, start: number): ScenarioMessage[] {
  return STEPS[name].map(([sec, type, extra], i) => ({
    deviceId,
    offsetMs: sec * 1000,
    payload: { id: `${name}-${start}-${i}`, ts: start + sec * 1000, type, ...extra },
  }));
}

/** How long a scenario lasts by the device clock. */
export function scenarioSpanMs(name: SensorScenario): number {
  return Math.max(...STEPS[name].map(([sec]) => sec)) * 1000;
}
