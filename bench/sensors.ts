// Facility sensor readings (issue 15):
// 0. readings stored and acknowledged per second through the embedded broker against the bare Mosquitto
//    relay, in the same run (sensors-mqtt.ts);
// 1. readings stored per second by the hot-path writer (current value, raw reading, hourly roll-up), SQLite
//    and PostgreSQL, batches of 500 from 2,000 points;
// 2. on PostgreSQL with 20,000 points reporting every minute loaded: the p99 of one point's chart over 30
//    days (hourly roll-ups) and over 24 h (raw readings per minute), through the same query the console uses;
// 3. disk per point-year, from the measured bytes per raw and per hourly row.
// Loading 30 days of raw readings for 20,000 points is 864 million rows (~60 GB): by default the raw table
// gets the last BENCH_SENSORS_RAW_DAYS (1) days and the hourly table all 30 days; the 30-day chart reads
// only the hourly table and the partition of a day holds the same rows whatever the other days hold.
// Bounded: BENCH_SENSORS_WRITE_MS (8 s) per engine, BENCH_SENSORS_LOAD_S (900 s) of loading, 500 queries
// a chart. The PostgreSQL database is made and dropped here; 127.0.0.1 only. `npm run bench -- sensors`.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { mqttReadings } from "./sensors-mqtt.ts";
import { openDb, type Db } from "../api/src/db/client.ts";
import { applyMigrations } from "../api/src/db/migrations.ts";
import { parseDatabaseUrl } from "../api/src/db/url.ts";
import { ManualClock } from "../api/src/shared/clock.ts";
import {
  DAY_MS,
  SensorQueries,
  SensorRepository,
  createReadingQueries,
  createReadingStore,
  type NewReading,
  type SeriesRange,
} from "../api/src/modules/sensors/index.ts";
import type { Figure } from "./ingest.ts";

const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WRITE_MS = Math.min(60_000, Math.max(1000, Number(process.env.BENCH_SENSORS_WRITE_MS ?? 8000)));
const LOAD_S = Math.min(3600, Math.max(30, Number(process.env.BENCH_SENSORS_LOAD_S ?? 900)));
const RAW_DAYS = Math.min(30, Math.max(1, Math.trunc(Number(process.env.BENCH_SENSORS_RAW_DAYS ?? 1))));
const POINTS = Math.min(20_000, Math.max(100, Math.trunc(Number(process.env.BENCH_SENSORS_POINTS ?? 20_000))));
const DAYS = 30;
const QUERIES = 500;
const BATCH = 500;

const fileSize = (f: string) => statSync(f).size + (statSync(`${f}-wal`, { throwIfNoEntry: false })?.size ?? 0);
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;

