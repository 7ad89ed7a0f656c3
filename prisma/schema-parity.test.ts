// One set of models, two databases. The generated provider schemas differ only in their header and are up
// to date with prisma/schema/*.prisma; the migrations for SQLite and PostgreSQL, applied to fresh databases,
// build the same tables, columns, keys and indexes, and those are the models of prisma/schema. Applying
// twice applies nothing; a migration changed after it was applied is refused by name.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, modelSource, providerSchema, providerSchemaPath } from "./scripts/schema-source.ts";
import { applyMigrations, listMigrations } from "../api/src/db/migrations.ts";
import { createTestDatabase, providers, type TestDatabase } from "../tests/support/databases.ts";

/** The schema file without its generated header (generator and datasource blocks). */
function belowHeader(text: string): string {
  const ds = text.indexOf("datasource db {");
  expect(ds, "datasource block").toBeGreaterThan(0);
  const end = text.indexOf("\n}\n", ds);
  expect(end, "end of datasource block").toBeGreaterThan(ds);
  return text.slice(end + 3);
}

describe("generated provider schemas", () => {
  const files = Object.fromEntries(PROVIDERS.map((p) => [p, readFileSync(providerSchemaPath(p), "utf8")]));

  it("are byte-identical below their generated header", () => {
    const sqlite = belowHeader(files.sqlite!);
    const postgres = belowHeader(files.postgres!);
    expect(sqlite.length).toBeGreaterThan(1000);
    expect(sqlite).toBe(postgres);
    expect(sqlite.trim()).toBe(modelSource().trim());
  });

  it("declare their own provider in the header", () => {
    expect(files.sqlite).toMatch(/^\/\/ GENERATED/);
    expect(files.sqlite).toMatch(/datasource db \{\s*provider = "sqlite"\s*\}/);
    expect(files.postgres).toMatch(/datasource db \{\s*provider = "postgresql"\s*\}/);
  });

  for (const p of PROVIDERS) {
    it(`prisma/${p}/schema.prisma is up to date with prisma/schema/*.prisma (run npm run db:generate)`, () => {
      expect(files[p] === providerSchema(p), `prisma/${p}/schema.prisma differs from what generate.ts writes`).toBe(
        true,
      );
    });
  }
});

// ---- what a database looks like after the migrations ----

interface Shape {
  /** table -> column names, sorted */
  columns: Record<string, string[]>;
  /** table -> columns that may be NULL, sorted */
  nullable: Record<string, string[]>;
  /** table -> primary key columns in key order */
  primaryKeys: Record<string, string[]>;
  /** "Table(a,b)" for every unique index other than the primary key, sorted */
  unique: string[];
  /** "Table(a,b)" for every other index, sorted */
  indexes: string[];
}

const idx = (table: string, cols: string[]) => `${table}(${cols.join(",")})`;

function sqliteShape(file: string): Shape {
  const db = new Database(file, { readonly: true });
  try {
    const shape: Shape = { columns: {}, nullable: {}, primaryKeys: {}, unique: [], indexes: [] };
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as { name: string }[];
    for (const { name } of tables) {
      const cols = db.prepare(`SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)`).all(name) as {
        name: string;
        nn: number;
        pk: number;
      }[];
      shape.columns[name] = cols.map((c) => c.name).sort();
      // a PRIMARY KEY column in SQLite may be declared without NOT NULL; it is never null in practice
      shape.nullable[name] = cols
        .filter((c) => !c.nn && !c.pk)
        .map((c) => c.name)
        .sort();
      shape.primaryKeys[name] = cols
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const list = db.prepare(`SELECT name, "unique" AS isUnique, origin FROM pragma_index_list(?)`).all(name) as {
        name: string;
        isUnique: number;
        origin: string;
      }[];
      for (const i of list) {
        if (i.origin === "pk") continue;
        const icols = (
          db.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).all(i.name) as { name: string }[]
        ).map((c) => c.name);
        (i.isUnique ? shape.unique : shape.indexes).push(idx(name, icols));
      }
    }
    shape.unique.sort();
    shape.indexes.sort();
    return shape;
  } finally {
    db.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const shape: Shape = { columns: {}, nullable: {}, primaryKeys: {}, unique: [], indexes: [] };
    const { rows: cols } = await c.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    for (const r of cols) {
      (shape.columns[r.table_name] ??= []).push(r.column_name);
      shape.nullable[r.table_name] ??= [];
      if (r.is_nullable === "YES") shape.nullable[r.table_name]!.push(r.column_name);
    }
    for (const t of Object.keys(shape.columns)) {
      shape.columns[t]!.sort();
      shape.nullable[t]!.sort();
    }
    const { rows: idxRows } = await c.query<{
      table_name: string;
      is_unique: boolean;
      is_primary: boolean;
      columns: string[];
    }>(
      `SELECT t.relname AS table_name, x.indisunique AS is_unique, x.indisprimary AS is_primary,
              array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index x
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = 'public'
        GROUP BY x.indexrelid, t.relname, x.indisunique, x.indisprimary`,
    );
    for (const r of idxRows) {
      if (r.is_primary) shape.primaryKeys[r.table_name] = r.columns;
      else (r.is_unique ? shape.unique : shape.indexes).push(idx(r.table_name, r.columns));
    }
    for (const t of Object.keys(shape.columns)) shape.primaryKeys[t] ??= [];
    shape.unique.sort();
    shape.indexes.sort();
    return shape;
  } finally {
    await c.end();
  }
}

