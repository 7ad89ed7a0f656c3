// One database handle for the whole API: a Prisma client for the domain, and the bare driver for the hot
// ingest path (RECIPES: Prisma costs 0.15-0.25 ms a row; the driver is ~50x faster on batches).
import Database from "better-sqlite3";
import pg from "pg";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient as PostgresClient } from "./generated/postgres/client.ts";
import type { DatabaseTarget } from "./url.ts";
import { startCheckpointer } from "./sqlite-checkpointer.ts";
import { adapterConnection, cacheStatements, type StatementCache } from "./sqlite-statement-cache.ts";

// Both clients are generated from the same models (prisma/schema), so they share one shape; the domain is
// typed against the PostgreSQL one. A test holds the two schemas identical. Only the types are imported
// here: openDb loads the one client (and driver adapter) the target needs, so a SQLite process does not
// carry the PostgreSQL client and vice versa (docs/performance.md: 6-13 MB of resident memory).
export type Prisma = PostgresClient;
export type { Prisma as PrismaNs } from "./generated/postgres/client.ts";
export * from "./generated/postgres/enums.ts";
// raw SQL written once for both engines (Prisma writes each engine's placeholders and values): the runtime both
// generated clients share
export { sqltag as sql, join as sqlJoin } from "@prisma/client/runtime/client";

export type Driver =
  | { provider: "sqlite"; sqlite: Database.Database }
  | {
      provider: "postgres";
      pool: pg.Pool;
      /** the fire path's own connections (FIRE_POOL_SIZE): its statements never queue behind the others' */
      firePool: pg.Pool;
    };

export interface Db {
  provider: DatabaseTarget["provider"];
  prisma: Prisma;
  driver: Driver;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** SQLite: the Prisma adapter's kept statements (null until Prisma connects, or if not kept) */
  statementCache?(): StatementCache | null;
}

/** ISO timestamp as the SQLite adapter writes DateTime (so raw SQL and Prisma agree). */
export function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** sqliteTime that remembers its last answer: a batch's messages mostly share a millisecond. */
export function sqliteTimeMemo(): (d: Date) => string {
  let ms = Number.NaN;
  let text = "";
  return (d) => {
    const t = d.getTime();
    if (t !== ms) {
      ms = t;
      text = sqliteTime(d);
    }
    return text;
  };
}

/**
 * Prisma's errors without the caller's source location. With any other format Prisma captures a stack
 * (`new Error()`) on every call, and when a call fails, outside production, formats that stack (source maps
 * included) and reads the caller's source file from disk, on the event loop, to print a code frame. Expected
 * failures are part of the fire path (a keyed insert answered with a unique violation, P2002): the first
 * one after a start parsed the source maps for 90 ms while a panel's frames waited for their confirms
 * (docs/gb26875.md). The errors keep their code, meta and message; only the code frame goes.
 */
const ERROR_FORMAT = "minimal";

/**
 * Pages of write-ahead log after which a commit checkpoints in line (on the event loop, with its fsyncs), on
 * both connections (auto-checkpoints are per connection). The checkpointer's thread copies the log every
 * second, but the log starts again from its beginning only when a write begins after a complete checkpoint,
 * which under continuous writes only a writer's own in-line checkpoint brings about (the thread's checkpoint
 * never catches up with a log still being written). With none (0): the log grew to 1.3 GB in a 50 s panel
 * bench, and to 610 MB in 17 s of the readings' flood (bench/sensors.ts), where nearly every write goes
 * through the bare connection. SQLite's default of 1,000 put a 5.6 ms checkpoint inside a fire's work about
 * once a second (panel bench). An in-line checkpoint copies only what the thread has not copied already, but it
 * syncs the log and the database, and the commit that starts the log again syncs its header: with 10,000 pages
 * (40 MB) that held the API's thread 30-80 ms every 1.5-2 s under the fire bench's load, and a fire handed over
 * meanwhile waited for it (docs/performance.md, "What a routine commit costs a fire"). 50,000 pages (200 MB)
 * make those a fifth as frequent.
 */