async function withDatabase<T>(provider: "sqlite" | "postgres", fn: (db: Db, where: string) => Promise<T>): Promise<T> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-bench-sensors-"));
    const file = path.join(dir, "bench.db");
    const target = parseDatabaseUrl(`file:${file}`);
    await applyMigrations(target);
    const db = await openDb(target);
    try {
      return await fn(db, file);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `anxin_bench_sensors_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  try {
    const target = parseDatabaseUrl(u.toString());
    await applyMigrations(target);
    const db = await openDb(target);
    try {
      return await fn(db, name);
    } finally {
      await db.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Batches of 500 readings from 2,000 points (3 measurements each), written for WRITE_MS. */
async function writeRate(db: Db, file: string | null): Promise<{ perSecond: number; bytesPerReading: number | null }> {
  const store = createReadingStore(db.driver);
  const now = Date.now();
  await store.runRetention(new Date(now));
  const names = ["pressure_mpa", "leak_ma_1", "temp_c_1"];
  let ts = now - DAY_MS; // a day back, a second at a time: all within the raw retention
  let n = 0;
  const sizeBefore = file ? fileSize(file) : 0;
  const started = performance.now();
  while (performance.now() - started < WRITE_MS) {
    const batch: NewReading[] = [];
    for (let i = 0; i < BATCH; i++, n++) {
      const point = n % 6000;
      if (point === 0) ts += 1000;
      batch.push({
        deviceId: `W${Math.floor(point / 3)}`,
        point: names[point % 3]!,
        value: 20 + (n % 97) / 10,
        ts: new Date(ts),
        receivedAt: new Date(now),
      });
    }
    await store.write(batch, new Date(now));
  }
  const seconds = (performance.now() - started) / 1000;
  let bytesPerReading: number | null = null;
  if (file && db.driver.provider === "sqlite") {
    db.driver.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    bytesPerReading = round((fileSize(file) - sizeBefore) / n, 0);
  }
  return { perSecond: Math.round(n / seconds), bytesPerReading };
}

interface ChartLoad {
  loadedRaw: number;
  loadedHourly: number;
  rawDays: number;
  loadSeconds: number;
  p99: Record<SeriesRange, number>;
  p50: Record<SeriesRange, number>;
  bytesPerRaw: number;
  bytesPerHourly: number;
  /** the machine's load average while the charts were measured: other work on it inflates latency */
  load: number[];
  /** the 30-day chart's hourly query alone, on the driver */
  bareP99: number;
  bareP50: number;
  planNote: string;
}

/** 20,000 hydrants, their pressure every minute: hourly roll-ups for 30 days, raw readings for RAW_DAYS. */
async function chartLoad(db: Db): Promise<ChartLoad> {
  if (db.driver.provider !== "postgres") throw new Error("PostgreSQL only");
  const pool = db.driver.pool;
  const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const store = createReadingStore(db.driver);
  await store.runRetention(new Date(now));
  const started = performance.now();
  const overTime = () => (performance.now() - started) / 1000 > LOAD_S;
  await pool.query(
    `INSERT INTO "DeviceModel" ("id", "kind", "vendor", "name", "heartbeatIntervalSec") VALUES ('BENCH-HYD', 'HYDRANT_PRESSURE', 'bench', 'bench', 3600)`,
  );
  await pool.query(
    `INSERT INTO "Device" ("id", "serial", "modelId", "secretHash")
     SELECT 'H' || lpad(p::text, 6, '0'), 'H' || lpad(p::text, 6, '0'), 'BENCH-HYD', 'x' FROM generate_series(1, $1::int) p`,
    [POINTS],
  );
  const at = new Date(now).toISOString();
  await pool.query(
    `INSERT INTO "SensorPoint" ("id", "deviceId", "point", "value", "ts", "receivedAt", "stateSince")
     SELECT p, 'H' || lpad(p::text, 6, '0'), 'pressure_mpa', 0.3, ($2::timestamptz AT TIME ZONE 'UTC'),
            ($2::timestamptz AT TIME ZONE 'UTC'), ($2::timestamptz AT TIME ZONE 'UTC')
     FROM generate_series(1, $1::int) p`,
    [POINTS, at],
  );
  await pool.query(`SELECT setval(pg_get_serial_sequence('"SensorPoint"', 'id'), $1::int)`, [POINTS]);
  // hourly roll-ups in time order, as ingest writes them: a day per statement
  let loadedHourly = 0;
  for (let d = DAYS; d >= 1 && !overTime(); d--) {
    const r = await pool.query(
      `INSERT INTO "SensorHourly" ("pointId", "hour", "min", "max", "sum", "count")
       SELECT p, h, 0.28 + (p % 7) * 0.001, 0.33 + (p % 5) * 0.001, 60 * 0.3, 60
       FROM generate_series(($1::timestamptz AT TIME ZONE 'UTC'), ($1::timestamptz AT TIME ZONE 'UTC') + interval '23 hours', interval '1 hour') h,
            generate_series(1, $2::int) p`,
      [new Date(now - d * DAY_MS).toISOString(), POINTS],
    );
    loadedHourly += r.rowCount ?? 0;
  }
  // raw readings: every point every minute, minute by minute, one statement per hour of readings
  let loadedRaw = 0;
  let rawHours = 0;
  for (let h = RAW_DAYS * 24; h >= 1 && !overTime(); h--, rawHours++) {
    const r = await pool.query(
      `INSERT INTO "SensorReading" ("pointId", "ts", "value")
       SELECT p, m, 0.3 + 0.02 * sin(p + extract(epoch FROM m) / 600)
       FROM generate_series(($1::timestamptz AT TIME ZONE 'UTC'), ($1::timestamptz AT TIME ZONE 'UTC') + interval '59 minutes', interval '1 minute') m,
            generate_series(1, $2::int) p`,
      [new Date(now - h * 3_600_000).toISOString(), POINTS],
    );
    loadedRaw += r.rowCount ?? 0;
  }
  await pool.query(`VACUUM ANALYZE "SensorHourly"`);
  await pool.query(`VACUUM ANALYZE "SensorReading"`);
  await pool.query(`ANALYZE "SensorPoint"`);
  await pool.query(`ANALYZE "Device"`);
  const loadSeconds = round((performance.now() - started) / 1000, 0);

  const ok = async () => undefined;
  const queries = new SensorQueries(
    new SensorRepository(db.prisma),
    createReadingQueries(db.driver),
    { device: ok, unit: ok, community: ok },
    new ManualClock(now),
  );
  const operator = {
    kind: "staff",
    id: "bench",
    role: "CENTRE_OPERATOR",
    propertyCompanyId: null,
    townshipId: null,
  } as const;
  const p99 = {} as Record<SeriesRange, number>;
  const p50 = {} as Record<SeriesRange, number>;
  for (const range of ["30d", "7d", "24h"] as SeriesRange[]) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES + 50; i++) {
      const id = `H${String(1 + ((i * 7919) % POINTS)).padStart(6, "0")}`;
      const t0 = performance.now();
      const s = await queries.series(operator, id, "pressure_mpa", range);
      const ms = performance.now() - t0;
      if (i >= 50) times.push(ms); // the first 50 warm the pool and the plan cache
      if (!s.buckets.length) throw new Error(`empty ${range} chart for ${id}`);
    }
    times.sort((a, b) => a - b);
    p99[range] = round(pct(times, 99));
    p50[range] = round(pct(times, 50));
  }
  // the database's part alone: the hourly query of the 30-day chart on the bare driver
  const readings = createReadingQueries(db.driver);
  const bare: number[] = [];
  for (let i = 0; i < QUERIES + 50; i++) {
    const t0 = performance.now();
    await readings.buckets(1 + ((i * 7919) % POINTS), new Date(now - DAYS * DAY_MS), new Date(now + 1), "hour");
    if (i >= 50) bare.push(performance.now() - t0);
  }
  bare.sort((a, b) => a - b);
  const plan = (
    await pool.query<{
      "QUERY PLAN": {
        Plan: { "Node Type": string; "Index Name"?: string; "Shared Hit Blocks": number; "Shared Read Blocks": number };
      }[];
    }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT "hour", "min", "max", "sum", "count" FROM "SensorHourly"
       WHERE "pointId" = 4242 AND "hour" >= ($1::timestamptz AT TIME ZONE 'UTC') ORDER BY "hour"`,
      [new Date(now - DAYS * DAY_MS).toISOString()],
    )
  ).rows[0]!["QUERY PLAN"][0]!.Plan;
  const planNote = `${plan["Node Type"]} on ${plan["Index Name"] ?? "the table"}, ${plan["Shared Hit Blocks"] + plan["Shared Read Blocks"]} pages`;
  const load = os.loadavg();
  const size = async (sql: string) => Number((await pool.query<{ b: string }>(sql)).rows[0]!.b);
  const rawBytes = await size(
    `SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0)::text AS b FROM pg_inherits i WHERE i.inhparent = '"SensorReading"'::regclass`,
  );
  const hourlyBytes = await size(`SELECT pg_total_relation_size('"SensorHourly"')::text AS b`);
  return {
    loadedRaw,
    loadedHourly,
    rawDays: round(rawHours / 24, 2),
    loadSeconds,
    p99,
    p50,
    bytesPerRaw: round(rawBytes / Math.max(1, loadedRaw), 1),
    bytesPerHourly: round(hourlyBytes / Math.max(1, loadedHourly), 1),
    load,
    bareP99: round(pct(bare, 99)),
    bareP50: round(pct(bare, 50)),
    planNote,
  };
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function bench(): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (process.env.BENCH_SENSORS_MQTT !== "false") await mqttReadings(figures);
  const sqlite = await withDatabase("sqlite", (db, file) => writeRate(db, file));
  figures.push({
    name: "readings stored per second, SQLite (current value + raw + hourly)",
    value: sqlite.perSecond,
    unit: "/s",
    note: `batches of ${BATCH}, 6,000 points; file grew ${sqlite.bytesPerReading} bytes a reading`,
  });
  if (!(await postgresReachable())) {
    figures.push({ name: "PostgreSQL figures", value: NaN, unit: "", note: `PostgreSQL not reachable at ${PG_ADMIN}` });
    return figures;
  }
  const pgw = await withDatabase("postgres", (db) => writeRate(db, null));
  figures.push({
    name: "readings stored per second, PostgreSQL (current value + raw + hourly)",
    value: pgw.perSecond,
    unit: "/s",
    note: `batches of ${BATCH}, 6,000 points`,
  });
  const c = await withDatabase("postgres", (db) => chartLoad(db));
  const loaded = `${POINTS} points: ${c.loadedHourly.toLocaleString("en")} hourly rows (30 d), ${c.loadedRaw.toLocaleString("en")} raw rows (${c.rawDays} d), loaded in ${c.loadSeconds} s`;
  figures.push(
    {
      name: "30 days of one point's chart, p99 (PostgreSQL)",
      value: c.p99["30d"],
      unit: "ms",
      goal: "<= 50 ms",
      ok: c.p99["30d"] <= 50,
      note: `p50 ${c.p50["30d"]} ms; ${loaded}; load average ${c.load.map((l) => round(l, 1)).join(" ")} on ${os.cpus().length} cores`,
    },
    {
      name: "30 days of one point's chart, the hourly query alone, p99 (PostgreSQL)",
      value: c.bareP99,
      unit: "ms",
      note: `p50 ${c.bareP50} ms; ${c.planNote}; the rest of the chart is one query for the point, its model and override`,
    },
    {
      name: "7 days of one point's chart, p99 (PostgreSQL)",
      value: c.p99["7d"],
      unit: "ms",
      note: `p50 ${c.p50["7d"]} ms`,
    },
    {
      name: "24 hours of one point's chart per minute from raw readings, p99 (PostgreSQL)",
      value: c.p99["24h"],
      unit: "ms",
      note: `p50 ${c.p50["24h"]} ms`,
    },
  );
  const perDay = (1440 * c.bytesPerRaw) / 1e6;
  const hourlyYear = (24 * 365 * c.bytesPerHourly) / 1e6;
  figures.push(
    {
      name: "disk per point-year as kept: 30 days raw + 12 months hourly (PostgreSQL)",
      value: round(30 * perDay + hourlyYear, 2),
      unit: "MB",
      note: `raw ${c.bytesPerRaw} B a reading with its index, hourly ${c.bytesPerHourly} B a row; one reading a minute`,
    },
    {
      name: "disk per point-year if raw readings were kept a year (PostgreSQL)",
      value: round(365 * perDay + hourlyYear, 1),
      unit: "MB",
    },
  );
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const f of await bench())
    console.log(
      `${f.name}: ${f.value} ${f.unit}${f.goal ? `  goal ${f.goal} ${f.ok ? "met" : "missed"}` : ""}${f.note ? `  (${f.note})` : ""}`,
    );
  process.exit(0);
}
