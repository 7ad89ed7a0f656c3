// The hot ingest path on the bare driver (RECIPES: Prisma costs 0.15-0.25 ms a row). This file and
// status-store.ts are the only places outside repositories that write device data.
// A batch is stored and folded into the devices' current status in one transaction, so an acknowledged
// message is never left out of the status. Only messages with further effects (alarms, command answers)
// are stored as pending; the event processor applies those and marks them done.
import { fireTraceOn, threadSched, tracePush, traceNow } from "../../shared/fire-trace.ts";
import type { Driver } from "../../db/client.ts";
import { sqliteTime, sqliteTimeMemo } from "../../db/client.ts";
import {
  postgresStatusApply,
  postgresStatusCtes,
  postgresStatusValues,
  sqliteStatusApplier,
  type StatusPatch,
} from "./status-store.ts";

export interface NewEvent {
  deviceId: string;
  msgId: string;
  type: string;
  ts: Date;
  receivedAt: Date;
  source: string;
  payload: string;
  /** the protocol-neutral fields a transport's adaptor read (JSON text); absent for MQTT messages */
  fields?: string | null;
  /** has effects beyond status (alarms, command answers): stored unprocessed until they are applied */
  pending: boolean;
}

export interface StoredEvent extends NewEvent {
  id: number;
}

export interface BatchResult {
  /** for each event of the batch, in order: its row id, or null when it was a redelivery */
  ids: (number | null)[];
  /** devices that were offline before this batch */
  cameBack: string[];
  /**
   * how many of the batch, from its start, this commit took (`ids` has one entry for each); the rest were not
   * touched, because `stop` said a fire waits. Absent: all of them.
   */
  taken?: number;
}

/** Which lane a batch is in: a fire's, or a routine one that may end early. */
export interface BatchLane {
  fire?: boolean;
  stop?: () => boolean;
}

/** Folds the new events of a batch (their positions in the batch) into status patches. */
export type StatusFold = (newIndexes: number[]) => StatusPatch[];

export interface EventStore {
  /**
   * Commits may run at once (PostgreSQL, each on a connection of its own): the fire lane commits apart, never
   * waiting for the routine commit running (shared/commit-loop.ts). SQLite has one writer, on the API's thread.
   */
  readonly fireApart?: boolean;
  /**
   * Stores a batch and updates the devices' status in one transaction. `lane.stop`, asked between rows where
   * the commit holds the thread (SQLite), ends the batch early: what is stored so far is committed and `taken`
   * says how much that was (at least one row). `lane.fire`: the batch carries fire, and on PostgreSQL goes
   * through the fire path's own connections (db/client.ts, FIRE_POOL_SIZE).
   */
  insertBatch(events: NewEvent[], fold: StatusFold, lane?: BatchLane): Promise<BatchResult>;
  markProcessed(ids: number[]): Promise<void>;
  /** Events stored but not yet applied, older than the given age (left by a crash). */
  pending(olderThan: Date, limit: number): Promise<StoredEvent[]>;
}

export function createEventStore(driver: Driver): EventStore {
  return driver.provider === "sqlite" ? sqliteEventStore(driver.sqlite) : postgresEventStore(driver);
}

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];
type PgPool = Extract<Driver, { provider: "postgres" }>["pool"];

interface EventRow {
  id: number;
  deviceId: string;
  msgId: string;
  type: string;
  ts: string | Date;
  receivedAt: string | Date;
  source: string;
  payload: string;
  fields?: string | null;
}

const fromRow = (r: EventRow): StoredEvent => ({
  ...r,
  id: Number(r.id),
  ts: new Date(r.ts),
  receivedAt: new Date(r.receivedAt),
  pending: true,
});

/** rows between two questions to `stop` */
const STOP_EVERY = 8;

