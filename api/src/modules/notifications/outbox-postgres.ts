// A fire step's claimed message written on PostgreSQL as one named statement on the fire path's own connections
// (db/client.ts, FIRE_POOL_SIZE; issue 21): the first message of a step leaves after this write, and through
// Prisma it waited for a connection of the pool the HTTP reads keep busy, then for Prisma to compile it. The
// same row as the Prisma way in outbox-repository.ts (tests: outbox-enqueue.test.ts), keyed the same way: a
// dedupe key that exists is not written again (null).
import type pg from "pg";
import { newRowId } from "../../db/row-id.ts";
import { newClaimed, newRowValues, type ClaimedNotification, type NewNotification } from "./outbox-rows.ts";
import type { TimerRow, TimerWrite } from "./timer-repository.ts";

// times as UTC text: the columns are timestamps without a zone, as Prisma writes them (alarm-raise-postgres.ts)
const INSERT_CLAIMED = `INSERT INTO "Notification" ("id", "alarmId", "channel", "recipient", "target", "template",
    "payload", "dedupeKey", "nextAttemptAt", "createdAt", "status", "attempts", "lockedBy", "lockedUntil")
  VALUES ($1, $2, $3::"NotificationChannel", $4, $5, $6, $7, $8, $9::timestamp(3), $10::timestamp(3), 'SENDING', 1,
    $11, $12::timestamp(3))
  ON CONFLICT ("dedupeKey") DO NOTHING`;

const utc = (d: Date) => d.toISOString();

export function postgresClaimedInsert(pool: pg.Pool) {
  return async (r: NewNotification, owner: string, lockedUntil: Date): Promise<ClaimedNotification | null> => {
    const id = newRowId();
    const createdAt = new Date();
    const values = [...newRowValues(id, r, createdAt, utc), owner, utc(lockedUntil)];
    const { rowCount } = await pool.query({ name: "outbox-insert-claimed", text: INSERT_CLAIMED, values });
    if (rowCount !== 1) return null;
    return newClaimed(id, r, createdAt);
  };
}

/**
 * A fire's first step on PostgreSQL: its claimed timer and its claimed messages in one statement, so one commit
 * (one flush of the log) before the first message leaves, where the timer and then each message were a commit
 * each (issue 21; docs/performance.md). The messages are written only with the timer: a timer whose key exists
 * is another run's (a reconcile that raced the alarm's listener), and then nothing is written (`timer` null).
 * Messages whose dedupe key exists are left out, as in `postgresClaimedInsert`.
 */
const INSERT_STEP = `WITH t AS (
    INSERT INTO "Timer" ("id", "key", "kind", "payload", "dueAt", "lockedBy", "lockedUntil", "createdAt")
    VALUES ($1, $2, $3, $4, $5::timestamp(3), $6, $7::timestamp(3), $8::timestamp(3))
    ON CONFLICT ("key") DO NOTHING RETURNING "id"
  ), n AS (
    INSERT INTO "Notification" ("id", "alarmId", "channel", "recipient", "target", "template", "payload",
      "dedupeKey", "nextAttemptAt", "createdAt", "status", "attempts", "lockedBy", "lockedUntil")
    SELECT v."id", v."alarmId", v."channel"::"NotificationChannel", v."recipient", v."target", v."template",
      v."payload", v."dedupeKey", v."nextAttemptAt"::timestamp(3), v."createdAt"::timestamp(3), 'SENDING', 1, $6,
      $9::timestamp(3)
    FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
      $17::text[], $18::text[], $19::text[])
      AS v("id", "alarmId", "channel", "recipient", "target", "template", "payload", "dedupeKey", "nextAttemptAt",
        "createdAt")
    WHERE EXISTS (SELECT 1 FROM t)
    ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"
  )
  SELECT (SELECT count(*) FROM t)::int AS "timers", ARRAY(SELECT "id" FROM n) AS "ids"`;

/** What a step's one statement wrote: its timer (null: the key was another run's, and nothing was written) */
export interface StepWritten {
  timer: TimerRow | null;
  claimed: ClaimedNotification[];
}

export function postgresStepInsert(pool: pg.Pool) {
  return async (
    timer: TimerWrite & { lockedBy: string; lockedUntil: Date },
    rows: NewNotification[],
    lockedUntil: Date,
  ): Promise<StepWritten> => {
    const timerId = newRowId();
    const createdAt = new Date();
    const ids = rows.map(() => newRowId());
    // one array a column (the statement's text is the same whatever the number of rows: it is named)
    const columns: (string | null)[][] = Array.from({ length: 10 }, () => []);
    rows.forEach((r, i) => newRowValues(ids[i]!, r, createdAt, utc).forEach((v, c) => columns[c]!.push(v)));
    const values = [
      timerId,
      timer.key,
      timer.kind,
      timer.payload,
      utc(timer.dueAt),
      timer.lockedBy,
      utc(timer.lockedUntil),
      utc(createdAt),
      utc(lockedUntil),
      ...columns,
    ];
    const q = { name: "fire-step-insert", text: INSERT_STEP, values };
    const r = (await pool.query<{ timers: number; ids: string[] }>(q)).rows[0]!;
    if (r.timers !== 1) return { timer: null, claimed: [] };
    const written = new Set(r.ids);
    return {
      timer: { id: timerId, key: timer.key, kind: timer.kind, payload: timer.payload, dueAt: timer.dueAt },
      claimed: rows.flatMap((row, i) => (written.has(ids[i]!) ? [newClaimed(ids[i]!, row, createdAt)] : [])),
    };
  };
}
