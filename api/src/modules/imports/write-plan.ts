// The writes of an import, planned before anything is written and then applied in ONE transaction on the
// bare driver. Prisma costs 0.15-0.25 ms a row on batch inserts (RECIPES: 10,000 rows in 1.5-2.5 s), and
// on SQLite an interactive transaction that long would hold the write lock while the device ingest path
// (a second connection on the same event loop) waits and fails after its busy timeout. So on SQLite the
// whole plan runs as one synchronous better-sqlite3 transaction (nothing else can interleave, and 50,000
// rows take well under a second); on PostgreSQL one client runs multi-row INSERTs between BEGIN and
// COMMIT. Either every row is written or none is.
import { newRowId } from "../../db/row-id.ts";
import { sqliteTime, type Driver } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";

export type SqlValue = string | number | boolean | Date | null;

export type PlanOp =
  | { op: "insert"; table: string; columns: readonly string[]; rows: SqlValue[][] }
  | { op: "update"; table: string; set: Record<string, SqlValue>; where: Record<string, SqlValue> };

export interface WritePlan {
  ops: PlanOp[];
}

export const emptyPlan = (): WritePlan => ({ ops: [] });

/** Rows a plan writes (inserted rows and updates), the "total" of the write progress. */
export function planSize(plan: WritePlan): number {
  return plan.ops.reduce((n, o) => n + (o.op === "insert" ? o.rows.length : 1), 0);
}

/** A new row id, like Prisma's cuid(): 25 lowercase characters, unguessable. */
export const newId = newRowId;

/** Adds rows to the plan's insert into `table` with these columns, opening one if needed. */
export function planInsert(plan: WritePlan, table: string, columns: readonly string[], row: SqlValue[]): void {
  if (row.length !== columns.length) throw new Error(`${table}: ${row.length} values for ${columns.length} columns`);
  const last = plan.ops[plan.ops.length - 1];
  if (last && last.op === "insert" && last.table === table && last.columns.join() === columns.join()) {
    last.rows.push(row);
    return;
  }
  plan.ops.push({ op: "insert", table, columns, rows: [row] });
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const q = (name: string) => {
  // table and column names come from the code, never from a sheet; checked anyway
  if (!IDENT.test(name)) throw new Error(`bad identifier ${name}`);
  return `"${name}"`;
};

const PROGRESS_EVERY = 1000;

function isConstraintViolation(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return (
    (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT")) ||
    code === "23505" || // unique_violation
    code === "23503" // foreign_key_violation
  );
}

const CHANGED_MEANWHILE = () =>
  new AppError("CONFLICT", "写入时发现数据已被他人修改（例如同时导入了同样的内容），没有写入任何内容，请重新导入");

/** Applies a plan in one transaction; calls `progress(done, total)` as rows are written. */
export async function applyPlan(
  driver: Driver,
  plan: WritePlan,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<number> {
  const total = planSize(plan);
  if (total === 0) return 0;
  try {
    return driver.provider === "sqlite"
      ? applySqlite(driver.sqlite, plan, total, progress)
      : await applyPostgres(driver.pool, plan, total, progress);
  } catch (e) {
    if (isConstraintViolation(e)) throw CHANGED_MEANWHILE();
    throw e;
  }
}

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];
type PgPool = Extract<Driver, { provider: "postgres" }>["pool"];

const toSqlite = (v: SqlValue) => (v instanceof Date ? sqliteTime(v) : typeof v === "boolean" ? (v ? 1 : 0) : v);

function applySqlite(
  db: SqliteDb,
  plan: WritePlan,
  total: number,
  progress: (done: number, total: number) => void,
): number {
  let done = 0;
  const tick = (n: number) => {
    const before = Math.floor(done / PROGRESS_EVERY);
    done += n;
    if (Math.floor(done / PROGRESS_EVERY) !== before || done === total) progress(done, total);
  };
  db.transaction(() => {
    for (const op of plan.ops) {
      if (op.op === "insert") {
        const stmt = db.prepare(
          `INSERT INTO ${q(op.table)} (${op.columns.map(q).join(", ")}) VALUES (${op.columns.map(() => "?").join(", ")})`,
        );
        for (const row of op.rows) {
          stmt.run(row.map(toSqlite));
          tick(1);
        }
      } else {
        const set = Object.keys(op.set);
        const where = Object.keys(op.where);
        const r = db
          .prepare(
            `UPDATE ${q(op.table)} SET ${set.map((k) => `${q(k)} = ?`).join(", ")} WHERE ${where.map((k) => `${q(k)} = ?`).join(" AND ")}`,
          )
          .run([...set.map((k) => toSqlite(op.set[k]!)), ...where.map((k) => toSqlite(op.where[k]!))]);
        if (r.changes !== 1) throw CHANGED_MEANWHILE();
        tick(1);
      }
    }
  }).immediate();
  return done;
}

// PostgreSQL allows 65,535 bind parameters a statement; 1,000 rows a statement keeps each round trip short
const PG_MAX_PARAMS = 30_000;
const PG_MAX_ROWS = 1000;

async function applyPostgres(
  pool: PgPool,
  plan: WritePlan,
  total: number,
  progress: (done: number, total: number) => void,
): Promise<number> {
  const client = await pool.connect();
  let done = 0;
  try {
    await client.query("BEGIN");
    for (const op of plan.ops) {
      if (op.op === "insert") {
        const per = Math.max(1, Math.min(PG_MAX_ROWS, Math.floor(PG_MAX_PARAMS / op.columns.length)));
        const head = `INSERT INTO ${q(op.table)} (${op.columns.map(q).join(", ")}) VALUES `;
        for (let i = 0; i < op.rows.length; i += per) {
          const chunk = op.rows.slice(i, i + per);
          const params: SqlValue[] = [];
          const tuples = chunk.map((row) => {
            const start = params.length;
            params.push(...row);
            return `(${row.map((_, j) => `$${start + j + 1}`).join(", ")})`;
          });
          await client.query(head + tuples.join(", "), params);
          done += chunk.length;
          progress(done, total);
        }
      } else {
        const set = Object.keys(op.set);
        const where = Object.keys(op.where);
        const r = await client.query(
          `UPDATE ${q(op.table)} SET ${set.map((k, i) => `${q(k)} = $${i + 1}`).join(", ")} WHERE ${where
            .map((k, i) => `${q(k)} = $${set.length + i + 1}`)
            .join(" AND ")}`,
          [...set.map((k) => op.set[k]!), ...where.map((k) => op.where[k]!)],
        );
        if (r.rowCount !== 1) throw CHANGED_MEANWHILE();
        done += 1;
        if (done % PROGRESS_EVERY === 0 || done === total) progress(done, total);
      }
    }
    await client.query("COMMIT");
    return done;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
