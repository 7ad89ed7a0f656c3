// The readings hot path and its retention, on SQLite and PostgreSQL: current values by the device clock,
// redeliveries counted once in the roll-ups, readings on both sides of the retention boundary (raw dropped,
// hourly kept), and on PostgreSQL daily partitions made ahead, dropped after retention, made again when
// missing, and left alone by Prisma's diff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffDatabaseToSchema } from "../../../../prisma/scripts/schema-engine.ts";
import {
  DAY_MS,
  PARTITION_AHEAD_DAYS,
  RAW_RETENTION_DAYS,
  listPartitions,
  partitionName,
  utcDay,
} from "./reading-partitions.ts";
import { createReadingStore, type NewReading, type ReadingStore } from "./reading-store.ts";
import { createReadingQueries } from "./reading-queries.ts";
import { openTestDb, providers, type TestDb } from "./sensor-db.fixture.ts";

const NOW = new Date(Date.UTC(2026, 11, 2, 10, 30));
const HOUR = 3_600_000;
const r = (deviceId: string, point: string, value: number, ts: number): NewReading => ({
  deviceId,
  point,
  value,
  ts: new Date(ts),
  receivedAt: NOW,
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`sensor readings on ${provider}`, () => {
    let t: TestDb;
    let store: ReadingStore;

    beforeAll(async () => {
      t = await openTestDb(provider);
      store = createReadingStore(t.db.driver);
      await store.runRetention(NOW); // as at start: partitions from the cutoff to a few days ahead
    });
    afterAll(() => t?.close());

    const point = (deviceId: string, p: string) =>
      t.db.prisma.sensorPoint.findUniqueOrThrow({ where: { deviceId_point: { deviceId, point: p } } });
    const hourly = async (deviceId: string, p: string) =>
      t.db.prisma.sensorHourly.findMany({
        where: { pointId: (await point(deviceId, p)).id },
        orderBy: { hour: "asc" },
      });

    it("keeps the newest value by the device clock, and rolls each reading into its hour once", async () => {
      const h = utcDay(NOW.getTime()) + 8 * HOUR;
      const first = await store.write(
        [r("D1", "pressure_mpa", 0.3, h + 60_000), r("D1", "pressure_mpa", 0.2, h + 120_000), r("D1", "flow", 0, h)],
        NOW,
      );
      expect(first).toEqual({ stored: 3, duplicates: 0, tooOld: 0 });
      // a late reading and a redelivery: the current value stays the newest; the redelivery counts nowhere
      const second = await store.write(
        [r("D1", "pressure_mpa", 0.5, h), r("D1", "pressure_mpa", 0.2, h + 120_000)],
        NOW,
      );
      expect(second).toEqual({ stored: 1, duplicates: 1, tooOld: 0 });
      expect(await point("D1", "pressure_mpa")).toMatchObject({ value: 0.2, ts: new Date(h + 120_000) });
      const rows = await hourly("D1", "pressure_mpa");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ hour: new Date(h), min: 0.2, max: 0.5, count: 3 });
      expect(rows[0]!.sum).toBeCloseTo(1.0, 9);
      // readings spread over two hours land in two roll-ups
      await store.write([r("D1", "pressure_mpa", 0.4, h + HOUR + 5)], NOW);
      expect((await hourly("D1", "pressure_mpa")).map((x) => x.count)).toEqual([3, 1]);
    });

    it("does not store readings older than the raw retention", async () => {
      const old = NOW.getTime() - (RAW_RETENTION_DAYS + 1) * DAY_MS;
      expect(await store.write([r("D2", "level_m", 2, old)], NOW)).toEqual({ stored: 0, duplicates: 0, tooOld: 1 });
      expect(await t.db.prisma.sensorPoint.count({ where: { deviceId: "D2" } })).toBe(0);
    });

    it("stores a batch far larger than one statement's chunk", async () => {
      const base = NOW.getTime() - 2 * DAY_MS;
      const batch = Array.from({ length: 12_000 }, (_, i) =>
        r(`B${i % 40}`, "temp_c_1", 20 + (i % 7), base + i * 1000),
      );
      expect(await store.write(batch, NOW)).toEqual({ stored: 12_000, duplicates: 0, tooOld: 0 });
      const hours = await t.db.prisma.sensorHourly.aggregate({
        where: { pointId: (await point("B0", "temp_c_1")).id },
        _sum: { count: true },
      });
      expect(hours._sum.count).toBe(300);
    });

    it("retention: raw readings past 30 days go, their hourly roll-ups stay for 13 months", async () => {
      const start = NOW.getTime() - 20 * DAY_MS;
      const before = utcDay(start) + 3 * HOUR; // will be 31 days old
      const after = NOW.getTime() - HOUR; // will be 11 days old
      await store.write([r("R1", "leak_ma_2", 40, before), r("R1", "leak_ma_2", 60, after)], new Date(start + DAY_MS));
      const later = new Date(NOW.getTime() + 11 * DAY_MS);
      const report = await store.runRetention(later);
      const pointId = (await point("R1", "leak_ma_2")).id;
      const raw = await t.db.prisma.sensorReading.findMany({ where: { pointId }, orderBy: { ts: "asc" } });
      expect(raw.map((x) => x.ts.getTime())).toEqual([after]);
      expect((await hourly("R1", "leak_ma_2")).map((x) => [x.hour.getTime(), x.min])).toEqual([
        [Math.floor(before / HOUR) * HOUR, 40],
        [Math.floor(after / HOUR) * HOUR, 60],
      ]);
      if (provider === "sqlite") expect(report.rawDeleted).toBeGreaterThanOrEqual(1);
      else expect(report.partitionsDropped).toContain(partitionName(utcDay(before)));
      // a year and more later the roll-ups go too
      const muchLater = new Date(before + 401 * DAY_MS);
      expect((await store.runRetention(muchLater)).hourlyDeleted).toBeGreaterThanOrEqual(1);
      expect((await hourly("R1", "leak_ma_2")).map((x) => x.min)).toEqual([60]);
    });

    it("charts read back what was stored, per minute and per hour", async () => {
      const q = createReadingQueries(t.db.driver);
      const h = utcDay(NOW.getTime()) + 2 * HOUR;
      await store.write(
        [r("C1", "level_m", 2, h), r("C1", "level_m", 3, h + 10_000), r("C1", "level_m", 5, h + 70_000)],
        NOW,
      );
      const pointId = (await point("C1", "level_m")).id;
      const minutes = await q.buckets(pointId, new Date(h - HOUR), new Date(h + HOUR), "minute");
      expect(minutes).toEqual([
        { t: h, min: 2, max: 3, mean: 2.5, count: 2 },
        { t: h + 60_000, min: 5, max: 5, mean: 5, count: 1 },
      ]);
      const hours = await q.buckets(pointId, new Date(h - HOUR), new Date(h + HOUR), "hour");
      expect(hours).toEqual([{ t: h, min: 2, max: 5, mean: 10 / 3, count: 3 }]);
      expect(await q.buckets(pointId, new Date(h + HOUR), new Date(h + 2 * HOUR), "minute")).toEqual([]);
    });

    it.runIf(provider === "postgres")(
      "makes partitions ahead, drops them after retention, and makes a missing one on write",
      async () => {
        const own = await openTestDb("postgres"); // a database of its own: the tests above moved time far ahead
        try {
          const pool = (own.db.driver as { pool: import("pg").Pool }).pool;
          const fresh = createReadingStore(own.db.driver);
          expect((await listPartitions(pool)).size).toBe(0); // the migration makes none
          const first = await fresh.runRetention(NOW);
          expect(first.partitionsCreated).toHaveLength(RAW_RETENTION_DAYS + PARTITION_AHEAD_DAYS + 1);
          const now = NOW.getTime() + 10 * DAY_MS;
          const report = await fresh.runRetention(new Date(now));
          const days = [...(await listPartitions(pool)).keys()].sort((a, b) => a - b);
          expect(days[0]).toBe(utcDay(now - RAW_RETENTION_DAYS * DAY_MS));
          expect(days.at(-1)).toBe(utcDay(now) + PARTITION_AHEAD_DAYS * DAY_MS);
          expect(days).toHaveLength(RAW_RETENTION_DAYS + PARTITION_AHEAD_DAYS + 1);
          expect(report.partitionsCreated).toHaveLength(10);
          expect(report.partitionsDropped).toEqual(
            Array.from({ length: 10 }, (_, i) =>
              partitionName(utcDay(NOW.getTime()) - (RAW_RETENTION_DAYS - i) * DAY_MS),
            ),
          );
          // a partition dropped by hand under a writer that believes it exists: made again, nothing lost
          await fresh.write([r("P1", "lel_pct", 1, now - 1000)], new Date(now));
          await pool.query(`DROP TABLE "${partitionName(utcDay(now))}"`);
          expect(await fresh.write([r("P1", "lel_pct", 2, now)], new Date(now))).toMatchObject({ stored: 1 });
          expect((await listPartitions(pool)).has(utcDay(now))).toBe(true);
          // and Prisma's diff of this database against the schema wants nothing undone
          expect((await diffDatabaseToSchema("postgres", own.url)).trim()).toBe("-- This is an empty migration.");
        } finally {
          await own.close();
        }
      },
    );
  });
}
