// 设备健康's service mode in headless Chromium: a property manager reads each device's mode in words, switches one
// to maintenance (refused where they look until a reason is given; the reason kept in the audit log), finds it
// under 未正常使用, sees it marked once it has been out of use for over a day, at 390 px too, and puts it back in
// normal use after a question asked once. A fire supervisor reads the modes and has no switch. A community's water
// tank is worded by its kind: out of normal use it still raises its own alarms (离线不报警), while a smoke alarm beside
// it reports no fire (不报火警), in its cell, the switch's dialog and the messages. axe on each view.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console device mode");

// what the page's side of page.evaluate uses (this file is type-checked without the DOM's types)
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

const PHONE = { width: 390, height: 844 };
const DAY_MS = 24 * 3600_000;

describe.skipIf(unavailable !== null)("switching a device's mode on 设备健康", () => {
  let t: TestApi;
  let device: { id: string; serial: string };

  beforeAll(async () => {
    t = await startTestApi();
    // the first device of 幸福小区 (安居物业), in normal use: the first row of manager_a's list
    device = await t.api.db.prisma.device.findFirstOrThrow({
      where: { community: { name: "幸福小区" }, mode: "NORMAL" },
      orderBy: { id: "asc" },
      select: { id: true, serial: true },
    });
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  const rowOf = (page: Page) => page.locator(`#device-table tr[data-device='${device.id}']`);
  const audits = () =>
    t.api.db.prisma.auditEvent.findMany({
      where: { subject: `device:${device.id}`, action: "device.mode_changed" },
      orderBy: { at: "asc" },
    });

  it("switches a device to maintenance with a reason, marks it after a day, and puts it back in use", async () => {
    const s = await signInDesk(t, "manager_a", { next: "/console/devices", label: "manager_a" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/devices`);
      await page.waitForSelector("body[data-ready='1']");
      const row = rowOf(page);
      await expect.poll(() => row.getAttribute("data-mode")).toBe("NORMAL");
      expect(await row.textContent()).toContain("正常使用");
      expect(await page.locator("#device-table thead").textContent()).toContain("切换模式");

      // 转为维护模式 asks the reason: without one the API's refusal is shown beside the field, nothing changes
      await row.getByRole("button", { name: `转为维护模式：${device.serial}`, exact: false }).click();
      const dialog = page.locator("#mode-dialog");
      await dialog.locator("#mode-reason").waitFor();
      expect(await dialog.textContent()).toContain("不会");
      await axe.check(page, "device mode: the reason asked");
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      await dialog.locator(".field.invalid #mode-reason").waitFor();
      expect(await dialog.locator(".field-error").textContent()).toBe("请填写原因");
      expect(await dialog.locator("#mode-form-result").textContent()).toContain("须填写原因");
      await axe.check(page, "device mode: reason missing");
      await shot(page, "console-device-mode-reason", { fullPage: false });
      expect((await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: device.id } })).mode).toBe("NORMAL");
      expect(await audits()).toEqual([]);

      // with a reason: switched, said, the row in words with the way back
      await dialog.locator("#mode-reason").fill("更换电池");
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      await page.locator("#mode-result", { hasText: "转为维护模式" }).waitFor();
      await expect.poll(() => row.getAttribute("data-mode")).toBe("MAINTENANCE");
      expect(await dialog.isVisible()).toBe(false);
      expect(await row.textContent()).toContain("维护模式");
      expect(await row.textContent()).toContain("不报火警");
      await row.getByRole("button", { name: /恢复正常使用/ }).waitFor();
      const staff = await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "manager_a" } });
      expect(await audits()).toMatchObject([
        {
          actor: `staff:${staff.id}`,
          before: '{"mode":"NORMAL"}',
          after: '{"mode":"MAINTENANCE"}',
          note: "更换电池",
        },
      ]);

      // two days on (the switch moved back in the log): listed under 未正常使用, marked
      await t.api.db.prisma.auditEvent.updateMany({
        where: { subject: `device:${device.id}` },
        data: { at: new Date(Date.now() - 2 * DAY_MS - 60_000) },
      });
      await page.click("#out-of-service");
      await page.waitForURL((u) => u.searchParams.get("outOfService") === "true");
      await page.waitForSelector("body[data-ready='1']");
      await expect.poll(() => row.locator(".mode-overdue").textContent()).toBe("维护中已超过 2 天");
      for (const mode of await page
        .locator("#device-table tbody tr[data-mode]")
        .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { mode: string } }).dataset.mode)))
        expect(mode).not.toBe("NORMAL");
      expect(await page.locator("#device-table-title").textContent()).toContain("未正常使用");
      // the CSV exports what is listed: the devices out of normal use
      await expect.poll(() => page.getAttribute("#csv", "href")).toBe("/console/devices.csv?state=&outOfService=true");
      await axe.check(page, "device mode: out of normal use (desk)");
      await shot(page, "console-device-mode-desk");

      // at 390 px: a card with the mark and the button, nothing wider than the screen
      await page.setViewportSize(PHONE);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE.width);
      const back = row.getByRole("button", { name: /恢复正常使用/ });
      expect((await back.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await row.locator(".mode-overdue").isVisible()).toBe(true);
      await axe.check(page, "device mode: out of normal use (phone)");
      await shot(page, "console-device-mode-phone", { fullPage: false });

      // 恢复正常使用: asked once, then the device leaves the list of those out of use
      await back.click();
      const confirm = page.locator("dialog#confirm");
      await confirm.getByRole("button", { name: "恢复正常使用" }).waitFor();
      expect(await confirm.textContent()).toContain(device.serial);
      await axe.check(page, "device mode: back in use asked (phone)");
      await confirm.getByRole("button", { name: "恢复正常使用" }).click();
      await page.locator("#mode-result", { hasText: "已恢复正常使用" }).waitFor();
      await row.waitFor({ state: "detached" });
      expect((await t.api.db.prisma.device.findUniqueOrThrow({ where: { id: device.id } })).mode).toBe("NORMAL");
      const rows = await audits();
      expect(rows.map((r) => [r.before, r.after])).toEqual([
        ['{"mode":"NORMAL"}', '{"mode":"MAINTENANCE"}'],
        ['{"mode":"MAINTENANCE"}', '{"mode":"NORMAL"}'],
      ]);
    } finally {
      await s.close();
    }
  });

  it("shows a fire supervisor the modes in words, with no switch", async () => {
    await t.api.db.prisma.device.update({ where: { id: device.id }, data: { mode: "INSTALLATION" } });
    const s = await signInDesk(t, "supervisor", { next: "/console/devices", label: "supervisor" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/devices?outOfService=true`);
      await page.waitForSelector("body[data-ready='1']");
      const row = rowOf(page);
      await row.waitFor();
      expect(await row.textContent()).toContain("安装模式");
      expect(await page.locator("#device-table thead").textContent()).not.toContain("切换模式");
      expect(await page.locator("#device-table button").count()).toBe(0);
      await axe.check(page, "device mode: the supervisor's list");
    } finally {
      await s.close();
      await t.api.db.prisma.device.update({ where: { id: device.id }, data: { mode: "NORMAL" } });
    }
  });
  it("words a community's water tank by its kind (离线不报警), a smoke alarm beside it still 不报火警", async () => {
    const db = t.api.db.prisma;
    // the demo's roof tank of 幸福小区 (sensors-demo.ts), in normal use, and the page of manager_a's list it is on
    const tank = await db.device.findFirstOrThrow({
      where: { community: { name: "幸福小区" }, model: { kind: "WATER_LEVEL" }, mode: "NORMAL" },
      orderBy: { id: "asc" },
      select: { id: true, serial: true, name: true },
    });
    const before = await db.device.count({
      where: { community: { propertyCompany: { name: "安居物业" } }, id: { lt: tank.id } },
    });
    const smoke = await db.device.findUniqueOrThrow({ where: { id: device.id }, include: { model: true } });
    expect(smoke.model.kind).toBe("SMOKE_ALARM");
    const s = await signInDesk(t, "manager_a", { next: "/console/devices", label: "manager_a" });
    try {
      const { page } = s;
      await page.goto(`${t.url}/console/devices?offset=${Math.floor(before / 50) * 50}`);
      await page.waitForSelector("body[data-ready='1']");
      const tankRow = page.locator(`#device-table tr[data-device='${tank.id}']`);
      await expect.poll(() => tankRow.getAttribute("data-mode")).toBe("NORMAL");

      // the dialog says its alarms go on and only its going offline is not said
      await tankRow.getByRole("button", { name: `转为维护模式：${tank.serial}`, exact: false }).click();
      const dialog = page.locator("#mode-dialog");
      await dialog.locator("#mode-reason").waitFor();
      const effect = await dialog.locator("#mode-effect").textContent();
      expect(effect).toContain("它的报警（水位过低或过高）照常发出，只有它离线时不会发出离线报警");
      expect(effect).not.toContain("火警");
      await dialog.locator("#mode-reason").fill("清洗水箱");
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      const done = page.locator("#mode-result", { hasText: "转为维护模式" });
      await done.waitFor();
      expect(await done.textContent()).toContain("它离线时不会报警，其他报警照常");
      expect(await done.textContent()).not.toContain("火警");
      await expect.poll(() => tankRow.getAttribute("data-mode")).toBe("MAINTENANCE");
      expect(await tankRow.locator(".mode-out").textContent()).toContain("维护模式（离线不报警）");
      expect(await tankRow.textContent()).not.toContain("不报火警");

      // beside a smoke alarm out of normal use: each row says what its own kind does
      await db.device.update({ where: { id: device.id }, data: { mode: "MAINTENANCE" } });
      await page.click("#out-of-service");
      await page.waitForURL((u) => u.searchParams.get("outOfService") === "true");
      await page.waitForSelector("body[data-ready='1']");
      const smokeRow = rowOf(page);
      await smokeRow.waitFor();
      expect(await smokeRow.locator(".mode-out").textContent()).toContain("维护模式（不报火警）");
      expect(await tankRow.locator(".mode-out").textContent()).toContain("维护模式（离线不报警）");
      expect(await tankRow.textContent()).not.toContain("不报火警");
      await axe.check(page, "device mode: a tank and a smoke alarm out of normal use");

      // back in use: the question says its going offline is reported again, not that fires are
      await tankRow.getByRole("button", { name: /恢复正常使用/ }).click();
      const confirm = page.locator("dialog#confirm");
      await confirm.getByRole("button", { name: "恢复正常使用" }).waitFor();
      const asked = await confirm.textContent();
      expect(asked).toContain("恢复后，它离线时会再次报警；它的其他报警一直照常发出。");
      expect(asked).not.toContain("火警");
      await confirm.getByRole("button", { name: "恢复正常使用" }).click();
      await page.locator("#mode-result", { hasText: "已恢复正常使用" }).waitFor();
      await tankRow.waitFor({ state: "detached" });

      // the smoke alarm's question still speaks of its fire alarms
      await smokeRow.getByRole("button", { name: /恢复正常使用/ }).click();
      await confirm.getByRole("button", { name: "恢复正常使用" }).waitFor();
      expect(await confirm.textContent()).toContain(
        "恢复后，它的火警（烟感、手动报警、燃气泄漏）会立即通知住户和物业。",
      );
      await confirm.getByRole("button", { name: "恢复正常使用" }).click();
      await smokeRow.waitFor({ state: "detached" });
    } finally {
      await s.close();
      await db.device.updateMany({ where: { id: { in: [tank.id, device.id] } }, data: { mode: "NORMAL" } });
    }
  });
});
