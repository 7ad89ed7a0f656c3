// Linkage beside the alarm engine (issue 21), on both engines: the listener returns before the sounders are
// switched, an alarm's switching off never overtakes its switching on, and linkage a failed run or a dead
// process left undone is done by the sweep, once, even when two instances sweep at once; a sounder the device
// transport could not tell is told once it is back, and none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlarmKind } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import type { AlarmRecord } from "../alarms/alarm-service.ts";
import type { DownlinkPort } from "../devices/device-commands.ts";
import { LINKAGE_LEASE_MS, LINKAGE_SWEEP_GRACE_MS, LinkageSender } from "./linkage-sender.ts";
import { LinkageService } from "./linkage-service.ts";
import { SensorRepository } from "./sensor-repository.ts";
import type { SensorService } from "./sensor-service.ts";
import { addDevice, openTestDb, providers, seedPlaces, type Place, type TestDb } from "./sensor-db.fixture.ts";

const NOW = Date.UTC(2026, 11, 5, 6, 30);

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`linkage beside the alarm engine on ${provider}`, () => {
    let t: TestDb;
    let places: Place;
    let sounders: string[];
    let sent: { deviceId: string; type: string; alarmId: unknown }[];
    const downlink: DownlinkPort = {
      async send(deviceId, cmd) {
        sent.push({ deviceId, type: String(cmd.type), alarmId: cmd.alarmId });
      },
    } as DownlinkPort;

    /** an instance's linkage: its own clock, the same database */
    function sender(clock: ManualClock, linkage?: LinkageService, port: DownlinkPort = downlink) {
      return new LinkageSender(
        t.db.prisma,
        linkage ?? new LinkageService(new SensorRepository(t.db.prisma)),
        {} as SensorService,
        () => port,
        clock,
        createLogger("silent"),
      );
    }

    /** a call point's alarm in the building, written as a path that does not call the listener would */
    async function callPointAlarm(startedAt: number, status: "ACTIVE" | "RESOLVED" = "ACTIVE") {
      const device = await addDevice(t.db, "MANUAL_CALL_POINT", { buildingId: places.buildingId, floor: 2 });
      return t.db.prisma.alarm.create({
        data: {
          deviceId: device,
          kind: "CALL_POINT" satisfies AlarmKind,
          severity: "CRITICAL",
          buildingId: places.buildingId,
          floor: 2,
          status,
          openSlot: status === "RESOLVED" ? null : "OPEN",
          startedAt: new Date(startedAt),
          lastEventAt: new Date(startedAt),
          resolvedAt: status === "RESOLVED" ? new Date(startedAt) : null,
        },
      });
    }
    const commands = (alarmId: string, type: string) =>
      t.db.prisma.deviceCommand.findMany({
        where: { requestedBy: `system:linkage:${alarmId}`, type },
        orderBy: { createdAt: "asc" },
      });
    const record = (a: { id: string; deviceId: string; kind: AlarmKind }) => a as unknown as AlarmRecord;

    beforeAll(async () => {
      t = await openTestDb(provider);
      places = await seedPlaces(t.db);
      sounders = [];
      for (const floor of [1, 2, 3])
        sounders.push(await addDevice(t.db, "SOUND_LIGHT", { buildingId: places.buildingId, floor }));
    });
    afterAll(() => t?.close());

    it("the listener returns before the sounders are switched, and switching off waits for switching on", async () => {
      sent = [];
      const a = await callPointAlarm(NOW);
      const real = new LinkageService(new SensorRepository(t.db.prisma));
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      let reached!: () => void;
      const planning = new Promise<void>((r) => (reached = r));
      let returned = false;
      const returnedWhenPlanned: boolean[] = [];
      // the plan waits at the gate, as a slow database would
      const slow = {
        async commandsFor(id: string, phase: "raised" | "resolved") {
          returnedWhenPlanned.push(returned);
          reached();
          await gate;
          return real.commandsFor(id, phase);
        },
      } as LinkageService;
      const s = sender(new ManualClock(NOW), slow);
      await s.onAlarmChange({ outcome: "created", alarm: record(a) });
      returned = true;
      await t.db.prisma.alarm.update({
        where: { id: a.id },
        data: { status: "RESOLVED", openSlot: null, resolvedAt: new Date(NOW) },
      });
      await s.onAlarmChange({ outcome: "resolved", alarm: record(a) });
      await planning; // the run reached the gate
      expect(returnedWhenPlanned).toEqual([true]); // the listener had returned before linkage planned anything
      expect(sent).toEqual([]);
      open();
      await s.inflight.idle();
      expect(sent.map((c) => c.type)).toEqual([
        ...sounders.map(() => "sounder_on"),
        ...sounders.map(() => "sounder_off"),
      ]);
      expect(sent.every((c) => c.alarmId === a.id)).toBe(true);
      const row = await t.db.prisma.alarm.findUniqueOrThrow({ where: { id: a.id } });
      expect(row).toMatchObject({ linkagePhase: "resolved", linkageLeaseUntil: null });
      const lines = await t.db.prisma.alarmAction.findMany({ where: { alarmId: a.id, action: "linkage" } });
      expect(lines.map((l) => l.eventKey).sort()).toEqual(["linkage:raised", "linkage:resolved"]);
    });

    it("linkage that never ran is run by the sweep, once, though two instances sweep at once", async () => {
      sent = [];
      const clock = new ManualClock(NOW);
      const late = await callPointAlarm(NOW - LINKAGE_SWEEP_GRACE_MS - 1_000);
      const fresh = await callPointAlarm(NOW - 1_000); // still its listener's
      const [one, two] = [sender(clock), sender(clock)];
      const ran = await Promise.all([one.sweep(), two.sweep()]);
      expect(ran[0] + ran[1]).toBe(1);
      expect((await commands(late.id, "sounder_on")).map((c) => c.deviceId).sort()).toEqual([...sounders].sort());
      expect(await commands(fresh.id, "sounder_on")).toEqual([]);
      expect(sent.filter((c) => c.alarmId === late.id)).toHaveLength(sounders.length);
      expect(await one.sweep()).toBe(0); // done is done
      clock.advance(LINKAGE_SWEEP_GRACE_MS); // the fresh alarm is now past its grace
      expect(await one.sweep()).toBe(1);
      expect(await commands(fresh.id, "sounder_on")).toHaveLength(sounders.length);
      // both resolved by someone, and the process died before switching off: the sweep switches off, once each
      for (const a of [late, fresh])
        await t.db.prisma.alarm.update({
          where: { id: a.id },
          data: { status: "RESOLVED", openSlot: null, resolvedAt: new Date(NOW - 1) },
        });
      const again = await Promise.all([one.sweep(), two.sweep()]);
      expect(again[0] + again[1]).toBe(2);
      for (const a of [late, fresh]) {
        expect(await commands(a.id, "sounder_off")).toHaveLength(sounders.length);
        expect(await t.db.prisma.alarm.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
          linkagePhase: "resolved",
        });
      }
      // an alarm resolved before its linkage ever ran is not switched on afterwards
      const never = await callPointAlarm(NOW - 3 * LINKAGE_SWEEP_GRACE_MS, "RESOLVED");
      await one.link(never.id, "resolved");
      expect(await one.link(never.id, "raised")).toBe(false);
      expect(await commands(never.id, "sounder_on")).toEqual([]);
    });

    it("a run that failed, or died holding the alarm, is run again once its lease lapses", async () => {
      sent = [];
      const clock = new ManualClock(NOW);
      const a = await callPointAlarm(NOW - 2 * LINKAGE_SWEEP_GRACE_MS);
      const real = new LinkageService(new SensorRepository(t.db.prisma));
      let fail = true;
      const flaky = {
        async commandsFor(id: string, phase: "raised" | "resolved") {
          if (fail) throw new Error("connection lost");
          return real.commandsFor(id, phase);
        },
      } as LinkageService;
      const s = sender(clock, flaky);
      expect(await s.link(a.id, "raised")).toBe(false); // failed: logged, not thrown
      fail = false;
      expect(await s.sweep()).toBe(0); // still held by the run that failed
      clock.advance(LINKAGE_LEASE_MS + 1);
      expect(await s.sweep()).toBe(1);
      expect(await commands(a.id, "sounder_on")).toHaveLength(sounders.length);
      // a process that died while it held an alarm: nothing is done until the lease lapses, then once
      const b = await callPointAlarm(clock.now().getTime() - 2 * LINKAGE_SWEEP_GRACE_MS);
      await t.db.prisma.alarm.update({
        where: { id: b.id },
        data: { linkageLeaseUntil: new Date(clock.now().getTime() + LINKAGE_LEASE_MS) },
      });
      expect(await s.sweep()).toBe(0);
      clock.advance(LINKAGE_LEASE_MS + 1);
      expect(await s.sweep()).toBe(1);
      expect(await s.sweep()).toBe(0);
      expect(await commands(b.id, "sounder_on")).toHaveLength(sounders.length);
    });

    it("a sounder the transport could not tell is told once it is back, and those told are not told again", async () => {
      sent = [];
      const clock = new ManualClock(NOW);
      const a = await callPointAlarm(NOW - 2 * LINKAGE_SWEEP_GRACE_MS);
      let down = true;
      const patchy: DownlinkPort = {
        async send(deviceId, cmd) {
          if (down && deviceId === sounders[1]) throw new Error("the MQTT broker thread is not running");
          return downlink.send(deviceId, cmd);
        },
      };
      const s = sender(clock, undefined, patchy);
      expect(await s.link(a.id, "raised")).toBe(false); // not all told: not done, still held
      expect(sent.map((c) => c.deviceId).sort()).toEqual([sounders[0], sounders[2]].sort());
      const stored = await commands(a.id, "sounder_on");
      expect(stored.map((c) => c.status).sort()).toEqual(["PENDING", "SENT", "SENT"]);
      down = false;
      expect(await s.sweep()).toBe(0); // held until the lease lapses
      clock.advance(LINKAGE_LEASE_MS + 1);
      expect(await s.sweep()).toBe(1);
      // the one left is told, with the command stored for it; nobody is told twice
      expect(sent.map((c) => c.deviceId).sort()).toEqual([...sounders].sort());
      const after = await commands(a.id, "sounder_on");
      expect(after.map((c) => c.id).sort()).toEqual(stored.map((c) => c.id).sort());
      expect(after.every((c) => c.status === "SENT")).toBe(true);
      expect(await t.db.prisma.alarm.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
        linkagePhase: "raised",
      });
      const lines = await t.db.prisma.alarmAction.findMany({ where: { alarmId: a.id, action: "linkage" } });
      expect(lines.map((l) => l.eventKey).sort()).toEqual(["linkage:raised", "linkage:raised:partial"]);
      expect(lines.find((l) => l.eventKey === "linkage:raised:partial")?.note).toContain("已下发 2 台");
    });
  });
}
