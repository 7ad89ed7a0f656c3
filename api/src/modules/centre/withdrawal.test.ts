// The withdrawal notice to 119 (撤销/误报通报, docs/alert-119.md) on the centre's service, with a ManualClock and
// the local 119 stand-in: an alarm nobody confirmed in time is handed to 119 as real; the unit then finds it was
// no fire and 119 gets one signed notice at its own endpoint, which the stand-in verifies and never takes for a
// new incident; refused, it is retried and the centre's operators are called at the fallback time; it is sent
// once however often the verdict is given, across a restart and two instances; a hand-off attempt that crossed
// the verdict, and a verdict whose start failed, still get their notice; no notice when no hand-off was made.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import { LiveFeed } from "../notifications/live-feed.ts";
import { providerFetch, type ProviderFetch } from "../../shared/provider-http.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { Alert119StandIn, WITHDRAWALS_PATH } from "../../../stand-ins/alert119/index.ts";
import { AlarmService } from "../alarms/alarm-service.ts";
import { ScopeService } from "../places/scope.ts";
import { createCentre, verifyHandoff, withdrawalUrl, type Centre } from "./index.ts";
import { ALARM_ACTION_LABEL, NOTIFICATION_CHANNEL_LABEL, WITHDRAWAL_119_MESSAGE_LABEL } from "../../contract/labels.ts";

const log = createLogger("silent");

