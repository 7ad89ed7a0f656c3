// Issue 12 item 4, as it happened: with SMS and voice unreachable every SMS and call failed, the chain ended
// with the fire alarm still ACTIVE and only WeChat through, /ready said ready, /metrics had no notification
// figures and the logs only warnings. Now a step that reached nobody is itself an alarm (NOTIFY_FAILED) to
// the duty staff and the supervisors, /ready says degraded and why, /metrics counts outcomes by channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../support/databases.ts";
import { freePort } from "../support/mosquitto.ts";
import type { TestApi } from "../support/test-api.ts";
import {
  advance,
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  startNotifyApi,
  startProviders,
  type Providers,
} from "../api/escalation-support.ts";

const metric = (text: string, name: string, labels = "") =>
  text
    .split("\n")
    .filter((l) => l.startsWith(`${name}${labels ? `{${labels}` : ""}`))
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip)(`unreachable SMS and voice providers on ${provider} (issue 12 item 4)`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);

    beforeAll(async () => {
      p = await startProviders();
      const dead = `http://127.0.0.1:${await freePort()}`; // nothing listens: every call is refused
      t = await startNotifyApi(p, clock, { provider, env: { SMS_API_BASE: dead, VOICE_API_BASE: dead } });
      // Zhang San accepted WeChat alarm messages: the first step reaches him there, as in the report
      const templates = await t.request<{ alarm: string }>("GET", "/api/notifications/templates", {
        token: await t.loginResident("zhangsan"),
      });
      await t.request("POST", "/api/notifications/subscriptions", {
        token: await t.loginResident("zhangsan"),
        body: { accepted: [templates.body.alarm], longTerm: true },
      });
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    it("a step that reached nobody raises NOTIFY_FAILED for the duty staff and supervisors; /ready and /metrics say so", async () => {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const fire = await openAlarm(t, device);
      await advance(t, clock, 31_000); // step 0 went out on WeChat: reached someone
      expect(await t.api.db.prisma.alarm.count({ where: { deviceId: device, kind: "NOTIFY_FAILED" } })).toBe(0);

      await advance(t, clock, 30_000); // 61 s: voice calls and the duty staff's push and SMS all fail
      await advance(t, clock, 31_000); // the step's check
      const unreached = await openAlarm(t, device, "NOTIFY_FAILED");
      expect(unreached).toMatchObject({ status: "ACTIVE", severity: "CRITICAL", householdId: null });
      expect(unreached.communityId).toBe(fire.communityId);

      const prisma = t.api.db.prisma;
      const rows = await prisma.notification.findMany({ where: { alarmId: unreached.id } });
      const directory = t.api.services.notifications.recipients;
      const expected = [
        ...(await directory.dutyStaff(fire.communityId, clock.now())),
        ...(await directory.supervisors()),
      ];
      expect(expected.length).toBeGreaterThanOrEqual(2);
      for (const who of expected)
        expect(
          rows.some((r) => r.recipient === who.key),
          who.name ?? who.key,
        ).toBe(true);
      expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["PUSH", "SMS", "VOICE"]));

      // on the staff's boards, not on the residents' screens
      const board = await t.request<{ items: { id: string; kind: string }[] }>("GET", "/api/alarms", {
        token: await t.loginStaff("manager_a"),
      });
      expect(board.body.items.map((a) => a.id)).toContain(unreached.id);
      const mine = await t.request<{ items: { id: string }[] }>("GET", "/api/alarms", {
        token: await t.loginResident("zhangsan"),
      });
      expect(mine.body.items.map((a) => a.id)).not.toContain(unreached.id);
      const timeline = await prisma.alarmAction.findMany({ where: { alarmId: fire.id, action: "notify_failed" } });
      expect(timeline).toHaveLength(1);
      expect(timeline[0]!.note).toMatch(/无人收到通知/);

      const ready = await t.request<{ status: string; checks: Record<string, string> }>("GET", "/ready");
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe("degraded");
      expect(ready.body.checks.sms).toMatch(/^degraded: \d+ of the last \d+ sends/);
      expect(ready.body.checks.voice).toMatch(/^degraded:/);
      expect(ready.body.checks.database).toBe("ok");

      const text = (await t.request<string>("GET", "/metrics")).body;
      expect(metric(text, "anxin_notifications_total", 'channel="SMS",outcome="retry"')).toBeGreaterThan(0);
      expect(metric(text, "anxin_notifications_total", 'channel="WECHAT",outcome="sent"')).toBeGreaterThan(0);
      expect(metric(text, "anxin_escalation_steps_unreached_total")).toBeGreaterThanOrEqual(1);
      expect(metric(text, "anxin_notification_provider_degraded", 'channel="SMS"')).toBe(1);

      // the fire is dealt with: its NOTIFY_FAILED closes with it
      const resolved = await t.request("POST", `/api/alarms/${fire.id}/resolve`, {
        token: await t.loginStaff("manager_a"),
        body: { resolution: "FALSE_ALARM" },
      });
      expect(resolved.status).toBe(200);
      await t.api.services.notifications.settle();
      expect((await prisma.alarm.findUniqueOrThrow({ where: { id: unreached.id } })).status).toBe("RESOLVED");
    });
  });
}
