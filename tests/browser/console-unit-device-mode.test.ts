// A unit's devices out of normal use on 消防设施, in headless Chromium: the nursing home's safety officer follows the
// morning reminder's link (消防设施 at their unit), reads each device's mode in words (its smoke alarms too), finds one
// in 维护模式 for over two days marked so, at 1366 px and at 390 px, and puts it back in normal use after one question
// (the page's one confirm dialog); the switch is audited as theirs. axe on each view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { modeChangeRow } from "../../api/src/modules/devices/device-service-mode.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console unit device mode");

// what the page's side of page.evaluate uses (this file is type-checked without the DOM's types)
declare const document: { documentElement: { scrollWidth: number } };

const PHONE = { width: 390, height: 844 };
const DAY_MS = 24 * 3600_000;
/** the nursing home's two smoke alarms (prisma/seed/rollout-demo.ts), in installation mode */
const [DUTY_ROOM, BEDROOM] = ["AXR100001", "AXR100002"] as const;

describe.skipIf(unavailable !== null)("a unit's safety officer on 消防设施", () => {
  let t: TestApi;
  let home: string;

  beforeAll(async () => {
    t = await startTestApi();
    const db = t.api.db.prisma;
    home = (await db.networkedUnit.findFirstOrThrow({ where: { name: "青石镇敬老院" } })).id;
    // the duty room's alarm: in use, then taken out of it for a new base two days ago, and left so
    const manager = await db.staffUser.findUniqueOrThrow({ where: { username: "jly_guanli" } });
    await db.device.update({ where: { id: DUTY_ROOM }, data: { mode: "MAINTENANCE" } });
    await db.auditEvent.create({
      data: modeChangeRow(
        { actor: `staff:${manager.id}`, deviceId: DUTY_ROOM, from: "NORMAL", to: "MAINTENANCE", reason: "更换底座" },
        new Date(Date.now() - 2 * DAY_MS - 60_000),
      ),
    });
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  const rowOf = (page: Page, id: string) => page.locator(`#facility-table tr[data-device='${id}']`);
  const audits = () =>
    t.api.db.prisma.auditEvent.findMany({
      where: { subject: `device:${DUTY_ROOM}`, action: "device.mode_changed" },
      orderBy: { at: "asc" },
    });

  it("sees a device in 维护模式, marked, and puts it back in use", async () => {
    const link = `/console/facilities?place=unit:${home}`; // the morning reminder's (mode-reminders.ts)
    const s = await signInDesk(t, "jly_anquan", { next: link, label: "jly_anquan" });
    try {
      const { page } = s;
      await page.goto(`${t.url}${link}`);
      await page.waitForSelector("body[data-ready='1']");
      expect(await page.locator("#place").inputValue()).toBe(`unit:${home}`);
      const row = rowOf(page, DUTY_ROOM);
      expect(await row.count()).toBe(1); // the unit's smoke alarms are among its devices here
      expect(await row.getAttribute("data-mode")).toBe("MAINTENANCE");
      expect(await page.locator("#facility-table thead").textContent()).toContain("切换模式");
      const cell = row.locator("td[data-col='mode']");
      expect(await cell.textContent()).toContain("维护模式");
      expect(await cell.textContent()).toContain("不报火警");
      expect(await row.locator(".mode-overdue").textContent()).toBe("维护中已超过 2 天");
      expect(await row.textContent()).toContain("独立式感烟火灾探测报警器");
      // the other alarm, installing since the demo's 11-18: in words too
      expect(await rowOf(page, BEDROOM).getAttribute("data-mode")).toBe("INSTALLATION");
      expect(await rowOf(page, BEDROOM).locator("td[data-col='mode']").textContent()).toContain("安装模式");
      expect(await page.locator(".summary").textContent()).toContain("2 台未正常使用");
      await axe.check(page, "unit device mode: 消防设施 (1366 px)");
      await shot(page, "console-unit-device-mode");

      // at 390 px: a card with the mark and the button, nothing wider than the screen
      await page.setViewportSize(PHONE);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      const back = row.getByRole("button", { name: /恢复正常使用/ });
      expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await row.locator(".mode-overdue").isVisible()).toBe(true);
      await axe.check(page, "unit device mode: 消防设施 (390 px)");
      await shot(page, "console-unit-device-mode-phone", { fullPage: false });

      // 恢复正常使用: asked once, in the page's one question dialog, then said and shown in normal use
      await back.click();
      expect(await page.locator("dialog#confirm").count()).toBe(1);
      const confirm = page.locator("dialog#confirm");
      await confirm.getByRole("button", { name: "恢复正常使用" }).waitFor();
      expect(await confirm.textContent()).toContain("SNR2026110001");
      expect(await confirm.textContent()).toContain("单位和监控中心");
      await axe.check(page, "unit device mode: back in use asked (390 px)");
      await confirm.getByRole("button", { name: "恢复正常使用" }).click();
      await page.locator("#mode-result", { hasText: "已恢复正常使用" }).waitFor();
      await expect.poll(() => row.getAttribute("data-mode")).toBe("NORMAL");
      expect(await row.locator("td[data-col='mode']").textContent()).toContain("正常使用");
      await row.getByRole("button", { name: /转为维护模式/ }).waitFor();
      await page.setViewportSize({ width: 1366, height: 768 });
      await axe.check(page, "unit device mode: back in use (1366 px)");

      expect((await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: DUTY_ROOM } })).mode).toBe("NORMAL");
      const db = t.api.db.prisma;
      const me = await db.staffUser.findUniqueOrThrow({ where: { username: "jly_anquan" } });
      const manager = await db.staffUser.findUniqueOrThrow({ where: { username: "jly_guanli" } });
      expect((await audits()).map((r) => [r.actor, r.before, r.after])).toEqual([
        [`staff:${manager.id}`, '{"mode":"NORMAL"}', '{"mode":"MAINTENANCE"}'],
        [`staff:${me.id}`, '{"mode":"MAINTENANCE"}', '{"mode":"NORMAL"}'],
      ]);
    } finally {
      await s.close();
    }
  });
});
