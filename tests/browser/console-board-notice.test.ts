// 实时报警's pushes to one staff member, in headless Chromium with axe: a push about an alarm (刘经理 sends 陈师傅 to a
// fire) is the red banner and beeps; a routine notice after it (template NOTICE, no alarm: a device taken out of
// normal use) is a quiet line of its own that does not beep and leaves the fire's instruction in the banner. A beep
// is two oscillators of the page's AudioContext (lib/alarm-sound.ts): the page's AudioContext is counted here, the
// app is not changed for the test. On 火警确认 the centre's operator gets the same notice on a quiet line over the live
// feed (their own pushes only), so the outbox sends no SMS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffRecipient } from "../../api/src/modules/notifications/recipients.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { until } from "../support/until.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, axeShot } = consoleSuite("console board notice");

interface Counted {
  oscillators: number;
}

/** Runs in the page before its scripts: every oscillator the page makes (a beep makes two) is counted. */
function countOscillators() {
  const g = globalThis as unknown as Counted & {
    AudioContext: { prototype: { createOscillator(this: unknown): unknown } };
  };
  g.oscillators = 0;
  const create = g.AudioContext.prototype.createOscillator;
  g.AudioContext.prototype.createOscillator = function (this: unknown) {
    g.oscillators++;
    return create.call(this);
  };
}

describe.skipIf(unavailable !== null)("a routine notice on the live board and on 火警确认", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows a notice with no alarm on its own line, without a beep, and leaves the fire's instruction in the banner", async () => {
    const prisma = t.api.db.prisma;
    const staffA = await prisma.staffUser.findUniqueOrThrow({ where: { username: "staff_a" } });
    const d = await signInDesk(t, "staff_a", { next: "/console/board", label: "staff_a" });
    try {
      const { page } = d;
      await d.context.addInitScript(countOscillators);
      await page.reload();
      await page.waitForSelector("body[data-ready='1']");
      await page.waitForSelector("#live.on");
      const oscillators = () => page.evaluate(() => (globalThis as unknown as Counted).oscillators);

      // a fire in staff_a's community, and 刘经理 sends them to it: the banner says so, and it beeped
      const device = await prisma.device.findFirstOrThrow({
        where: { householdId: { not: null }, community: { name: "青石新村" } },
        orderBy: { id: "asc" },
      });
      await t.api.services.ingest.submit(
        device.id,
        JSON.stringify({ id: "board-notice-1", ts: Date.now(), type: "smoke_alarm" }),
        "test",
      );
      const alarm = await prisma.alarm.findFirstOrThrow({
        where: { deviceId: device.id, kind: "FIRE", openSlot: "OPEN" },
      });
      await page.locator(`article.alarm[data-id='${alarm.id}']`).waitFor({ timeout: 5000 });
      await t.api.services.notifications.settle();
      const beforeDispatch = await oscillators();
      const sent = await t.request("POST", `/api/alarms/${alarm.id}/dispatch`, {
        token: await t.loginStaff("manager_a"),
        body: { staffUserId: staffA.id },
      });
      expect(sent.status).toBe(200);
      const banner = page.locator("#push[role='alert']");
      await banner.filter({ hasText: "刘经理派您到场处置" }).waitFor({ timeout: 5000 });
      await t.api.services.notifications.settle();
      const fireText = await banner.textContent();
      const beeped = await oscillators();
      expect(beeped).toBeGreaterThan(beforeDispatch); // the alarm's push beeps (and the count sees beeps)

      // then a routine notice to the same person: no alarm, template NOTICE, on their screen
      const note = "SNTEST0099（值班室）转为维护模式，不报火警";
      const queued = await t.api.services.notifications.notices.send({
        scope: "notice:board-notice-test",
        kind: "device_mode_out",
        kindLabel: "设备停用",
        address: "青石新村",
        note,
        to: [{ people: [staffRecipient(staffA)], channels: ["PUSH"] }],
      });
      expect(queued).toBe(1);
      await t.api.services.notifications.settle();
      await page.locator("p", { hasText: note }).first().waitFor({ timeout: 5000 });

      // the fire's instruction is still in the banner, the notice is on its own quiet line, and nothing beeped
      expect(await banner.textContent()).toBe(fireText);
      expect(fireText).toContain("刘经理派您到场处置");
      const notice = page.locator("#push-notice");
      expect(await notice.getAttribute("role")).toBe("status");
      expect(await notice.isVisible()).toBe(true);
      const said = (await notice.textContent()) ?? "";
      expect(said).toContain("设备停用");
      expect(said).toContain("青石新村");
      expect(said).toContain(note);
      expect(await oscillators()).toBe(beeped);
      await axeShot(page, "console-board-push-notice");
    } finally {
      await d.close();
    }
  });
  it("brings the centre's operator on 火警确认 their pushes over the live feed: a notice quietly, an alarm's in the banner", async () => {
    const prisma = t.api.db.prisma;
    const op = await prisma.staffUser.findUniqueOrThrow({ where: { username: "centre_op" } });
    const d = await signInDesk(t, "centre_op", { next: "/console/confirm", label: "centre_op" });
    try {
      const { page } = d;
      await d.context.addInitScript(countOscillators);
      await page.reload();
      await page.waitForSelector("#pending-h");
      expect(new URL(page.url()).pathname).toBe("/console/confirm");
      const oscillators = () => page.evaluate(() => (globalThis as unknown as Counted).oscillators);
      // the page holds the feed: the server counts a screen for them
      await until("centre_op's screen on the live feed", () => t.api.services.notifications.live.screens(op.id) > 0);
      const note = "SNR2026110001（一层值班室）转为维护模式，不报火警";
      const scope = "notice:confirm-notice-test";
      await t.api.services.notifications.notices.send({
        scope,
        kind: "device_mode_out",
        kindLabel: "设备停用",
        address: "青石镇敬老院",
        note,
        to: [{ people: [staffRecipient(op)], channels: ["PUSH"] }],
      });
      await t.api.services.notifications.settle();
      const notice = page.locator("#push-notice");
      await notice.filter({ hasText: note }).waitFor({ timeout: 5000 });
      expect(await notice.getAttribute("role")).toBe("status");
      expect(await notice.textContent()).toContain("设备停用：青石镇敬老院");
      // it reached a screen: sent as a push, and the outbox wrote no SMS for it
      const rows = await prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${scope}:` } } });
      expect(rows.map((r) => [r.channel, r.status])).toEqual([["PUSH", "SENT"]]);

      // then a push about an alarm (the centre's "phone the unit" on a timed-out fire): the banner, with a beep; the
      // notice's line stays
      const before = await oscillators();
      const at = new Date().toISOString();
      const step = "请立即致电示范县人民医院核实（控制室 0571-12345678）";
      const screens = t.api.services.notifications.live.publish({
        type: "push",
        staffId: op.id,
        communityId: null,
        alarmId: "confirm-push-alarm",
        at,
        data: {
          notificationId: "confirm-push-row",
          template: "FIRE_ESCALATION",
          alarmId: "confirm-push-alarm",
          kind: "FIRE",
          kindLabel: "火警",
          address: "示范县人民医院",
          room: null,
          at,
          step,
        },
      });
      expect(screens).toBe(1);
      const banner = page.locator("#push[role='alert']");
      await banner.filter({ hasText: step }).waitFor({ timeout: 5000 });
      expect(await banner.textContent()).toContain("示范县人民医院");
      await expect.poll(oscillators).toBeGreaterThan(before);
      expect(await notice.textContent()).toContain(note);
      await axeShot(page, "console-confirm-push-notice");
    } finally {
      await d.close();
    }
  });
});
