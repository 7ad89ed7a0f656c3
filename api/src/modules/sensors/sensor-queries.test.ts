// What the console will show, on SQLite and PostgreSQL: a point's chart over each range, a unit's and a
// community's facilities against their limits, the nearest working hydrants; and linkage commands for
// alarms stored in a building.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.ts";
import { AppError } from "../../shared/errors.ts";
import { ManualClock } from "../../shared/clock.ts";
import { LinkageService } from "./linkage-service.ts";
import { createReadingQueries } from "./reading-queries.ts";
import { createReadingStore, type ReadingStore } from "./reading-store.ts";
import { SensorQueries } from "./sensor-queries.ts";
import { SensorRepository } from "./sensor-repository.ts";
import { SensorService, type SensorAccess } from "./sensor-service.ts";
import { addDevice, openTestDb, providers, seedPlaces, type Place, type TestDb } from "./sensor-db.fixture.ts";

const NOW = Date.UTC(2026, 11, 2, 6, 30);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const operator: Principal = {
  kind: "staff",
  id: "o1",
  role: "CENTRE_OPERATOR",
  propertyCompanyId: null,
  townshipId: null,
};
const resident: Principal = { kind: "resident", id: "r1", role: "RESIDENT" };
const everywhere: SensorAccess = {
  device: async () => undefined,
  unit: async () => undefined,
  community: async () => undefined,
};
// a fire alarm's place, and points at known distances north and east of it (1e-3 deg of latitude is ~111 m)
const FIRE = { latitude: 30.25, longitude: 120.15 };
const north = (m: number) => ({ latitude: FIRE.latitude + m / 111_195, longitude: FIRE.longitude });

