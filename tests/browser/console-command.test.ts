// The monitoring centre's command view on a 1920x1080 wall display (issue 17 item 4): units on the map in
// their state's colour and in words (a fire, a fault, an offline unit, a normal one with a device online, and
// the demo's units whose devices never connected, 离线, or that have none, 未接入), the live feed with the
// fire first, the selected alarm's unit file and its timeline. Checked with axe; the screenshot is kept in
// test-results/screenshots/console-command-1920.png.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite } from "./console-desk.ts";
import { computedStyle } from "./axe.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console command view");

describe.skipIf(unavailable !== null)("the centre's command view", () => {
  let t: TestApi;
  let fireId = "";

  beforeAll(async () => {
    t = await startTestApi();
    const p = t.api.db.prisma;
    // a township of the test's own: the demo county's 9 units (no alarm; none of their devices has ever
    // connected, five have none) stay beside these four
    const county = await p.township.findFirstOrThrow({ orderBy: { name: "asc" } });
    const township = await p.township.create({ data: { countyId: county.countyId, name: "指挥测试镇", kind: "TOWN" } });
    await p.deviceModel.upsert({
      where: { id: "AX-UITD" },
      create: { id: "AX-UITD", kind: "UITD", vendor: "安心", name: "用户信息传输装置", heartbeatIntervalSec: 300 },
      update: {},
    });
    const units = [
      ["示范县人民医院", "HOSPITAL", 28.02, 116.01, "CALL_POINT"],
      ["城关商场", "SHOPPING_MARKET", 28.0, 116.05, "PANEL_FAULT"],
      ["青石镇敬老院", "NURSING_HOME", 27.96, 115.98, "OFFLINE"],
      ["县第一中学", "BOARDING_SCHOOL", 27.99, 116.03, null],
    ] as const;
    let n = 0;
    for (const [name, category, lat, lng, kind] of units) {
      n++;
      const u = await p.networkedUnit.create({
        data: {
          townshipId: township.id,
          name,
          creditCode: `1236019900000${n}000X`.slice(0, 18),
          category,
          sector: "OTHER",
          address: `城关镇示范路 ${n} 号`,
          latitude: lat,
          longitude: lng,
          controlRoomPhone: `0791000000${n}`,
          controlRoomLocation: "1 层消防控制室",
          hasAutoFireAlarm: true,
        },
      });
      const device = `uitd-${n}`;
      if (!kind) {
        // the normal one: its transmission device online, nothing open
        const now = t.api.services.clock.now();
        await p.device.create({
          data: {
            id: device,
            serial: device,
            modelId: "AX-UITD",
            secretHash: "x",
            unitId: u.id,
            transport: "gb26875",
            status: { create: { online: true, lastSeenAt: now } },
          },
        });
        continue;
      }
      const b = await p.unitBuilding.create({
        data: { unitId: u.id, name: "门诊楼", floorsAbove: 6, floorsBelow: 1, heightM: 23 },
      });
      const part = await p.keyPart.create({ data: { unitId: u.id, buildingId: b.id, name: "3 层配电室", floor: 3 } });
      await p.unitFacility.create({ data: { unitId: u.id, kind: "AUTO_FIRE_ALARM", count: 1 } });
      await p.unitFacility.create({ data: { unitId: u.id, kind: "HYDRANT_SYSTEM", count: 24 } });
      const op = await p.staffUser.create({
        data: { username: `op${n}`, name: `值班员${n}`, role: "CONTROL_ROOM_OPERATOR", phone: `1380000000${n}` },
      });
      await p.staffUnit.create({ data: { staffUserId: op.id, unitId: u.id } });
      await p.device.create({
        data: { id: device, serial: device, modelId: "AX-UITD", secretHash: "x", unitId: u.id, transport: "gb26875" },
      });
      const now = t.api.services.clock.now();
      const alarm = await p.alarm.create({
        data: {
          deviceId: device,
          unitId: u.id,
          unitBuildingId: b.id,
          keyPartId: part.id,
          floor: 3,
          location: "门诊楼 3层 配电室",
          source: "gb26875",
          kind,
          severity: kind === "CALL_POINT" ? "CRITICAL" : "MAJOR",
          startedAt: now,
          lastEventAt: now,
        },
      });
      if (kind === "CALL_POINT") {
        fireId = alarm.id;
        t.api.services.centre.service.onAlarmChange({ outcome: "created", alarm });
        await t.api.services.centre.service.inflight.idle();
      }
    }
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  const p0 = () => t.api.db.prisma;

  it("shows a fire, a fault, offline and unconnected units and a normal one, the feed and the fire's file at 1920x1080", async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-command-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1920, height: 1080 },
      locale: "zh-CN",
    });
    try {
      const page = await context.newPage();
      // ?refresh=0 holds the page still (on the wall it updates itself in place every 5 s) while axe reads it
      await page.goto(`${t.url}/console/login?next=${encodeURIComponent("/console/command?refresh=0")}`);
      await page.fill("#username", "admin");
      await page.fill("#password", t.demo.staff.find((s) => s.username === "admin")!.password);
      await Promise.all([page.waitForURL(/\/console\/command/), page.click("button[type=submit]")]);
      await expect(page.locator("h1").textContent()).resolves.toContain("指挥大屏");
      const legend = await page.locator(".legend").first().textContent();
      expect(legend).toContain("火警 1");
      expect(legend).toContain("故障 1");
      // the demo's units: without any device 未接入, with devices that never connected 离线 (none is online)
      const units = await p0().networkedUnit.findMany({
        select: { _count: { select: { devices: { where: { model: { kind: { not: "CAMERA" } } } } } } },
      });
      const unconnected = units.filter((u) => !u._count.devices).length;
      expect(unconnected).toBeGreaterThanOrEqual(5);
      expect(legend).toContain(`未接入 ${unconnected}`);
      // the offline alarm's unit and every demo unit with devices: all but the fire, the fault and the school
      expect(legend).toContain(`离线 ${units.length - unconnected - 3}`);
      expect(legend).toContain("正常 1"); // the test's school, its device online
      const map = await page.locator("svg[role=img]").getAttribute("aria-label");
      expect(map).toContain("示范县人民医院：火警");
      expect(map).toContain("青石镇敬老院：离线");
      expect(map).toContain("县第一中学：正常");
      expect(map).toContain("万家福购物中心：离线");
      expect(map).toContain("城关中心幼儿园：未接入");
      const feed = page.locator(".feed li");
      expect(await feed.count()).toBe(3);
      await expect(feed.first().textContent()).resolves.toContain("手动报警按钮被按下"); // fire first
      await expect(page.locator(".feed a[aria-current=true]").getAttribute("href")).resolves.toContain(fireId);
      const file = await page.locator(".file").textContent();
      expect(file).toContain("示范县人民医院");
      expect(file).toContain("3 层配电室");
      expect(file).toContain("值班员1");
      expect(file).toContain("已通知消防控制室值班员"); // the timeline: the control room was told
      // where the alarm came from in words, and no internal ids in the timeline (walkthrough)
      expect(file).toContain("来自用户信息传输装置");
      expect(file).not.toMatch(/gb26875|device:|staff:|system:/);
      // the unit on fire is named on the map, in its tag
      await expect(page.locator("svg text[data-fire]").textContent()).resolves.toBe("示范县人民医院 · 火警");
      // large type: the body text is at least 20 px on the wall
      const size = parseFloat(await computedStyle(page.locator("body"), "fontSize"));
      expect(size).toBeGreaterThanOrEqual(20);
      await axe.check(page, "command view");
      await shot(page, "console-command-1920", { fullPage: false });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it("updates itself in place, without a reload, and a person at the screen can pause it", async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-command-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1920, height: 1080 },
      locale: "zh-CN",
    });
    const hospital = await p0().networkedUnit.findFirstOrThrow({ where: { name: "示范县人民医院" } });
    const rename = (name: string) => p0().networkedUnit.update({ where: { id: hospital.id }, data: { name } });
    const view = (page: import("playwright-core").Page) => page.locator(".cmd").textContent();
    try {
      const page = await context.newPage();
      // every 2 s here (the wall's 5 s by default)
      await page.goto(`${t.url}/console/login?next=${encodeURIComponent("/console/command?refresh=2")}`);
      await page.fill("#username", "admin");
      await page.fill("#password", t.demo.staff.find((s) => s.username === "admin")!.password);
      await Promise.all([page.waitForURL(/\/console\/command/), page.click("button[type=submit]")]);
      // no timed reload the user cannot stop (axe: meta-refresh), and the page passes axe as it updates
      expect(await page.locator("meta[http-equiv=refresh]").count()).toBe(0);
      const toggle = page.getByRole("button", { name: "暂停自动更新" });
      await toggle.waitFor({ state: "visible", timeout: 10_000 });
      await expect(page.locator(".cmd-refresh-state").textContent()).resolves.toBe("每 2 秒自动更新");
      await axe.check(page, "command view, updating");

      // a change reaches the wall in place: the page's own state (a mark set in it) survives the update
      await page.evaluate("window.mark = 7");
      await rename("示范县人民医院（新院区）");
      await expect.poll(() => view(page), { timeout: 20_000, interval: 250 }).toContain("新院区");
      expect(await page.evaluate("window.mark")).toBe(7);

      // paused: the next change does not come until it is resumed
      await toggle.click();
      const resume = page.getByRole("button", { name: "恢复自动更新" });
      await expect(resume.getAttribute("aria-pressed")).resolves.toBe("true");
      await rename("示范县人民医院（急救中心）");
      await page.waitForTimeout(5_000); // two and a half updates' time, none of them taken
      expect(await view(page)).not.toContain("急救中心");
      await resume.click();
      await expect.poll(() => view(page), { timeout: 20_000, interval: 250 }).toContain("急救中心");
      expect(await page.evaluate("window.mark")).toBe(7);
    } finally {
      await rename(hospital.name);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
