// Prisma's SQLite adapter compiles every statement it runs again: `client.prepare(sql).bind(args)` on each
// call (better-sqlite3 binds a statement's parameters for good, so a bound statement cannot be used twice).
// In a saturated panel run that was 9 % of the API's CPU in `prepare` alone, on the loop that confirms frames
// (docs/gb26875.md). Here the adapter's connection keeps its statements, by SQL text, in a bounded LRU map,
// and hands the adapter a view that runs the kept statement with each call's parameters instead of binding
// them. The adapter's other uses of the connection (`exec`, `prepare("BEGIN").run()`, `close`) go through as
// before. Used only by the adapter's own connection (db/client.ts); the API's prepared statements on its
// second connection are prepared once by their owners.
import type { Database, Statement } from "better-sqlite3";

/** The part of a statement Prisma's adapter uses after `bind(args)` (adapter-better-sqlite3 7.10). */
export interface BoundView {
  readonly reader: boolean;
  run(): ReturnType<Statement["run"]>;
  columns(): ReturnType<Statement["columns"]>;
  raw(): { all(): unknown[][] };
}

export interface StatementCache {
  /** statements compiled so far (a hit compiles nothing) */
  readonly compiled: number;
  /** statements kept now */
  readonly size: number;
}

const boundView = (s: Statement, args: unknown[]): BoundView => ({
  reader: s.reader,
  run: () => s.run(args),
  columns: () => s.columns(),
  raw: () => ({ all: () => (s.reader ? (s.raw(true).all(args) as unknown[][]) : []) }),
});

/**
 * Makes `db.prepare` return kept statements, at most `max` of them (the least recently used goes first: Prisma
 * writes an `IN (?, ?, …)` list's length into the SQL, so the texts are many but a few are hot).
 */
export function cacheStatements(db: Database, max = 500): StatementCache {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Statement>();
  let compiled = 0;
  const statementFor = (sql: string): Statement => {
    let s = kept.get(sql);
    if (s) {
      kept.delete(sql); // most recent last
    } else {
      s = prepare(sql);
      compiled++;
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, s);
    return s;
  };
  const cached = (sql: string) => {
    const s = statementFor(sql);
    return {
      bind: (args: unknown[]) => boundView(s, args),
      run: (...args: unknown[]) => s.run(...args),
    };
  };
  (db as unknown as { prepare: typeof cached }).prepare = cached;
  return {
    get compiled() {
      return compiled;
    },
    get size() {
      return kept.size;
    },
  };
}

/**
 * The connection of an adapter that Prisma's SQLite adapter factory connected, or null when its shape is not
 * the one this file was written against (a new adapter version: then nothing is cached, and the test of this
 * file fails to say so).
 */
export function adapterConnection(adapter: unknown): Database | null {
  const client = (adapter as { client?: unknown } | null)?.client;
  return client && typeof (client as Database).prepare === "function" && typeof (client as Database).exec === "function"
    ? (client as Database)
    : null;
}