function sqliteEventStore(db: SqliteDb): EventStore {
  const insert = db.prepare(
    `INSERT INTO "DeviceEvent" ("deviceId", "msgId", "type", "ts", "receivedAt", "source", "payload", "fields", "processed")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("deviceId", "msgId") DO NOTHING`,
  );
  const applyStatus = sqliteStatusApplier(db);
  const tsText = sqliteTimeMemo();
  const receivedText = sqliteTimeMemo();
  const insertAll = db.transaction((events: NewEvent[], fold: StatusFold, stop?: () => boolean): BatchResult => {
    let taken = events.length;
    const ids: (number | null)[] = new Array(taken);
    const fresh: number[] = [];
    for (let i = 0; i < taken; i++) {
      // a fire waits: commit what is written and let it in (every STOP_EVERY rows: a row is 10-30 µs)
      if (stop && i > 0 && i % STOP_EVERY === 0 && stop()) {
        taken = i;
        ids.length = i;
        break;
      }
      const e = events[i]!;
      const r = insert.run(
        e.deviceId,
        e.msgId,
        e.type,
        tsText(e.ts),
        receivedText(e.receivedAt),
        e.source,
        e.payload,
        e.fields ?? null,
        e.pending ? 0 : 1,
      );
      if (r.changes === 1) {
        ids[i] = Number(r.lastInsertRowid);
        fresh.push(i);
      } else ids[i] = null;
    }
    return { ids, cameBack: fresh.length ? applyStatus(fold(fresh)) : [], taken };
  });
  const mark = db.prepare(`UPDATE "DeviceEvent" SET "processed" = 1 WHERE "id" = ?`);
  const markAll = db.transaction((ids: number[]) => {
    for (const id of ids) mark.run(id);
  });
  const pending = db.prepare(
    `SELECT * FROM "DeviceEvent" WHERE "processed" = 0 AND "receivedAt" < ? ORDER BY "id" LIMIT ?`,
  );
  return {
    async insertBatch(events, fold, lane) {
      const stop = lane?.stop;
      if (!fireTraceOn) return insertAll.immediate(events, fold, stop);
      const t0 = traceNow();
      const s0 = threadSched();
      const r = insertAll.immediate(events, fold, stop);
      const ms = traceNow() - t0;
      // traced: the slow ones, and each one a fire ended early
      if (ms >= 3 || (r.taken ?? events.length) < events.length) {
        const s1 = threadSched();
        tracePush({
          t: t0,
          stage: "commit",
          n: events.length,
          taken: r.taken,
          ms,
          run: s1 && s0 ? s1.run - s0.run : null,
          wait: s1 && s0 ? s1.wait - s0.wait : null,
        });
      }
      return r;
    },
    async markProcessed(ids) {
      if (ids.length) markAll(ids);
    },
    async pending(olderThan, limit) {
      return (pending.all(sqliteTime(olderThan), limit) as EventRow[]).map(fromRow);
    },
  };
}

