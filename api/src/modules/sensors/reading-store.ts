// The hot path for readings, on the bare driver (RECIPES: Prisma costs 0.15-0.25 ms a row; a prepared
// SQLite statement or one multi-row PostgreSQL statement is ~50x cheaper). This file is the one place that
// writes SensorPoint's current value, SensorReading and SensorHourly.
//
// A batch: the current value of each point (kept only if newer by the device clock), the raw readings (a
// reading already stored, same point and time, is a redelivery and changes nothing) and, for the readings
// that were new, the hourly roll-up (min, max, sum, count), so roll-ups never count a reading twice.
// Readings older than the raw retention are not stored: their day is gone or about to go.
//
// The writers take an open transaction (a SQLite handle inside db.transaction, a PostgreSQL client after
// BEGIN) so ingest can store readings with their message in one commit; ReadingStore.write makes its own.
import type pg from "pg";
import type { Driver } from "../../db/client.ts";
import { sqliteTime, sqliteTimeMemo } from "../../db/client.ts";
import {
  DAY_MS,
  HOURLY_RETENTION_DAYS,
  daysToKeep,
  dropPartitionsBefore,
  ensurePartitions,
  listPartitions,
  rawCutoff,
  utcDay,
  type Queryable,
} from "./reading-partitions.ts";

export interface NewReading {
  deviceId: string;
  point: string;
  value: number;
  /** device clock */
  ts: Date;
  receivedAt: Date;
}

export interface WriteResult {
  /** raw readings stored */
  stored: number;
  /** readings already stored (same point and time) */
  duplicates: number;
  /** readings older than the raw retention, not stored */
  tooOld: number;
}

export interface RetentionReport {
  /** PostgreSQL: daily partitions made ahead (and for any missing day within retention) */
  partitionsCreated: string[];
  /** PostgreSQL: daily partitions dropped, their whole day older than the raw retention */
  partitionsDropped: string[];
  /** SQLite: raw rows deleted */
  rawDeleted: number;
  hourlyDeleted: number;
}

export interface ReadingStore {
  write(readings: NewReading[], now: Date): Promise<WriteResult>;
  /**
   * Raw readings older than 30 days go (whole partitions on PostgreSQL, rows on SQLite), hourly roll-ups
   * older than 400 days go; on PostgreSQL the partitions from the cutoff to a few days ahead are made.
   * Run at start and then at least daily (phase 2: a keyed timer).
   */
  runRetention(now: Date): Promise<RetentionReport>;
}

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];
type PgPool = Extract<Driver, { provider: "postgres" }>["pool"];

const HOUR_MS = 3_600_000;
/** SQLite deletes in chunks so a writer waits at most one chunk; bounded per run. */
const SQLITE_DELETE_CHUNK = 10_000;
const SQLITE_MAX_CHUNKS = 1000;

const hourlyCutoff = (now: Date) => new Date(utcDay(now.getTime()) - HOURLY_RETENTION_DAYS * DAY_MS);
/** Readings per statement on PostgreSQL: bounds the parameter arrays and the statement's memory. */
const PG_CHUNK = 5000;

export function createReadingStore(driver: Driver): ReadingStore {
  return driver.provider === "sqlite" ? sqliteReadingStore(driver.sqlite) : postgresReadingStore(driver.pool);
}

function sqliteReadingStore(db: SqliteDb): ReadingStore {
  const write = sqliteReadingWriter(db);
  const inTx = db.transaction((readings: NewReading[], now: Date) => write(readings, now));
  const deleteRaw = db.prepare(
    `DELETE FROM "SensorReading" WHERE rowid IN (SELECT rowid FROM "SensorReading" WHERE "ts" < ? LIMIT ${SQLITE_DELETE_CHUNK})`,
  );
  const deleteHourly = db.prepare(
    `DELETE FROM "SensorHourly" WHERE rowid IN (SELECT rowid FROM "SensorHourly" WHERE "hour" < ? LIMIT ${SQLITE_DELETE_CHUNK})`,
  );
  const drain = (stmt: typeof deleteRaw, before: Date): number => {
    let total = 0;
    for (let i = 0; i < SQLITE_MAX_CHUNKS; i++) {
      const n = stmt.run(sqliteTime(before)).changes;
      total += n;
      if (n < SQLITE_DELETE_CHUNK) break;
    }
    return total;
  };
  return {
    write: async (readings, now) => inTx.immediate(readings, now),
    async runRetention(now) {
      const rawDeleted = drain(deleteRaw, new Date(rawCutoff(now.getTime())));
      const hourlyDeleted = drain(deleteHourly, hourlyCutoff(now));
      return { partitionsCreated: [], partitionsDropped: [], rawDeleted, hourlyDeleted };
    },
  };
}

