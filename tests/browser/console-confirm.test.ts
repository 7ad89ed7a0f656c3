// 火警确认 (issue 17 item 2): a unit's control-room operator signs in, lands on the fire signals waiting for
// a verdict with their countdown, and answers: a real fire is confirmed after a question that says it goes to
// 119; a false alarm needs its cause. The verdicts are in the database; the page passes axe. 最近已确认 lists
// the verdicts given, closed alarms included; an alarm past its deadline (reported to 119) is listed once,
// waiting, and its false-alarm question says 119 has been told and will be sent a withdrawal notice; the
// answered line then says, from what the server stored, that 119 has the notice, or that it was sent and not
// yet confirmed, or that 119 has not confirmed it and the operator must phone 119.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { Alert119StandIn } from "../../api/stand-ins/alert119/index.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console fire confirmation");

describe.skipIf(unavailable !== null)("the control room's fire confirmation page", () => {
  let t: TestApi;
  let browser: Browser;
  let page: Page;
  let profile = "";
  const alarmIds: string[] = [];
  const standIn = new Alert119StandIn();

  beforeAll(async () => {
    const url = await standIn.start();
    t = await startTestApi({ env: { ALERT_119_URL: url, ALERT_119_SECRET: standIn.secret } });
    const demo = t.demo as unknown as {
      gb26875: { devices: { deviceId: string; unitId: string }[] };
      staff: { username: string; password: string }[];
    };
    const uitd = demo.gb26875.devices[0]!;
    const device = (await t.api.services.deviceDirectory.get(uitd.deviceId))!;
    const at = t.api.services.clock.now();
    for (const [i, location] of ["住院部病区 3 层走廊", "后勤楼 1 层厨房"].entries()) {
      const change = await t.api.services.alarms.raiseAt(device, "FIRE", at, `confirm-test-${i}`, {
        point: `1/1/${i + 1}`,
        source: "gb26875",
        unitId: uitd.unitId,
        floor: 3,
        location,
      });
      alarmIds.push(change.alarm!.id);
    }
    // the centre's listener gives each a confirmation deadline
    for (let n = 0; n < 150; n++) {
      const ready = await t.api.db.prisma.alarm.count({
        where: { id: { in: alarmIds }, confirmDeadlineAt: { not: null } },
      });
      if (ready === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    profile = mkdtempSync(path.join(os.tmpdir(), "anxin-confirm-"));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" })).newPage();
    await page.goto(`${t.url}/console/login?next=/console/home`);
    await page.fill("#username", "yy_zhiban1");
    await page.fill("#password", demo.staff.find((s) => s.username === "yy_zhiban1")!.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/console/login")),
      page.click("button[type=submit]"),
    ]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await standIn.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("lands the operator on the fire signals waiting for them, with a countdown", async () => {
    expect(new URL(page.url()).pathname).toBe("/console/confirm");
    const cards = page.locator(".confirm-card");
    await expect.poll(() => cards.count()).toBe(2);
    await page.locator(".countdown", { hasText: "剩余" }).first().waitFor();
    await shot(page, "console-confirm-pending", { fullPage: false });
    await axe.check(page, "console-confirm-pending");
  });

  it("confirms a real fire only after a question that says it goes to 119", async () => {
    const card = page.locator(`.confirm-card[data-id='${alarmIds[0]}']`);
    await card.locator("button[data-verdict='REAL_FIRE']").click();
    const dialog = page.locator("#verdict-dialog[open]");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("119");
    await shot(page, "console-confirm-real-fire", { fullPage: false });
    await dialog.locator("button.confirm-no").click(); // 返回 changes nothing
    expect((await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarmIds[0] } })).verdict).toBeNull();
    await card.locator("button[data-verdict='REAL_FIRE']").click();
    await dialog.locator("button.confirm-yes").click();
    await expect
      .poll(async () => (await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarmIds[0] } })).verdict)
      .toBe("REAL_FIRE");
  });

  it("records a false alarm with its cause, and lists the confirmed fire as answered", async () => {
    await page.waitForLoadState("load");
    const card = page.locator(`.confirm-card[data-id='${alarmIds[1]}']`);
    await card.waitFor({ timeout: 15_000 });
    await card.locator("button[data-verdict='FALSE_ALARM']").click();
    const dialog = page.locator("#verdict-dialog[open]");
    await dialog.waitFor();
    await dialog.locator("#cause-pick").selectOption("油烟");
    await dialog.locator("#cause-text").fill("厨房炒菜");
    await dialog.locator("button.confirm-yes").click();
    await expect
      .poll(async () => await t.api.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarmIds[1] } }))
      .toMatchObject({ verdict: "FALSE_ALARM", verdictCause: "油烟：厨房炒菜" });
    await page.waitForURL(/\/console\/confirm/);
    // the screen says what was recorded, in place
    await page.locator("#verdict-result", { hasText: "已确认为误报" }).waitFor();
    await expect.poll(() => page.locator(".confirm-card").count(), { timeout: 15_000 }).toBe(0);
    // the false alarm is closed; the real fire stays open, listed as confirmed and reported to 119
    await page.locator(".done-list li", { hasText: "真实火警" }).waitFor({ timeout: 15_000 });
    // the closed false alarm is listed too, with its cause (the server's list, not the open alarms')
    await page
      .locator(`.done-list li[data-id='${alarmIds[1]}']`, { hasText: "误报（油烟：厨房炒菜）" })
      .waitFor({ timeout: 15_000 });
    await shot(page, "console-confirm-done", { fullPage: false });
    await axe.check(page, "console-confirm-done");
  });

  /** A fire signal past its deadline, handed to 119 as the timeout step does (the stand-in acknowledges it). */
  async function timedOut(point: string, location: string): Promise<string> {
    const uitd = (t.demo as unknown as { gb26875: { devices: { deviceId: string; unitId: string }[] } }).gb26875
      .devices[0]!;
    const device = (await t.api.services.deviceDirectory.get(uitd.deviceId))!;
    const at = t.api.services.clock.now();
    const change = await t.api.services.alarms.raiseAt(device, "FIRE", at, `confirm-test-${point}`, {
      point,
      source: "gb26875",
      unitId: uitd.unitId,
      floor: 5,
      location,
    });
    const id = change.alarm!.id;
    await t.api.services.centre.service.inflight.idle();
    await t.api.db.prisma.alarm.update({
      where: { id },
      data: { confirmDeadlineAt: new Date(at.getTime() - 1000), report119: true },
    });
    await t.api.services.centre.handoff.start(id, "timeout");
    await t.api.services.centre.handoff.inflight.idle();
    return id;
  }

  it("lists a timed-out alarm once, waiting; its false alarm is withdrawn with 119, and the line says 119 has it", async () => {
    const id = await timedOut("1/1/9", "住院楼 5 层");
    const incident = standIn.incidents.get(id);
    expect(incident).toBeDefined();
    await page.reload();
    const card = page.locator(`.confirm-card[data-id='${id}']`);
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator(".countdown").textContent()).toContain("已超时");
    expect(await page.locator(`.done-list li[data-id='${id}']`).count()).toBe(0); // in one list only
    await card.locator("button[data-verdict='FALSE_ALARM']").click();
    const dialog = page.locator("#verdict-dialog[open]");
    await dialog.waitFor();
    const words = (await dialog.locator(".confirm-text").textContent()) ?? "";
    expect(words).not.toContain("不再报告 119");
    expect(words).not.toContain("不会自动通知 119");
    expect(words).toContain("已按真实火警报告 119");
    expect(words).toContain("撤警通报");
    await shot(page, "console-confirm-false-after-119", { fullPage: false });
    await dialog.locator("#cause-pick").selectOption("水汽、粉尘");
    await dialog.locator("button.confirm-yes").click();
    await page.locator("#verdict-result", { hasText: "已向 119 发送撤警通报" }).waitFor();
    await expect.poll(() => standIn.withdrawals.get(id)?.payload.verdict, { timeout: 15_000 }).toBe("FALSE_ALARM");
    expect(standIn.rejected).toEqual([]);
    const line = page.locator(`.done-list li[data-id='${id}']`);
    await line.locator(".withdrawal[data-state='ACKNOWLEDGED']").waitFor({ timeout: 15_000 });
    expect(await line.textContent()).toContain(`已向119通报误报，119已收到（接警编号 ${incident!.incidentId}）`);
    expect(await line.textContent()).not.toContain("请电话告知119");
    expect(await card.count()).toBe(0);
    await axe.check(page, "console-confirm-withdrawn");
  });

  it("says a withdrawal notice 119 has not confirmed is being sent, then asks the operator to phone 119", async () => {
    const id = await timedOut("1/1/10", "住院楼 6 层");
    standIn.withdrawalMode = "failing";
    try {
      await page.reload();
      const card = page.locator(`.confirm-card[data-id='${id}']`);
      await card.waitFor({ timeout: 15_000 });
      await card.locator("button[data-verdict='TEST']").click();
      await page.locator("#verdict-dialog[open] button.confirm-yes").click();
      const line = page.locator(`.done-list li[data-id='${id}']`);
      await line.locator(".withdrawal[data-state='SENDING']").waitFor({ timeout: 15_000 });
      expect(await line.textContent()).toContain("已向119通报测试（非火警），等待119确认收到");
      // the fallback time passes with no acknowledgement (its check made due now, not waited for)
      await t.api.db.prisma.timer.updateMany({
        where: { key: `centre:${id}:withdraw-check` },
        data: { dueAt: new Date(Date.now() - 1000) },
      });
      await expect
        .poll(() => t.api.db.prisma.alarmAction.count({ where: { alarmId: id, action: "withdraw_fallback" } }), {
          timeout: 15_000,
        })
        .toBe(1);
      await page.reload();
      await line.locator(".withdrawal[data-state='UNANSWERED']").waitFor({ timeout: 15_000 });
      expect(await line.textContent()).toContain("但119未确认收到，请电话告知119");
      await shot(page, "console-confirm-withdrawal-unanswered", { fullPage: false });
      await axe.check(page, "console-confirm-withdrawal-unanswered");
    } finally {
      standIn.withdrawalMode = null;
    }
  });
});
