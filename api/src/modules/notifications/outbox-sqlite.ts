// The outbox's statements prepared once on SQLite's bare driver (issues 16 and 21): a unit fire's messages are
// written, claimed and settled on the thread that confirms panels' frames, where Prisma compiled and ran each
// one. Each is the same statement as the Prisma way in outbox-repository.ts, which the repository falls back
// to when a write finds the database locked by Prisma's own connection (sqlite-no-wait.ts).
import { newRowId } from "../../db/row-id.ts";
import { sqliteTime, type Driver, type NotificationChannel, type NotificationStatus } from "../../db/client.ts";
import { BUSY, noWait } from "../../db/sqlite-no-wait.ts";
import {
  claimedOf,
  newClaimed,
  newRowValues,
  type ClaimedNotification,
  type FinishOutcome,
  type NewNotification,
} from "./outbox-rows.ts";

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];

/** A new row's insert on SQLite: the columns every new row has, then `extra` with their `values`; keyed */
const insertNew = (extra: string, values: string) =>
  `INSERT INTO "Notification" ("id", "alarmId", "channel", "recipient", "target", "template", "payload", "dedupeKey",
     "nextAttemptAt", "createdAt", ${extra})
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${values}) ON CONFLICT ("dedupeKey") DO NOTHING`;

/** the parameters of insertNew's common columns, in order */
const newRow = (id: string, r: NewNotification, createdAt: Date) => newRowValues(id, r, createdAt, sqliteTime);

/**
 * A claimed row written with a statement prepared once on SQLite (issue 21: the first message of a fire's
 * step leaves after this write, and Prisma compiles its insert on every call). Keyed as the Prisma way (a
 * dedupe key that exists is not written again: null); BUSY, having written nothing, while Prisma's own
 * connection holds the write lock (sqlite-no-wait.ts).
 */
export function sqliteClaimedInsert(db: SqliteDb) {
  const insert = db.prepare(insertNew(`"status", "attempts", "lockedBy", "lockedUntil"`, `'SENDING', 1, ?, ?`));
  return (r: NewNotification, owner: string, lockedUntil: Date): ClaimedNotification | null | typeof BUSY =>
    noWait(db, () => {
      const id = newRowId();
      const createdAt = new Date();
      const changed = insert.run(...newRow(id, r, createdAt), owner, sqliteTime(lockedUntil)).changes;
      if (changed !== 1) return null;
      return newClaimed(id, r, createdAt);
    });
}

/**
 * New rows written in one transaction of a statement prepared once on SQLite: a unit fire's first messages
 * (the control room's operators on three channels, the centre) were one Prisma create each, on the thread
 * that confirms panels' frames (docs/gb26875.md). Keyed as the Prisma way (an existing dedupe key is left as
 * it is, not counted); BUSY, having written nothing, while Prisma's own connection holds the write lock.
 */
export function sqliteInsertMany(db: SqliteDb) {
  const insert = db.prepare(insertNew(`"status", "attempts"`, `'QUEUED', 0`));
  const all = db.transaction((rows: NewNotification[]) => {
    const createdAt = new Date();
    let created = 0;
    for (const r of rows) created += insert.run(...newRow(newRowId(), r, createdAt)).changes;
    return created;
  });
  return (rows: NewNotification[]): number | typeof BUSY => noWait(db, () => all(rows));
}