function postgresEventStore(driver: Extract<Driver, { provider: "postgres" }>): EventStore {
  const { pool } = driver;
  return {
    fireApart: true,
    async insertBatch(events, fold, lane) {
      if (events.length === 0) return { ids: [], cameBack: [] };
      const lanePool = lane?.fire ? driver.firePool : pool;
      const one = oneStatementPatches(events, fold);
      if (one) return insertOnePg(lanePool, events, one);
      const client = await lanePool.connect();
      try {
        await client.query("BEGIN");
        const ids = await insertPg(client, events);
        const fresh = ids.flatMap((id, i) => (id === null ? [] : [i]));
        const cameBack = fresh.length ? await postgresStatusApply(client, fold(fresh)) : [];
        await client.query("COMMIT");
        return { ids, cameBack };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },

    async markProcessed(ids) {
      if (ids.length)
        await pool.query(`UPDATE "DeviceEvent" SET "processed" = true WHERE "id" = ANY($1::int[])`, [ids]);
    },
    async pending(olderThan, limit) {
      const { rows } = await pool.query<EventRow>(
        `SELECT * FROM "DeviceEvent" WHERE "processed" = false AND "receivedAt" < ($1::timestamptz AT TIME ZONE 'UTC') ORDER BY "id" LIMIT $2`,
        [olderThan.toISOString(), limit],
      );
      return rows.map((r) => ({ ...fromRow(r), ts: asUtc(r.ts), receivedAt: asUtc(r.receivedAt) }));
    },
  };
}

/** pg parses `timestamp without time zone` as local time; our columns hold UTC. */
function asUtc(v: string | Date): Date {
  if (typeof v === "string") return new Date(`${v.replace(" ", "T")}Z`);
  return new Date(
    Date.UTC(
      v.getFullYear(),
      v.getMonth(),
      v.getDate(),
      v.getHours(),
      v.getMinutes(),
      v.getSeconds(),
      v.getMilliseconds(),
    ),
  );
}

/**
 * The events' insert, one statement for the batch with unnest (RECIPES: 54-57k rows/s on this machine), from
 * parameters $1 to $9 (eventValues); a redelivered message is skipped.
 */
const INSERT_EVENTS_SQL = `INSERT INTO "DeviceEvent" ("deviceId", "msgId", "type", "ts", "receivedAt", "source", "payload", "fields", "processed")
  SELECT d, m, t, (ts::timestamptz AT TIME ZONE 'UTC'), (ra::timestamptz AT TIME ZONE 'UTC'), s, p, f, NOT pe
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[]) AS x(d, m, t, ts, ra, s, p, pe, f)
  ON CONFLICT ("deviceId", "msgId") DO NOTHING
  RETURNING "id", "deviceId", "msgId"`;

const eventValues = (events: NewEvent[]) => [
  events.map((e) => e.deviceId),
  events.map((e) => e.msgId),
  events.map((e) => e.type),
  events.map((e) => e.ts.toISOString()),
  events.map((e) => e.receivedAt.toISOString()),
  events.map((e) => e.source),
  events.map((e) => e.payload),
  events.map((e) => e.pending),
  events.map((e) => e.fields ?? null),
];

/**
 * The batch's status patches when the batch can be stored in one statement: each device has one message in it
 * (so the patch of the devices whose messages are new is the fold of the new messages) and none is an offline
 * report. Null otherwise: the batch goes in a transaction of several statements.
 */
function oneStatementPatches(events: NewEvent[], fold: StatusFold): (StatusPatch & { lastSeenAt: Date })[] | null {
  // a device twice is told apart before folding: the transaction then folds the new messages only, once
  if (new Set(events.map((e) => e.deviceId)).size !== events.length) return null;
  const patches = fold(events.map((_, i) => i));
  if (patches.length !== events.length) return null;
  for (const p of patches) if (p.lastSeenAt === null || p.offlineAt) return null;
  return patches as (StatusPatch & { lastSeenAt: Date })[];
}

/**
 * A batch stored in one statement, which is one transaction: one round trip to the server instead of four
 * (BEGIN, the events, the status, COMMIT). A fire is usually a batch of one: on a server sharing the API's
 * cores, every round trip waits for a core (docs/performance.md, "The fire path on PostgreSQL"). The status
 * of a device changes only when its message was new: the events' insert returns what it stored, and the
 * status part keeps only those devices.
 */
async function insertOnePg(
  pool: PgPool,
  events: NewEvent[],
  patches: (StatusPatch & { lastSeenAt: Date })[],
): Promise<BatchResult> {
  const { rows } = await pool.query<{ id: string | null; deviceId: string; msgId: string | null }>({
    name: "ingest-one-statement",
    text: `WITH ev AS (${INSERT_EVENTS_SQL}), ${postgresStatusCtes(10, `WHERE t.d IN (SELECT "deviceId" FROM ev)`)}
      SELECT "id", "deviceId", "msgId" FROM ev
      UNION ALL SELECT NULL, "deviceId", NULL FROM was_offline`,
    values: [...eventValues(events), ...postgresStatusValues(patches)],
  });
  return {
    ids: idsInOrder(
      events,
      rows.filter((r) => r.id !== null),
    ),
    cameBack: rows.flatMap((r) => (r.id === null ? [r.deviceId] : [])),
  };
}

async function insertPg(client: { query: PgPool["query"] }, events: NewEvent[]): Promise<(number | null)[]> {
  const { rows } = await client.query<EventRow>(INSERT_EVENTS_SQL, eventValues(events));
  return idsInOrder(events, rows);
}

/** Each event's new row id, in the batch's order, or null for a redelivered message. */
function idsInOrder(
  events: NewEvent[],
  rows: { id: string | number | null; deviceId: string; msgId: string | null }[],
): (number | null)[] {
  const ids = new Map(rows.map((r) => [`${r.deviceId}\u0000${r.msgId}`, Number(r.id)]));
  return events.map((e) => {
    const key = `${e.deviceId}\u0000${e.msgId}`;
    const id = ids.get(key);
    if (id === undefined) return null;
    ids.delete(key); // a duplicate inside the same batch counts once
    return id;
  });
}
