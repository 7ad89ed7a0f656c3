// A write on the bare SQLite driver that never waits for the lock (issue 21, the fire path's prepared writes).
// Prisma's adapter has a connection of its own on the same thread: while one of its transactions is open
// between two awaits, a write on the bare driver would wait out its busy timeout synchronously (5 s, the
// whole event loop stopped, and Prisma's transaction cannot finish meanwhile). So the bare write runs with
// no busy timeout, and a busy database is reported instead: the caller then writes the Prisma way. What that
// does depends on the write: Prisma's adapter serialises its transactions (a nested create, a $transaction)
// behind the open one, but runs a single statement on its connection at once, inside the open transaction,
// so it commits with it (and would be lost with it if that transaction rolled back: a hazard of the adapter
// for every single-statement Prisma write made while an interactive transaction is open, not of this file).
//
// The other way round is not prevented: a bare write commits between two awaits of a Prisma interactive
// transaction that has read and not yet written (Prisma's BEGIN is deferred), and that transaction's first
// write then fails with SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out. HTTP worker processes cause
// the same; a transaction that reads and then writes should write first or be retried.
import type { Driver } from "./client.ts";

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];

/** The answer of `noWait` when the database was locked by another connection: nothing was written. */
export const BUSY: unique symbol = Symbol("sqlite busy");

const isBusy = (e: unknown) => {
  const code = (e as { code?: string })?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code?.startsWith("SQLITE_BUSY_") === true;
};

/** each handle's own busy timeout, read once */
const timeouts = new WeakMap<SqliteDb, number>();

/**
 * Runs `write` (synchronous, its own transaction if it needs one) with no busy wait; BUSY if locked. The two
 * `pragma()` calls prepare their statement each time (2-6 µs): a statement prepared once would not do, since
 * SQLite applies `PRAGMA busy_timeout = n` when the statement is prepared, not when it runs.
 */
export function noWait<T>(db: SqliteDb, write: () => T): T | typeof BUSY {
  let timeout = timeouts.get(db);
  if (timeout === undefined) timeouts.set(db, (timeout = Number(db.pragma("busy_timeout", { simple: true }))));
  db.pragma("busy_timeout = 0");
  try {
    return write();
  } catch (e) {
    if (isBusy(e)) return BUSY;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
