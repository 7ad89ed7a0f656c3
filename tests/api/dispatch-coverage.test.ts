// Coverage that means something (issue 19): of seven old high-rise homes only those with a smoke alarm in
// service, online, sound, on its base and heard within its model's heartbeat window count; the daily record
// is written once a day even when two instances (two database clients) try at the same moment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../api/src/db/client.ts";
import { applyMigrations } from "../../api/src/db/migrations.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import { communityCoverage, covers } from "../../api/src/modules/dispatch/coverage.ts";
import { CoverageRecorder } from "../../api/src/modules/dispatch/coverage-daily.ts";
import { countyDate } from "../../api/src/shared/county-time.ts";
import { createTestDatabase, providers, type TestDatabase } from "../support/databases.ts";

const suites = await providers();
const HOUR = 3_600_000;

for (const { provider, skip } of suites) {
  describe.skipIf(skip !== null)(`coverage on ${provider}`, () => {
    let database: TestDatabase;
    let db: Db;
    let other: Db;
    const clock = new ManualClock(Date.UTC(2026, 8, 15, 4, 0, 0));
    const homes: Record<string, string> = {};
    let communityId = "";
    let townshipId = "";

    beforeAll(async () => {
      database = await createTestDatabase(provider);
      await applyMigrations(database.target);
      db = await openDb(database.target);
      other = await openDb(database.target); // a second API instance's client
      const p = db.prisma;
      const county = await p.county.create({ data: { code: "360199", name: "示范县" } });
      const township = await p.township.create({
        data: { countyId: county.id, name: "城关街道", kind: "SUBDISTRICT" },
      });
      townshipId = township.id;
      const company = await p.propertyCompany.create({ data: { name: "安居物业" } });
      const community = await p.community.create({
        data: { townshipId: township.id, name: "幸福小区", address: "幸福路 1 号", propertyCompanyId: company.id },
      });
      communityId = community.id;
      const old = await p.building.create({
        data: { communityId: community.id, name: "1号楼", floors: 18, oldHighRise: true },
      });
      const young = await p.building.create({ data: { communityId: community.id, name: "9号楼", floors: 6 } });
      const stair = await p.unit.create({ data: { buildingId: old.id, name: "1单元" } });
      const other6 = await p.unit.create({ data: { buildingId: young.id, name: "1单元" } });
      await p.deviceModel.createMany({
        data: [
          { id: "SA-NB", kind: "SMOKE_ALARM", vendor: "测试", name: "烟感", heartbeatIntervalSec: 12 * 3600 },
          { id: "SA-WIFI", kind: "SMOKE_ALARM", vendor: "测试", name: "烟感", heartbeatIntervalSec: 1800 },
          { id: "GAS", kind: "GAS_DETECTOR", vendor: "测试", name: "燃气", heartbeatIntervalSec: 3600 },
        ],
      });
      const now = clock.now();
      const cases: [string, string | null, Record<string, unknown> | null, string?][] = [
        ["good", "SA-NB", { online: true, lastSeenAt: new Date(now.getTime() - 20 * HOUR) }], // within 24 h
        ["alarming", "SA-WIFI", { online: true, smokeAlarm: true, lastSeenAt: now }], // sounding: it works
        ["faulty", "SA-NB", { online: true, fault: true, lastSeenAt: now }],
        ["offbase", "SA-NB", { online: true, tamper: true, lastSeenAt: now }],
        ["silent", "SA-WIFI", { online: true, lastSeenAt: new Date(now.getTime() - 2 * HOUR) }], // window 1 h
        ["never", "SA-NB", null],
        ["gas", "GAS", { online: true, lastSeenAt: now }],
        ["maintenance", "SA-NB", { online: true, lastSeenAt: now }, "MAINTENANCE"],
        ["offline", "SA-NB", { online: false, lastSeenAt: new Date(now.getTime() - 30 * HOUR) }],
        ["empty", null, null],
      ];
      let n = 0;
      for (const [room, model, status, mode] of cases) {
        const h = await p.household.create({ data: { unitId: stair.id, roomNo: String(101 + n), floor: 1 } });
        homes[room] = h.id;
        if (!model) continue;
        const id = `D${++n}`;
        await p.device.create({
          data: { id, serial: id, modelId: model, secretHash: "x", householdId: h.id, communityId: community.id },
        });
        if (mode) await p.device.update({ where: { id }, data: { mode: mode as "MAINTENANCE" } });
        if (status) await p.deviceStatus.create({ data: { deviceId: id, ...status } });
      }
      // a home in a building that is not an old high-rise is not counted at all
      const h = await p.household.create({ data: { unitId: other6.id, roomNo: "101", floor: 1 } });
      await p.device.create({
        data: { id: "DY", serial: "DY", modelId: "SA-NB", secretHash: "x", householdId: h.id },
      });
      await p.deviceStatus.create({ data: { deviceId: "DY", online: true, lastSeenAt: now } });
    });
    afterAll(async () => {
      await other?.close();
      await db?.close();
      await database?.drop();
    });

    it("counts only a smoke alarm in service, online, sound, on its base and heard within its window", async () => {
      const rows = await communityCoverage(db.prisma, clock.now());
      expect(rows).toEqual([{ communityId, households: 10, covered: 2 }]);
      // the same rule, device by device, names the two
      const devices = await db.prisma.device.findMany({ include: { status: true, model: true, household: true } });
      const covering = devices.filter((d) => d.household && covers(d, d.model, clock.now())).map((d) => d.householdId);
      expect(covering.sort()).toEqual(
        [homes.good, homes.alarming, devices.find((d) => d.id === "DY")!.householdId].sort(),
      );
    });

    it("drops a home once its alarm has been silent past its model's window", async () => {
      clock.advance(5 * HOUR); // the good one was last heard 25 h ago: past 12 h x 2
      const rows = await communityCoverage(db.prisma, clock.now());
      expect(rows[0]!.covered).toBe(0); // and the sounding Wi-Fi one past 30 min x 2
      clock.advance(-5 * HOUR);
    });

    it("writes the daily record once a day across two instances", async () => {
      const log = createLogger("silent");
      const a = new CoverageRecorder(db.prisma, clock, log);
      const b = new CoverageRecorder(other.prisma, clock, log);
      const wrote = await Promise.all([a.record(), b.record(), a.record(), b.record()]);
      expect(wrote.filter(Boolean)).toHaveLength(1);
      const day = countyDate(clock.now());
      const rows = await db.prisma.coverageDaily.findMany({ where: { day } });
      expect(rows.map((r) => [r.scope, r.households, r.covered]).sort()).toEqual([
        ["COMMUNITY", 10, 2],
        ["COUNTY", 10, 2],
        ["PROPERTY_COMPANY", 10, 2],
        ["TOWNSHIP", 10, 2],
      ]);
      expect(rows.find((r) => r.scope === "TOWNSHIP")!.scopeId).toBe(townshipId);
      expect(await Promise.all([a.record(), b.record()])).toEqual([false, false]);
      // the next county day: written again, once
      clock.advance(24 * HOUR);
      const next = await Promise.all([b.record(), a.record()]);
      expect(next.filter(Boolean)).toHaveLength(1);
      expect(await db.prisma.coverageDaily.count()).toBe(8);
      // the start() loop of both instances on the same day adds nothing
      a.start(50);
      b.start(50);
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all([a.stop(), b.stop()]);
      expect(await db.prisma.coverageDaily.count()).toBe(8);
    });
  });
}
