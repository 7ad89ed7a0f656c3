// A timer scheduled with the statement prepared on SQLite (TimerRepository.schedule with the driver) against
// the Prisma way: the same row (unclaimed, due when asked, the payload as JSON), and a key written once
// whichever way comes first — the exactly-once guarantee of every durable timer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TimerRepository } from "../../api/src/modules/notifications/timer-repository.ts";
import { openModuleDb, type ModuleDb } from "../support/module-db.ts";
import { providers } from "../support/databases.ts";

const sqlite = (await providers()).find((p) => p.provider === "sqlite")!;

describe.skipIf(sqlite.skip !== null)("a timer scheduled as a prepared statement (SQLite)", () => {
  let m: ModuleDb;
  let fast: TimerRepository;
  let slow: TimerRepository;
  beforeAll(async () => {
    m = await openModuleDb("sqlite");
    fast = new TimerRepository(m.db.prisma, m.db.driver);
    slow = new TimerRepository(m.db.prisma);
  });
  afterAll(async () => m?.close());

  const row = (key: string) =>
    m.db.prisma.timer.findUniqueOrThrow({
      where: { key },
      select: { key: true, kind: true, payload: true, dueAt: true, lockedBy: true, lockedUntil: true, doneAt: true },
    });

  it("writes the row the Prisma way writes", async () => {
    const dueAt = new Date(Date.UTC(2026, 11, 3, 2, 0, 0, 123));
    expect(await fast.schedule("t:fast", "centre.confirm-timeout", { alarmId: "a1" }, dueAt)).toBe(true);
    expect(await slow.schedule("t:slow", "centre.confirm-timeout", { alarmId: "a1" }, dueAt)).toBe(true);
    const [f, s] = [await row("t:fast"), await row("t:slow")];
    expect({ ...f, key: "" }).toEqual({ ...s, key: "" });
    expect(f).toMatchObject({ payload: '{"alarmId":"a1"}', dueAt, lockedBy: null, lockedUntil: null, doneAt: null });
  });

  it("writes a key once, whichever way comes first", async () => {
    const dueAt = new Date(Date.UTC(2026, 11, 3, 3, 0, 0));
    expect(await slow.schedule("t:once", "k", {}, dueAt)).toBe(true);
    expect(await fast.schedule("t:once", "k", { other: 1 }, dueAt)).toBe(false);
    expect(await fast.schedule("t:twice", "k", {}, dueAt)).toBe(true);
    expect(await slow.schedule("t:twice", "k", {}, dueAt)).toBe(false);
    expect(await fast.schedule("t:twice", "k", {}, dueAt)).toBe(false);
    expect(await m.db.prisma.timer.count({ where: { key: { in: ["t:once", "t:twice"] } } })).toBe(2);
    expect((await row("t:once")).payload).toBe("{}");
  });

  it("goes the Prisma way, without waiting, when Prisma's connection holds the write lock; writes once", async () => {
    const p = m.db.prisma;
    let inside: Promise<boolean> | null = null;
    await p.$transaction(async (tx) => {
      await tx.timer.create({ data: { key: "t:holder", kind: "k", payload: "{}", dueAt: new Date() } }); // holds the lock
      // the bare connection finds the lock taken (no 5 s stall of the loop) and the Prisma way writes it:
      // a single statement runs on Prisma's connection at once, inside the open transaction (the adapter
      // serialises transactions only), so it commits with it (api/src/db/sqlite-no-wait.ts)
      inside = fast.schedule("t:locked", "k", {}, new Date());
      expect(await inside).toBe(true);
    });
    expect(await inside!).toBe(true);
    expect(await p.timer.count({ where: { key: "t:locked" } })).toBe(1);
    expect(await fast.schedule("t:locked", "k", {}, new Date())).toBe(false);
  });
});
