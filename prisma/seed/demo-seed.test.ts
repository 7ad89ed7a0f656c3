// One data directory, two databases (npm start on SQLite, then DATABASE_URL=postgres://... npm start, then back):
// each start prints and writes to demo.json the accounts of the database it runs on, never another's.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../api/src/modules/auth/passwords.ts";
import { openModuleDb, type ModuleDb } from "../../tests/support/module-db.ts";
import { DEMO_FILE, seedDemoIfEmpty, type DemoInfo } from "./demo-seed.ts";

describe("the demo accounts of a data directory shared by two databases", () => {
  let a: ModuleDb;
  let b: ModuleDb;
  let dir: string;
  let first: DemoInfo;
  let second: DemoInfo;
  const latest = () => JSON.parse(readFileSync(path.join(dir, DEMO_FILE), "utf8")) as DemoInfo;
  const admin = (info: DemoInfo) => info.staff.find((s) => s.username === "admin")!;
  const signsIn = async (m: ModuleDb, info: DemoInfo) => {
    const row = await m.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "admin" } });
    return row.passwordHash !== null && (await verifyPassword(row.passwordHash, admin(info).password));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "anxin-demo-"));
    [a, b] = await Promise.all([openModuleDb("sqlite"), openModuleDb("sqlite")]);
    first = (await seedDemoIfEmpty(a.db.prisma, { dataDir: dir }))!;
    second = (await seedDemoIfEmpty(b.db.prisma, { dataDir: dir }))!;
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("seeds each empty database with its own accounts, and demo.json follows the latest", async () => {
    expect(first.countyId).toBeTruthy();
    expect(second.countyId).not.toBe(first.countyId);
    expect(admin(second).password).not.toBe(admin(first).password);
    expect(latest().countyId).toBe(second.countyId);
    expect(await signsIn(a, first)).toBe(true);
    expect(await signsIn(b, second)).toBe(true);
    expect(await signsIn(a, second)).toBe(false);
  });

  it("gives the first database its own accounts back, and writes them to demo.json for the simulators", async () => {
    const back = await seedDemoIfEmpty(a.db.prisma, { dataDir: dir });
    expect(back?.countyId).toBe(first.countyId);
    expect(await signsIn(a, back!)).toBe(true);
    expect(latest().countyId).toBe(first.countyId);
    expect(admin(latest()).password).toBe(admin(first).password);
    expect(statSync(path.join(dir, "demos", `${first.countyId}.json`)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, "demos")).mode & 0o777).toBe(0o700);
  });

  it("gives no accounts rather than another database's when this one's are not in the directory", async () => {
    rmSync(path.join(dir, "demos", `${second.countyId}.json`));
    expect(await seedDemoIfEmpty(b.db.prisma, { dataDir: dir })).toBeNull();
    expect(latest().countyId).toBe(first.countyId); // left as it was
  });

  it("keeps reading a demo.json written before the per-database copies (no countyId)", async () => {
    const { countyId: _, ...old } = second;
    writeFileSync(path.join(dir, DEMO_FILE), JSON.stringify(old));
    const read = await seedDemoIfEmpty(b.db.prisma, { dataDir: dir });
    expect(admin(read!).password).toBe(admin(second).password);
  });
});
