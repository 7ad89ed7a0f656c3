import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUSY, noWait } from "./sqlite-no-wait.ts";

describe("noWait: a bare-driver write beside another connection's open transaction", () => {
  let dir: string;
  let bare: Database.Database;
  let other: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "anxin-nowait-"));
    const file = path.join(dir, "t.db");
    bare = new Database(file);
    bare.pragma("journal_mode = WAL");
    bare.pragma("busy_timeout = 5000");
    bare.exec(`CREATE TABLE "T" ("k" TEXT PRIMARY KEY)`);
    other = new Database(file);
  });

  afterEach(() => {
    other.close();
    bare.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes when nobody holds the lock, and keeps the handle's busy timeout", () => {
    const insert = bare.prepare(`INSERT INTO "T" ("k") VALUES (?)`);
    expect(noWait(bare, () => insert.run("a").changes)).toBe(1);
    expect(bare.pragma("busy_timeout", { simple: true })).toBe(5000);
    // inside, no busy wait at all: a prepared "PRAGMA busy_timeout = 0" would not do (SQLite applies that
    // pragma when the statement is prepared, not when it runs), and the test above would then wait 5 s
    for (let i = 0; i < 2; i++) expect(noWait(bare, () => bare.pragma("busy_timeout", { simple: true }))).toBe(0);
    expect(bare.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(other.prepare(`SELECT count(*) AS n FROM "T"`).get()).toEqual({ n: 1 });
  });

  it("answers BUSY, having written nothing, while the other connection's write transaction is open", () => {
    other.exec("BEGIN IMMEDIATE");
    other.prepare(`INSERT INTO "T" ("k") VALUES ('theirs')`).run();
    const insert = bare.prepare(`INSERT INTO "T" ("k") VALUES (?)`);
    expect(noWait(bare, () => insert.run("ours").changes)).toBe(BUSY);
    expect(bare.pragma("busy_timeout", { simple: true })).toBe(5000);
    other.exec("COMMIT");
    expect(bare.prepare(`SELECT "k" FROM "T" ORDER BY "k"`).all()).toEqual([{ k: "theirs" }]);
    // once the other transaction is over, the same write goes through
    expect(noWait(bare, () => insert.run("ours").changes)).toBe(1);
  });

  it("lets other errors through", () => {
    const insert = bare.prepare(`INSERT INTO "T" ("k") VALUES (?)`);
    insert.run("a");
    expect(() => noWait(bare, () => insert.run("a"))).toThrow(/UNIQUE/);
    expect(bare.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});
