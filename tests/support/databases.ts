// Each test run gets its own database: a temp SQLite file, or a PostgreSQL database created on
// 127.0.0.1:5432 and dropped afterwards. Where PostgreSQL is not reachable its suites are skipped with the
// reason; under CI=true its absence is a failure.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { parseDatabaseUrl, type DatabaseTarget } from "../../api/src/db/url.ts";

export type Provider = DatabaseTarget["provider"];

export const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

let pgProbe: Promise<string | null> | null = null;

/** null when PostgreSQL answers, else the reason it is not usable. */
export function postgresUnavailable(): Promise<string | null> {
  pgProbe ??= (async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query("SELECT 1");
      return null;
    } catch (e) {
      return `PostgreSQL not reachable at ${new URL(PG_ADMIN_URL).host}: ${(e as Error).message}`;
    } finally {
      await c.end().catch(() => undefined);
    }
  })();
  return pgProbe;
}

export interface TestDatabase {
  target: DatabaseTarget;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-test-"));
    const url = `file:${path.join(dir, "test.db")}`;
    return { target: parseDatabaseUrl(url), url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `anxin_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    target: parseDatabaseUrl(url),
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The providers a suite runs on, each with the reason it is skipped (or null). Under CI=true a missing
 * PostgreSQL is not a skip: the suite runs and fails on connect, so CI cannot pass without it.
 */
export async function providers(): Promise<{ provider: Provider; skip: string | null }[]> {
  const reason = await postgresUnavailable();
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if (reason && !ci) console.warn(`[skipped] PostgreSQL suites: ${reason}`);
  return [
    { provider: "sqlite", skip: null },
    { provider: "postgres", skip: reason && !ci ? reason : null },
  ];
}
