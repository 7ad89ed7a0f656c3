// The monthly dispatch page in headless Chromium (issue 19): the programme office opens it, sees the
// figures, the coverage curve drawn by ECharts, the laggards with links to the unit's file, records a talk
// through the form, and downloads the xlsx; a coordinator sees only their township; a regulator is told home
// coverage is not theirs; a property manager is refused the page; the page says how many subjects' stages their
// devices contradict and links to 推进计划's list of them. Every page passes axe. Screenshots:
// test-results/screenshots/console-dispatch-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console dispatch");

const signIn = (t: TestApi, username: string, next = "/console/dispatch") =>
  signInDesk(t, username, { next, acceptDownloads: true });

describe.skipIf(unavailable !== null)("console monthly dispatch in headless Chromium", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows the office the dispatch, draws its charts and records a talk", async () => {
    const s = await signIn(t, "programme");
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/dispatch`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.textContent("#dispatch-scope")).toContain("全县");
      const prisma = t.api.db.prisma;
      expect(Number(await page.textContent("#total-target"))).toBeGreaterThan(0);
      // ECharts drew the curve (a canvas inside its host)
      expect(await page.locator("#chart-coverage-history canvas").count()).toBeGreaterThan(0);
      expect(await page.locator("#chart-scores canvas").count()).toBeGreaterThan(0);
      // a laggard's name opens its file
      const first = page.locator("#laggard-units tbody a").first();
      if (await first.count()) expect(await first.getAttribute("href")).toMatch(/^\/console\/units\/.+/);
      expect(await page.locator("#score-rule tbody tr").count()).toBe(6);
      await axe.check(page, "dispatch (office)");
      await shot(page, "console-dispatch-office");

      const before = await prisma.rolloutTalk.count();
      await page.fill("#talk-form input[name=heldAt]", "2026-11-20T09:30");
      await page.fill("#talk-form input[name=attendees]", "单位负责人、乡镇协调员");
      await page.fill("#talk-form input[name=reason]", "全面推开阶段尚未安装");
      await page.fill("#talk-form textarea[name=promises]", "十日内完成安装并申请验收");
      await page.fill("#talk-form input[name=followUpOn]", "2026-12-20");
      // the screen saves through the API and shows the talk without reloading the page
      await page.click("#talk-form button[type=submit]");
      await page.locator("#talks", { hasText: "十日内完成安装并申请验收" }).waitFor();
      expect(await page.textContent("#talk-status")).toContain("已保存");
      expect(await prisma.rolloutTalk.count()).toBe(before + 1);

      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dispatch-xlsx")]);
      expect(download.suggestedFilename()).toMatch(/^anxin-dispatch-\d{4}-\d{2}\.xlsx$/);

      // the printable page: print media hides the controls
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("#talk-form").isVisible()).toBe(false);
      await shot(page, "console-dispatch-print");
    } finally {
      await s.close();
    }
  });

  it("shows a coordinator their township only and no forms, a regulator no home coverage; refuses a manager", async () => {
    const s = await signIn(t, "coordinator");
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/dispatch`);
      await page.waitForSelector("body[data-ready='1']");
      const me = await t.api.db.prisma.staffUser.findFirstOrThrow({
        where: { username: "coordinator" },
        include: { township: true },
      });
      expect(await page.textContent("#dispatch-scope")).toContain(me.township!.name);
      expect(await page.locator("#by-township tbody tr").count()).toBeLessThanOrEqual(2); // theirs and the total
      expect(await page.locator("#talk-form").count()).toBe(0);
      await axe.check(page, "dispatch (coordinator)");
      await shot(page, "console-dispatch-coordinator");
    } finally {
      await s.close();
    }
    // a sector regulator's scope holds schools, no homes: no coverage rate of nothing, no target missed
    const r = await signIn(t, "reg_edu");
    try {
      await r.page.goto(`${t.url}/console/dispatch`);
      await r.page.waitForSelector("body[data-ready='1']");
      expect(await r.page.textContent("#coverage-rate")).toBe("—");
      expect(await r.page.textContent("#coverage-rate + .l")).toContain("本范围没有老旧高层住户");
    } finally {
      await r.close();
    }
    const m = await signIn(t, "manager_a", "/console/board");
    try {
      const res = await m.page.goto(`${t.url}/console/dispatch`);
      expect(res?.status()).toBe(403);
    } finally {
      await m.close();
    }
  });
  it("says how many subjects' stages their devices contradict, and links to 推进计划's list of them", async () => {
    const prisma = t.api.db.prisma;
    const hospital = t.demo.units!.find((u) => u.key === "yy")!.id; // 已验收
    for (const d of await prisma.device.findMany({ where: { unitId: hospital }, select: { id: true } }))
      await prisma.deviceStatus.upsert({
        where: { deviceId: d.id },
        create: { deviceId: d.id, online: false, lastSeenAt: new Date(Date.now() - 86_400_000) },
        update: { online: false },
      });
    const s = await signIn(t, "programme");
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/dispatch`);
      await page.waitForSelector("body[data-ready='1']");
      const line = page.locator("#stage-mismatch");
      expect(Number(await line.getAttribute("data-count"))).toBeGreaterThan(0);
      const [, units, buildings] = /联网单位 (\d+) 家，老旧高层住宅楼 (\d+) 栋/.exec((await line.textContent()) ?? "")!;
      expect(Number(units)).toBeGreaterThan(0);
      await axe.check(page, "dispatch with stages the devices contradict");
      await shot(page, "console-dispatch-mismatch");
      await Promise.all([page.waitForURL(/\/console\/rollout\?mismatch=1$/), line.locator("a").click()]);
      await page.waitForSelector("#units-title:has-text('推进状态与设备不符的联网单位')");
      expect(await page.textContent("#mismatch-card")).toContain(`联网单位 ${units}，老旧高层住宅楼 ${buildings}`);
      expect(await page.locator("#rollout-units tbody tr").count()).toBe(Number(units));
    } finally {
      await s.close();
    }
  });
});
