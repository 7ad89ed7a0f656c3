// 全县态势's 联网单位 section in headless Chromium: the supervisor's landing page shows the networked units'
// figures as the API gives them (the states in the command wall's words and colours, the month's fire
// signals, open and overdue hazards, open facility faults, the units by category), links to 指挥大屏,
// 联网单位 and 隐患整改, switches the signals' period, passes axe, and has the section on the brigade's wall
// display (1920x1080) without scrolling. Screenshots: test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CountyReport } from "../../api/src/contract/reports.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, axeShot, shot } = consoleSuite("console county units");
const WALL = { width: 1920, height: 1080 };
/** The page's own document, as the functions run in the browser see it (this file is compiled without the DOM). */
declare const document: { documentElement: { scrollHeight: number; scrollWidth: number } };

describe.skipIf(unavailable !== null)("the networked units on 全县态势", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi({ env: { REPORTS_CACHE_MS: "0" } });
    const prisma = t.api.db.prisma;
    const now = new Date();
    const hospital = await prisma.networkedUnit.findFirstOrThrow({ where: { name: "示范县人民医院" } });
    const home = await prisma.networkedUnit.findFirstOrThrow({ where: { name: "青石镇敬老院" } });
    const deviceOf = (unitId: string) =>
      prisma.device.findFirstOrThrow({ where: { unitId, model: { kind: { not: "CAMERA" } } } });
    const uitd = await deviceOf(hospital.id);
    await prisma.deviceStatus.upsert({
      where: { deviceId: uitd.id },
      create: { deviceId: uitd.id, online: true, lastSeenAt: now },
      update: { online: true, lastSeenAt: now },
    });
    // a false alarm confirmed at the hospital 90 s after it started, the nursing home's hydrant pressure low
    const started = new Date(now.getTime() - 300_000);
    await prisma.alarm.create({
      data: {
        deviceId: uitd.id,
        unitId: hospital.id,
        kind: "FIRE",
        point: "browser-1",
        severity: "CRITICAL",
        status: "RESOLVED",
        openSlot: null,
        startedAt: started,
        lastEventAt: started,
        verdict: "FALSE_ALARM",
        verdictAt: new Date(started.getTime() + 90_000),
        resolvedAt: new Date(started.getTime() + 90_000),
      },
    });
    await prisma.alarm.create({
      data: {
        deviceId: (await deviceOf(home.id)).id,
        unitId: home.id,
        kind: "LOW_PRESSURE",
        severity: "MAJOR",
        startedAt: started,
        lastEventAt: started,
      },
    });
    // a major hazard past its deadline
    await prisma.hazard.create({
      data: {
        unitId: hospital.id,
        place: "地下车库",
        category: "OTHER",
        description: "防火卷帘下堆放杂物",
        severity: "MAJOR",
        source: "SUPERVISOR",
        status: "ASSIGNED",
        reportedBy: "staff:test",
        deadline: new Date(now.getTime() - 86_400_000),
      },
    });
  }, 120_000);
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows the units' figures as the API gives them, with links to the detail, and switches the period", async () => {
    const token = await t.loginStaff("supervisor");
    const api = (await t.request<CountyReport>("get", "/api/reports/county", { token })).body.units;
    expect(api.signals.fireSignals).toBe(1);
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.waitForSelector("body[data-ready='1']");
      const n = async (id: string) => ((await page.textContent(`#${id} .n`)) ?? "").trim();
      expect(await page.textContent("#units-title")).toBe("联网单位");
      expect(await n("units-online")).toBe(`${api.online} / ${api.total}`);
      // each state's count beside its word, as the command wall says it
      for (const [state, word] of [
        ["fire", "火警"],
        ["fault", "故障"],
        ["offline", "离线"],
        ["unconnected", "未接入"],
        ["normal", "正常"],
      ] as const) {
        const key = state.toUpperCase() as keyof typeof api.states;
        expect(await n(`units-${state}`), state).toBe(String(api.states[key]));
        expect(await page.textContent(`#units-${state}`)).toContain(word);
      }
      expect(api.states.NORMAL).toBe(1); // the hospital
      expect(api.states.FAULT).toBe(1); // the nursing home's low pressure
      // a state's colour where units are in it; a 0 in plain type (a red "0 火警" reads as a fire)
      expect(await page.getAttribute("#units-normal", "class")).toContain("s-normal");
      expect(await page.getAttribute("#units-fault", "class")).toContain("s-fault");
      expect(api.states.FIRE).toBe(0);
      expect(await page.getAttribute("#units-fire", "class")).toContain("zero");
      expect(await n("units-signals")).toBe("1");
      expect(await page.textContent("#units-signals .l")).toContain("本月火警信号（真实 0，误报 1");
      expect(await page.textContent("#units-119 .l")).toContain("本月推送 119");
      expect(await n("units-false-rate")).toBe("100.0%");
      expect(await n("units-confirm")).toBe("1分30秒");
      expect(await n("units-overdue")).toBe(String(api.hazards.overdue.total));
      expect(await page.textContent("#units-overdue .l")).toContain(`重大隐患 ${api.hazards.overdue.major}`);
      expect(await page.getAttribute("#units-overdue", "class")).toContain("bad");
      expect(await n("units-faults")).toBe("1");
      expect(await page.textContent("#units-faults .l")).toContain("消防水压过低 1");
      // the units by category, and the total row
      const rows = await page.locator("#units-table tbody tr").allTextContents();
      expect(rows).toHaveLength(api.byCategory.length);
      expect(rows.some((r) => r.startsWith("医院"))).toBe(true);
      expect(await page.textContent("#units-table tfoot")).toContain(`合计${api.total}${api.online}`);
      // the detail, a click away
      for (const [word, href] of [
        ["指挥大屏", "/console/command"],
        ["联网单位", "/console/units"],
        ["隐患整改", "/console/hazards?view=overdue"],
      ])
        expect(await page.getAttribute(`.county-units .units-links a:text-is("${word}")`, "href")).toBe(href);
      expect(await page.locator("main").innerText()).not.toMatch(/UNCONNECTED|LOW_PRESSURE|HOSPITAL/);
      await axeShot(page, "console-county-units");

      await page.click(`.units-period a:text-is("今日")`);
      await page.waitForURL((u) => u.searchParams.get("uPeriod") === "today");
      await expect.poll(() => page.textContent("#units-signals .l")).toMatch(/^今日火警信号/);
      expect(await page.getAttribute(`.units-period a:text-is("今日")`, "aria-current")).toBe("true");
    } finally {
      await s.close();
    }
  });

  it("has the section on the wall display, on the one screen", async () => {
    const s = await signInDesk(t, "supervisor", { next: "/console/county", label: "supervisor" });
    try {
      const { page } = s;
      await page.setViewportSize(WALL);
      await page.goto(`${t.url}/console/county?wall=1`);
      await page.waitForSelector("body[data-ready='1']");
      const size = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
      expect(size.height).toBeLessThanOrEqual(WALL.height);
      expect(size.width).toBeLessThanOrEqual(WALL.width);
      for (const sel of [
        "#units-title",
        "#unit-states",
        "#units-online",
        "#units-signals",
        "#units-faults",
        "#units-table",
      ]) {
        const box = await page.locator(sel).boundingBox();
        expect(box, sel).not.toBeNull();
        expect(box!.x + box!.width, sel).toBeLessThanOrEqual(WALL.width);
        expect(box!.y + box!.height, sel).toBeLessThanOrEqual(WALL.height);
      }
      // the period links keep the wall display
      expect(await page.getAttribute(`.units-period a:text-is("本周")`, "href")).toContain("wall=1");
      await axe.check(page, "county units wall 1920");
      await shot(page, "console-county-units-wall", { fullPage: false });
    } finally {
      await s.close();
    }
  });
});
