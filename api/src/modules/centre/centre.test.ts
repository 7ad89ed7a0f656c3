// The monitoring centre end to end on its service, with a ManualClock and the local 119 stand-in on a port
// the OS picks: a unit fire signal reaches the control room and the centre (its countdown started beside the
// alarm engine, four at most at once); the operator's "real fire" is handed to 119 at once, signed; with the
// stand-in down the hand-off is retried with backoff and, 10 s on, the duty officer is called; nobody
// confirming in time chases the unit's chiefs and the centre, each step once across two instances; duty checks
// answered, late and missed; the unit's figures.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { createLogger } from "../../shared/logger.ts";
import { LiveFeed } from "../notifications/live-feed.ts";
import { LIVE_EVENTS } from "../../contract/live.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { Alert119StandIn } from "../../../stand-ins/alert119/index.ts";
import { AlarmService, type HeardChange, type VerdictCloser } from "../alarms/alarm-service.ts";
import { ScopeService } from "../places/scope.ts";
import { createCentre, signHandoff, verifyHandoff, type Centre } from "./index.ts";

const log = createLogger("silent");

describe("the 119 hand-off signature", () => {
  const body = JSON.stringify({ version: 1, alarmId: "a1" });
  const sig = signHandoff("s3cret", 1_800_000_000, body);
  const check = (b: string, ts: string, s: string, now = 1_800_000_010) =>
    verifyHandoff("s3cret", { timestamp: ts, signature: s }, b, now);
  it("accepts the body as signed and refuses a changed body, time or key, and a replay", () => {
    expect(check(body, "1800000000", sig)).toEqual({ ok: true });
    expect(check(body.replace("a1", "a2"), "1800000000", sig)).toEqual({ ok: false, why: "bad signature" });
    expect(check(body, "1800000001", sig)).toEqual({ ok: false, why: "bad signature" });
    expect(check(body, "1800000000", signHandoff("other", 1_800_000_000, body))).toEqual({
      ok: false,
      why: "bad signature",
    });
    expect(check(body, "1800000000", sig, 1_800_000_000 + 301)).toEqual({ ok: false, why: "timestamp outside window" });
    expect(check(body, "", sig).ok).toBe(false);
  });
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the monitoring centre on ${provider}`, () => {
    let m: ModuleDb;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
    const standIn = new Alert119StandIn({ nowSec: () => Math.floor(clock.now().getTime() / 1000) });
    let url: string;
    const ids: Record<string, string> = {};
    const instances: Centre[] = [];
    let serial = 0;
    /** what every instance put on the live feed: the shapes of its data, and what the contract refused */
    const liveShapes = new Set<string>();
    const liveRefused: string[] = [];

    /** an instance's alarm engine, on the same database */
    const engine = () => new AlarmService(m.db.prisma, new ScopeService(m.db.prisma), clock);
    const make = (owner: string, alarms: VerdictCloser = engine()) => {
      const live = new LiveFeed();
      live.subscribe({
        staffId: "screen",
        communities: "all",
        send: (e) => {
          const r = LIVE_EVENTS[e.type].safeParse(e);
          if (!r.success) liveRefused.push(`${e.type}: ${r.error.message}`);
          liveShapes.add(`${e.type}: ${Object.keys(e.data).sort().join(",")}`);
        },
      });
      const c = createCentre({
        prisma: m.db.prisma,
        clock,
        log,
        live,
        alarms,
        owner,
        kickOutbox: () => undefined,
        baseUrl: "http://127.0.0.1:3000",
        alert119: { url, secret: standIn.secret, dutyPhone: "13900000119" },
        linkSecret: "link-secret-for-tests",
        hydrants: async () => [
          { id: "h1", name: "医院东门消火栓", latitude: 28.001, longitude: 116.001, distanceM: 120, pressureMpa: 0.32 },
        ],
        handoff: { requestTimeoutMs: 2_000 },
        dutyChecks: { answerSec: 120, missSec: 600, perDay: 1 },
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
      for (const [k, name] of [
        ["unit", "示范县人民医院"],
        ["other", "城关商场"],
      ] as const)
        ids[k] = (
          await p.networkedUnit.create({
            data: {
              townshipId: t.id,
              name,
              creditCode: `12360198MB${k.padEnd(8, "0")}`.slice(0, 18),
              category: k === "unit" ? "HOSPITAL" : "SHOPPING_MARKET",
              sector: k === "unit" ? "HEALTH" : "COMMERCE",
              address: k === "unit" ? "城关镇人民路 1 号" : "城关镇商业街 8 号",
              latitude: 28.0,
              longitude: 116.0,
              controlRoomPhone: "07910000001",
              controlRoomLocation: "门诊楼 1 层",
              hasAutoFireAlarm: true,
            },
          })
        ).id;
      ids.building = (
        await p.unitBuilding.create({
          data: { unitId: ids.unit!, name: "门诊楼", floorsAbove: 6, floorsBelow: 1, heightM: 23 },
        })
      ).id;
      ids.part = (
        await p.keyPart.create({ data: { unitId: ids.unit!, buildingId: ids.building, name: "3 层配电室", floor: 3 } })
      ).id;
      await p.deviceModel.create({
        data: { id: "AX-CP1", kind: "MANUAL_CALL_POINT", vendor: "安心", name: "手报", heartbeatIntervalSec: 3600 },
      });
      for (const [k, role, unit, phone] of [
        ["operator", "CONTROL_ROOM_OPERATOR", "unit", "13800000001"],
        ["manager", "UNIT_MANAGER", "unit", "13800000002"],
        ["responsible", "UNIT_RESPONSIBLE", "unit", "13800000003"],
        ["otherOperator", "CONTROL_ROOM_OPERATOR", "other", "13800000004"],
        ["centre", "CENTRE_OPERATOR", null, "13800000005"],
      ] as const) {
        ids[k] = (await p.staffUser.create({ data: { username: k, name: k, role, phone } })).id;
        if (unit) await p.staffUnit.create({ data: { staffUserId: ids[k]!, unitId: ids[unit]! } });
      }
    });
    afterAll(async () => {
      for (const c of instances) await c.close();
      await standIn.stop();
      await m?.close();
    });

    const staff = (k: string) => ({ kind: "staff" as const, id: ids[k]! });

    /** A call point pressed in the unit's outpatient building, 3rd floor: the alarm as a panel would raise it. */
    async function signal(unit = "unit") {
      const p = m.db.prisma;
      const id = `cp-${++serial}`;
      await p.device.create({
        data: {
          id,
          serial: id,
          modelId: "AX-CP1",
          secretHash: "x",
          unitId: ids[unit]!,
          unitBuildingId: ids.building!,
          keyPartId: ids.part!,
          floor: 3,
        },
      });
      const now = clock.now();
      return p.alarm.create({
        data: {
          deviceId: id,
          unitId: ids[unit]!,
          unitBuildingId: ids.building!,
          keyPartId: ids.part!,
          floor: 3,
          location: "门诊楼 3层 配电室",
          source: "gb26875",
          kind: "CALL_POINT",
          severity: "CRITICAL",
          startedAt: now,
          lastEventAt: now,
        },
      });
    }

    const rows = (alarmId: string, scope: string) =>
      m.db.prisma.notification.findMany({
        where: { alarmId, dedupeKey: { startsWith: `centre:${alarmId}:${scope}:` } },
      });

    it("starts countdowns beside the alarm engine, four at most at once, in order, each once", async () => {
      const c = make("flood");
      const alarms = [];
      for (let i = 0; i < 6; i++) alarms.push(await signal());
      const start = c.service.startCountdown.bind(c.service);
      const started: string[] = [];
      let running = 0;
      let most = 0;
      let open: () => void = () => undefined;
      const held = new Promise<void>((r) => (open = r));
      const spy = vi.spyOn(c.service, "startCountdown").mockImplementation(async (alarmId) => {
        started.push(alarmId);
        most = Math.max(most, ++running);
        await held; // the database is slow: each countdown's statements take their time
        try {
          return await start(alarmId);
        } finally {
          running--;
        }
      });
      try {
        // the listener returns at once: the alarm engine (and the next fire's raise) does not wait for a countdown
        for (const a of alarms) c.service.onAlarmChange({ outcome: "created", alarm: { ...a, dispatchedTo: null } });
        expect(started).toEqual(alarms.slice(0, 4).map((a) => a.id));
        open();
        await c.service.inflight.idle();
        expect(started).toEqual(alarms.map((a) => a.id));
        expect(most).toBe(4);
        const set = await m.db.prisma.alarm.findMany({
          where: { id: { in: alarms.map((a) => a.id) }, confirmDeadlineAt: { not: null } },
        });
        expect(set).toHaveLength(6);
        for (const a of alarms) expect(await rows(a.id, "signal")).toHaveLength(4);
      } finally {
        spy.mockRestore();
      }
    });

    it("puts a unit fire signal before the control room and the centre, and hands a confirmed fire to 119 at once, signed", async () => {
      const c = make("one");
      const alarm = await signal();
      c.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await c.service.inflight.idle();
      const a = await m.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      expect(a.confirmDeadlineAt?.getTime()).toBe(alarm.startedAt.getTime() + 120_000); // hospitals: 2 minutes
      const told = await rows(alarm.id, "signal");
      expect(
        told.map((r) => `${r.recipient === `staff:${ids.operator}` ? "operator" : "centre"}:${r.channel}`).sort(),
      ).toEqual(["centre:PUSH", "operator:PUSH", "operator:SMS", "operator:VOICE"]);
      expect((await c.service.board(staff("centre"))).map((b) => b.id)).toContain(alarm.id);
      expect((await c.service.board(staff("otherOperator"))).map((b) => b.id)).not.toContain(alarm.id);

      // another unit's operator does not see it; a false alarm needs a cause
      await expect(c.service.confirm(staff("otherOperator"), alarm.id, "REAL_FIRE", null)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      await expect(c.service.confirm(staff("operator"), alarm.id, "FALSE_ALARM", " ")).rejects.toBeInstanceOf(AppError);

      clock.advance(40_000);
      const confirmedAt = clock.now();
      const out = await c.service.confirm(staff("operator"), alarm.id, "REAL_FIRE", null);
      expect(out.handedTo119).toBe(true);
      await c.handoff.inflight.idle(); // the first attempt runs at once, not on the timer loop
      expect(clock.now()).toEqual(confirmedAt); // no time had to pass: handed on at the confirmation
      const got = standIn.incidents.get(alarm.id);
      expect(got).toBeDefined();
      expect(standIn.rejected).toEqual([]);
      const p = got!.payload;
      expect(p).toMatchObject({
        version: 1,
        confirmedBy: "unit",
        confirmedAt: confirmedAt.toISOString(),
        unit: {
          name: "示范县人民医院",
          address: "城关镇人民路 1 号",
          latitude: 28,
          longitude: 116,
          controlRoomPhone: "07910000001",
        },
        building: { name: "门诊楼", floorsAbove: 6 },
        floor: 3,
        keyPart: { name: "3 层配电室" },
        trigger: { kind: "CALL_POINT", source: "gb26875", startedAt: alarm.startedAt.toISOString() },
        hydrants: [{ name: "医院东门消火栓", distanceM: 120 }],
      });
      expect(p.onDuty.map((x) => `${x.role}:${x.phone}`)).toEqual([
        "CONTROL_ROOM_OPERATOR:13800000001",
        "UNIT_MANAGER:13800000002",
        "UNIT_RESPONSIBLE:13800000003",
      ]);
      // the incident link opens with its token only
      const link = new URL(p.incidentUrl);
      expect(await c.incident(alarm.id, link.searchParams.get("token")!)).toMatchObject({ alarmId: alarm.id });
      expect(await c.incident(alarm.id, "x".repeat(32))).toBeNull();
      // the attempt is on the timeline, acknowledged; the countdown is cancelled
      const h = await m.db.prisma.notification.findMany({ where: { alarmId: alarm.id, channel: "HANDOFF_119" } });
      expect(h.map((r) => [r.status, r.providerId])).toEqual([["DELIVERED", got!.incidentId]]);
      clock.advance(120_000);
      await c.settle();
      expect(await rows(alarm.id, "timeout")).toEqual([]);
      expect(await rows(alarm.id, "handoff-fallback")).toEqual([]);
      expect(standIn.requests.filter((r) => r.rawBody.includes(alarm.id))).toHaveLength(1);
      const actions = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id }, orderBy: { at: "asc" } });
      expect(actions.map((x) => x.action)).toEqual(["notified", "confirmed", "handoff_119"]);
      await expect(c.service.confirm(staff("centre"), alarm.id, "FALSE_ALARM", "误触")).rejects.toMatchObject({
        code: "CONFLICT",
      });
    });

    it("retries a hand-off the 119 centre does not acknowledge, calls the duty officer at 10 s, and stops once acknowledged", async () => {
      const c = make("two");
      const alarm = await signal();
      c.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await c.service.inflight.idle();
      await standIn.stop();
      await c.service.confirm(staff("centre"), alarm.id, "REAL_FIRE", "中心视频核实");
      await c.handoff.inflight.idle();
      standIn.mode = "failing";
      await standIn.start();
      for (const step of [1_000, 2_000, 4_000]) {
        clock.advance(step);
        await c.settle();
      }
      let attempts = await m.db.prisma.notification.findMany({
        where: { alarmId: alarm.id, channel: "HANDOFF_119" },
        orderBy: { createdAt: "asc" },
      });
      expect(attempts.map((r) => r.status)).toEqual(["FAILED", "FAILED", "FAILED", "FAILED"]);
      expect(attempts[0]!.providerResponse).toMatch(/^NETWORK/);
      expect(attempts[1]!.providerResponse).toMatch(/^HTTP 503/);
      expect(await rows(alarm.id, "handoff-fallback")).toEqual([]); // 7 s: not yet
      clock.advance(3_000);
      await c.settle();
      const fb = await rows(alarm.id, "handoff-fallback");
      expect(fb.map((r) => `${r.recipient}:${r.channel}:${r.target}`).sort()).toEqual([
        "contact:119-duty:SMS:13900000119",
        "contact:119-duty:VOICE:13900000119",
        `staff:${ids.centre}:SMS:13800000005`,
        `staff:${ids.centre}:VOICE:13800000005`,
      ]);
      const said = JSON.parse(fb[0]!.payload) as { content: { note: string } };
      expect(said.content.note).toContain("示范县人民医院");
      expect(said.content.note).toContain("3 层配电室");
      standIn.mode = "up";
      clock.advance(8_000);
      await c.settle();
      attempts = await m.db.prisma.notification.findMany({
        where: { alarmId: alarm.id, channel: "HANDOFF_119" },
        orderBy: { createdAt: "asc" },
      });
      expect(attempts.at(-1)!.status).toBe("DELIVERED");
      expect(standIn.incidents.get(alarm.id)?.payload.confirmedBy).toBe("centre");
      const n = attempts.length;
      clock.advance(120_000);
      await c.settle();
      expect(await m.db.prisma.notification.count({ where: { alarmId: alarm.id, channel: "HANDOFF_119" } })).toBe(n);
      const timeline = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id } });
      expect(timeline.filter((x) => x.action === "handoff_119_failed")).toHaveLength(n - 1);
      expect(timeline.filter((x) => x.action === "handoff_fallback")).toHaveLength(1);
    });

    it("chases an alarm nobody confirms: the unit's chiefs called, the centre prompted, handed to 119, each once across two instances", async () => {
      const a1 = make("east");
      const a2 = make("west");
      const alarm = await signal();
      // both instances hear of it (a listener and the other's sweep)
      a1.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await Promise.all([a1.service.inflight.idle(), a2.settle()]);
      clock.advance(119_000);
      await Promise.all([a1.settle(), a2.settle()]);
      expect(await rows(alarm.id, "timeout")).toEqual([]);
      clock.advance(1_000);
      await Promise.all([a1.settle(), a2.settle(), a1.settle(), a2.settle()]);
      const chased = await rows(alarm.id, "timeout");
      expect(chased.map((r) => `${r.recipient}:${r.channel}`).sort()).toEqual(
        [
          `staff:${ids.centre}:PUSH`,
          `staff:${ids.manager}:SMS`,
          `staff:${ids.manager}:VOICE`,
          `staff:${ids.responsible}:SMS`,
          `staff:${ids.responsible}:VOICE`,
        ].sort(),
      );
      expect((await rows(alarm.id, "signal")).length).toBe(4);
      const a = await m.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      expect(a.report119).toBe(true);
      expect(a.verdict).toBeNull();
      const actions = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id } });
      expect(actions.filter((x) => x.action === "confirm_timeout")).toHaveLength(1);
      expect(actions.filter((x) => x.action === "notified")).toHaveLength(1);
      expect(standIn.incidents.get(alarm.id)?.payload.confirmedBy).toBe("timeout");
      expect(standIn.incidents.get(alarm.id)?.deliveries).toBe(1);
      expect(await m.db.prisma.notification.count({ where: { alarmId: alarm.id, channel: "HANDOFF_119" } })).toBe(1);
    });

    it("stops the hand-off retries of a timed-out alarm the unit then finds false, and keeps a video suspicion from 119", async () => {
      const c = make("later");
      standIn.mode = "failing";
      const alarm = await signal();
      c.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await c.service.inflight.idle();
      clock.advance(120_000);
      await c.settle();
      expect(await m.db.prisma.notification.count({ where: { alarmId: alarm.id, channel: "HANDOFF_119" } })).toBe(1);
      await c.service.confirm(staff("operator"), alarm.id, "FALSE_ALARM", "施工粉尘");
      clock.advance(60_000);
      await c.settle();
      // the hand-off's attempts stop; 119 is sent a withdrawal notice instead (withdrawal.test.ts)
      const sent = await m.db.prisma.notification.findMany({ where: { alarmId: alarm.id, channel: "HANDOFF_119" } });
      expect(sent.filter((r) => r.template === "FIRE_REAL")).toHaveLength(1);
      expect(sent.filter((r) => r.template === "WITHDRAW_119").length).toBeGreaterThan(0);
      expect(await rows(alarm.id, "handoff-fallback")).toEqual([]);
      const a = await m.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      expect([a.status, a.verdict, a.resolution, a.verdictCause]).toEqual([
        "RESOLVED",
        "FALSE_ALARM",
        "FALSE_ALARM",
        "施工粉尘",
      ]);
      standIn.mode = "up";

      const video = await m.db.prisma.alarm.update({
        where: { id: (await signal()).id },
        data: { kind: "SUSPECTED_FIRE", source: "video" },
      });
      c.service.onAlarmChange({ outcome: "created", alarm: { ...video, dispatchedTo: null } });
      await c.service.inflight.idle();
      clock.advance(120_000);
      await c.settle();
      expect((await rows(video.id, "timeout")).length).toBeGreaterThan(0); // chased like any fire signal
      expect(await m.db.prisma.notification.count({ where: { alarmId: video.id, channel: "HANDOFF_119" } })).toBe(0);
      expect(standIn.incidents.has(video.id)).toBe(false);
    });

    it("closes an alarm on a verdict of no fire through the alarm engine: its listeners hear it at once, once, where it was given", async () => {
      // two instances, each with its engine and a listener (what linkage, the live feed and the escalation are)
      const heard: Record<"east" | "west", HeardChange[]> = { east: [], west: [] };
      const engines = { east: engine(), west: engine() };
      for (const k of ["east", "west"] as const) engines[k].onChange((change) => void heard[k].push(change));
      const east = make("verdict-east", engines.east);
      const west = make("verdict-west", engines.west);
      const alarm = await signal();
      east.service.onAlarmChange({ outcome: "created", alarm: { ...alarm, dispatchedTo: null } });
      await east.service.inflight.idle();

      // two people at once, on two instances: one verdict stands, the other is refused
      const [byOperator, byCentre] = await Promise.allSettled([
        east.service.confirm(staff("operator"), alarm.id, "FALSE_ALARM", "厨房油烟"),
        west.service.confirm(staff("centre"), alarm.id, "TEST", null),
      ]);
      const won = byOperator.status === "fulfilled" ? "east" : "west";
      const lost = won === "east" ? "west" : "east";
      const refused = won === "east" ? byCentre : byOperator;
      expect(refused).toMatchObject({ status: "rejected", reason: { code: "CONFLICT" } });
      const resolution = won === "east" ? "FALSE_ALARM" : "TEST";
      // heard as the verdict returned, not by a later sweep: the close, with the alarm as it was closed
      expect(heard[won].map((c) => [c.outcome, c.alarm.id, c.alarm.status, c.alarm.resolution])).toEqual([
        ["resolved", alarm.id, "RESOLVED", resolution],
      ]);
      expect(heard[lost]).toEqual([]);
      const a = await m.db.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
      expect([a.status, a.verdict, a.resolution, a.openSlot]).toEqual([
        "RESOLVED",
        won === "east" ? "FALSE_ALARM" : "TEST",
        resolution,
        null,
      ]);
      expect(a.acknowledgedAt).toEqual(a.verdictAt); // it was still ACTIVE: the verdict acknowledged it too
      // one line on the timeline, in the centre's words, as before
      const closed = await m.db.prisma.alarmAction.findMany({ where: { alarmId: alarm.id, action: "resolved" } });
      expect(closed.map((x) => [x.eventKey, x.note])).toEqual([
        ["centre:verdict", won === "east" ? "单位确认：误报（厨房油烟）" : "监控中心确认：测试"],
      ]);
      // the countdown stopped: nothing more for it, on either instance
      clock.advance(180_000);
      await Promise.all([east.settle(), west.settle()]);
      expect(await rows(alarm.id, "timeout")).toEqual([]);
      expect(heard[won]).toHaveLength(1);
      expect(heard[lost]).toEqual([]);
    });

    it("records duty checks answered, late and missed, and plans random ones; the unit's figures show them", async () => {
      const c = make("checks");
      await expect(c.dutyChecks.request(staff("operator"), ids.unit!)).rejects.toMatchObject({ code: "FORBIDDEN" });
      const from = clock.now();
      const onTime = await c.dutyChecks.request(staff("centre"), ids.unit!);
      const late = await c.dutyChecks.request(staff("centre"), ids.unit!);
      const missed = await c.dutyChecks.request(staff("centre"), ids.unit!);
      expect(onTime.via).toBe("app");
      expect((await c.dutyChecks.list(staff("operator"), { pendingOnly: true })).map((x) => x.id).sort()).toEqual(
        [onTime.id, late.id, missed.id].sort(),
      );
      expect(await c.dutyChecks.list(staff("otherOperator"), { pendingOnly: true })).toEqual([]);
      await expect(c.dutyChecks.answer(staff("otherOperator"), onTime.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      clock.advance(60_000);
      expect((await c.dutyChecks.answer(staff("operator"), onTime.id)).status).toBe("ANSWERED");
      clock.advance(240_000);
      expect((await c.dutyChecks.answer(staff("operator"), late.id)).status).toBe("LATE");
      clock.advance(300_000);
      await c.settle();
      const all = await c.dutyChecks.list(staff("centre"), { unitId: ids.unit! });
      expect(Object.fromEntries(all.map((x) => [x.id, x.status]))).toMatchObject({
        [onTime.id]: "ANSWERED",
        [late.id]: "LATE",
        [missed.id]: "MISSED",
      });
      await expect(c.dutyChecks.answer(staff("operator"), missed.id)).rejects.toMatchObject({ code: "CONFLICT" });
      const sms = await m.db.prisma.notification.count({
        where: { dedupeKey: { startsWith: `dutycheck:${onTime.id}:` } },
      });
      expect(sms).toBe(2); // the operator's screen and phone

      // random checks: planned once per unit with an automatic fire alarm system, sent when due
      await c.start();
      await c.settle();
      const planned = await m.db.prisma.timer.count({ where: { kind: "centre.dutycheck-random" } });
      expect(planned).toBe(2);
      clock.advance(24 * 3600_000);
      await c.settle();
      const scheduled = await m.db.prisma.dutyCheck.findMany({ where: { origin: "SCHEDULED" } });
      expect(new Set(scheduled.map((x) => x.unitId))).toEqual(new Set([ids.unit, ids.other]));
      expect(await m.db.prisma.timer.count({ where: { kind: "centre.dutycheck-random" } })).toBe(4); // the next day's too

      const [fig] = await c.records.figures(staff("centre"), {
        from,
        to: new Date(from.getTime() + 3600_000),
        unitId: ids.unit!,
      });
      expect(fig!.dutyChecks).toEqual({ answered: 1, late: 1, missed: 1, pending: 0 });
    });

    it("flags a unit with more than 5 false alarms in a day and reports confirmation times", async () => {
      const c = make("records");
      const from = clock.now();
      for (let i = 0; i < 6; i++) {
        const alarm = await signal("other");
        clock.advance(30_000);
        await c.service.confirm(staff("otherOperator"), alarm.id, "FALSE_ALARM", "粉尘");
      }
      const [fig] = await c.records.figures(staff("centre"), {
        from,
        to: new Date(from.getTime() + 3600_000),
        unitId: ids.other!,
      });
      expect(fig).toMatchObject({
        fireSignals: 6,
        falseAlarms: 6,
        falseAlarmRate: 1,
        flagged: true,
        confirmMedianSec: 30,
        confirmMaxSec: 30,
      });
      await expect(
        c.records.figures(staff("otherOperator"), { from, to: clock.now(), unitId: ids.unit! }),
      ).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    // last on purpose: it reads what the tests above put on the feed (run alone, it finds nothing and fails)
    it("put on the live feed only what contract/live.ts says: the countdown, verdicts, time-outs and hand-offs", () => {
      expect(liveRefused).toEqual([]);
      expect([...liveShapes].sort()).toEqual(
        expect.arrayContaining([
          "alarm: centre,confirmDeadlineAt,kind,kindLabel,unitId,unitName",
          "alarm: centre,unitId,verdict,verdictLabel",
          "alarm: centre,timedOut,unitId",
          "alarm: centre,handoff",
        ]),
      );
    });
  });
}
