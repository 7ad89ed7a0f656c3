// A unit's devices out of normal use on 消防设施, in headless Chromium: the nursing home's safety officer follows the
// morning reminder's link (消防设施 at their unit), reads each device's mode in words (its smoke alarms too), finds one
// in 维护模式 for over two days marked so, at 1366 px and at 390 px, and puts it back in normal use after one question
// (the page's one confirm dialog); the switch is audited as theirs. Then takes it out of use again (the reason asked
// first) and reads what 维护模式 does in words by kind: a smoke alarm's fire alarms go silent, a water tank's alarms
// go on and only its going offline is not said. The unit's control-room operator reads the modes and switches none;
// the hospital's safety officer sees the transmission device's mode with no switch (the centre's administrator's).
// axe on each view.
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
/** a water tank added to the nursing home here (the demo's facilities are the hospital's) */
const TANK = "JLY-TANK-01";

describe.skipIf(unavailable !== null)("a unit's safety officer on 消防设施", () => {
  let t: TestApi;
  let home: string;

  beforeAll(async () => {
    t = await startTestApi();
    const db = t.api.db.prisma;
    home = (await db.networkedUnit.findFirstOrThrow({ where: { name: "青石镇敬老院" } })).id;
    const tankModel = await db.deviceModel.findFirstOrThrow({ where: { kind: "WATER_LEVEL" }, orderBy: { id: "asc" } });
    await db.device.create({
      data: {
        id: TANK,
        serial: "SNJLY-TANK-01",
        modelId: tankModel.id,
        secretHash: "x",
        unitId: home,
        name: "屋顶消防水箱",
        floor: 3,
        placeName: "屋顶",
      },
    });
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
  const audits = (id: string = DUTY_ROOM) =>
    t.api.db.prisma.auditEvent.findMany({
      where: { subject: `device:${id}`, action: "device.mode_changed" },
      orderBy: { at: "asc" },
    });
  const modeOf = async (id: string) => (await t.api.db.prisma.device.findUniqueOrThrow({ where: { id } })).mode;
  const atFacilities = async (username: string, unitId: string) => {
    const link = `/console/facilities?place=unit:${unitId}`;
    const s = await signInDesk(t, username, { next: link, label: username });
    await s.page.goto(`${t.url}${link}`);
    await s.page.waitForSelector("body[data-ready='1']");
    return s;
  };

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

  it("takes a device out of use with a reason, and says what that does by kind", async () => {
    const s = await atFacilities("jly_anquan", home);
    try {
      const { page } = s;
      const smoke = rowOf(page, DUTY_ROOM);
      const tank = rowOf(page, TANK);
      expect(await smoke.getAttribute("data-mode")).toBe("NORMAL");
      expect(await tank.getAttribute("data-mode")).toBe("NORMAL");
      const dialog = page.locator("#mode-dialog");

      // a water tank: its alarms go on, only its going offline is not said; no word of fire
      await tank.getByRole("button", { name: /转为维护模式/ }).click();
      await dialog.locator("#mode-reason").waitFor();
      const tankWords = await dialog.locator("form > p").first().textContent();
      expect(tankWords).toContain("SNJLY-TANK-01");
      expect(tankWords).toContain("它的报警（水位过低或过高）照常发出，只有它离线时不会发出离线报警");
      expect(tankWords).not.toContain("火警");
      await axe.check(page, "unit device mode: a water tank's switch asked");
      await dialog.locator("#mode-cancel").click();
      await expect.poll(() => dialog.isVisible()).toBe(false);

      // a smoke alarm: its fire alarms are not told to the unit and the centre
      await smoke.getByRole("button", { name: /转为维护模式/ }).click();
      await dialog.locator("#mode-reason").waitFor();
      const smokeWords = await dialog.locator("form > p").first().textContent();
      expect(smokeWords).toContain("SNR2026110001");
      expect(smokeWords).toContain("它的火警（烟感、手动报警、燃气泄漏）不会通知单位和监控中心");
      expect(smokeWords).not.toContain("照常");
      // the reason is asked first: without one, refused beside the field and nothing switched
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      await dialog.locator(".field.invalid #mode-reason").waitFor();
      expect(await dialog.locator(".field-error").textContent()).toBe("请填写原因");
      expect(await modeOf(DUTY_ROOM)).toBe("NORMAL");
      await dialog.locator("#mode-reason").fill("更换底座");
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      await page.locator("#mode-result", { hasText: "转为维护模式：它不会发出火警" }).waitFor();
      await expect.poll(() => smoke.getAttribute("data-mode")).toBe("MAINTENANCE");
      expect(await smoke.locator("td[data-col='mode']").textContent()).toContain("不报火警");
      // the page keeps one question dialog and one reason dialog
      expect(await page.locator("dialog#confirm").count()).toBe(1);
      expect(await page.locator("dialog#mode-dialog").count()).toBe(1);
      expect(await modeOf(DUTY_ROOM)).toBe("MAINTENANCE");
      const me = await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "jly_anquan" } });
      expect((await audits()).at(-1)).toMatchObject({ actor: `staff:${me.id}`, note: "更换底座" });

      // the tank out of use too: its cell says what it does not report
      await tank.getByRole("button", { name: /转为维护模式/ }).click();
      await dialog.locator("#mode-reason").fill("清洗水箱");
      await dialog.getByRole("button", { name: "确认转为维护模式" }).click();
      await expect.poll(() => tank.getAttribute("data-mode")).toBe("MAINTENANCE");
      const tankCell = await tank.locator("td[data-col='mode']").textContent();
      expect(tankCell).toContain("离线不报警");
      expect(tankCell).not.toContain("火警");
      expect(await page.locator(".summary").textContent()).toContain(
        "3 台未正常使用（安装或维护模式，其中 2 台不报火警）",
      );
      // putting it back asks in the tank's words
      await tank.getByRole("button", { name: /恢复正常使用/ }).click();
      const confirm = page.locator("dialog#confirm");
      await confirm.getByRole("button", { name: "恢复正常使用" }).waitFor();
      expect(await confirm.textContent()).toContain("恢复后，它离线时会再次报警");
      await axe.check(page, "unit device mode: a water tank back in use asked");
      await confirm.getByRole("button", { name: "返回" }).click();
      expect(await modeOf(TANK)).toBe("MAINTENANCE");
      expect((await audits(TANK)).map((r) => r.note)).toEqual(["清洗水箱"]);
    } finally {
      await s.close();
    }
  });

  it("shows the control room's operator the modes with no switch, and a transmission device's mode only", async () => {
    const operator = await atFacilities("jly_zhiban1", home);
    try {
      const { page } = operator;
      expect(await page.locator("#facility-table thead").textContent()).not.toContain("切换模式");
      expect(await rowOf(page, BEDROOM).locator("td[data-col='mode']").textContent()).toContain("安装模式");
      expect(
        await page.locator("#facility-table button.to-normal, #facility-table button.to-maintenance").count(),
      ).toBe(0);
      await axe.check(page, "unit device mode: the control room's operator");
    } finally {
      await operator.close();
    }

    const db = t.api.db.prisma;
    const hospital = (
      await db.staffUser.findUniqueOrThrow({
        where: { username: "yy_anquan" },
        select: { units: { select: { unitId: true } } },
      })
    ).units[0]!.unitId;
    const uitd = await db.device.findFirstOrThrow({ where: { unitId: hospital, model: { kind: "UITD" } } });
    const officer = await atFacilities("yy_anquan", hospital);
    try {
      const { page } = officer;
      const row = rowOf(page, uitd.id);
      expect(await row.textContent()).toContain("用户信息传输装置");
      expect(await row.locator("td[data-col='mode']").textContent()).toContain("正常使用");
      expect(await row.getByRole("button").count()).toBe(0);
      expect(await row.locator(".mode-locked").textContent()).toBe("由监控中心的系统管理员切换");
      // the hospital's other devices keep their switch
      expect(await page.locator("#facility-table button.to-maintenance").count()).toBeGreaterThan(0);
      await axe.check(page, "unit device mode: a transmission device's mode");
    } finally {
      await officer.close();
    }
  });
});
