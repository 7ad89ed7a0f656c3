// Notifications through the API on SQLite: the staff live feed (SSE, scoped, pushes that make an SMS
// unnecessary), notification and alarm history with masked numbers and scope, reminders for device
// problems (quiet hours, never for a removed alarm; a daily limit per device) and WeChat subscriptions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffRecipient } from "../../api/src/modules/notifications/recipients.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import type { TestApi } from "../support/test-api.ts";
import { openFeed } from "../support/sse.ts";
import { until } from "../support/until.ts";
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

describe("notifications through the API (SQLite)", () => {
  let p: Providers;
  let t: TestApi;
  const clock = new ManualClock(DAYTIME);

  beforeAll(async () => {
    p = await startProviders();
    t = await startNotifyApi(p, clock);
  });
  afterAll(async () => {
    await t?.close();
    await p?.stop();
  });

  it("the live feed: staff of the community see the alarm at once, other companies do not; residents and strangers are refused", async () => {
    expect((await openFeed(t.url, "not-a-token")).status).toBe(401);
    const resident = await openFeed(t.url, await t.loginResident("zhangsan"));
    expect(resident.status).toBe(403);
    const mine = await openFeed(t.url, await t.loginStaff("manager_a"));
    const other = await openFeed(t.url, await t.loginStaff("manager_b"));
    const county = await openFeed(t.url, await t.loginStaff("supervisor"));
    const onDuty = await openFeed(t.url, await t.loginStaff("staff_a"));
    try {
      expect(mine.status).toBe(200);
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      expect(
        await mine.until((e) => e.type === "alarm" && e.alarmId === alarm.id && e.data.outcome === "created"),
      ).not.toBeNull();
      expect(await county.until((e) => e.type === "alarm" && e.alarmId === alarm.id)).not.toBeNull();
      expect(
        await mine.until((e) => e.type === "escalation" && e.alarmId === alarm.id && e.data.step === 0),
      ).not.toBeNull();

      // at 60 s staff_a is on duty with a screen open: the push reaches it, so no SMS fallback for them
      await advance(t, clock, 60_000);
      expect(await onDuty.until((e) => e.type === "push" && e.alarmId === alarm.id)).not.toBeNull();
      const staffRows = (await rowsOf(t, alarm.id)).filter((r) => r.recipient.startsWith("staff:"));
      expect(staffRows.map((r) => [r.channel, r.status]).sort()).toEqual([
        ["PUSH", "SENT"],
        ["VOICE", "SENT"],
      ]);
      expect(other.events.filter((e) => e.alarmId === alarm.id)).toEqual([]);
      await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: await t.loginStaff("staff_a"), body: {} });
      expect(
        await mine.until((e) => e.type === "alarm" && e.alarmId === alarm.id && e.data.outcome === "acknowledged"),
      ).not.toBeNull();
      // every message each screen got (hello, alarm, escalation, push) is what contract/live.ts says
      for (const f of [mine, other, county, onDuty]) expect(f.refused).toEqual([]);
      expect(onDuty.events.map((e) => e.type)).toEqual(expect.arrayContaining(["alarm", "escalation", "push"]));
    } finally {
      for (const f of [mine, other, county, onDuty, resident]) f.close();
    }
  });

  it("the live feed on 火警确认: the centre's and a unit's people get their own pushes on screen, no SMS, and no home's alarm", async () => {
    const prisma = t.api.db.prisma;
    const centreOp = await prisma.staffUser.findUniqueOrThrow({ where: { username: "centre_op" } });
    const centre = await openFeed(t.url, await t.loginStaff("centre_op"));
    const controlRoom = await openFeed(t.url, await t.loginStaff("jly_zhiban1"));
    const regulator = await openFeed(t.url, await t.loginStaff("reg_civil"));
    try {
      expect(centre.status).toBe(200);
      expect(controlRoom.status).toBe(200);
      expect(regulator.status).toBe(403); // no 火警确认, no pushes to watch for
      // a home's fire: not the centre's to see on this feed
      const device = await newDevice(t);
      await deviceSays(t, clock, device, "smoke_alarm");
      const alarm = await openAlarm(t, device);
      // a notice to the centre's operator by name reaches their open screen, so the outbox needs no SMS
      const scope = `notice:live-feed-test:${alarm.id}`;
      await t.api.services.notifications.notices.send({
        scope,
        kind: "device_mode_out",
        kindLabel: "设备停用",
        address: "青石镇敬老院",
        note: "SNR2026110001 转为维护模式，不报火警",
        to: [{ people: [staffRecipient(centreOp)], channels: ["PUSH"] }],
      });
      expect(
        await centre.until((e) => e.type === "push" && e.data.note === "SNR2026110001 转为维护模式，不报火警"),
      ).not.toBeNull();
      // settled as sent on the screen, and no SMS row beside it
      const rows = await until("the push row settled", async () => {
        const r = await prisma.notification.findMany({ where: { dedupeKey: { startsWith: `${scope}:` } } });
        return r.length > 0 && r.every((x) => x.status !== "QUEUED" && x.status !== "SENDING") && r;
      });
      expect(rows.map((r) => [r.channel, r.status])).toEqual([["PUSH", "SENT"]]);
      expect(centre.events.filter((e) => e.alarmId === alarm.id)).toEqual([]);
      expect(controlRoom.events.filter((e) => e.alarmId === alarm.id)).toEqual([]);
      expect(controlRoom.events.filter((e) => e.type === "push")).toEqual([]); // not theirs
      for (const f of [centre, controlRoom]) expect(f.refused).toEqual([]);
    } finally {
      for (const f of [centre, controlRoom, regulator]) f.close();
    }
  });

  it("history: who was told and how, numbers masked, within the caller's scope", async () => {
    const device = await newDevice(t);
    await deviceSays(t, clock, device, "smoke_alarm");
    const alarm = await openAlarm(t, device);
    const zhang = await t.loginResident("zhangsan");
    const log = await t.request<{
      total: number;
      items: { channel: string; to: string; status: string; stage: string; providerCode: string }[];
    }>("GET", `/api/history/notifications?alarmId=${alarm.id}`, { token: zhang });
    expect(log.status).toBe(200);
    expect(log.body.items.map((i) => [i.channel, i.to, i.stage, i.status, i.providerCode]).sort()).toEqual([
      ["SMS", "138****0001", "step:0", "SENT", "OK"],
      ["SMS", "138****0002", "step:0", "SENT", "OK"],
      ["WECHAT", "demo****gsan", "step:0", "SENT", "0"],
      ["WECHAT", "demo****lisi", "step:0", "SENT", "0"],
    ]);
    expect(JSON.stringify(log.body)).not.toContain("13800000001");

    const home = t.demo.residents[0]!.households[0]!.id;
    const community = (
      await t.api.db.prisma.household.findUniqueOrThrow({
        where: { id: home },
        select: { unit: { select: { building: { select: { communityId: true } } } } },
      })
    ).unit.building.communityId;
    const byHome = await t.request<{
      total: number;
      byKind: Record<string, number>;
      items: { id: string; notifications: number }[];
    }>("GET", `/api/history/alarms?householdId=${home}`, { token: zhang });
    expect(byHome.body.items.find((a) => a.id === alarm.id)?.notifications).toBe(4);
    expect(byHome.body.byKind.FIRE).toBeGreaterThanOrEqual(1);
    expect(
      (
        await t.request("GET", `/api/history/alarms?communityId=${community}`, {
          token: await t.loginStaff("manager_b"),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.request("GET", `/api/history/notifications?householdId=${home}`, {
          token: await t.loginResident("wangwu"),
        })
      ).status,
    ).toBe(404);
    const county = await t.request<{ total: number }>("GET", "/api/history/alarms", {
      token: await t.loginStaff("supervisor"),
    });
    expect(county.body.total).toBeGreaterThanOrEqual(byHome.body.total);
    await t.request("POST", `/api/alarms/${alarm.id}/ack`, { token: zhang, body: {} });
  });

  it("reminders: low battery waits for the end of quiet hours, a removed alarm does not; at most two rounds per device a day", async () => {
    clock.set(new Date(Date.UTC(2026, 10, 26, 15, 0, 0))); // 23:00 in Shanghai
    const battery = await newDevice(t, "书房");
    await deviceSays(t, clock, battery, "low_battery");
    const low = await openAlarm(t, battery, "LOW_BATTERY");
    expect(await rowsOf(t, low.id)).toEqual([]);
    const tampered = await newDevice(t, "走廊");
    await deviceSays(t, clock, tampered, "tamper");
    const tamper = await openAlarm(t, tampered, "TAMPER");
    expect((await rowsOf(t, tamper.id)).map((r) => r.channel).sort()).toEqual(["PUSH", "SMS", "WECHAT", "WECHAT"]); // push to staff_a fell back to SMS

    await advance(t, clock, 8 * 3600_000 - 60_000); // 06:59
    expect(await rowsOf(t, low.id)).toEqual([]);
    await advance(t, clock, 60_000); // 07:00
    const morning = await rowsOf(t, low.id);
    expect(
      morning
        .filter((r) => r.channel === "WECHAT")
        .map((r) => r.target)
        .sort(),
    ).toEqual(["demo_lisi", "demo_zhangsan"]);
    expect(
      t.wechat.sent.filter((m) => m.template_id === "anxin-tpl-reminder" && m.data.character_string5?.value === low.id),
    ).toHaveLength(2);

    // one device with three problems on one day: two reminder rounds, not three
    const busy = await newDevice(t, "阳台");
    for (const type of ["low_battery", "tamper", "fault"]) await deviceSays(t, clock, busy, type);
    const actions = await t.api.db.prisma.alarmAction.findMany({
      where: { action: "reminded", alarm: { deviceId: busy } },
    });
    expect(actions).toHaveLength(2);

    // fixed: no more reminders
    await deviceSays(t, clock, battery, "battery_ok");
    await advance(t, clock, 25 * 3600_000);
    expect((await rowsOf(t, low.id)).length).toBe(morning.length);
    clock.set(new Date(DAYTIME + 3 * 24 * 3600_000));
  });

  it("WeChat subscriptions: the mini-program records what a resident accepted; unknown templates are refused", async () => {
    const token = await t.loginResident("wangwu");
    const tpl = await t.request<{ alarm: string; reminder: string }>("GET", "/api/notifications/templates", { token });
    expect(tpl.body.alarm).toBe("anxin-tpl-alarm");
    const r = await t.request<{ items: { template: string; longTerm: boolean; remaining: number }[] }>(
      "POST",
      "/api/notifications/subscriptions",
      { token, body: { accepted: [tpl.body.reminder] } },
    );
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toMatchObject({ template: "anxin-tpl-reminder", longTerm: true }); // the demo seed made it long-term
    const bad = await t.request("POST", "/api/notifications/subscriptions", {
      token,
      body: { accepted: ["someone-elses-template"] },
    });
    expect(bad.status).toBe(400);
  });
  it("preferences: a member who switched a kind of device problem off is not reminded of it; a fire still reaches every member", async () => {
    clock.set(new Date(DAYTIME + 4 * 24 * 3600_000)); // 10:00 in Shanghai, a fresh day for the reminder quota
    const prisma = t.api.db.prisma;
    const home = t.demo.residents[0]!.households[0]!.id;
    const lisi = await prisma.householdMember.findFirstOrThrow({
      where: { householdId: home, resident: { openid: "demo_lisi" } },
    });
    const residentTargets = async (alarmId: string) =>
      (await rowsOf(t, alarmId))
        .filter((r) => r.recipient.startsWith("resident:"))
        .map((r) => `${r.channel}:${r.target}`)
        .sort();
    try {
      await prisma.householdMember.update({
        where: { id: lisi.id },
        data: { notifyLowBattery: false, notifyTamper: false },
      });
      const battery = await newDevice(t, "卧室");
      await deviceSays(t, clock, battery, "low_battery");
      expect(await residentTargets((await openAlarm(t, battery, "LOW_BATTERY")).id)).toEqual(["WECHAT:demo_zhangsan"]);
      const removed = await newDevice(t, "厨房");
      await deviceSays(t, clock, removed, "tamper");
      expect(await residentTargets((await openAlarm(t, removed, "TAMPER")).id)).toEqual(["WECHAT:demo_zhangsan"]);
      // a kind Li Si still wants: both are told
      const faulty = await newDevice(t, "餐厅");
      await deviceSays(t, clock, faulty, "fault");
      expect(await residentTargets((await openAlarm(t, faulty, "FAULT")).id)).toEqual([
        "WECHAT:demo_lisi",
        "WECHAT:demo_zhangsan",
      ]);

      // every flag off: a fire reaches Li Si all the same
      await prisma.householdMember.update({
        where: { id: lisi.id },
        data: { notifyLowBattery: false, notifyOffline: false, notifyTamper: false, notifyFault: false },
      });
      const smoke = await newDevice(t, "书房");
      await deviceSays(t, clock, smoke, "smoke_alarm");
      const fire = await openAlarm(t, smoke);
      expect(await residentTargets(fire.id)).toEqual([
        "SMS:13800000001",
        "SMS:13800000002",
        "WECHAT:demo_lisi",
        "WECHAT:demo_zhangsan",
      ]);
      await t.request("POST", `/api/alarms/${fire.id}/ack`, { token: await t.loginResident("zhangsan"), body: {} });
    } finally {
      await prisma.householdMember.update({
        where: { id: lisi.id },
        data: { notifyLowBattery: true, notifyOffline: true, notifyTamper: true, notifyFault: true },
      });
    }
  });
});
