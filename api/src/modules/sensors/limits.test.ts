// Which limit applies to a point, what a manager may set, and what a model's JSON may say.
import { describe, expect, it } from "vitest";
import { ALARM_CLASS, audienceOf, isFacilityProblem, isFireClass } from "./alarm-classes.ts";
import { DEFAULT_LIMITS, limitProblem, parseModelLimits, resolveLimit, withinLimit, type Limit } from "./limits.ts";
import { floorLabel, formatValue, locationText, pointLabel } from "./point-labels.ts";

const L = (low: number | null, high: number | null, hysteresis = 0, minDurationSec = 0): Limit => ({
  low,
  high,
  hysteresis,
  minDurationSec,
});

describe("limits", () => {
  it("every built-in default is a limit a manager could set", () => {
    for (const [kind, families] of Object.entries(DEFAULT_LIMITS))
      for (const [family, limit] of Object.entries(families!))
        expect(limitProblem(family, limit!), `${kind}.${family}`).toBeNull();
  });

  it("resolves override, then the model's point, then the model's family, then the kind's default", () => {
    const model = { leak_ma: L(null, 200, 20), leak_ma_2: L(null, 500, 50) };
    expect(resolveLimit("leak_ma_2", "ELECTRICAL_FIRE", model, L(null, 100))).toMatchObject({
      high: 100,
      source: "override",
    });
    expect(resolveLimit("leak_ma_2", "ELECTRICAL_FIRE", model, null)).toMatchObject({ high: 500, source: "model" });
    expect(resolveLimit("leak_ma_5", "ELECTRICAL_FIRE", model, null)).toMatchObject({ high: 200, source: "model" });
    expect(resolveLimit("temp_c_5", "ELECTRICAL_FIRE", model, null)).toMatchObject({ high: 80, source: "default" });
    expect(resolveLimit("pressure_mpa", "HYDRANT_PRESSURE", {}, null)).toMatchObject({ low: 0.14, high: 1 });
    expect(resolveLimit("pressure_mpa", "PUMP", {}, null)).toBeNull(); // a pump's outlet pressure: no default
    expect(resolveLimit("humidity", "WATER_LEVEL", {}, null)).toBeNull();
    expect(resolveLimit("toString", "WATER_LEVEL", { toString: L(0, 1) }, null)).toBeNull();
  });

  it("refuses settings outside what the standards allow, in Chinese", () => {
    expect(limitProblem("leak_ma_1", L(null, 1200, 30))).toBe("剩余电流上限应在 20–1000 mA 之间");
    expect(limitProblem("leak_ma", L(10, 300))).toBe("剩余电流不能设置下限");
    expect(limitProblem("temp_c", L(null, 50))).toBe("温度上限应在 55–140 °C 之间");
    expect(limitProblem("lel_pct", L(null, 25, 5, 120))).toBe("可燃气体浓度持续时间应为 0–60 秒的整数");
    expect(limitProblem("pressure_mpa", L(0.5, 0.3))).toBe("水压下限应小于上限");
    expect(limitProblem("pressure_mpa", L(0.1, 0.2, 0.05))).toBe("水压回差过大：上下限之间留不出正常范围");
    expect(limitProblem("pressure_mpa", L(null, null))).toBe("水压至少需要设置上限或下限");
    expect(limitProblem("pressure_mpa", L(0.1, 1, -0.01))).toBe("水压回差应在 0–0.5 MPa 之间");
    expect(limitProblem("level_m", L(1, 4, 0.1, 1.5))).toBe("水位持续时间应为 0–3600 秒的整数");
    expect(limitProblem("flow", L(null, null, 0, 30))).toBeNull(); // a hydrant whose flow alarm is switched off
    expect(limitProblem("flow", L(null, 0.7))).toBe("水流上限应在 0.5–0.5 之间");
    expect(limitProblem("voltage", L(1, 2))).toBe("未知的测点“voltage”");
    expect(limitProblem("pressure_mpa", L(0.14, 1, 0.02, 60))).toBeNull();
  });

  it("reads a model's JSON, leaving out and naming what is wrong", () => {
    const r = parseModelLimits(
      JSON.stringify({
        pressure_mpa: { low: 0.2, high: 0.8, hysteresis: 0.02, minDurationSec: 30 },
        leak_ma: { high: 5000 },
        temp_c: "hot",
      }),
    );
    expect(r.limits).toEqual({ pressure_mpa: L(0.2, 0.8, 0.02, 30) });
    expect(r.problems).toEqual(["leak_ma: 剩余电流上限应在 20–1000 mA 之间", "temp_c: not a limit"]);
    expect(parseModelLimits("{oops").problems).toEqual(["limits is not JSON"]);
    expect(parseModelLimits("[1]").problems).toEqual(["limits is not an object"]);
    expect(parseModelLimits(null)).toEqual({ limits: {}, problems: [] });
  });

  it("within a limit means between low and high, both included", () => {
    expect(withinLimit(0.14, L(0.14, 1))).toBe(true);
    expect(withinLimit(0.139, L(0.14, 1))).toBe(false);
    expect(withinLimit(1.01, L(0.14, 1))).toBe(false);
    expect(withinLimit(99, null)).toBe(true);
  });
});

describe("alarm classes", () => {
  it("gas and call points are fire-class; facility problems never reach residents", () => {
    expect(["FIRE", "CALL_POINT", "GAS_LEAK"].every((k) => isFireClass(k as never))).toBe(true);
    const facility = Object.keys(ALARM_CLASS).filter((k) => isFacilityProblem(k as never));
    expect(facility).toEqual(
      expect.arrayContaining(["LOW_WATER", "LOW_PRESSURE", "PUMP_NOT_AUTO", "LEAKAGE_CURRENT", "HYDRANT_OPENED"]),
    );
    for (const k of facility) {
      expect(audienceOf(k as never, { householdId: "h1" })).toMatchObject({
        residents: false,
        staff: true,
        centre: true,
      });
      expect(isFireClass(k as never)).toBe(false);
    }
    expect(audienceOf("GAS_LEAK", { householdId: "h1" })).toMatchObject({ residents: true, escalation: "fire" });
    expect(audienceOf("CALL_POINT", { householdId: null })).toMatchObject({ residents: false, centre: true });
    expect(audienceOf("SUSPECTED_FIRE", { householdId: "h1" }).residents).toBe(false);
    expect(audienceOf("LOW_BATTERY", { householdId: "h1" })).toMatchObject({ residents: true, centre: false });
    expect(audienceOf("OFFLINE", { householdId: null })).toMatchObject({ residents: false, centre: true });
  });
});

describe("labels", () => {
  it("names points, values and places in Chinese", () => {
    expect(pointLabel("leak_ma_3")).toBe("剩余电流 通道3");
    expect(pointLabel("pressure_mpa")).toBe("水压");
    expect(pointLabel("odd")).toBe("odd");
    expect(formatValue("pressure_mpa", 0.0512)).toBe("0.05 MPa");
    expect(formatValue("temp_c", 81.26)).toBe("81.3 °C");
    expect(formatValue("flow", 1)).toBe("有水流");
    expect(floorLabel(-2)).toBe("地下2层");
    expect(locationText({ building: "门诊楼", floor: 3, place: "配电室" }, "leak_ma_2")).toBe(
      "门诊楼 3层 配电室 · 剩余电流 通道2",
    );
    expect(locationText({ building: "1号楼", floor: null, place: "屋顶水箱" })).toBe("1号楼 屋顶水箱");
    expect(locationText({}, "")).toBe("");
  });
});
