// A fire step's claimed message written on PostgreSQL as one named statement on the fire path's own connections
// (db/client.ts, FIRE_POOL_SIZE; issue 21): the first message of a step leaves after this write, and through
// Prisma it waited for a connection of the pool the HTTP reads keep busy, then for Prisma to compile it. The
// same row as the Prisma way in outbox-repository.ts (tests: outbox-enqueue.test.ts), keyed the same way: a
// dedupe key that exists is not written again (null).
import type pg from "pg";
import { newRowId } from "../../db/row-id.ts";
import { newClaimed, newRowValues, type ClaimedNotification, type NewNotification } from "./outbox-rows.ts";

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