/** A Notification row as the bare driver reads it: times as text, as Prisma's adapter writes them. */
interface RawNotification {
  id: string;
  alarmId: string | null;
  subject: string | null;
  channel: NotificationChannel;
  recipient: string;
  target: string;
  template: string;
  payload: string;
  dedupeKey: string;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  providerResponse: string | null;
  providerId: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

const timeOf = (t: string | null): Date | null => (t === null ? null : new Date(t));

/** A row a claim may take, as read before its conditional UPDATE. */
interface Candidate {
  id: string;
  attempts: number;
  status: string;
  lockedUntil: string | null;
}

/**
 * The outbox's claims and results with statements prepared once on SQLite (issue 16: a unit fire's nine
 * messages were one to three Prisma statements each, claim and result, about 0.2 ms of Prisma's own work each
 * on the thread that confirms panels' frames). The same statements as the Prisma way: candidates read
 * outside a transaction, each claimed by an UPDATE conditional on what was read, the rows read back; a result
 * written only while the row is still this attempt's. Writes never wait: BUSY, having written nothing, while
 * Prisma's own connection holds the write lock, and the caller goes the Prisma way (sqlite-no-wait.ts).
 */
export function sqliteClaimsAndResults(db: SqliteDb) {
  const candidates = db.prepare<[string, string, number], Candidate>(
    `SELECT "id", "attempts", "status", "lockedUntil" FROM "Notification"
     WHERE "status" IN ('QUEUED', 'SENDING') AND "channel" <> 'HANDOFF_119' AND "nextAttemptAt" <= ?
       AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)
     ORDER BY "nextAttemptAt" ASC LIMIT ?`,
  );
  const claim = db.prepare(
    `UPDATE "Notification" SET "status" = 'SENDING', "lockedBy" = ?, "lockedUntil" = ?, "attempts" = "attempts" + 1
     WHERE "id" = ? AND "attempts" = ? AND "status" = ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)`,
  );
  const rows = db.prepare<[string], RawNotification>(
    `SELECT * FROM "Notification" WHERE "id" IN (SELECT "value" FROM json_each(?))`,
  );
  const claimAll = db.transaction((list: Candidate[], owner: string, until: string, now: string) =>
    list.filter((c) => claim.run(owner, until, c.id, c.attempts, c.status, now).changes === 1),
  );
  const finish = db.prepare(
    `UPDATE "Notification" SET "status" = ?, "providerResponse" = ?, "lockedBy" = NULL, "lockedUntil" = NULL,
       "sentAt" = CASE WHEN ? THEN ? ELSE "sentAt" END, "deliveredAt" = COALESCE(?, "deliveredAt"),
       "providerId" = COALESCE(?, "providerId"), "nextAttemptAt" = COALESCE(?, "nextAttemptAt")
     WHERE "id" = ? AND "lockedBy" = ? AND "attempts" = ? AND "status" = 'SENDING'`,
  );
  const statuses = db.prepare<[string], { id: string; status: string }>(
    `SELECT "id", "status" FROM "Alarm" WHERE "id" IN (SELECT "value" FROM json_each(?))`,
  );
  return {
    claimDue(owner: string, now: Date, lockedUntil: Date, limit: number): ClaimedNotification[] | typeof BUSY {
      const t = sqliteTime(now);
      const found = candidates.all(t, t, limit);
      if (!found.length) return [];
      const won = noWait(db, () => claimAll.immediate(found, owner, sqliteTime(lockedUntil), t));
      if (won === BUSY) return BUSY;
      if (!won.length) return [];
      const from = new Map(won.map((c) => [c.id, c.status === "SENDING" ? (timeOf(c.lockedUntil) ?? now) : null]));
      return rows.all(JSON.stringify([...from.keys()])).map((r) =>
        claimedOf(
          {
            ...r,
            nextAttemptAt: new Date(r.nextAttemptAt),
            lockedUntil: timeOf(r.lockedUntil),
            sentAt: timeOf(r.sentAt),
            deliveredAt: timeOf(r.deliveredAt),
            createdAt: new Date(r.createdAt),
          },
          from.get(r.id) ?? null,
        ),
      );
    },
    finish(n: ClaimedNotification, owner: string, o: FinishOutcome): boolean | typeof BUSY {
      const sent = o.status === "SENT" || o.status === "DELIVERED";
      const time = (d: Date | null | undefined) => (d ? sqliteTime(d) : null);
      return noWait(
        db,
        () =>
          finish.run(
            o.status,
            o.response.slice(0, 2000),
            sent ? 1 : 0,
            sqliteTime(o.at),
            time(o.deliveredAt),
            o.providerId || null,
            time(o.retryAt),
            n.id,
            owner,
            n.attempts,
          ).changes === 1,
      );
    },
    alarmStatuses(ids: string[]): Map<string, string> {
      return new Map(statuses.all(JSON.stringify(ids)).map((r) => [r.id, r.status]));
    },
  };
}
