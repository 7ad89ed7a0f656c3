// Each simulator scenario is valid protocol 1.1 and, run through the limit engine and the event rules with
// the device kind's default limits, raises its alarm and then clears it (fire-class: notes that it is over).
import { describe, expect, it } from "vitest";
import { parseUplinkV11, isFacilityUplink } from "../modules/devices/protocol-v11.ts";
import {
  alarmKinds,
  eventDecisions,
  evaluateReading,
  resolveLimit,
  type PointState,
  type SensorDecision,
} from "../modules/sensors/index.ts";
import {
  SCENARIO_DEVICE,
  SENSOR_SCENARIOS,
  scenarioSpanMs,
  sensorScenario,
  type SensorScenario,
} from "./sensor-scenarios.ts";

const NOW = Date.UTC(2026, 11, 2, 9);

function replay(name: SensorScenario): string[] {
  const kind = SCENARIO_DEVICE[name];
  const states = new Map<string, PointState>();
  const out: SensorDecision[] = [];
  const start = NOW - scenarioSpanMs(name);
  for (const m of sensorScenario(name, "SIM-1", start)) {
    const parsed = parseUplinkV11(JSON.stringify(m.payload), NOW);
    expect(parsed.ok, JSON.stringify(m.payload)).toBe(true);
    if (!parsed.ok) continue;
    const msg = parsed.msg;
    if (isFacilityUplink(msg))
      for (const [point, value] of Object.entries(msg.values ?? {})) {
        const limit = resolveLimit(point, kind, {}, null);
        const e = evaluateReading(
          { point, value, at: msg.ts },
          limit,
          alarmKinds(kind, point),
          states.get(point) ?? null,
        );
        states.set(point, e.state);
        out.push(...e.decisions);
      }
    out.push(...(eventDecisions(kind, { type: msg.type, at: msg.ts }, { fireInPlace: false }) ?? []));
  }
  return out.map((d) => `${d.action} ${d.kind}${d.point ? ` @${d.point}` : ""}`);
}

describe("sensor scenarios", () => {
  it("raise their alarm and end it", () => {
    const want: Record<SensorScenario, string[]> = {
      low_water: ["raise LOW_WATER @level_m", "clear LOW_WATER @level_m"],
      pressure_drop: ["raise LOW_PRESSURE @pressure_mpa", "clear LOW_PRESSURE @pressure_mpa"],
      leakage: ["raise LEAKAGE_CURRENT @leak_ma_2", "clear LEAKAGE_CURRENT @leak_ma_2"],
      gas: [
        "raise GAS_LEAK @lel_pct",
        "raise GAS_LEAK @lel_pct",
        "note GAS_LEAK @lel_pct",
        "note GAS_LEAK @lel_pct",
        "note GAS_LEAK @lel_pct",
      ],
      call_point: ["raise CALL_POINT", "note CALL_POINT"],
      pump_manual: ["raise PUMP_NOT_AUTO", "clear PUMP_NOT_AUTO"],
    };
    for (const name of SENSOR_SCENARIOS) expect(replay(name), name).toEqual(want[name]);
  });

  it("gives every message its own id and a device time in order", () => {
    for (const name of SENSOR_SCENARIOS) {
      const list = sensorScenario(name, "SIM-1", NOW);
      expect(new Set(list.map((m) => m.payload.id)).size).toBe(list.length);
      expect(list.map((m) => m.payload.ts)).toEqual([...list.map((m) => m.payload.ts)].sort((a, b) => a - b));
      expect(list.at(-1)!.offsetMs).toBe(scenarioSpanMs(name));
    }
  });
});
