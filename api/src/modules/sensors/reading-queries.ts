// A point's chart, read with the driver: a month of hourly buckets is 720 rows and a day of minute buckets
// 1440, which Prisma would turn into objects one by one (the 30-day chart must answer within 50 ms with
// 20,000 points loaded: issue 15). Timestamps are read as epoch milliseconds, so no time zone is involved.
import type { DeviceKind, Driver } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";
import type { Limit } from "./limits.ts";

export interface Bucket {
  /** ms: the start of the minute or hour */
  t: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export type Resolution = "minute" | "hour";

/** What a chart needs to know about its point besides the readings, in one query. */
export interface ChartContext {
  kind: DeviceKind;
  modelLimits: string | null;
  /** null when the point never reported */
  pointId: number | null;
  override: Limit | null;
}

export interface ReadingQueries {
  buckets(pointId: number, from: Date, to: Date, resolution: Resolution): Promise<Bucket[]>;
  /** The device's kind and model limits, the point's id and its override; null for an unknown device. */
  chartContext(deviceId: string, point: string): Promise<ChartContext | null>;
}

const CONTEXT_SQL = (p1: string, p2: string) =>
  `SELECT m."kind", m."limits", p."id" AS "pointId", o."low", o."high", o."hysteresis", o."minDurationSec"
   FROM "Device" d JOIN "DeviceModel" m ON m."id" = d."modelId"
   LEFT JOIN "SensorPoint" p ON p."deviceId" = d."id" AND p."point" = ${p2}
   LEFT JOIN "SensorLimitOverride" o ON o."deviceId" = d."id" AND o."point" = ${p2}
   WHERE d."id" = ${p1}`;

interface ContextRow {
  kind: DeviceKind;
  limits: string | null;
  pointId: number | null;
  low: number | null;
  high: number | null;
  hysteresis: number | null;
  minDurationSec: number | null;
}

const toContext = (r: ContextRow | undefined): ChartContext | null =>
  r
    ? {
        kind: r.kind,
        modelLimits: r.limits,
        pointId: r.pointId === null ? null : Number(r.pointId),
        override:
          r.hysteresis === null
            ? null
            : { low: r.low, high: r.high, hysteresis: r.hysteresis, minDurationSec: Number(r.minDurationSec) },
      }
    : null;

interface Row {
  t: number | string;
  min: number;
  max: number;
  sum: number;
  count: number;
}

const toBucket = (t: number, r: Row): Bucket => ({
  t,
  min: r.min,
  max: r.max,
  mean: r.sum / r.count,
  count: Number(r.count),
});

export function createReadingQueries(driver: Driver): ReadingQueries {
  if (driver.provider === "sqlite") {
    const db = driver.sqlite;
    const hourly = db.prepare(
      `SELECT "hour" AS t, "min", "max", "sum", "count" FROM "SensorHourly"
       WHERE "pointId" = ? AND "hour" >= ? AND "hour" < ? ORDER BY "hour"`,
    );
    // ts is stored as ISO text in UTC: its first 16 characters name the minute
    const minutes = db.prepare(
      `SELECT substr("ts", 1, 16) AS t, min("value") AS "min", max("value") AS "max", sum("value") AS "sum", count(*) AS "count"
       FROM "SensorReading" WHERE "pointId" = ? AND "ts" >= ? AND "ts" < ? GROUP BY 1 ORDER BY 1`,
    );
    const context = db.prepare(CONTEXT_SQL("@d", "@p"));
    return {
      async chartContext(deviceId, point) {
        return toContext(context.get({ d: deviceId, p: point }) as ContextRow | undefined);
      },
      async buckets(pointId, from, to, resolution) {
        const rows = (resolution === "hour" ? hourly : minutes).all(pointId, sqliteTime(from), sqliteTime(to)) as Row[];
        return rows.map((r) =>
          toBucket(resolution === "hour" ? Date.parse(String(r.t)) : Date.parse(`${String(r.t)}:00Z`), r),
        );
      },
    };
  }
  const pool = driver.pool;
  return {
    async chartContext(deviceId, point) {
      const { rows } = await pool.query<ContextRow>(CONTEXT_SQL("$1", "$2"), [deviceId, point]);
      return toContext(rows[0]);
    },
    async buckets(pointId, from, to, resolution) {
      const sql =
        resolution === "hour"
          ? `SELECT (extract(epoch FROM "hour") * 1000)::float8 AS t, "min", "max", "sum", "count" FROM "SensorHourly"
             WHERE "pointId" = $1 AND "hour" >= ($2::timestamptz AT TIME ZONE 'UTC') AND "hour" < ($3::timestamptz AT TIME ZONE 'UTC')
             ORDER BY "hour"`
          : `SELECT (extract(epoch FROM date_trunc('minute', "ts")) * 1000)::float8 AS t, min("value") AS "min",
                    max("value") AS "max", sum("value") AS "sum", count(*)::int AS "count"
             FROM "SensorReading"
             WHERE "pointId" = $1 AND "ts" >= ($2::timestamptz AT TIME ZONE 'UTC') AND "ts" < ($3::timestamptz AT TIME ZONE 'UTC')
             GROUP BY 1 ORDER BY 1`;
      const { rows } = await pool.query<Row>(sql, [pointId, from.toISOString(), to.toISOString()]);
      return rows.map((r) => toBucket(Number(r.t), r));
    },
  };
}
