// The fire escalation chain end to end, on SQLite and PostgreSQL, against local servers speaking the
// WeChat, Alibaba Cloud SMS and voice contracts. A ManualClock drives the chain: no real waiting. What the
// stubs received is matched to our Notification rows by OutId (SMS, voice) or the alarm number carried in
// the WeChat message (character_string5), so each assertion is about this alarm only.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { FIELD_LIMITS } from "../../api/src/channels/wechat-channel.ts";
import { providers } from "../support/databases.ts";
import type { TestApi } from "../support/test-api.ts";
import {
  advance,
  DAYTIME,
  deviceSays,
  newDevice,
  openAlarm,
  rowsOf,
  startNotifyApi,
  startProviders,
  type Providers,
} from "./escalation-support.ts";

const ZHANGSAN = "13800000001";
const LISI = "13800000002";
const CONTACTS = ["13800000011", "13800000012"];
const NEIGHBOUR_IN = "13800000021";
const NEIGHBOUR_OUT = "13800000022";

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`fire escalation on ${provider}`, () => {
    let p: Providers;
    let t: TestApi;
    const clock = new ManualClock(DAYTIME);
    let staffA = "";
    let supervisor = "";

    beforeAll(async () => {
      p = await startProviders();
      t = await startNotifyApi(p, clock, { provider });
      const prisma = t.api.db.prisma;
      staffA = (await prisma.staffUser.findUniqueOrThrow({ where: { username: "staff_a" } })).phone!;
      supervisor = (await prisma.staffUser.findUniqueOrThrow({ where: { username: "supervisor" } })).phone!;
      // two residents in other homes of Zhang San's unit: one opted in to neighbour alerts, one not
      const home = await prisma.household.findUniqueOrThrow({ where: { id: t.demo.residents[0]!.households[0]!.id } });
      const others = await prisma.household.findMany({ where: { unitId: home.unitId, id: { not: home.id } }, take: 2 });
      for (const [i, [phone, optIn]] of (
        [
          [NEIGHBOUR_IN, true],
          [NEIGHBOUR_OUT, false],
        ] as const
      ).entries()) {
        const r = await prisma.resident.create({ data: { openid: `neighbour_${i}`, phone, nickname: `邻居${i}` } });
        await prisma.householdMember.create({
          data: { householdId: others[i]!.id, residentId: r.id, role: "OWNER", neighbourAlerts: optIn },
        });
      }
    });
    afterAll(async () => {
      await t?.close();
      await p?.stop();
    });

    /** Who this alarm reached, as the providers saw it. */
    async function told(alarmId: string) {
      const rows = await rowsOf(t, alarmId);
      const ids = new Set(rows.map((r) => r.id));
      return {
        rows,
        wechat: t.wechat.sent
          .filter((m) => m.data.character_string5?.value === alarmId)
          .map((m) => m.touser)
          .sort(),
        sms: p.sms.sent
          .filter((s) => s.outId && ids.has(s.outId))
          .map((s) => s.phone)
          .sort(),
        voice: p.voice.calls
          .filter((c) => c.outId && ids.has(c.outId))
          .map((c) => c.phone)
          .sort(),
      };
    }

    const detail = async (alarmId: string) =>
      t.request<{
        escalation: { level: number; nextStep: { label: string; at: string } | null };
        notifications: { channel: string; status: string }[];
        actions: { action: string; note: string | null }[];
      }>("GET", `/api/alarms/${alarmId}`, { token: await t.loginResident("zhangsan") });

    it("a fire alarm reaches every household member at once, by WeChat and SMS, and a redelivered message changes nothing", async () => {
      const device = await newDevice(t, "主卧室靠近阳台的位置");
      const msgId = await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      const first = await told(alarm.id);
      expect(first.wechat).toEqual(["demo_lisi", "demo_zhangsan"]);
      expect(first.sms).toEqual([ZHANGSAN, LISI].sort());
      expect(first.voice).toEqual([]);
      expect(first.rows.filter((r) => r.channel !== "CONSOLE").every((r) => r.status === "SENT")).toBe(true);
      // the long address + room was cut to WeChat's limits (the stub answers 47003 otherwise)
      for (const m of t.wechat.sent.filter((x) => x.data.character_string5?.value === alarm.id)) {
        expect([...m.data.thing1!.value].length).toBeLessThanOrEqual(FIELD_LIMITS.thing);
        expect(m.data.thing1!.value.endsWith("…")).toBe(true);
        expect([...m.data.phrase2!.value].length).toBeLessThanOrEqual(FIELD_LIMITS.phrase);
        expect(m.page).toBe(`pages/alarm/index?id=${alarm.id}`);
      }

      await deviceSays(t, clock, device, "smoke_alarm", msgId); // the same message again (QoS 1 redelivery)
      await deviceSays(t, clock, device, "smoke_alarm"); // the alarm repeats: same alarm, no new notifications
      const again = await told(alarm.id);
      expect(again.rows).toHaveLength(first.rows.length);
      expect(again.sms).toEqual(first.sms);
      expect(again.wechat).toEqual(first.wechat);
      expect((await openAlarm(t, device)).occurrences).toBe(2);

      const d = await detail(alarm.id);
      expect(d.status).toBe(200);
      expect(d.body.notifications).toHaveLength(4);
      expect(d.body.escalation.nextStep).toEqual({
        label: expect.stringContaining("电话"),
        at: new Date(alarm.startedAt.getTime() + 60_000).toISOString(),
      });
    });

    it("with nobody acknowledging: voice calls and on-duty staff at 60 s, the supervisor and opted-in neighbours at 3 minutes", async () => {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);

      await advance(t, clock, 59_000);
      expect((await told(alarm.id)).voice).toEqual([]);
      await advance(t, clock, 1_000);
      const step1 = await told(alarm.id);
      expect(step1.voice).toEqual([ZHANGSAN, LISI, ...CONTACTS, staffA].sort());
      // staff_a has no live screen open: the push falls back to SMS
      expect(step1.sms).toEqual([ZHANGSAN, LISI, staffA].sort());
      expect((await openAlarm(t, device)).escalationLevel).toBe(1);
      expect((await detail(alarm.id)).body.escalation.nextStep?.at).toBe(
        new Date(alarm.startedAt.getTime() + 180_000).toISOString(),
      );

      await advance(t, clock, 119_000);
      expect((await told(alarm.id)).sms).not.toContain(supervisor);
      await advance(t, clock, 1_000);
      const step2 = await told(alarm.id);
      expect(step2.sms).toEqual([ZHANGSAN, LISI, staffA, supervisor, NEIGHBOUR_IN].sort());
      expect(step2.sms).not.toContain(NEIGHBOUR_OUT);
      expect(step2.voice).toHaveLength(5); // nobody called twice
      const d = await detail(alarm.id);
      expect(d.body.escalation).toEqual({ level: 2, nextStep: null });
      expect(d.body.actions.filter((a) => a.action === "escalated")).toHaveLength(2);

      // the home reads the neighbours told as "neighbours": not who they are, their id or their number
      const neighbour = await t.api.db.prisma.resident.findFirstOrThrow({ where: { phone: NEIGHBOUR_IN } });
      type Told = { recipient: string; recipientName?: string | null; to?: string };
      const home = (
        await t.request<{ notifications: Told[] }>("GET", `/api/alarms/${alarm.id}`, {
          token: await t.loginResident("zhangsan"),
        })
      ).body.notifications;
      const history = (
        await t.request<{ items: Told[] }>("GET", `/api/history/notifications?alarmId=${alarm.id}`, {
          token: await t.loginResident("zhangsan"),
        })
      ).body.items;
      for (const list of [home, history]) {
        const text = JSON.stringify(list);
        expect(text).not.toContain(neighbour.id);
        expect(text).not.toContain("邻居0");
        expect(list.filter((n) => n.recipient === "neighbour").length).toBeGreaterThan(0);
        // the home's own people are named as before
        expect(list.some((n) => n.recipient.startsWith("resident:"))).toBe(true);
      }
      expect(home.find((n) => n.recipient === "neighbour")!.recipientName).toBe("同单元的邻居");
      expect(history.find((n) => n.recipient === "neighbour")!.to).toBe("同单元的邻居");
      // the property company, whose chain it is, sees whom it told
      const desk = (
        await t.request<{ notifications: Told[] }>("GET", `/api/alarms/${alarm.id}`, {
          token: await t.loginStaff("manager_a"),
        })
      ).body.notifications;
      expect(desk.some((n) => n.recipient === `resident:${neighbour.id}` && n.recipientName === "邻居0")).toBe(true);
    });

    it("acknowledging stops the chain; resolving as a real fire tells the supervisor at once", async () => {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      await advance(t, clock, 30_000);
      const ack = await t.request<{ outcome: string }>("POST", `/api/alarms/${alarm.id}/ack`, {
        token: await t.loginResident("lisi"),
        body: {},
      });
      expect(ack.body.outcome).toBe("acknowledged");
      expect((await detail(alarm.id)).body.escalation.nextStep).toBeNull();
      await advance(t, clock, 10 * 60_000);
      const after = await told(alarm.id);
      expect(after.voice).toEqual([]);
      expect(after.sms).toEqual([ZHANGSAN, LISI].sort());
      expect(
        await t.api.db.prisma.timer.count({
          where: { key: { startsWith: `alarm:${alarm.id}:step:` }, doneAt: null },
        }),
      ).toBe(0);

      const res = await t.request<{ alarm: { report119: boolean } }>("POST", `/api/alarms/${alarm.id}/resolve`, {
        token: await t.loginStaff("manager_a"),
        body: { resolution: "REAL_FIRE" },
      });
      expect(res.body.alarm.report119).toBe(true);
      await t.api.services.notifications.settle();
      const real = await told(alarm.id);
      expect(real.sms).toContain(supervisor);
      expect(real.voice).toEqual([supervisor]);
    });

    it("a false alarm closes the chain: calls already made stay, nothing further is sent", async () => {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      await advance(t, clock, 60_000);
      expect((await told(alarm.id)).voice).toHaveLength(5);
      await deviceSays(t, clock, device, "smoke_clear"); // the smoke is gone: the resident may call it a false alarm
      const res = await t.request<{ outcome: string }>("POST", `/api/alarms/${alarm.id}/resolve`, {
        token: await t.loginResident("zhangsan"),
        body: { resolution: "FALSE_ALARM", note: "炒菜油烟" },
      });
      expect(res.body.outcome).toBe("resolved");
      await advance(t, clock, 5 * 60_000);
      const after = await told(alarm.id);
      expect(after.sms).not.toContain(supervisor);
      expect(after.sms).not.toContain(NEIGHBOUR_IN);
      expect(after.voice).toHaveLength(5);
    });

    it("an SMS outage: retried with backoff (5 s, 10 s), then sent; nothing lost, nothing twice", async () => {
      const device = await newDevice(t);
      p.sms.outage = { code: "ServiceUnavailable", status: 503 };
      try {
        await deviceSays(t, clock, device, "smoke_alarm");
        const alarm = await openAlarm(t, device);
        let sms = (await rowsOf(t, alarm.id)).filter((r) => r.channel === "SMS");
        expect(sms.map((r) => [r.status, r.attempts])).toEqual([
          ["QUEUED", 1],
          ["QUEUED", 1],
        ]);
        expect(sms[0]!.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 5_000);
        expect((await told(alarm.id)).wechat).toHaveLength(2); // WeChat went out regardless

        await advance(t, clock, 4_999);
        expect((await rowsOf(t, alarm.id)).filter((r) => r.channel === "SMS").map((r) => r.attempts)).toEqual([1, 1]);
        await advance(t, clock, 1);
        sms = (await rowsOf(t, alarm.id)).filter((r) => r.channel === "SMS");
        expect(sms.map((r) => [r.status, r.attempts])).toEqual([
          ["QUEUED", 2],
          ["QUEUED", 2],
        ]);
        expect(sms[0]!.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 10_000);

        p.sms.outage = null; // the provider is back
        await advance(t, clock, 10_000);
        const after = await told(alarm.id);
        expect(after.sms).toEqual([ZHANGSAN, LISI].sort());
        expect(after.rows.filter((r) => r.channel === "SMS").map((r) => [r.status, r.attempts])).toEqual([
          ["SENT", 3],
          ["SENT", 3],
        ]);
        await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
      } finally {
        p.sms.outage = null;
      }
    });

    it("an SMS outage longer than the retries, or a final SMS error: the message goes out as a voice call instead", async () => {
      const device = await newDevice(t);
      p.sms.outage = { code: "Throttling", status: 400 };
      try {
        await deviceSays(t, clock, device, "smoke_alarm");
        const alarm = await openAlarm(t, device);
        for (const wait of [5_000, 10_000, 20_000]) await advance(t, clock, wait);
        await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} }); // keep step 1 out of it
        await advance(t, clock, 40_000);
        const rows = await rowsOf(t, alarm.id);
        expect(rows.filter((r) => r.channel === "SMS").map((r) => [r.status, r.attempts])).toEqual([
          ["FAILED", 5],
          ["FAILED", 5],
        ]);
        const fallback = rows.filter((r) => r.channel === "VOICE" && r.dedupeKey.includes(":step:0:"));
        expect(fallback.map((r) => r.status)).toEqual(["SENT", "SENT"]);
        expect((await told(alarm.id)).voice).toEqual([ZHANGSAN, LISI].sort());
      } finally {
        p.sms.outage = null;
      }

      const device2 = await newDevice(t);
      p.sms.failNext("isv.AMOUNT_NOT_ENOUGH", 2, undefined, [ZHANGSAN, LISI]); // final: no retry, straight to a call
      await deviceSays(t, clock, device2, "smoke_alarm");
      const alarm2 = await openAlarm(t, device2);
      const rows2 = await rowsOf(t, alarm2.id);
      expect(
        rows2
          .filter((r) => r.channel === "SMS")
          .map((r) => [r.status, r.attempts, JSON.parse(r.providerResponse!).Code]),
      ).toEqual([
        ["FAILED", 1, "isv.AMOUNT_NOT_ENOUGH"],
        ["FAILED", 1, "isv.AMOUNT_NOT_ENOUGH"],
      ]);
      expect((await told(alarm2.id)).voice).toEqual([ZHANGSAN, LISI].sort());
      await t.request("POST", `/api/alarms/${alarm2.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
    });

    it("the first step writes the later steps' timers; a first step cut short by a crash is completed after its lock, nothing sent twice", async () => {
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      const prisma = t.api.db.prisma;
      const timers = () =>
        prisma.timer.findMany({ where: { key: { startsWith: `alarm:${alarm.id}:step:` } }, orderBy: { dueAt: "asc" } });
      expect((await timers()).map((x) => [x.key.split(":").pop(), x.doneAt !== null])).toEqual([
        ["0", true],
        ["1", false],
        ["2", false],
      ]);
      const first = await told(alarm.id);

      // as if the process died after the first step's messages left, before the later timers were written
      await prisma.timer.deleteMany({
        where: { key: { in: [`alarm:${alarm.id}:step:1`, `alarm:${alarm.id}:step:2`] } },
      });
      await prisma.timer.update({
        where: { key: `alarm:${alarm.id}:step:0` },
        data: { doneAt: null, lockedBy: "dead-instance", lockedUntil: new Date(clock.now().getTime() + 30_000) },
      });
      await advance(t, clock, 30_001);
      expect((await timers()).map((x) => [x.key.split(":").pop(), x.doneAt !== null])).toEqual([
        ["0", true],
        ["1", false],
        ["2", false],
      ]);
      const again = await told(alarm.id);
      expect([again.wechat, again.sms, again.rows.length]).toEqual([first.wechat, first.sms, first.rows.length]);
      await advance(t, clock, 30_000); // 60 s: the rewritten step 1 runs
      expect((await told(alarm.id)).voice).toEqual([ZHANGSAN, LISI, ...CONTACTS, staffA].sort());
      await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
    });

    it.runIf(provider === "postgres")(
      "a first step whose timer could not be written with its messages is written timer first, and told once",
      async () => {
        const driver = t.api.db.driver;
        if (driver.provider !== "postgres") throw new Error("PostgreSQL only");
        // the one statement of timer and messages (outbox-postgres.ts) fails once, as on a dropped connection
        const query = driver.firePool.query.bind(driver.firePool) as (...a: unknown[]) => Promise<unknown>;
        let failed = 0;
        const spy = vi
          .spyOn(driver.firePool, "query")
          .mockImplementation(((q: unknown, ...rest: unknown[]) =>
            (q as { name?: string } | null)?.name === "fire-step-insert" && failed++ === 0
              ? Promise.reject(new Error("Connection terminated unexpectedly"))
              : query(q, ...rest)) as unknown as typeof driver.firePool.query);
        try {
          const device = await newDevice(t);
          await deviceSays(t, clock, device, "smoke_alarm");
          const alarm = await openAlarm(t, device);
          expect(failed).toBe(1);
          const first = await told(alarm.id);
          expect(first.wechat).toEqual(["demo_lisi", "demo_zhangsan"]);
          expect(first.sms).toEqual([ZHANGSAN, LISI].sort());
          const timers = await t.api.db.prisma.timer.findMany({
            where: { key: { startsWith: `alarm:${alarm.id}:step:` } },
            orderBy: { dueAt: "asc" },
          });
          expect(timers.map((x) => [x.key.split(":").pop(), x.doneAt !== null])).toEqual([
            ["0", true],
            ["1", false],
            ["2", false],
          ]);
          await advance(t, clock, 30_000); // nothing more before step 1, nothing twice
          const later = await told(alarm.id);
          expect([later.wechat, later.sms, later.rows.length]).toEqual([first.wechat, first.sms, first.rows.length]);
          await t.request("POST", `/api/alarms/${alarm.id}/ack`, {
            token: await t.loginResident("zhangsan"),
            body: {},
          });
        } finally {
          spy.mockRestore();
        }
      },
    );

    it("WeChat: a user who refused (43101) is still told by SMS, once; an expired access token (42001) is refreshed and the send retried", async () => {
      t.wechat.refusedOpenids.add("demo_lisi");
      t.wechat.expireTokens();
      try {
        const device = await newDevice(t);
        await deviceSays(t, clock, device, "smoke_alarm");
        const alarm = await openAlarm(t, device);
        const r = await told(alarm.id);
        expect(r.wechat).toEqual(["demo_zhangsan"]);
        expect(r.sms).toEqual([ZHANGSAN, LISI].sort());
        const lisiWechat = r.rows.find((x) => x.channel === "WECHAT" && x.target === "demo_lisi")!;
        expect(lisiWechat.status).toBe("FAILED");
        expect(JSON.parse(lisiWechat.providerResponse!).errcode).toBe(43101);
        expect(t.wechat.requests.filter((q) => q.path === "/cgi-bin/stable_token").length).toBeGreaterThanOrEqual(2);
        await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
      } finally {
        t.wechat.refusedOpenids.delete("demo_lisi");
      }
    });
  });
}