// ---- what prisma/schema/*.prisma declares ----

interface ModelShape {
  columns: Record<string, string[]>;
  primaryKeys: Record<string, string[]>;
  unique: string[];
}

/** Drops a // comment that is not inside a string. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' && line[i - 1] !== "\\") inString = !inString;
    if (!inString && ch === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function declaredModels(source: string): ModelShape {
  const blocks = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map((m) => ({ name: m[1]!, body: m[2]! }));
  const modelNames = new Set(blocks.map((b) => b.name));
  const out: ModelShape = { columns: {}, primaryKeys: {}, unique: [] };
  const list = (s: string) =>
    s
      .split(",")
      .map((x) => x.trim().replace(/\(.*\)$/, ""))
      .filter(Boolean);
  for (const { name, body } of blocks) {
    const columns: string[] = [];
    out.primaryKeys[name] = [];
    for (const raw of body.split("\n")) {
      const line = stripComment(raw).trim();
      if (!line) continue;
      const block = /^@@(id|unique)\s*\(\s*(?:fields:\s*)?\[([^\]]*)\]/.exec(line);
      if (block) {
        if (block[1] === "id") out.primaryKeys[name] = list(block[2]!);
        else out.unique.push(idx(name, list(block[2]!)));
        continue;
      }
      if (line.startsWith("@@")) continue;
      const field = /^(\w+)\s+([\w]+)(\[\])?\??\s*(.*)$/.exec(line);
      if (!field) throw new Error(`cannot read the field line in model ${name}: ${raw}`);
      const [, fieldName, type, isList, attrs] = field;
      if (modelNames.has(type!) || isList) continue; // relation fields are not columns
      expect(attrs, `${name}.${fieldName}: @map is not handled by this test`).not.toMatch(/@map\(/);
      columns.push(fieldName!);
      if (/(^|\s)@id\b/.test(attrs!)) out.primaryKeys[name] = [fieldName!];
      if (/(^|\s)@unique\b/.test(attrs!)) out.unique.push(idx(name, [fieldName!]));
    }
    expect(body, `model ${name}: @@map is not handled by this test`).not.toMatch(/@@map\(/);
    out.columns[name] = columns.sort();
  }
  out.unique.sort();
  return out;
}

const withoutBookkeeping = <T>(r: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k !== "_prisma_migrations"));

// ---- the tests ----

const pgSkip = (await providers()).find((p) => p.provider === "postgres")?.skip ?? null;
if (pgSkip) console.warn(`[skipped] schema parity on PostgreSQL: ${pgSkip}`);

describe("migration history", () => {
  const named = (p: (typeof PROVIDERS)[number]) =>
    listMigrations(p).map((m) => ({ ...m, topic: m.name.replace(/^\d+_/, "") }));

  it("has a PostgreSQL migration for every SQLite one, in the same order", () => {
    const sqlite = named("sqlite").map((m) => m.topic);
    const postgres = named("postgres").map((m) => m.topic);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgres.filter((t) => sqlite.includes(t))).toEqual(sqlite);
  });

  it("has PostgreSQL-only migrations only for enum changes (SQLite stores enums as text)", () => {
    const sqlite = new Set(named("sqlite").map((m) => m.topic));
    for (const m of named("postgres").filter((x) => !sqlite.has(x.topic))) {
      const statements = m.sql
        .split("\n")
        .filter((l) => !l.trim().startsWith("--"))
        .join("\n")
        .split(";")
        .map((x) => x.trim())
        .filter(Boolean);
      expect(statements.length, m.name).toBeGreaterThan(0);
      for (const st of statements)
        expect(st, `${m.name} has no SQLite counterpart but changes more than an enum`).toMatch(
          /^(ALTER|CREATE|DROP) TYPE /i,
        );
    }
  });
});

describe("migrations on SQLite", () => {
  let db: TestDatabase;
  let shape: Shape;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    const applied = await applyMigrations(db.target);
    expect(applied).toEqual(listMigrations("sqlite").map((m) => m.name));
    shape = sqliteShape(db.target.provider === "sqlite" ? db.target.file : "");
  });
  afterAll(() => db?.drop());

  it("build exactly the models of prisma/schema: tables, columns, primary keys, unique constraints", () => {
    const models = declaredModels(modelSource());
    expect(Object.keys(models.columns).length).toBeGreaterThan(5);
    expect(withoutBookkeeping(shape.columns)).toEqual(models.columns);
    expect(withoutBookkeeping(shape.primaryKeys)).toEqual(models.primaryKeys);
    expect(shape.unique).toEqual(models.unique);
  });

  it("applying again applies nothing", async () => {
    expect(await applyMigrations(db.target)).toEqual([]);
    expect(sqliteShape(db.target.provider === "sqlite" ? db.target.file : "")).toEqual(shape);
  });

  it("a migration changed after it was applied is refused, naming it", async () => {
    const first = listMigrations("sqlite")[0]!;
    const file = db.target.provider === "sqlite" ? db.target.file : "";
    const conn = new Database(file);
    try {
      const changed = conn
        .prepare(`UPDATE _prisma_migrations SET checksum = ? WHERE migration_name = ?`)
        .run("0".repeat(64), first.name);
      expect(changed.changes).toBe(1);
    } finally {
      conn.close();
    }
    await expect(applyMigrations(db.target)).rejects.toThrow(new RegExp(`migration ${first.name} was changed`));
  });
});

describe.skipIf(pgSkip !== null)("migrations on PostgreSQL", () => {
  let sqliteDb: TestDatabase;
  let pgDb: TestDatabase;
  let sqlite: Shape;
  let postgres: Shape;
  beforeAll(async () => {
    sqliteDb = await createTestDatabase("sqlite");
    pgDb = await createTestDatabase("postgres");
    await applyMigrations(sqliteDb.target);
    expect(await applyMigrations(pgDb.target)).toEqual(listMigrations("postgres").map((m) => m.name));
    sqlite = sqliteShape(sqliteDb.target.provider === "sqlite" ? sqliteDb.target.file : "");
    postgres = await postgresShape(pgDb.url);
  });
  afterAll(async () => {
    await sqliteDb?.drop();
    await pgDb?.drop();
  });

  it("make the same tables with the same columns as on SQLite", () => {
    expect(Object.keys(sqlite.columns).length).toBeGreaterThan(10);
    expect(sqlite.unique.length).toBeGreaterThan(5);
    expect(sqlite.indexes.length).toBeGreaterThan(5);
    expect(Object.keys(postgres.columns).sort()).toEqual(Object.keys(sqlite.columns).sort());
    expect(postgres.columns).toEqual(sqlite.columns);
  });

  it("make the same columns optional as on SQLite (bookkeeping table aside)", () => {
    expect(withoutBookkeeping(postgres.nullable)).toEqual(withoutBookkeeping(sqlite.nullable));
  });

  it("make the same primary keys, unique indexes and other indexes as on SQLite", () => {
    expect(postgres.primaryKeys).toEqual(sqlite.primaryKeys);
    expect(postgres.unique).toEqual(sqlite.unique);
    expect(postgres.indexes).toEqual(sqlite.indexes);
  });

  it("have exactly the enums of prisma/schema, with their values", async () => {
    const declared = Object.fromEntries(
      [...modelSource().matchAll(/^enum\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map((m) => [
        m[1]!,
        m[2]!
          .split("\n")
          .map((l) => stripComment(l).trim())
          .filter((l) => l && !l.startsWith("@@"))
          .map((l) => l.split(/\s+/)[0]!)
          .sort(),
      ]),
    );
    const c = new pg.Client({ connectionString: pgDb.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string; value: string }>(
        `SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t
           JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = 'public'`,
      );
      const have: Record<string, string[]> = {};
      for (const r of rows) (have[r.name] ??= []).push(r.value);
      for (const k of Object.keys(have)) have[k]!.sort();
      expect(Object.keys(declared).length).toBeGreaterThan(2);
      expect(have).toEqual(declared);
    } finally {
      await c.end();
    }
  });

  it("build exactly the models of prisma/schema", () => {
    const models = declaredModels(modelSource());
    expect(withoutBookkeeping(postgres.columns)).toEqual(models.columns);
    expect(postgres.unique).toEqual(models.unique);
  });

  it("applying again applies nothing", async () => {
    expect(await applyMigrations(pgDb.target)).toEqual([]);
    expect(await postgresShape(pgDb.url)).toEqual(postgres);
  });

  it("a migration changed after it was applied is refused, naming it", async () => {
    const last = listMigrations("postgres").at(-1)!;
    const c = new pg.Client({ connectionString: pgDb.url });
    await c.connect();
    try {
      const r = await c.query(`UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2`, [
        "f".repeat(64),
        last.name,
      ]);
      expect(r.rowCount).toBe(1);
    } finally {
      await c.end();
    }
    await expect(applyMigrations(pgDb.target)).rejects.toThrow(new RegExp(`migration ${last.name} was changed`));
  });
});