describe("where withdrawal notices go", () => {
  it("adds /withdrawals to the hand-off's path (its query kept), takes ALERT_119_WITHDRAW_URL, never the hand-off's own", () => {
    expect(withdrawalUrl("https://119.example.cn/api/alarm?key=k1", null)).toBe(
      "https://119.example.cn/api/alarm/withdrawals?key=k1",
    );
    expect(withdrawalUrl("https://119.example.cn/alert/", null)).toBe("https://119.example.cn/alert/withdrawals");
    expect(withdrawalUrl("https://119.example.cn/alert", "https://119.example.cn/cancel.do")).toBe(
      "https://119.example.cn/cancel.do",
    );
    expect(withdrawalUrl("https://119.example.cn/alert", "https://119.example.cn/alert")).toBeNull();
    expect(withdrawalUrl(null, null)).toBeNull();
  });
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the withdrawal notice to 119 on ${provider}`, () => {
    let m: ModuleDb;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
    const standIn = new Alert119StandIn({ nowSec: () => Math.floor(clock.now().getTime() / 1000) });
    let url: string;
    const ids: Record<string, string> = {};
    const instances: Centre[] = [];
    let serial = 0;

    const make = (owner: string, fetch?: ProviderFetch) => {
      const c = createCentre({
        prisma: m.db.prisma,
        clock,
        log,
        live: new LiveFeed(),
        alarms: new AlarmService(m.db.prisma, new ScopeService(m.db.prisma), clock),
        owner,
        kickOutbox: () => undefined,
        baseUrl: "http://127.0.0.1:3000",
        alert119: { url, secret: standIn.secret, dutyPhone: "13900000119" },
        linkSecret: "link-secret-for-tests",
        handoff: { requestTimeoutMs: 2_000 },
        ...(fetch ? { fetch } : {}),
      });
      instances.push(c);
      return c;
    };

    beforeAll(async () => {
      m = await openModuleDb(provider);
      url = await standIn.start();
      const p = m.db.prisma;
      const county = await p.county.create({ data: { code: "360198", name: "示范县" } });
      const t = await p.township.create({ data: { countyId: county.id, name: "城关街道", kind: "SUBDISTRICT" } });
      ids.unit = (
        await p.networkedUnit.create({
          data: {
            townshipId: t.id,
            name: "示范县人民医院",
            creditCode: "12360198MB0000001X",
            category: "HOSPITAL",
            sector: "HEALTH",
            address: "城关镇人民路 1 号",
            latitude: 28.0,
            longitude: 116.0,
            controlRoomPhone: "07910000001",
            hasAutoFireAlarm: true,
          },
        })
      ).id;
      await p.deviceModel.create({
        data: { id: "AX-CP1", kind: "MANUAL_CALL_POINT", vendor: "安心", name: "手报", heartbeatIntervalSec: 3600 },
      });
      for (const [k, role, phone] of [
        ["operator", "CONTROL_ROOM_OPERATOR", "13800000001"],
        ["manager", "UNIT_MANAGER", "13800000002"],
        ["centre", "CENTRE_OPERATOR", "13800000005"],
      ] as const) {
        ids[k] = (await p.staffUser.create({ data: { username: k, name: `${k}-名`, role, phone } })).id;
        if (role !== "CENTRE_OPERATOR") await p.staffUnit.create({ data: { staffUserId: ids[k]!, unitId: ids.unit! } });
      }
    });
    afterAll(async () => {
      for (const c of instances) await c.close();
      await standIn.stop();
      await m?.close();
    });

    const staff = (k: string) => ({ kind: "staff" as const, id: ids[k]! });

    /** A call point pressed on the 3rd floor, its countdown started. */
    async function signal(c: Centre, kind: "CALL_POINT" | "SUSPECTED_FIRE" = "CALL_POINT") {
      const p = m.db.prisma;
      const id = `cp-${++serial}`;
      await p.device.create({
        data: { id, serial: id, modelId: "AX-CP1", secretHash: "x", unitId: ids.unit!, floor: 3 },
      });
      const now = clock.now();
      const alarm = await p.alarm.create({
        data: {
          deviceId: id,
          unitId: ids.unit!,
          floor: 3,
          location: "门诊楼 3层 配电室",
          source: kind === "SUSPECTED_FIRE" ? "video" : "gb26875",
          kind,
          severity: "CRITICAL",
          startedAt: now,
          lastEventAt: now,
        },
      });
      c.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await c.service.inflight.idle();
      return alarm;
    }

    /** Nobody confirms within the hospital's 2 minutes: treated as real, handed to 119. */
    async function timedOut(c: Centre, kind: "CALL_POINT" | "SUSPECTED_FIRE" = "CALL_POINT") {
      const alarm = await signal(c, kind);
      clock.advance(120_000);
      await c.settle();
      return alarm;
    }

    const withdrawalRows = (alarmId: string) =>
      m.db.prisma.notification.findMany({
        where: { alarmId, channel: "HANDOFF_119", template: "WITHDRAW_119" },
        orderBy: { dedupeKey: "asc" },
      });
    const fallbackRows = (alarmId: string) =>
      m.db.prisma.notification.findMany({
        where: { alarmId, dedupeKey: { startsWith: `centre:${alarmId}:withdraw-fallback:` } },
      });
    const posts = (alarmId: string) =>
      standIn.requests.filter((r) => r.path === WITHDRAWALS_PATH && r.rawBody.includes(alarmId));
    const recent = async (c: Centre, alarmId: string) =>
      (await c.service.recentVerdicts(staff("centre"), { limit: 100 })).find((v) => v.id === alarmId);

    it("sends one signed notice after a false alarm on an acknowledged hand-off, which 119 verifies and never takes for a new incident", async () => {
      standIn.mode = "up";
      const c = make("one");
      const alarm = await timedOut(c);
      const incident = standIn.incidents.get(alarm.id);
      expect(incident?.payload.confirmedBy).toBe("timeout");
      const incidentsBefore = standIn.incidents.size;
      const handoffPosts = standIn.requests.length;

      clock.advance(30_000);
      const givenAt = clock.now();
      const out = await c.service.confirm(staff("operator"), alarm.id, "FALSE_ALARM", "施工粉尘");
      expect(out).toMatchObject({ handedTo119: false, withdrawalTo119: true });
      await c.withdrawal.inflight.idle(); // the first attempt runs at once, not on the timer loop

      const got = standIn.withdrawals.get(alarm.id);
      expect(standIn.rejected).toEqual([]);
      expect(got?.deliveries).toBe(1);
      expect(got?.idempotencyKey).toBe(`withdrawal:${alarm.id}`);
      expect(got?.payload).toMatchObject({
        version: 1,
        type: "withdrawal",
        alarmId: alarm.id,
        incidentId: incident!.incidentId,
        verdict: "FALSE_ALARM",
        verdictLabel: "误报",
        note: "施工粉尘",
        givenBy: {
          side: "unit",
          name: "operator-名",
          role: "CONTROL_ROOM_OPERATOR",
          roleLabel: "消防控制室值班员",
          phone: "13800000001",
        },
        givenAt: givenAt.toISOString(),
        handoff: { confirmedBy: "timeout", acknowledged: true },
        unit: { name: "示范县人民医院", address: "城关镇人民路 1 号", controlRoomPhone: "07910000001" },
        trigger: { kind: "CALL_POINT", location: "门诊楼 3层 配电室" },
      });
      // signed as the hand-off is, at its own endpoint: no second incident, the first one marked withdrawn
      const [post] = posts(alarm.id);
      expect(standIn.requests.length).toBe(handoffPosts + 1);
      expect(
        verifyHandoff(
          standIn.secret,
          {
            timestamp: post!.headers["x-anxin-timestamp"] as string,
            signature: post!.headers["x-anxin-signature"] as string,
          },
          post!.rawBody,
          Math.floor(clock.now().getTime() / 1000),
        ),
      ).toEqual({ ok: true });
      expect(standIn.incidents.size).toBe(incidentsBefore);
      expect(standIn.incidents.get(alarm.id)).toMatchObject({ deliveries: 1, withdrawn: true });

      // stored and on the timeline, in words; the console's list says 119 has it
      const rows = await withdrawalRows(alarm.id);
      expect(rows.map((r) => [r.status, r.providerId])).toEqual([["DELIVERED", incident!.incidentId]]);
      const actions = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id, action: "withdraw_119" } });
      expect(actions.map((a) => a.note)).toEqual([`119 已收到误报通报（第 1 次，接警编号 ${incident!.incidentId}）`]);
      expect((await recent(c, alarm.id))?.withdrawal119).toMatchObject({
        state: "ACKNOWLEDGED",
        incidentId: incident!.incidentId,
        label: `已向119通报误报，119已收到（接警编号 ${incident!.incidentId}）`,
      });
      const file = await c.view.alarmFile(staff("centre"), alarm.id);
      // the command view's timeline: the attempt and its entry, in words
      expect(file.timeline.map((e) => `${e.what}：${e.detail}`)).toEqual(
        expect.arrayContaining([
          `119撤警通报：119 指挥中心已收到（接警编号 ${incident!.incidentId}）`,
          `119已收到撤警通报：119 已收到误报通报（第 1 次，接警编号 ${incident!.incidentId}）`,
        ]),
      );

      // a second verdict is refused, and time passing sends nothing more
      await expect(c.service.confirm(staff("manager"), alarm.id, "TEST", null)).rejects.toMatchObject({
        code: "CONFLICT",
      });
      expect(await c.withdrawal.start(alarm.id)).toBe(false);
      clock.advance(120_000);
      await c.settle();
      expect(posts(alarm.id)).toHaveLength(1);
      expect(await withdrawalRows(alarm.id)).toHaveLength(1);
      expect(await fallbackRows(alarm.id)).toEqual([]);
    });

    it("retries a notice 119 refuses, calls the centre at the fallback time to phone 119, and stops once acknowledged", async () => {
      standIn.mode = "up";
      const c = make("two");
      const alarm = await timedOut(c);
      standIn.withdrawalMode = "failing";
      const out = await c.service.confirm(staff("centre"), alarm.id, "TEST", "消防演练");
      expect(out.withdrawalTo119).toBe(true);
      await c.withdrawal.inflight.idle();
      expect((await recent(c, alarm.id))?.withdrawal119).toMatchObject({
        state: "SENDING",
        label: "已向119通报测试（非火警），等待119确认收到",
      });
      for (const step of [1_000, 2_000, 4_000]) {
        clock.advance(step);
        await c.settle();
      }
      let rows = await withdrawalRows(alarm.id);
      expect(rows.map((r) => r.status)).toEqual(["FAILED", "FAILED", "FAILED", "FAILED"]);
      expect(rows.every((r) => r.providerResponse?.startsWith("HTTP 503"))).toBe(true);
      expect(posts(alarm.id)).toHaveLength(4);
      expect(await fallbackRows(alarm.id)).toEqual([]); // 7 s: not yet
      clock.advance(3_000);
      await c.settle();
      const fb = await fallbackRows(alarm.id);
      expect(fb.map((r) => `${r.recipient}:${r.channel}:${r.target}`).sort()).toEqual([
        "contact:119-duty:SMS:13900000119",
        "contact:119-duty:VOICE:13900000119",
        `staff:${ids.centre}:SMS:13800000005`,
        `staff:${ids.centre}:VOICE:13800000005`,
      ]);
      const said = JSON.parse(fb[0]!.payload) as { content: { note: string; address: string } };
      expect(said.content.note).toBe("经确认为测试，119未确认收到，请电话告知119");
      expect(said.content.address).toContain("示范县人民医院");
      expect((await recent(c, alarm.id))?.withdrawal119).toMatchObject({
        state: "UNANSWERED",
        label: "已向119通报测试（非火警），但119未确认收到，请电话告知119",
      });
      const givenBy = (JSON.parse(rows[0]!.payload) as { body: { givenBy: unknown } }).body.givenBy;
      expect(givenBy).toMatchObject({ side: "centre", role: "CENTRE_OPERATOR", phone: "13800000005" });

      standIn.withdrawalMode = null;
      clock.advance(8_000);
      await c.settle();
      rows = await withdrawalRows(alarm.id);
      expect(rows.at(-1)!.status).toBe("DELIVERED");
      expect(standIn.withdrawals.get(alarm.id)).toMatchObject({ deliveries: 1, payload: { verdict: "TEST" } });
      expect((await recent(c, alarm.id))?.withdrawal119?.state).toBe("ACKNOWLEDGED");
      const n = rows.length;
      clock.advance(120_000);
      await c.settle();
      expect(await withdrawalRows(alarm.id)).toHaveLength(n);
      const timeline = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id } });
      expect(timeline.filter((x) => x.action === "withdraw_119_failed")).toHaveLength(n - 1);
      expect(timeline.filter((x) => x.action === "withdraw_fallback")).toHaveLength(1);
      expect(timeline.filter((x) => x.action === "withdraw_119")).toHaveLength(1);
      const file = await c.view.alarmFile(staff("centre"), alarm.id);
      const words = file.timeline.map((e) => `${e.what}：${e.detail}`);
      expect(words).toContain(
        "撤警通报119未确认：向 119 通报测试（非火警）未收到回执（第 1 次：对方返回错误（HTTP 503）），1 秒后重试",
      );
      expect(words.find((w) => w.startsWith("119未确认撤警通报，通知值班："))).toContain("请其电话告知 119");
      expect(words).toContain("119撤警通报：119 指挥中心未确认收到，系统继续重试（共 4 次）");
      // every line in the contract's words, as the alarm's card says them: none of the wall's own
      const contract = new Set<string>([
        ...Object.values(ALARM_ACTION_LABEL),
        ...Object.values(NOTIFICATION_CHANNEL_LABEL),
        WITHDRAWAL_119_MESSAGE_LABEL,
      ]);
      expect(file.timeline.map((e) => e.what).filter((w) => !contract.has(w))).toEqual([]);
    });

    it("tells 119 of a hand-off still being retried, and sends the notice once across a restart mid-retry and two instances", async () => {
      const first = make("before-restart");
      standIn.mode = "failing"; // the hand-off is not acknowledged: retried
      const alarm = await timedOut(first);
      expect(standIn.incidents.has(alarm.id)).toBe(false);
      standIn.withdrawalMode = "failing";
      await first.service.confirm(staff("operator"), alarm.id, "FALSE_ALARM", "误碰手报按钮");
      await first.withdrawal.inflight.idle();
      expect((await withdrawalRows(alarm.id)).map((r) => r.status)).toEqual(["FAILED"]);
      await first.close(); // the API stops between two attempts

      const east = make("after-restart-east");
      const west = make("after-restart-west");
      standIn.mode = "up";
      standIn.withdrawalMode = null;
      clock.advance(1_000);
      await Promise.all([east.settle(), west.settle(), east.settle(), west.settle()]);
      const rows = await withdrawalRows(alarm.id);
      expect(rows.map((r) => r.status)).toEqual(["FAILED", "DELIVERED"]);
      expect(posts(alarm.id)).toHaveLength(2);
      expect(standIn.withdrawals.get(alarm.id)).toMatchObject({
        deliveries: 1,
        incidentId: null,
        payload: { incidentId: null, handoff: { confirmedBy: "timeout", acknowledged: false } },
      });
      // the hand-off's retries stopped with the verdict: 119 never opened an incident for it
      clock.advance(120_000);
      await Promise.all([east.settle(), west.settle()]);
      expect(standIn.incidents.has(alarm.id)).toBe(false);
      expect(posts(alarm.id)).toHaveLength(2);
      expect(await fallbackRows(alarm.id)).toEqual([]);
    });

    it("tells 119 when the verdict crossed a hand-off attempt on its way out", async () => {
      standIn.mode = "up";
      standIn.withdrawalMode = null;
      let verdictFor: string | null = null;
      // another instance records the verdict while this attempt is being sent (it found no attempt to withdraw)
      const crossing: ProviderFetch = async (u, init) => {
        if (verdictFor && !u.endsWith("/withdrawals"))
          await m.db.prisma.alarm.update({
            where: { id: verdictFor },
            data: {
              verdict: "FALSE_ALARM",
              verdictAt: clock.now(),
              verdictBy: `staff:${ids.operator}`,
              verdictCause: "油烟",
              status: "RESOLVED",
            },
          });
        return providerFetch(u, init);
      };
      const c = make("crossing", crossing);
      const alarm = await signal(c);
      verdictFor = alarm.id;
      clock.advance(120_000);
      await c.settle();
      expect(standIn.incidents.has(alarm.id)).toBe(true);
      expect(standIn.withdrawals.get(alarm.id)?.payload).toMatchObject({ verdict: "FALSE_ALARM", note: "油烟" });
      expect(posts(alarm.id)).toHaveLength(1);
    });

    it("starts the notice later when the verdict's own start failed, from a timer written before the verdict", async () => {
      standIn.mode = "up";
      standIn.withdrawalMode = null;
      const c = make("start-failed");
      const alarm = await timedOut(c);
      expect(standIn.incidents.has(alarm.id)).toBe(true);
      const spy = vi.spyOn(c.withdrawal, "start").mockRejectedValueOnce(new Error("the database went away"));
      try {
        // the verdict stands; its notice could not be started here
        const out = await c.service.confirm(staff("manager"), alarm.id, "FAULT", "探测器故障");
        expect(out).toMatchObject({ verdict: "FAULT", withdrawalTo119: false });
      } finally {
        spy.mockRestore();
      }
      expect(standIn.withdrawals.has(alarm.id)).toBe(false);
      clock.advance(30_000);
      await c.settle();
      expect(standIn.withdrawals.get(alarm.id)).toMatchObject({
        deliveries: 1,
        payload: { verdict: "FAULT", verdictLabel: "设备故障", givenBy: { role: "UNIT_MANAGER", side: "unit" } },
      });
      clock.advance(60_000);
      await c.settle();
      expect(posts(alarm.id)).toHaveLength(1);
    });

    it("sends no notice when no hand-off was made: a verdict in time, a video suspicion", async () => {
      standIn.mode = "up";
      const c = make("none");
      const before = standIn.requests.length;
      const early = await signal(c);
      clock.advance(30_000);
      expect(await c.service.confirm(staff("operator"), early.id, "FALSE_ALARM", "油烟")).toMatchObject({
        withdrawalTo119: false,
      });
      const video = await timedOut(c, "SUSPECTED_FIRE");
      expect(await c.service.confirm(staff("operator"), video.id, "FALSE_ALARM", "灯光")).toMatchObject({
        withdrawalTo119: false,
      });
      clock.advance(120_000);
      await c.settle();
      for (const a of [early, video]) {
        expect(await withdrawalRows(a.id)).toEqual([]);
        expect(await fallbackRows(a.id)).toEqual([]);
        expect(await m.db.prisma.timer.count({ where: { key: { startsWith: `centre:${a.id}:withdraw` } } })).toBe(0);
        expect((await recent(c, a.id))?.withdrawal119).toBeNull();
      }
      expect(standIn.requests.length).toBe(before);
    });
  });
}
