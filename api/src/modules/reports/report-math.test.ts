import { describe, expect, it } from "vitest";
import { monthRange, page, percentile, periodsAt, rate } from "./report-math.ts";

describe("report math", () => {
  it("takes the nearest-rank percentile", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([30], 90)).toBe(30);
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it("rounds rates and treats 0 of 0 as 0", () => {
    expect(rate(1, 3)).toBe(0.333);
    expect(rate(0, 0)).toBe(0);
  });

  it("cuts periods on county days: 2026-11-29 02:00 +08 is Sunday in a week that began on Monday the 23rd", () => {
    const p = periodsAt(new Date("2026-11-28T18:00:00Z"));
    expect(p.todayFrom.toISOString()).toBe("2026-11-28T16:00:00.000Z");
    expect(p.weekFrom.toISOString()).toBe("2026-11-22T16:00:00.000Z");
    expect(p.monthFrom.toISOString()).toBe("2026-10-31T16:00:00.000Z");
  });

  it("spans a month across the new year", () => {
    const r = monthRange("2026-12");
    expect(r.from.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(r.to.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });

  it("pages and sorts with stable ties", () => {
    const rows = [
      { name: "b", n: 1 },
      { name: "a", n: 1 },
      { name: "c", n: 5 },
    ];
    expect(page(rows, { offset: 0, limit: 2, sort: "n", order: "desc" }).items.map((r) => r.name)).toEqual(["c", "a"]);
    expect(page(rows, { offset: 2, limit: 2, sort: "n", order: "desc" })).toEqual({
      total: 3,
      items: [{ name: "b", n: 1 }],
    });
    const gaps = [
      { name: "x", t: null },
      { name: "y", t: 30 },
      { name: "z", t: 10 },
    ];
    for (const order of ["asc", "desc"] as const)
      expect(page(gaps, { offset: 0, limit: 3, sort: "t", order }).items.at(-1)!.name).toBe("x");
  });
});
