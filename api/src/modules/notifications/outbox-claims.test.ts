// The outbox's claims and results (OutboxRepository.claimDue, finish, alarmStatuses), on both engines: on
// SQLite prepared statements on the bare driver, held here to the Prisma way (the repository without the
// driver) row by row and field by field: which rows a claim takes (due, abandoned, never a 119 hand-off's,
// never one locked by a live sender, in due order up to the limit), what it hands the worker, and what each
// result writes; a result for an attempt that lost its lock writes nothing. While Prisma's own connection
// holds the write lock, claims and results go the Prisma way instead of waiting on the event loop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import type { Prisma } from "../../db/client.ts";
import { OutboxRepository, type ClaimedNotification } from "./outbox-repository.ts";

const now = new Date(Date.UTC(2026, 11, 3, 9, 0, 0));
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const until = new Date(now.getTime() + 30_000);
const payload = JSON.stringify({ content: { template: "FIRE_REAL" }, contact: { name: "值班员" }, cancelUnless: null });

type Seed = {
  key: string;
  channel?: "SMS" | "VOICE" | "PUSH" | "HANDOFF_119";
  status?: "QUEUED" | "SENDING" | "SENT";
  attempts?: number;
  due: Date;
  lock?: { by: string; until: Date };
  alarmId?: string;
};

// due first by time: c (oldest), then a, e, b; d is not due; f is locked by a live sender; g is 119's; h is sent
const seeds: Seed[] = [
  { key: "a", due: ago(50) },
  { key: "b", channel: "VOICE", due: ago(10), alarmId: "alarm" },
  { key: "c", channel: "PUSH", status: "SENDING", attempts: 2, due: ago(90), lock: { by: "dead", until: ago(5) } },
  { key: "d", due: new Date(now.getTime() + 60_000) },
  { key: "e", due: ago(20), alarmId: "alarm" },
  { key: "f", status: "SENDING", attempts: 1, due: ago(60), lock: { by: "alive", until: until } },
  { key: "g", channel: "HANDOFF_119", due: ago(70) },
  { key: "h", status: "SENT", attempts: 1, due: ago(80) },
];

async function seed(p: Prisma, prefix: string): Promise<void> {
  for (const s of seeds)
    await p.notification.create({
      data: {
        channel: s.channel ?? "SMS",
        recipient: "staff:s1",
        target: s.channel === "HANDOFF_119" ? "http://127.0.0.1:9/119" : "13800000001",
        template: "FIRE_REAL",
        payload,
        dedupeKey: `${prefix}:${s.key}`,
        status: s.status ?? "QUEUED",
        attempts: s.attempts ?? 0,
        nextAttemptAt: s.due,
        createdAt: ago(100),
        ...(s.alarmId ? { alarmId: `${prefix}-${s.alarmId}` } : {}),
        ...(s.lock ? { lockedBy: s.lock.by, lockedUntil: s.lock.until } : {}),
      },
    });
}

/** Rows (stored or handed to the worker) as both ways must give them: keys without the run's prefix, no ids. */
const unprefixed = <R extends { id: string; dedupeKey: string; alarmId: string | null }>(prefix: string, rows: R[]) =>
  rows.map(({ id, dedupeKey, alarmId, ...rest }) => ({
    key: dedupeKey.slice(prefix.length + 1),
    alarm: alarmId?.slice(prefix.length + 1) ?? null,
    id: typeof id,
    ...rest,
  }));

/** Every row of a prefix, as both ways must leave it. */
async function rowsOf(p: Prisma, prefix: string) {
  const rows = await p.notification.findMany({
    where: { dedupeKey: { startsWith: `${prefix}:` } },
    orderBy: { dedupeKey: "asc" },
  });
  return unprefixed(prefix, rows);
}

