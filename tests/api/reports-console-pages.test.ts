// The console's report pages as HTML and CSV, without a browser: names from the database are escaped
// (also inside the JSON the county page carries for its charts), and CSV cells cannot become formulas.
import { describe, expect, it } from "vitest";
import { countyBody } from "../../portal/src/console/pages/county.ts";
import { devicesCsv, type DeviceItem } from "../../portal/src/console/pages/devices.ts";
import { monthlyBody } from "../../portal/src/console/pages/monthly.ts";
import type { CountyReport, MonthlyReport } from "../../api/src/modules/reports/reports.schemas.ts";

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
const evil = "<script>alert(1)</script>小区";

const county: CountyReport = {
  generatedAt: "2026-11-28T10:00:00.000Z",
  alarms: { today: { all: 1, fire: 1 }, week: { all: 2, fire: 1 }, month: { all: 3, fire: 2 } },
  responseWindow: { from: "2026-10-31T16:00:00.000Z", to: "2026-11-28T10:00:00.000Z" },
  responseTimes: times,
  responseByCommunity: { total: 1, items: [{ id: "c1", name: evil, company: "安居物业", ...times }] },
  responseByCompany: [{ id: "p1", name: "安居物业", ...times }],
  devices: { online: 3, total: 4 },
  coverageTarget: 0.5,
  coverage: cov,
  coverageByTownship: [{ id: "t1", name: "城关街道", ...cov, meetsTarget: true }],
  falseAlarms: {
    fireAlarms: 2,
    falseAlarms: 1,
    rate: 0.5,
    perDayLimit: 5,
    flaggedDevices: 0,
    flaggedHouseholds: 0,
    list: {
      by: "device",
      total: 1,
      items: [{ id: "d1", name: "AX1", fireAlarms: 2, falseAlarms: 1, rate: 0.5, maxPerDay: 1, flagged: false }],
    },
  },
  communities: [
    {
      id: "c1",
      name: evil,
      township: "城关街道",
      company: "安居物业",
      latitude: 28.6,
      longitude: 115.8,
      openAlarms: 1,
      coverage: cov,
    },
  ],
};

describe("county page", () => {
  const page = countyBody(
    county,
    {
      by: "device",
      sort: "falseAlarms",
      order: "desc",
      offset: 0,
      limit: 20,
      cOffset: 0,
      cLimit: 20,
      cSort: "ackMedianSec",
      cOrder: "desc",
    },
    undefined,
  ).value;

  it("escapes names in the tables and in the chart data", () => {
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;小区");
    const data = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(page)?.[1] ?? "";
    expect(JSON.parse(data)).toEqual(county); // \u003c inside the JSON reads back as "<"
  });

  it("shows durations people can read and the target verdict", () => {
    expect(page).toContain("1分35秒");
    expect(page).toContain("1小时1分");
    expect(page).toContain("达标");
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
