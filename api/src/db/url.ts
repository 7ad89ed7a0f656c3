// DATABASE_URL decides the engine: file: (or a bare path) is SQLite, postgres:// or postgresql:// is PostgreSQL.
import path from "node:path";

export type DatabaseTarget = { provider: "sqlite"; url: string; file: string } | { provider: "postgres"; url: string };

export const DEFAULT_DATABASE_URL = "file:./data/anxin.db";

export class DatabaseUrlError extends Error {}

export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    const file = path.resolve(url.slice("file:".length).replace(/^\/\/(?=\/)/, ""));
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") {
    try {
      new URL(url);
    } catch {
      throw new DatabaseUrlError("is not a valid PostgreSQL URL");
    }
    return { provider: "postgres", url };
  }
  throw new DatabaseUrlError(
    `has unknown scheme "${scheme ?? url}": use file:./path.db for SQLite or postgres://user@host:5432/db for PostgreSQL`,
  );
}