/** Claims, then settles each claimed row one way and tries a stale result; returns what it saw. */
async function run(p: Prisma, repo: OutboxRepository, prefix: string) {
  await seed(p, prefix);
  const first = await repo.claimDue("me", now, until, 3);
  const second = await repo.claimDue("me", now, until, 10);
  const byKey = new Map([...first, ...second].map((c) => [c.dedupeKey.slice(prefix.length + 1), c]));
  const at = new Date(now.getTime() + 2000);
  const results = {
    sent: await repo.finish(byKey.get("c")!, "me", { status: "SENT", response: "OK", at, providerId: "msg-1" }),
    retry: await repo.finish(byKey.get("a")!, "me", {
      status: "QUEUED",
      response: "busy".repeat(600),
      at,
      retryAt: new Date(now.getTime() + 60_000),
    }),
    delivered: await repo.finish(byKey.get("e")!, "me", {
      status: "DELIVERED",
      response: "DELIVRD",
      at,
      deliveredAt: new Date(now.getTime() + 3000),
      providerId: "",
    }),
    // another sender's result, and an older attempt's: nothing written
    notMine: await repo.finish(byKey.get("b")!, "someone-else", { status: "FAILED", response: "x", at }),
    staleAttempt: await repo.finish({ ...byKey.get("b")!, attempts: 0 }, "me", { status: "FAILED", response: "x", at }),
    failed: await repo.finish(byKey.get("b")!, "me", { status: "FAILED", response: "no such number", at }),
    again: await repo.finish(byKey.get("b")!, "me", { status: "SENT", response: "late", at }),
  };
  const statuses = await repo.alarmStatuses([`${prefix}-alarm`, `${prefix}-none`]);
  return {
    first: unprefixed(prefix, first),
    second: unprefixed(prefix, second),
    results,
    statuses: [...statuses].map(([id, s]) => [id.slice(prefix.length + 1), s]),
    rows: await rowsOf(p, prefix),
  };
}

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the outbox's claims and results on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
      // the alarm some rows are about, one for each way's rows
      await m.db.prisma.deviceModel.create({
        data: { id: "M1", kind: "SMOKE_ALARM", vendor: "v", name: "m", heartbeatIntervalSec: 3600 },
      });
      await m.db.prisma.device.create({ data: { id: "D1", serial: "S1", modelId: "M1", secretHash: "x" } });
      for (const prefix of ["fast", "prisma", "held"])
        await m.db.prisma.alarm.create({
          data: {
            id: `${prefix}-alarm`,
            deviceId: "D1",
            point: prefix,
            kind: "FIRE",
            severity: "CRITICAL",
            status: "ACKNOWLEDGED",
            startedAt: now,
            lastEventAt: now,
          },
        });
    });
    afterAll(() => m?.close());

    it("claims and settles rows as the Prisma way does", async () => {
      const p = m.db.prisma;
      await p.notification.deleteMany({});
      // on SQLite the prepared way alone: its repository's Prisma refuses every outbox and alarm call
      const noPrisma = new Proxy(p, {
        get: (target, key) =>
          key === "notification" || key === "alarm"
            ? new Proxy({}, { get: () => () => Promise.reject(new Error("went the Prisma way")) })
            : Reflect.get(target, key),
      });
      const fast = await run(p, new OutboxRepository(provider === "sqlite" ? noPrisma : p, m.db.driver), "fast");
      await p.notification.deleteMany({ where: { dedupeKey: { startsWith: "fast:" } } });
      const prismaWay = await run(p, new OutboxRepository(p), "prisma");
      expect(fast).toEqual(prismaWay);

      // and what that is: the 3 longest due first, then the rest; 119's, a live lock and a future row left
      expect(prismaWay.first.map((c) => c.key).sort()).toEqual(["a", "c", "e"]);
      expect(prismaWay.second.map((c) => c.key)).toEqual(["b"]);
      const firstOf = (k: string) => prismaWay.first.find((c) => c.key === k)!;
      expect(firstOf("c")).toMatchObject({
        attempts: 3,
        status: "SENDING",
        lockedBy: "me",
        reclaimedFrom: ago(5),
      });
      expect(firstOf("a")).toMatchObject({ attempts: 1, reclaimedFrom: null, lockedUntil: until });
      expect(firstOf("a").payload).toEqual(JSON.parse(payload));
      expect(prismaWay.results).toEqual({
        sent: true,
        retry: true,
        delivered: true,
        notMine: false,
        staleAttempt: false,
        failed: true,
        again: false,
      });
      expect(prismaWay.statuses).toEqual([["alarm", "ACKNOWLEDGED"]]);
      const row = (k: string) => prismaWay.rows.find((r) => r.key === k)!;
      expect(row("c")).toMatchObject({ providerId: "msg-1", lockedBy: null, lockedUntil: null });
      expect(row("c").sentAt).toEqual(new Date(now.getTime() + 2000));
      expect(row("a")).toMatchObject({ sentAt: null, nextAttemptAt: new Date(now.getTime() + 60_000) });
      expect(row("a").providerResponse).toHaveLength(2000);
      expect(row("e")).toMatchObject({ providerId: null, deliveredAt: new Date(now.getTime() + 3000) });
      expect(row("b")).toMatchObject({ providerResponse: "no such number", sentAt: null });
      expect(row("f")).toMatchObject({ lockedBy: "alive", attempts: 1 });
      expect(row("g")).toMatchObject({ lockedBy: null, attempts: 0 });
    });

    it.skipIf(provider !== "sqlite")(
      "claims and settles the Prisma way, without waiting, while Prisma's connection holds the write lock",
      async () => {
        const p = m.db.prisma;
        await p.notification.deleteMany({});
        const fast = new OutboxRepository(p, m.db.driver);
        await seed(p, "held");
        let claimed: ClaimedNotification[] = [];
        let settled = false;
        await p.$transaction(async (tx) => {
          // Prisma's connection takes the write lock; the bare driver's write would wait 5 s on the event loop
          await tx.notification.update({ where: { dedupeKey: "held:h" }, data: { providerResponse: "held" } });
          claimed = await fast.claimDue("me", now, until, 10);
          settled = await fast.finish(
            claimed.find((c) => c.dedupeKey === "held:c")!,
            "me",
            { status: "SENT", response: "OK", at: now },
          );
        });
        expect(claimed.map((c) => c.dedupeKey).sort()).toEqual(["held:a", "held:b", "held:c", "held:e"]);
        expect(settled).toBe(true);
        const rows = await p.notification.findMany({ where: { lockedBy: "me" } });
        expect(rows.map((r) => r.dedupeKey).sort()).toEqual(["held:a", "held:b", "held:e"]);
        expect(await p.notification.findUnique({ where: { dedupeKey: "held:c" } })).toMatchObject({ status: "SENT" });
      },
    );
  });
}
