// A point's chart, read with the driver: a month of hourly buckets is 720 rows and a day of minute buckets
// 1440, which Prisma would turn into objects one by one (the 30-day chart must answer within 50 ms with
// 20,000 points loaded: issue 15). Timestamps are read as epoch milliseconds, so no time zone is involved.
import type { Driver } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";

export interface Bucket {
  /** ms: the start of the minute or hour */
  t: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

export type Resolution = "minute" | "hour";

export interface ReadingQueries {
  buckets(pointId: number, from: Date, to: Date, resolution: Resolution): Promise<Bucket[]>;
}

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
    return {
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
