// The console's report figures and CSV, without a browser: the monthly screen's cells, and CSV cells cannot
// become formulas. (The county view and the monthly report are screens of the React app, which write names as
// text; their browser test, console.test.ts, checks what they show and that the xlsx has the same figures.)
import { describe, expect, it } from "vitest";
import { devicesCsv, type DeviceItem } from "../../portal/src/console/downloads.ts";
import { monthlyCells } from "../../portal/src/console/app/screens/monthly-cells.ts";
import { duration, pct } from "../../portal/src/console/app/lib/format.ts";

const times = {
  alarms: 2,
  acknowledged: 2,
  ackMedianSec: 95,
  ackP90Sec: 3700,
  resolved: 1,
  resolveMedianSec: 600,
  resolveP90Sec: 600,
};
const cov = { households: 10, covered: 5, rate: 0.5 };

describe("figures as the console says them", () => {
  it("gives durations people can read", () => {
    expect(duration(times.ackMedianSec)).toBe("1分35秒");
    expect(duration(times.ackP90Sec)).toBe("1小时1分");
    expect(duration(null)).toBe("—");
    expect(pct(0.5)).toBe("50.0%");
  });
});

describe("monthly report rows", () => {
  const f = {
    id: "t1",
    name: "城关街道",
    coverage: cov,
    alarms: { all: 3, fire: 2 },
    responseTimes: times,
    openProblems: 1,
  };

  it("shows each row's figures in the order of the table's columns", () => {
    expect(monthlyCells({ ...f, trainedPeople: 40 }, true)).toEqual([
      "城关街道",
      "10",
      "5",
      "50.0%",
      "3",
      "2",
      "1分35秒",
      "1小时1分",
      "10分0秒",
      "10分0秒",
      "1",
      "40",
    ]);
  });

  it("has a training column only where training is counted, and a dash when nobody was counted", () => {
    expect(monthlyCells({ ...f, trainedPeople: 40 }, false)).toHaveLength(11);
    expect(monthlyCells({ ...f, trainedPeople: null }, true).at(-1)).toBe("—");
  });
});

describe("device CSV", () => {
  it("opens in Excel as UTF-8 and cannot carry a formula", () => {
    const d: DeviceItem = {
      id: "AX1",
      serial: '=HYPERLINK("http://x")',
      name: "客厅, 烟感",
      room: null,
      mode: "NORMAL",
      modelName: "M",
      kind: "SMOKE_ALARM",
      householdId: "h",
      communityId: "c1",
      state: "offline",
      battery: 20,
      lastSeenAt: null,
    };
    const csv = devicesCsv([d], new Map([["c1", "幸福小区"]]));
    expect(csv.startsWith("\uFEFF设备编号,")).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain('"客厅, 烟感"');
    expect(csv).toContain("离线");
    expect(csv).toContain("正常");
  });
});
