// Offline stand-in for `prisma migrate dev` and `prisma migrate deploy` (RECIPES.md: these machines cannot
// download Prisma's schema-engine binary). It drives @prisma/schema-engine-wasm through the driver adapters
// and writes Prisma's own migrations/<timestamp>_<name>/migration.sql layout, so the standard CLI works
// unchanged where the binary exists.
//
//   npm run db:migrate -- <name>     create a migration for SQLite and for PostgreSQL from prisma/schema/
//   npm run db:deploy                apply pending migrations to DATABASE_URL (start-up does this too)
//
// PostgreSQL migrations are diffed on a scratch database on MIGRATE_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/postgres), created and dropped here.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { writeProviderSchemas, type Provider, PROVIDERS } from "./schema-source.ts";
import { createMigration } from "./schema-engine.ts";
import { parseDatabaseUrl } from "../../api/src/db/url.ts";
import { applyMigrations } from "../../api/src/db/migrations.ts";

async function withScratchPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const admin = process.env.MIGRATE_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `anxin_migrate_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

async function withScratchSqlite<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-migrate-"));
  try {
    return await fn(`file:${path.join(dir, "scratch.db")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dev(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lower-case letters, digits and _ only");
  writeProviderSchemas({ check: false });
  for (const provider of PROVIDERS as readonly Provider[]) {
    const scratch = provider === "postgres" ? withScratchPostgres : withScratchSqlite;
    const created = await scratch((url) => createMigration(provider, url, name));
    console.log(created ? `${provider}: created ${created}` : `${provider}: no schema changes`);
  }
}

async function deploy(): Promise<void> {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const applied = await applyMigrations(target);
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
}

const [cmd, name] = process.argv.slice(2);
if (cmd === "dev" && name) await dev(name);
else if (cmd === "deploy") await deploy();
else {
  console.error("usage: npm run db:migrate -- <name>  |  npm run db:deploy");
  process.exit(2);
}
process.exit(0);
