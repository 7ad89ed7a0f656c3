// The raise as prepared statements on SQLite (api/src/modules/alarms/alarm-raise-sqlite.ts) and as one statement
// on PostgreSQL (alarm-raise-postgres.ts) against the Prisma way they replace: the same rows, the same answers,
// the same record handed to listeners (every column, dates as Date), one open alarm per device, kind and point,
// repeats counted, a redelivered message a no-op — with the two ways taking turns on the same alarms. On
// SQLite a locked database sends the raise the Prisma way; on PostgreSQL raises at the same moment (two
// instances) make one alarm, and a process in another time zone writes the same times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlarmService, type AlarmChange } from "../../api/src/modules/alarms/alarm-service.ts";
import type { ScopeService } from "../../api/src/modules/places/scope.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { openModuleDb, type ModuleDb } from "../support/module-db.ts";
import { providers } from "../support/databases.ts";

describe.each(await providers())("the alarm raise as prepared statements ($provider)", ({ provider, skip }) => {
  let m: ModuleDb;
  let fast: AlarmService;
  let slow: AlarmService;
  let unitId = "";
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 2, 0, 0));
  const heard: { by: string; change: AlarmChange }[] = [];
  const home = { id: "smoke-1", mode: "NORMAL" as const, householdId: null, communityId: null };

  beforeAll(async () => {
    if (skip !== null) return;
    m = await openModuleDb(provider);
    const p = m.db.prisma;
    const scopes = {} as ScopeService; // the raise reads no scope
    fast = new AlarmService(p, scopes, clock, m.db.driver);
    slow = new AlarmService(p, scopes, clock);
    fast.onChange((change) => void heard.push({ by: "fast", change }));
    slow.onChange((change) => void heard.push({ by: "slow", change }));
    const county = await p.county.create({ data: { code: "000000", name: "测试县" } });
    const township = await p.township.create({ data: { countyId: county.id, name: "城关镇", kind: "TOWN" } });
    unitId = (
      await p.networkedUnit.create({
        data: {
          townshipId: township.id,
          name: "县人民医院",
          creditCode: "12340000000000001A",
          category: "HOSPITAL",
          sector: "HEALTH",
          address: "人民路1号",
        },
      })
    ).id;
    await p.deviceModel.create({
      data: { id: "AX-T1", kind: "SMOKE_ALARM", vendor: "安心", name: "烟感", heartbeatIntervalSec: 3600 },
    });
    for (const id of ["smoke-1", "uitd-1", "smoke-2", "smoke-3"])
      await p.device.create({ data: { id, serial: id, modelId: "AX-T1", secretHash: "x" } });
  });
  afterAll(async () => m?.close());

  const stored = (id: string) => m.db.prisma.alarm.findUniqueOrThrow({ where: { id } });
  const actions = (alarmId: string) =>
    m.db.prisma.alarmAction.findMany({
      where: { alarmId },
      orderBy: { at: "asc" },
      select: { action: true, actor: true, note: true, eventKey: true, at: true },
    });

  it.skipIf(skip !== null)(
    "creates the alarm Prisma would, and hands listeners the row as Prisma reads it",
    async () => {
      heard.length = 0;
      const at = new Date(clock.now().getTime() + 1);
      const change = await fast.raise(home, "FIRE", at, "smoke-1/m1");
      expect(change.outcome).toBe("created");
      const row = await stored(change.alarm!.id);
      expect(change.alarm).toEqual(row);
      expect(row).toMatchObject({
        kind: "FIRE",
        severity: "CRITICAL",
        status: "ACTIVE",
        source: "mqtt",
        point: "",
        occurrences: 1,
        report119: false,
      });
      expect(row.startedAt).toEqual(at);
      expect(heard).toEqual([{ by: "fast", change: { outcome: "created", alarm: row } }]);
      expect(await actions(row.id)).toEqual([
        { action: "raised", actor: "device:smoke-1", note: null, eventKey: "smoke-1/m1", at },
      ]);
    },
  );

  it.skipIf(skip !== null)(
    "takes turns with the Prisma way on one alarm: repeats counted, redeliveries ignored, latest time kept",
    async () => {
      heard.length = 0;
      const t = (s: number) => new Date(clock.now().getTime() + s * 1000);
      const byPrisma = await slow.raise(home, "FIRE", t(5), "smoke-1/m2");
      const byFast = await fast.raise(home, "FIRE", t(3), "smoke-1/m3"); // an older message: the later time stays
      const again = await fast.raise(home, "FIRE", t(9), "smoke-1/m2"); // already recorded by the Prisma way
      const againSlow = await slow.raise(home, "FIRE", t(9), "smoke-1/m3"); // already recorded by the prepared way
      expect([byPrisma.outcome, byFast.outcome, again.outcome, againSlow.outcome]).toEqual([
        "updated",
        "updated",
        "ignored",
        "ignored",
      ]);
      expect(again.reason).toBe("redelivered message");
      const row = await stored(byFast.alarm!.id);
      expect(byFast.alarm).toEqual(row);
      expect(again.alarm).toEqual(row);
      expect(row.occurrences).toBe(3);
      expect(row.lastEventAt).toEqual(t(5));
      // in the order of their events' times: m3 (3 s) before m2 (5 s)
      expect((await actions(row.id)).map((a) => [a.action, a.eventKey])).toEqual([
        ["raised", "smoke-1/m1"],
        ["repeated", "smoke-1/m3"],
        ["repeated", "smoke-1/m2"],
      ]);
      expect(heard.map((h) => [h.by, h.change.outcome])).toEqual([
        ["slow", "updated"],
        ["fast", "updated"],
      ]);
      expect(await m.db.prisma.alarm.count({ where: { deviceId: "smoke-1", kind: "FIRE", openSlot: "OPEN" } })).toBe(1);
    },
  );

  it.skipIf(skip !== null)(
    "writes a place's alarm (a panel's component in a unit) with every field the Prisma way writes",
    async () => {
      const place = {
        point: "1/1/0x00010203",
        source: "gb26875",
        unitId,
        unitBuildingId: "bld-1",
        keyPartId: "kp-1",
        buildingId: null,
        floor: 3,
        location: "门诊楼 3层 配电室",
      };
      const device = { id: "uitd-1", mode: "NORMAL" as const, householdId: null, communityId: null };
      const at = clock.now();
      const a = await fast.raiseAt(device, "FIRE", at, "uitd-1/f1", place);
      const b = await slow.raiseAt({ ...device, id: "smoke-2" }, "FIRE", at, "smoke-2/f1", place);
      const [ra, rb] = [await stored(a.alarm!.id), await stored(b.alarm!.id)];
      expect(a.alarm).toEqual(ra);
      const comparable = (r: typeof ra) => ({ ...r, id: "", deviceId: "", createdAt: null });
      expect(comparable(ra)).toEqual(comparable(rb));
      // a second point of the same device and kind is an alarm of its own
      const other = await fast.raiseAt(device, "FIRE", at, "uitd-1/f2", { ...place, point: "1/1/0x00010204" });
      expect(other.outcome).toBe("created");
      expect(other.alarm!.id).not.toBe(a.alarm!.id);
    },
  );

  it.skipIf(skip !== null)("after the alarm is closed, the next raise opens a new one", async () => {
    const first = await fast.raise(home, "LOW_BATTERY", clock.now(), "smoke-1/b1");
    await fast.clearFromDevice("smoke-1", "LOW_BATTERY", clock.now(), "smoke-1/b2");
    const next = await fast.raise(home, "LOW_BATTERY", clock.now(), "smoke-1/b3");
    expect(next.outcome).toBe("created");
    expect(next.alarm!.id).not.toBe(first.alarm!.id);
    expect((await stored(first.alarm!.id)).openSlot).toBeNull();
  });

  it.skipIf(skip !== null || provider !== "sqlite")(
    "goes the Prisma way when Prisma's connection holds the write lock, and writes once",
    async () => {
      const p = m.db.prisma;
      let inside: Promise<AlarmChange> | null = null;
      await p.$transaction(async (tx) => {
        await tx.device.update({ where: { id: "smoke-2" }, data: { name: "厨房" } }); // holds the write lock
        // the prepared raise finds the database locked and queues behind this transaction the Prisma way
        inside = fast.raise({ ...home, id: "smoke-2" }, "TAMPER", clock.now(), "smoke-2/t1");
        await new Promise((r) => setTimeout(r, 20));
        expect(await tx.alarm.count({ where: { deviceId: "smoke-2", kind: "TAMPER" } })).toBe(0);
      });
      const change = await inside!;
      expect(change.outcome).toBe("created");
      expect(await p.alarm.count({ where: { deviceId: "smoke-2", kind: "TAMPER" } })).toBe(1);
    },
  );
  it.skipIf(skip !== null)(
    "makes one alarm of raises at the same moment from two instances, each message once",
    async () => {
      const other = new AlarmService(m.db.prisma, {} as ScopeService, clock, m.db.driver); // a second instance
      const device = { ...home, id: "smoke-3" };
      const at = clock.now();
      const raises = Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? fast : other).raise(device, "FIRE", at, `smoke-3/m${i}`),
      );
      // one message delivered four times at once, to both instances
      const again = Array.from({ length: 4 }, (_, i) =>
        (i % 2 ? fast : other).raise(device, "FIRE", at, "smoke-3/dup"),
      );
      const changes = await Promise.all([...raises, ...again]);
      const outcomes = changes.map((c) => c.outcome);
      expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "updated")).toHaveLength(12);
      expect(outcomes.filter((o) => o === "ignored")).toHaveLength(3);
      const open = await m.db.prisma.alarm.findMany({ where: { deviceId: "smoke-3", kind: "FIRE" } });
      expect(open).toHaveLength(1);
      expect(open[0]!.occurrences).toBe(13);
      const keys = (await actions(open[0]!.id)).map((a) => a.eventKey).sort();
      expect(keys).toEqual([...Array.from({ length: 12 }, (_, i) => `smoke-3/m${i}`), "smoke-3/dup"].sort());
      expect(changes.filter((c) => c.outcome === "ignored").every((c) => c.alarm?.id === open[0]!.id)).toBe(true);
    },
  );

  it.skipIf(skip !== null)("writes and reads the same times in a process in another time zone", async () => {
    const was = process.env.TZ;
    process.env.TZ = "Asia/Shanghai"; // the county's own; Node applies it at once
    try {
      expect(new Date(Date.UTC(2026, 0, 1)).getHours()).toBe(8);
      const at = new Date(Date.UTC(2026, 11, 3, 23, 30, 0, 123)); // 07:30 on the 4th in Shanghai
      const change = await fast.raise({ ...home, id: "smoke-3" }, "TAMPER", at, "smoke-3/tz");
      const row = await stored(change.alarm!.id);
      expect(row.startedAt).toEqual(at);
      expect(change.alarm).toEqual(row);
      const later = new Date(at.getTime() + 60_000);
      const repeat = await fast.raise({ ...home, id: "smoke-3" }, "TAMPER", later, "smoke-3/tz2");
      expect(repeat.alarm!.lastEventAt).toEqual(later);
      expect((await stored(change.alarm!.id)).lastEventAt).toEqual(later);
    } finally {
      if (was === undefined) delete process.env.TZ;
      else process.env.TZ = was;
    }
  });
});
