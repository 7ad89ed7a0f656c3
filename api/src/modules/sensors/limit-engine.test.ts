// Every limit rule (crossing, minimum duration, hysteresis, clearing, late readings) for every alarm kind a
// reading can raise, with the kind's default limits and with a minimum duration; then the rules that span
// both sides, limits that change under a raised state, and what the decisions say.
import { describe, expect, it } from "vitest";
import { evaluateReading, type PointState, type SensorDecision } from "./limit-engine.ts";
import { LIMIT_CASES, limitVariants, scenarios } from "./limit-cases.fixture.ts";
import { alarmKinds, type Limit } from "./limits.ts";

const T0 = Date.UTC(2026, 11, 2, 0, 0, 0);

function replay(
  point: string,
  limit: Limit | null,
  kinds: ReturnType<typeof alarmKinds>,
  steps: { t: number; value: number }[],
) {
  let state: PointState | null = null;
  const out: SensorDecision[][] = [];
  for (const s of steps) {
    const r = evaluateReading({ point, value: s.value, at: T0 + s.t * 1000 }, limit, kinds, state);
    state = r.state;
    out.push(r.decisions);
  }
  return { state, out };
}

describe("the limit engine", () => {
  for (const c of LIMIT_CASES) {
    describe(`${c.kind} on ${c.deviceKind}.${c.point}`, () => {
      for (const { name: variant, limit } of limitVariants(c)) {
        for (const sc of scenarios(c, limit)) {
          it(`${sc.name} (${variant})`, () => {
            const { out } = replay(c.point, limit, alarmKinds(c.deviceKind, c.point), sc.steps);
            out.forEach((decisions, i) => {
              expect(
                decisions.map((d) => d.action),
                `step ${i} at ${sc.steps[i]!.t}s`,
              ).toEqual(sc.steps[i]!.expect);
              for (const d of decisions) expect(d).toMatchObject({ kind: c.kind, point: c.point });
            });
          });
        }
      }
    });
  }

  const level: Limit = { low: 1, high: 4.5, hysteresis: 0.05, minDurationSec: 0 };
  const levelKinds = alarmKinds("WATER_LEVEL", "level_m");

  it("a jump from below the low limit to above the high one clears the one and raises the other", () => {
    const { out, state } = replay("level_m", level, levelKinds, [
      { t: 0, value: 0.5 },
      { t: 60, value: 5 },
    ]);
    expect(out[0]!.map((d) => [d.action, d.kind])).toEqual([["raise", "LOW_WATER"]]);
    expect(out[1]!.map((d) => [d.action, d.kind])).toEqual([
      ["clear", "LOW_WATER"],
      ["raise", "HIGH_WATER"],
    ]);
    expect(state).toMatchObject({ limitState: "HIGH", pendingSide: null });
  });

  it("a wait on one side does not carry over to the other", () => {
    const slow = { ...level, minDurationSec: 300 };
    const { out, state } = replay("level_m", slow, levelKinds, [
      { t: 0, value: 0.5 },
      { t: 200, value: 5 },
      { t: 400, value: 5 },
      { t: 500, value: 5 },
    ]);
    expect(out.map((o) => o.map((d) => d.kind))).toEqual([[], [], [], ["HIGH_WATER"]]);
    expect(state!.limitState).toBe("HIGH");
  });

  it("a raised side clears when its limit is removed, and nothing is raised without limits", () => {
    const { state } = replay("level_m", level, levelKinds, [{ t: 0, value: 0.5 }]);
    const r = evaluateReading(
      { point: "level_m", value: 0.5, at: T0 + 60_000 },
      { ...level, low: null },
      levelKinds,
      state,
    );
    expect(r.decisions.map((d) => [d.action, d.kind])).toEqual([["clear", "LOW_WATER"]]);
    const none = evaluateReading({ point: "level_m", value: 0.1, at: T0 + 120_000 }, null, levelKinds, r.state);
    expect(none.decisions).toEqual([]);
    expect(none.state).toMatchObject({ limitState: "NORMAL", pendingSide: null });
  });

  it("a flow reading on a pipe network raises nothing: only hydrants alarm on water flowing", () => {
    const { out } = replay(
      "flow",
      { low: null, high: 0.5, hysteresis: 0, minDurationSec: 0 },
      alarmKinds("PIPE_PRESSURE", "flow"),
      [{ t: 0, value: 1 }],
    );
    expect(out[0]).toEqual([]);
  });

  it("says what happened in Chinese, with the value, the limit and how long", () => {
    const pressure: Limit = { low: 0.14, high: 1, hysteresis: 0.02, minDurationSec: 60 };
    const kinds = alarmKinds("HYDRANT_PRESSURE", "pressure_mpa");
    const { out } = replay("pressure_mpa", pressure, kinds, [
      { t: 0, value: 0.05 },
      { t: 180, value: 0.05 },
      { t: 240, value: 0.3 },
    ]);
    expect(out[1]![0]).toMatchObject({
      action: "raise",
      kind: "LOW_PRESSURE",
      side: "LOW",
      value: 0.05,
      limit: 0.14,
      since: T0,
      at: T0 + 180_000,
      note: "水压 0.05 MPa，低于下限 0.14 MPa，已持续 3 分钟",
    });
    expect(out[2]![0]).toMatchObject({ action: "clear", note: "水压已恢复正常：0.3 MPa" });
    const leak = replay(
      "leak_ma_2",
      { low: null, high: 300, hysteresis: 30, minDurationSec: 0 },
      alarmKinds("ELECTRICAL_FIRE", "leak_ma_2"),
      [{ t: 0, value: 512 }],
    );
    expect(leak.out[0]![0]!.note).toBe("剩余电流 通道2 512 mA，高于上限 300 mA");
  });

  it("a gas reading back below the band is noted on the open gas alarm, never closes it", () => {
    const gas: Limit = { low: null, high: 25, hysteresis: 5, minDurationSec: 0 };
    const { out } = replay("lel_pct", gas, alarmKinds("GAS_DETECTOR", "lel_pct"), [
      { t: 0, value: 32 },
      { t: 60, value: 3 },
    ]);
    expect(out[1]).toEqual([
      expect.objectContaining({ action: "note", kind: "GAS_LEAK", note: "可燃气体浓度已恢复正常：3 %LEL" }),
    ]);
  });
});
