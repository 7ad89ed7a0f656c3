// The console's report pages as HTML and CSV, without a browser: the monthly page's figures, and CSV cells
// cannot become formulas. (The county view is a screen of the React app now, which writes names as text; its
// browser tests, console.test.ts and console-map.test.ts, check what it shows.)
import { describe, expect, it } from "vitest";
import { devicesCsv, type DeviceItem } from "../../portal/src/console/pages/devices.ts";
import { monthlyBody } from "../../portal/src/console/pages/monthly.ts";
import { duration, pct } from "../../portal/src/console/pages/format.ts";
import type { MonthlyReport } from "../../api/src/contract/reports.ts";

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

describe("monthly page", () => {
  it("shows each row's figures", () => {
    const f = {
      id: "t1",
      name: "城关街道",
      coverage: cov,
      alarms: { all: 3, fire: 2 },
      responseTimes: times,
      openProblems: 1,
    };
    const r: MonthlyReport = {
      month: "2026-11",
      from: "",
      to: "",
      generatedAt: "2026-11-28T10:00:00.000Z",
      scope: "county",
      coverageTarget: 0.5,
      townships: [{ ...f, trainedPeople: 40 }],
      companies: [],
      total: { ...f, id: "total", name: "全县", sessionsHeld: 3, trainedPeople: 40 },
    };
    const page = monthlyBody(r).value;
    expect(page).toMatch(
      /<td>城关街道<\/td><td class="num">10<\/td><td class="num">5<\/td><td class="num">50.0%<\/td><td class="num">3<\/td><td class="num">2<\/td>/,
    );
    expect(page).toContain('href="/console/monthly.xlsx?month=2026-11"');
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