const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`sensor queries and linkage on ${provider}`, () => {
    let t: TestDb;
    let places: Place;
    let store: ReadingStore;
    let queries: SensorQueries;
    let service: SensorService;
    let linkage: LinkageService;
    const clock = new ManualClock(NOW);

    beforeAll(async () => {
      t = await openTestDb(provider);
      places = await seedPlaces(t.db);
      store = createReadingStore(t.db.driver);
      await store.runRetention(clock.now());
      const repo = new SensorRepository(t.db.prisma);
      service = new SensorService(repo, store, everywhere, clock);
      queries = new SensorQueries(repo, createReadingQueries(t.db.driver), everywhere, clock);
      linkage = new LinkageService(repo);
    });
    afterAll(() => t?.close());

    async function report(deviceId: string, point: string, value: number, at: number) {
      await service.storeReadings([{ deviceId, point, value, ts: new Date(at), receivedAt: new Date(at) }]);
      return service.evaluate(deviceId, [{ point, value, at: new Date(at) }]);
    }

    it("charts a point per minute over 24 h and per hour over 7 and 30 days, with its limit", async () => {
      const id = await addDevice(t.db, "WATER_LEVEL", { unitId: places.unitId });
      // every 10 minutes for 30 days, the level falling by 1 mm a reading
      const readings = Array.from({ length: 30 * 144 }, (_, i) => ({
        deviceId: id,
        point: "level_m",
        value: 5 - i * 0.001,
        ts: new Date(NOW - 30 * DAY + (i + 1) * 600_000),
        receivedAt: new Date(NOW),
      }));
      await service.storeReadings(readings);
      const day = await queries.series(operator, id, "level_m", "24h");
      expect(day).toMatchObject({ resolution: "minute", unit: "m", label: "水位", limit: { low: 1, high: 4.5 } });
      expect(day.buckets).toHaveLength(145); // both ends of the 24 hours included
      expect(day.buckets[0]!.t).toBe(NOW - DAY);
      expect(day.buckets.at(-1)).toMatchObject({ t: NOW, count: 1 });
      expect(day.buckets.at(-1)!.mean).toBeCloseTo(5 - 4319 * 0.001, 9);
      const week = await queries.series(operator, id, "level_m", "7d");
      expect(week.resolution).toBe("hour");
      expect(week.buckets).toHaveLength(7 * 24 + 1); // from a whole hour 7 days back to the hour now in progress
      expect(week.buckets.slice(0, -1).every((b) => b.count === 6)).toBe(true);
      const month = await queries.series(operator, id, "level_m", "30d");
      expect(month.buckets.length).toBe(30 * 24 + 1);
      const mid = month.buckets[100]!;
      expect(mid.max - mid.min).toBeCloseTo(0.005, 9);
      expect(mid.mean).toBeCloseTo((mid.max + mid.min) / 2, 9);
      const manager: Principal = {
        kind: "staff",
        id: "m1",
        role: "UNIT_MANAGER",
        propertyCompanyId: null,
        townshipId: null,
      };
      await service.setLimit(manager, id, "level_m", { low: 2, high: 6, hysteresis: 0.1, minDurationSec: 60 });
      expect((await queries.series(operator, id, "level_m", "7d")).limit).toEqual({
        low: 2,
        high: 6,
        hysteresis: 0.1,
        minDurationSec: 60,
        source: "override",
      });
      expect(await code(queries.series(operator, id, "level_m", "1y" as never))).toBe("VALIDATION_FAILED");
      expect(await code(queries.series(operator, "nope", "level_m", "24h"))).toBe("NOT_FOUND");
      expect(await code(queries.series(operator, id, "volts", "24h"))).toBe("NOT_FOUND");
      // a point that never reported: an empty chart with its limit
      const quiet = await addDevice(t.db, "HYDRANT_PRESSURE", { unitId: places.unitId });
      expect(await queries.series(operator, quiet, "pressure_mpa", "24h")).toMatchObject({
        buckets: [],
        limit: { low: 0.14 },
      });
    });

    it("lists a unit's and a community's facilities with values against limits and open alarms", async () => {
      const tank = await addDevice(
        t.db,
        "WATER_LEVEL",
        { unitId: places.unitId, unitBuildingId: places.unitBuildingId, floor: 6, placeName: "屋顶水箱" },
        { online: true },
      );
      await report(tank, "level_m", 0.6, NOW - 10 * 60_000);
      await report(tank, "level_m", 0.6, NOW - 60_000); // 9 minutes below 1.0 m: raised
      await t.db.prisma.alarm.create({
        data: {
          deviceId: tank,
          unitId: places.unitId,
          kind: "LOW_WATER",
          point: "level_m",
          severity: "MAJOR",
          startedAt: new Date(NOW - 60_000),
          lastEventAt: new Date(NOW - 60_000),
        },
      });
      const hydrant = await addDevice(t.db, "HYDRANT_PRESSURE", {
        communityId: places.communityId,
        buildingId: places.buildingId,
        placeName: "东门",
      });
      await report(hydrant, "pressure_mpa", 0.32, NOW - 60_000);
      await addDevice(t.db, "GAS_DETECTOR", { communityId: places.communityId, householdId: places.householdId });
      const unit = (await queries.facilities(operator, { unitId: places.unitId })).items;
      const tankView = unit.find((d) => d.id === tank)!;
      expect(tankView).toMatchObject({
        kind: "WATER_LEVEL",
        place: "门诊楼 6层 屋顶水箱",
        online: true,
        points: [{ point: "level_m", text: "0.6 m", limitState: "LOW", within: false, limit: { low: 1 } }],
        openAlarms: [{ kind: "LOW_WATER", point: "level_m", status: "ACTIVE" }],
      });
      const community = (await queries.facilities(operator, { communityId: places.communityId })).items;
      // the flat's own gas detector is the residents', not a facility of the community
      expect(community.map((d) => d.id)).toEqual([hydrant]);
      expect(community[0]).toMatchObject({
        place: "1号楼 东门",
        online: false,
        points: [{ point: "pressure_mpa", value: 0.32, within: true, limitState: "NORMAL" }],
        openAlarms: [],
      });
      const hidden: SensorAccess = {
        ...everywhere,
        unit: async () => {
          throw new AppError("NOT_FOUND");
        },
      };
      const scoped = new SensorQueries(
        new SensorRepository(t.db.prisma),
        createReadingQueries(t.db.driver),
        hidden,
        clock,
      );
      expect(await code(scoped.facilities(operator, { unitId: places.unitId }))).toBe("NOT_FOUND");
    });

    it("finds the nearest working hydrants within 500 m, with their distance", async () => {
      const at = (m: number) => ({ ...north(m), communityId: places.communityId });
      const good = await addDevice(t.db, "HYDRANT_PRESSURE", at(120), { online: true });
      const nearer = await addDevice(t.db, "HYDRANT_PRESSURE", at(80), { online: true });
      const low = await addDevice(t.db, "HYDRANT_PRESSURE", at(50), { online: true });
      const offline = await addDevice(t.db, "HYDRANT_PRESSURE", at(60), { online: false });
      const opened = await addDevice(t.db, "HYDRANT_PRESSURE", at(70), { online: true });
      const silent = await addDevice(t.db, "HYDRANT_PRESSURE", at(90), { online: true });
      const far = await addDevice(t.db, "HYDRANT_PRESSURE", at(650), { online: true });
      const east = await addDevice(
        t.db,
        "HYDRANT_PRESSURE",
        { latitude: FIRE.latitude, longitude: FIRE.longitude + 0.004, communityId: places.communityId },
        { online: true },
      );
      for (const id of [good, nearer, offline, opened, far, east]) await report(id, "pressure_mpa", 0.3, NOW - 60_000);
      await report(low, "pressure_mpa", 0.08, NOW - 120_000);
      await report(low, "pressure_mpa", 0.08, NOW - 30_000);
      await t.db.prisma.alarm.create({
        data: {
          deviceId: opened,
          kind: "HYDRANT_OPENED",
          point: "flow",
          severity: "MAJOR",
          startedAt: new Date(NOW),
          lastEventAt: new Date(NOW),
        },
      });
      const working = await queries.nearestHydrants(operator, FIRE);
      expect(working.map((h) => [h.id, h.distanceM])).toEqual([
        [nearer, 80],
        [good, 120],
        [east, 384], // 0.004 deg of longitude at 30.25 deg N: 111.2 km x cos(30.25 deg) x 0.004
      ]);
      expect(working[0]).toMatchObject({ working: true, problems: [], pressure: 0.3 });
      const all = await queries.nearestHydrants(operator, FIRE, { workingOnly: false, limit: 50 });
      const problems = Object.fromEntries(all.map((h) => [h.id, h.problems]));
      expect(problems[low]).toEqual(["水压异常：0.08 MPa"]);
      expect(problems[offline]).toEqual(["离线"]);
      expect(problems[opened]).toEqual(["有 1 条未处理的报警"]);
      expect(problems[silent]).toEqual(["没有水压读数"]);
      expect(all.map((h) => h.id)).not.toContain(far);
      expect(all.every((h) => h.distanceM <= 500)).toBe(true);
      expect((await queries.nearestHydrants(operator, FIRE, { limit: 1 })).map((h) => h.id)).toEqual([nearer]);
      expect(await code(queries.nearestHydrants(resident, FIRE))).toBe("FORBIDDEN");
      expect(await code(queries.nearestHydrants(operator, { latitude: 91, longitude: 0 }))).toBe("VALIDATION_FAILED");
    });

    it("linkage: a call point in a building switches its sounders on, and resolving switches them off", async () => {
      const b = places.buildingId;
      const sounders = [];
      for (const floor of [1, 2, 3, 4, 5])
        sounders.push(await addDevice(t.db, "SOUND_LIGHT", { buildingId: b, floor }));
      const elsewhere = await addDevice(t.db, "SOUND_LIGHT", { unitBuildingId: places.unitBuildingId, floor: 3 });
      const call = await addDevice(t.db, "MANUAL_CALL_POINT", { buildingId: b, floor: 4, placeName: "楼梯间" });
      const raise = (deviceId: string, kind: "CALL_POINT" | "FIRE" | "LOW_WATER", extra: Record<string, unknown>) =>
        t.db.prisma.alarm.create({
          data: {
            deviceId,
            kind,
            severity: "CRITICAL",
            startedAt: new Date(NOW),
            lastEventAt: new Date(NOW),
            ...extra,
          },
        });
      const a = await raise(call, "CALL_POINT", { buildingId: b, floor: 4 });
      const on = await linkage.commandsFor(a.id, "raised");
      expect(on).toMatchObject({ place: { buildingId: b }, scope: "BUILDING", floor: 4 });
      expect(on!.commands.map((c) => [c.deviceId, c.type, c.params.alarmId])).toEqual(
        sounders.map((s) => [s, "sounder_on", a.id]),
      );
      expect(on!.commands.map((c) => c.deviceId)).not.toContain(elsewhere);
      // per floor: the alarm's floor and the floors next to it
      await t.db.prisma.building.update({ where: { id: b }, data: { linkageScope: "FLOOR" } });
      expect((await linkage.commandsFor(a.id, "raised"))!.commands.map((c) => c.deviceId)).toEqual(
        sounders.slice(2, 5),
      );
      // a smoke alarm in the flat on floor 3: building and floor come from the household
      const smoke = await addDevice(t.db, "SMOKE_ALARM", { householdId: places.householdId });
      const fire = await raise(smoke, "FIRE", { householdId: places.householdId });
      expect((await linkage.commandsFor(fire.id, "raised"))!.commands.map((c) => c.deviceId)).toEqual(
        sounders.slice(1, 4),
      );
      // the call point is resolved while the fire is open: only floor 5's sounder is no longer needed
      await t.db.prisma.alarm.update({ where: { id: a.id }, data: { status: "RESOLVED", openSlot: null } });
      const off = await linkage.commandsFor(a.id, "resolved");
      expect(off!.commands.map((c) => [c.deviceId, c.type])).toEqual([[sounders[4], "sounder_off"]]);
      await t.db.prisma.alarm.update({ where: { id: fire.id }, data: { status: "RESOLVED", openSlot: null } });
      expect((await linkage.commandsFor(fire.id, "resolved"))!.commands.map((c) => c.deviceId)).toEqual(
        sounders.slice(1, 4),
      );
      // a facility problem switches nothing
      const tank = await addDevice(t.db, "WATER_LEVEL", { buildingId: b });
      expect(await linkage.commandsFor((await raise(tank, "LOW_WATER", { buildingId: b })).id, "raised")).toBeNull();
    });
  });
}
