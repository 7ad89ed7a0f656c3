// PostgreSQL only: the raw readings table is partitioned by range of "ts", one partition per UTC day, so
// retention drops whole days instead of deleting rows one by one (no bloat, no vacuum debt). Partitions are
// made ahead by the retention job and on start, and on demand by the writer if a day is missing.
// The parent is made by the hand-edited migration (prisma/postgres/migrations/*_sensors).
import type pg from "pg";

export const DAY_MS = 86_400_000;
/** Raw readings are kept at least this long (issue 15). */
export const RAW_RETENTION_DAYS = 30;
/** Hourly roll-ups are kept at least 13 months: the fire code keeps facility records a year (FIELD-FACTS 1). */
export const HOURLY_RETENTION_DAYS = 400;
/** Days made ahead of today: device clocks may run up to a day ahead (protocol: ts at most now + 1 day). */
export const PARTITION_AHEAD_DAYS = 3;

const PARENT = "SensorReading";
const NAME = /^SensorReading_p(\d{4})(\d{2})(\d{2})$/;
// one key for every instance: partition DDL is serialised across the API instances
const PARTITION_LOCK_KEY = 7_221_315;

export type Queryable = Pick<pg.PoolClient, "query">;

export const utcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

export function partitionName(day: number): string {
  return `${PARENT}_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, "")}`;
}

/** The first instant whose raw readings are kept at `now`. */
export const rawCutoff = (now: number) => now - RAW_RETENTION_DAYS * DAY_MS;

/** Existing partitions, by the UTC day they hold. */
export async function listPartitions(q: Queryable): Promise<Map<number, string>> {
  const { rows } = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
       JOIN pg_namespace n ON n.oid = p.relnamespace
      WHERE p.relname = $1 AND n.nspname = current_schema()`,
    [PARENT],
  );
  const out = new Map<number, string>();
  for (const { name } of rows) {
    const m = NAME.exec(name);
    if (m) out.set(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), name);
  }
  return out;
}

/**
 * Makes the partitions of the given days that do not exist yet; returns the names made. Must run inside a
 * transaction: the advisory lock that serialises the instances is held until it ends.
 */
export async function ensurePartitions(q: Queryable, days: Iterable<number>): Promise<string[]> {
  await q.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
  const existing = await listPartitions(q);
  const made: string[] = [];
  for (const day of new Set([...days].map(utcDay))) {
    if (existing.has(day)) continue;
    const name = partitionName(day);
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    // names and bounds come from integers formatted here, never from input
    await q.query(
      `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF "${PARENT}" FOR VALUES FROM ('${from.slice(0, 23)}') TO ('${to.slice(0, 23)}')`,
    );
    made.push(name);
  }
  return made;
}

/** Drops every partition whose whole day lies before the cutoff; returns the names dropped. In a transaction. */
export async function dropPartitionsBefore(q: Queryable, cutoff: number): Promise<string[]> {
  await q.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
  const dropped: string[] = [];
  for (const [day, name] of [...(await listPartitions(q))].sort((a, b) => a[0] - b[0])) {
    if (day + DAY_MS > cutoff) continue;
    await q.query(`DROP TABLE IF EXISTS "${name}"`);
    dropped.push(name);
  }
  return dropped;
}

/** The days that must have a partition at `now`: from the retention cutoff's day to a few days ahead. */
export function daysToKeep(now: number): number[] {
  const days: number[] = [];
  for (let d = utcDay(rawCutoff(now)); d <= utcDay(now) + PARTITION_AHEAD_DAYS * DAY_MS; d += DAY_MS) days.push(d);
  return days;
}