export const INLINE_CHECKPOINT_PAGES = 50_000;

/**
 * Connections of the fire path on PostgreSQL (its events' commit, the raise, the first step's reads and
 * writes), apart from the pool that Prisma, the HTTP reads and the routine ingest share. A pool hands its
 * connections out in turn: under the fire bench's load (50 HTTP clients, 3,000 routine messages a second) up
 * to 45 queries waited for one of the 10, and each of a fire's statements before its first message waited in
 * that queue (docs/performance.md, "The fire path on PostgreSQL"). Two: a fire's commit and another fire's
 * raise or step at the same moment.
 */
export const FIRE_POOL_SIZE = 2;

export async function openDb(
  target: DatabaseTarget,
  /** checkpoint: false for a second process on the same SQLite file (an HTTP worker): the first checkpoints */
  opts: { poolSize?: number; checkpoint?: boolean } = {},
): Promise<Db> {
  if (target.provider === "sqlite") {
    const [{ PrismaClient: SqliteClient }, { PrismaBetterSqlite3 }] = await Promise.all([
      import("./generated/sqlite/client.ts"),
      import("@prisma/adapter-better-sqlite3"),
    ]);
    mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new Database(target.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL"); // WAL + NORMAL is durable across process crashes
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    // checkpoints run in a worker thread (sqlite-checkpointer.ts), in line only past INLINE_CHECKPOINT_PAGES
    sqlite.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    const checkpointer = opts.checkpoint === false ? null : startCheckpointer(target.file);
    // the adapter's connection keeps its compiled statements (sqlite-statement-cache.ts) and leaves all but a
    // rare checkpoint to the checkpointer's thread
    class CachingFactory extends PrismaBetterSqlite3 {
      override async connect() {
        const adapter = await super.connect();
        const connection = adapterConnection(adapter);
        if (connection) {
          statements = cacheStatements(connection);
          connection.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
        }
        return adapter;
      }
    }
    let statements: StatementCache | null = null;
    const prisma = new SqliteClient({
      adapter: new CachingFactory({ url: target.url, timeout: 5000 }),
      errorFormat: ERROR_FORMAT,
    }) as unknown as Prisma;
    return {
      provider: "sqlite",
      prisma,
      driver: { provider: "sqlite", sqlite },
      async ping() {
        sqlite.prepare("SELECT 1").get();
      },
      statementCache: () => statements,
      async close() {
        await checkpointer?.stop();
        await prisma.$disconnect();
        sqlite.close();
      },
    };
  }
  const [{ PrismaClient: PostgresClient }, { PrismaPg }] = await Promise.all([
    import("./generated/postgres/client.ts"),
    import("@prisma/adapter-pg"),
  ]);
  // named for the server's views (pg_stat_activity): a DBA tells the fire path's sessions from the rest
  const pool = new pg.Pool({ connectionString: target.url, max: opts.poolSize ?? 10, application_name: "anxin-api" });
  const firePool = new pg.Pool({ connectionString: target.url, max: FIRE_POOL_SIZE, application_name: "anxin-fire" });
  // An idle connection closed by the server (restart, failover, a dropped test database) must not crash
  // the process: the pool discards it and the next query opens a new one.
  for (const p of [pool, firePool])
    p.on("error", (err) =>
      console.error(JSON.stringify({ level: 40, msg: "idle PostgreSQL connection lost", err: err.message })),
    );
  // Prisma and the routine hot path share one pool, the fire path has its own; we own both and end them on close.
  const prisma = new PostgresClient({ adapter: new PrismaPg(pool), errorFormat: ERROR_FORMAT });
  return {
    provider: "postgres",
    prisma,
    driver: { provider: "postgres", pool, firePool },
    async ping() {
      await pool.query("SELECT 1");
    },
    async close() {
      await prisma.$disconnect();
      await Promise.all([pool.end(), firePool.end()]);
    },
  };
}
