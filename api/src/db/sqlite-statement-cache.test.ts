// Prisma's SQLite adapter runs kept statements (sqlite-statement-cache.ts): the same answers as compiling each
// time, reads and writes, inside and outside transactions, a failed statement still failing as before; a
// statement compiled once however often it runs; the kept ones bounded. If a new adapter version changes
// the shape this was written against, the first test says so (nothing would be kept). All but a rare checkpoint
// are left to the checkpointer's thread (client.ts, sqlite-checkpointer.ts).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openModuleDb, type ModuleDb } from "../../../tests/support/module-db.ts";
import { statSync } from "node:fs";
import { INLINE_CHECKPOINT_PAGES } from "./client.ts";
import { cacheStatements } from "./sqlite-statement-cache.ts";

describe("the Prisma adapter's kept statements on SQLite", () => {
  let m: ModuleDb;
  beforeAll(async () => {
    m = await openModuleDb("sqlite");
  });
  afterAll(() => m?.close());

  it("compiles a statement once however often Prisma runs it, with each call's own parameters", async () => {
    const p = m.db.prisma;
    await p.setting.findUnique({ where: { key: "warm" } }); // Prisma connects
    const cache = m.db.statementCache?.();
    expect(cache, "the adapter's connection was not found: nothing is kept").toBeTruthy();
    for (const k of ["a", "b", "c"]) await p.setting.create({ data: { key: `k-${k}`, value: `v-${k}` } });
    const before = cache!.compiled;
    const seen: (string | null)[] = [];
    for (const k of ["a", "b", "c", "a", "missing"])
      seen.push((await p.setting.findUnique({ where: { key: `k-${k}` } }))?.value ?? null);
    expect(seen).toEqual(["v-a", "v-b", "v-c", "v-a", null]);
    expect(cache!.compiled).toBe(before); // the find was compiled when it first ran, above
    // writes and counts take their own parameters each time too
    await p.setting.update({ where: { key: "k-b" }, data: { value: "v-b2" } });
    await p.setting.update({ where: { key: "k-c" }, data: { value: "v-c2" } });
    expect((await p.setting.findMany({ orderBy: { key: "asc" } })).map((s) => s.value)).toEqual([
      "v-a",
      "v-b2",
      "v-c2",
    ]);
  });

  it("leaves all but a rare checkpoint to the checkpointer's thread, durable as WAL with NORMAL", async () => {
    const p = m.db.prisma;
    const bare = m.db.driver.provider === "sqlite" ? m.db.driver.sqlite : null;
    const read = async (pragma: string) => {
      const rows = await p.$queryRawUnsafe<Record<string, bigint | number | string>[]>(`PRAGMA ${pragma}`);
      return Number(Object.values(rows[0]!)[0]);
    };
    // auto-checkpoints are per connection: SQLite's default of 1,000 pages put one on the event loop every second
    expect(await read("wal_autocheckpoint")).toBe(INLINE_CHECKPOINT_PAGES);
    expect(bare?.pragma("wal_autocheckpoint", { simple: true })).toBe(INLINE_CHECKPOINT_PAGES);
    expect(await read("synchronous")).toBe(1);
    expect(bare?.pragma("synchronous", { simple: true })).toBe(1);
  });

  it("keeps the log bounded while the bare connection writes without pause", () => {
    // the readings' flood writes nearly all through the bare connection: with its in-line checkpoints off, the
    // checkpointer's thread never caught up with a log still being written and the log grew to 610 MB in 17 s
    if (m.db.driver.provider !== "sqlite") throw new Error("a SQLite test");
    const bare = m.db.driver.sqlite;
    const pageSize = Number(bare.pragma("page_size", { simple: true }));
    bare.exec(`CREATE TABLE "WalProbe" ("body" BLOB NOT NULL)`);
    const insert = bare.prepare(`INSERT INTO "WalProbe" ("body") VALUES (?)`);
    const clear = bare.prepare(`DELETE FROM "WalProbe"`);
    const body = Buffer.alloc(30 * pageSize, 7); // about 30 pages of log a commit
    const commits = Math.ceil((5 * INLINE_CHECKPOINT_PAGES) / 30); // five times the bound, no pause
    const wal = `${bare.name}-wal`;
    let largest = 0;
    for (let i = 0; i < commits; i++) {
      insert.run(body);
      if (i % 20 === 19) clear.run(); // the database stays small: only the log could grow
      largest = Math.max(largest, statSync(wal).size);
    }
    bare.exec(`DROP TABLE "WalProbe"`);
    // the log starts again after the in-line checkpoint: at most the bound and the commits made while a
    // checkpoint could not run (the checkpointer's thread holding the lock: 5,341 pages past the bound on a
    // busy CI machine), where without in-line checkpoints it takes nearly all five times the bound
    expect(largest / pageSize).toBeGreaterThan(INLINE_CHECKPOINT_PAGES * 0.9);
    expect(largest / pageSize).toBeLessThan(INLINE_CHECKPOINT_PAGES * 2.5);
  });

  it("keeps transactions, rollbacks and errors as they were", async () => {
    const p = m.db.prisma;
    await p.$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "tx-1", value: "1" } });
      await tx.setting.create({ data: { key: "tx-2", value: "2" } });
    });
    await expect(
      p.$transaction(async (tx) => {
        await tx.setting.create({ data: { key: "tx-3", value: "3" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await p.setting.findMany({ where: { key: { startsWith: "tx-" } } })).map((s) => s.key).sort()).toEqual([
      "tx-1",
      "tx-2",
    ]);
    // a unique violation is still Prisma's P2002, the second time (a kept statement) as the first
    for (let i = 0; i < 2; i++)
      await expect(p.setting.create({ data: { key: "tx-1", value: "again" } })).rejects.toMatchObject({
        code: "P2002",
      });
  });
});

describe("the kept statements' bound", () => {
  it("keeps at most `max` statements, the least recently used going first", () => {
    const db = new Database(":memory:");
    try {
      const cache = cacheStatements(db, 3);
      const one = (n: number) =>
        (db.prepare(`SELECT ${n} AS n`) as unknown as { bind(a: unknown[]): { raw(): { all(): unknown[][] } } })
          .bind([])
          .raw()
          .all();
      for (const n of [1, 2, 3]) expect(one(n)).toEqual([[n]]);
      expect([cache.compiled, cache.size]).toEqual([3, 3]);
      one(1); // 1 is now the most recent: 2 goes when 4 comes
      one(4);
      expect([cache.compiled, cache.size]).toEqual([4, 3]);
      one(1);
      one(3);
      expect(cache.compiled).toBe(4);
      one(2); // compiled again
      expect([cache.compiled, cache.size]).toEqual([5, 3]);
    } finally {
      db.close();
    }
  });
});