function postgresReadingStore(pool: PgPool): ReadingStore {
  const writer = new PgReadingWriter();
  async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const r = await fn(client);
      await client.query("COMMIT");
      return r;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
  return {
    write: (readings, now) => inTransaction((client) => writer.write(client, readings, now)),
    async runRetention(now) {
      const { created, dropped } = await inTransaction(async (client) => {
        // dropping a partition waits for the readers of its parent: give up rather than stall ingest
        await client.query("SET LOCAL lock_timeout = '10s'");
        const created = await ensurePartitions(client, daysToKeep(now.getTime()));
        const dropped = await dropPartitionsBefore(client, rawCutoff(now.getTime()));
        return { created, dropped };
      });
      writer.forget();
      const r = await pool.query(`DELETE FROM "SensorHourly" WHERE "hour" < ($1::timestamptz AT TIME ZONE 'UTC')`, [
        hourlyCutoff(now).toISOString(),
      ]);
      return { partitionsCreated: created, partitionsDropped: dropped, rawDeleted: 0, hourlyDeleted: r.rowCount ?? 0 };
    },
  };
}

/** Keeps the newest reading of each point (for the current value), and counts those too old to store. */
function split(readings: NewReading[], now: Date) {
  const cutoff = rawCutoff(now.getTime());
  const fresh: NewReading[] = [];
  const latest = new Map<string, NewReading>();
  for (const r of readings) {
    if (r.ts.getTime() < cutoff) continue;
    fresh.push(r);
    const key = `${r.deviceId}\u0000${r.point}`;
    const have = latest.get(key);
    if (!have || r.ts >= have.ts) latest.set(key, r);
  }
  // one order for every writer, so two instances upserting the same points cannot deadlock
  const ordered = [...latest.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
  return { fresh, latest: ordered, tooOld: readings.length - fresh.length };
}

/** A synchronous writer for use inside a better-sqlite3 transaction. */
export function sqliteReadingWriter(db: SqliteDb): (readings: NewReading[], now: Date) => WriteResult {
  const upsertPoint = db.prepare(
    `INSERT INTO "SensorPoint" ("deviceId", "point", "value", "ts", "receivedAt", "stateSince")
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("deviceId", "point") DO UPDATE SET
       "value" = CASE WHEN excluded."ts" >= "ts" THEN excluded."value" ELSE "value" END,
       "receivedAt" = CASE WHEN excluded."ts" >= "ts" THEN excluded."receivedAt" ELSE "receivedAt" END,
       "ts" = max("ts", excluded."ts")
     RETURNING "id"`,
  );
  const insertRaw = db.prepare(
    `INSERT INTO "SensorReading" ("pointId", "ts", "value") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const upsertHourly = db.prepare(
    `INSERT INTO "SensorHourly" ("pointId", "hour", "min", "max", "sum", "count") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("pointId", "hour") DO UPDATE SET
       "min" = min("min", excluded."min"), "max" = max("max", excluded."max"),
       "sum" = "sum" + excluded."sum", "count" = "count" + excluded."count"`,
  );
  const text = sqliteTimeMemo();
  return (readings, now) => {
    const { fresh, latest, tooOld } = split(readings, now);
    const ids = new Map<string, number>();
    for (const r of latest) {
      const ts = sqliteTime(r.ts);
      const row = upsertPoint.get(r.deviceId, r.point, r.value, ts, text(r.receivedAt), ts) as { id: number };
      ids.set(`${r.deviceId}\u0000${r.point}`, row.id);
    }
    // the new raw readings, rolled up per point and hour in the batch: one upsert for each, not one a reading
    const hours = new Map<string, { id: number; hour: number; min: number; max: number; sum: number; count: number }>();
    let stored = 0;
    for (const r of fresh) {
      const id = ids.get(`${r.deviceId}\u0000${r.point}`)!;
      if (insertRaw.run(id, sqliteTime(r.ts), r.value).changes !== 1) continue;
      stored++;
      const hour = Math.floor(r.ts.getTime() / HOUR_MS) * HOUR_MS;
      const key = `${id}/${hour}`;
      const h = hours.get(key);
      if (!h) hours.set(key, { id, hour, min: r.value, max: r.value, sum: r.value, count: 1 });
      else {
        h.min = Math.min(h.min, r.value);
        h.max = Math.max(h.max, r.value);
        h.sum += r.value;
        h.count++;
      }
    }
    for (const h of hours.values()) upsertHourly.run(h.id, sqliteTime(new Date(h.hour)), h.min, h.max, h.sum, h.count);
    return { stored, duplicates: fresh.length - stored, tooOld };
  };
}

const NO_PARTITION = "23514"; // check_violation: "no partition of relation ... found for row"

/**
 * The PostgreSQL writer. It remembers which daily partitions exist, makes a missing one in the caller's
 * transaction before writing to it, and if a partition vanished anyway (dropped by hand) makes it and
 * writes again, so a reading is never refused for want of a partition.
 */
export class PgReadingWriter {
  private known: Set<number> | null = null;

  async write(client: Queryable, readings: NewReading[], now: Date): Promise<WriteResult> {
    const { fresh, latest, tooOld } = split(readings, now);
    if (!fresh.length) return { stored: 0, duplicates: 0, tooOld };
    const ids = new Map<string, number>();
    for (let i = 0; i < latest.length; i += PG_CHUNK) {
      for (const row of await upsertPoints(client, latest.slice(i, i + PG_CHUNK)))
        ids.set(`${row.deviceId}\u0000${row.point}`, row.id);
    }
    await this.prepare(client, fresh);
    let stored = 0;
    for (let i = 0; i < fresh.length; i += PG_CHUNK) {
      const chunk = fresh.slice(i, i + PG_CHUNK);
      await client.query("SAVEPOINT sensor_readings");
      try {
        stored += await insertRaw(client, chunk, ids);
      } catch (e) {
        if ((e as { code?: string }).code !== NO_PARTITION) throw e;
        await client.query("ROLLBACK TO SAVEPOINT sensor_readings");
        this.known = null;
        await this.prepare(client, chunk);
        stored += await insertRaw(client, chunk, ids);
      }
      await client.query("RELEASE SAVEPOINT sensor_readings");
    }
    return { stored, duplicates: fresh.length - stored, tooOld };
  }

  /** Makes the partitions of the readings' days that this process has not seen. */
  private async prepare(client: Queryable, readings: NewReading[]): Promise<void> {
    this.known ??= new Set((await listPartitions(client)).keys());
    const missing = new Set<number>();
    for (const r of readings) {
      const day = utcDay(r.ts.getTime());
      if (!this.known.has(day)) missing.add(day);
    }
    if (!missing.size) return;
    await ensurePartitions(client, missing);
    // Remembered only once this transaction commits would be exact; remembering now is safe because a
    // rolled-back partition shows up as NO_PARTITION on the next write, which forgets and makes it again.
    for (const d of missing) this.known.add(d);
  }

  /** The retention job dropped partitions: forget them. */
  forget(): void {
    this.known = null;
  }
}

async function upsertPoints(client: Queryable, latest: NewReading[]) {
  const { rows } = await client.query<{ id: number; deviceId: string; point: string }>(
    `INSERT INTO "SensorPoint" ("deviceId", "point", "value", "ts", "receivedAt", "stateSince")
       SELECT d, p, v, (t::timestamptz AT TIME ZONE 'UTC'), (r::timestamptz AT TIME ZONE 'UTC'), (t::timestamptz AT TIME ZONE 'UTC')
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[]) AS x(d, p, v, t, r)
     ON CONFLICT ("deviceId", "point") DO UPDATE SET
       "value" = CASE WHEN EXCLUDED."ts" >= "SensorPoint"."ts" THEN EXCLUDED."value" ELSE "SensorPoint"."value" END,
       "receivedAt" = CASE WHEN EXCLUDED."ts" >= "SensorPoint"."ts" THEN EXCLUDED."receivedAt" ELSE "SensorPoint"."receivedAt" END,
       "ts" = GREATEST("SensorPoint"."ts", EXCLUDED."ts")
     RETURNING "id", "deviceId", "point"`,
    [
      latest.map((r) => r.deviceId),
      latest.map((r) => r.point),
      latest.map((r) => r.value),
      latest.map((r) => r.ts.toISOString()),
      latest.map((r) => r.receivedAt.toISOString()),
    ],
  );
  return rows;
}

/** Raw readings and their hourly roll-up in one statement: only the rows actually inserted are rolled up. */
async function insertRaw(client: Queryable, chunk: NewReading[], ids: Map<string, number>): Promise<number> {
  const { rows } = await client.query<{ stored: number }>(
    `WITH ins AS (
       INSERT INTO "SensorReading" ("pointId", "ts", "value")
         SELECT i, (t::timestamptz AT TIME ZONE 'UTC'), v FROM unnest($1::int[], $2::text[], $3::float8[]) AS x(i, t, v)
       ON CONFLICT DO NOTHING
       RETURNING "pointId", "ts", "value"
     ), hourly AS (
       INSERT INTO "SensorHourly" ("pointId", "hour", "min", "max", "sum", "count")
         SELECT "pointId", date_trunc('hour', "ts"), min("value"), max("value"), sum("value"), count(*)
         FROM ins GROUP BY 1, 2 ORDER BY 1, 2
       ON CONFLICT ("pointId", "hour") DO UPDATE SET
         "min" = LEAST("SensorHourly"."min", EXCLUDED."min"),
         "max" = GREATEST("SensorHourly"."max", EXCLUDED."max"),
         "sum" = "SensorHourly"."sum" + EXCLUDED."sum",
         "count" = "SensorHourly"."count" + EXCLUDED."count"
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM ins)::int AS stored`,
    [
      chunk.map((r) => ids.get(`${r.deviceId}\u0000${r.point}`)!),
      chunk.map((r) => r.ts.toISOString()),
      chunk.map((r) => r.value),
    ],
  );
  return rows[0]!.stored;
}
