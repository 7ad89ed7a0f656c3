// New outbox rows (OutboxRepository.enqueue), on both engines: on SQLite written by one prepared statement in one
// transaction, held here to the Prisma way (the repository without the driver) field by field; a dedupe key
// already stored is left as it is and not counted; and while Prisma's own connection holds the write lock, the
// rows are written the Prisma way (they commit with that transaction) instead of waiting on the event loop.
// A step's claimed rows (enqueueClaimed: prepared on SQLite, a named statement on PostgreSQL's fire connections)
// are held to the Prisma way too, in a process in another time zone, each handed on as it is written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { OutboxRepository, type NewNotification } from "./outbox-repository.ts";
import type { NotificationPayload } from "./notification.ts";

const due = new Date(Date.UTC(2026, 11, 3, 8, 30, 0));
const payload: NotificationPayload = {
  content: {
    template: "FIRE_ALARM",
    alarmId: null,
    kind: "FIRE",
    kindLabel: "火警",
    address: "示范县人民医院 住院部",
    room: null,
    at: due.toISOString(),
  },
  contact: { name: "值班员", phone: "13800000001", openid: null, staffId: "s1" },
  cancelUnless: null,
};
const rowsOf = (prefix: string): NewNotification[] =>
  (["PUSH", "VOICE", "SMS"] as const).map((channel, i) => ({
    alarmId: null,
    channel,
    recipient: `staff:s${i}`,
    target: i === 0 ? "openid-0" : `1380000000${i}`,
    template: "UNIT_FIRE_SIGNAL",
    payload,
    dedupeKey: `${prefix}:${channel}`,
    dueAt: new Date(due.getTime() + i * 1000),
  }));

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`new outbox rows on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    it("writes the rows as the Prisma way does, and a stored dedupe key once", async () => {
      const p = m.db.prisma;
      const fast = new OutboxRepository(p, m.db.driver);
      const prismaWay = new OutboxRepository(p);
      const before = Date.now() - 1000;
      expect(await fast.enqueue(rowsOf("fast"))).toBe(3);
      expect(await prismaWay.enqueue(rowsOf("prisma"))).toBe(3);
      // again, and one new among the old: only the new one counts, the old ones are untouched
      await p.notification.update({ where: { dedupeKey: "fast:SMS" }, data: { status: "SENT", attempts: 1 } });
      const again = [...rowsOf("fast"), { ...rowsOf("fast")[0]!, dedupeKey: "fast:extra" }];
      expect(await fast.enqueue(again)).toBe(1);
      expect(await fast.enqueue([])).toBe(0);
      const read = async (prefix: string) =>
        (
          await p.notification.findMany({
            where: { dedupeKey: { startsWith: `${prefix}:` } },
            orderBy: { dedupeKey: "asc" },
          })
        )
          .filter((n) => n.dedupeKey !== "fast:extra")
          .map(({ id, createdAt, dedupeKey, ...rest }) => {
            expect(id).toMatch(/^c[0-9a-z]{24}$/);
            expect(createdAt.getTime()).toBeGreaterThanOrEqual(before);
            return { key: dedupeKey.split(":")[1], ...rest };
          });
      const fastRows = await read("fast");
      expect(fastRows.find((r) => r.key === "SMS")).toMatchObject({ status: "SENT", attempts: 1 });
      const prismaRows = await read("prisma");
      // the same but for the row marked sent above
      const asQueued = fastRows.map((r) => (r.key === "SMS" ? { ...r, status: "QUEUED", attempts: 0 } : r));
      expect(asQueued).toEqual(prismaRows);
      expect(prismaRows[0]).toMatchObject({
        key: "PUSH",
        status: "QUEUED",
        attempts: 0,
        nextAttemptAt: due,
        lockedBy: null,
        lockedUntil: null,
        subject: null,
        alarmId: null,
      });
      expect(JSON.parse(prismaRows[0]!.payload)).toEqual(payload);
    });

    it.skipIf(provider !== "sqlite")(
      "writes the Prisma way, without waiting, while Prisma's connection holds the write lock",
      async () => {
        const p = m.db.prisma;
        const fast = new OutboxRepository(p, m.db.driver);
        let written = -1;
        await p.$transaction(async (tx) => {
          // Prisma's connection takes the write lock; the bare driver's write would wait 5 s on the event loop
          await tx.notification.create({
            data: {
              channel: "SMS",
              recipient: "staff:s9",
              target: "13800000009",
              template: "UNIT_FIRE_SIGNAL",
              payload: "{}",
              dedupeKey: "held",
              nextAttemptAt: due,
            },
          });
          written = await fast.enqueue(rowsOf("during"));
        });
        expect(written).toBe(3);
        expect(await p.notification.count({ where: { dedupeKey: { startsWith: "during:" } } })).toBe(3);
      },
    );
    it("writes a step's claimed rows as the Prisma way does, each handed on as written, a stored key once", async () => {
      const p = m.db.prisma;
      const was = process.env.TZ;
      process.env.TZ = "Asia/Shanghai"; // the county's own: the times written and read must not move
      try {
        const until = new Date(due.getTime() + 30_000);
        const write = async (repo: OutboxRepository, prefix: string) => {
          const handed: string[] = [];
          const claimed = await repo.enqueueClaimed(rowsOf(prefix), "me", until, (r) => void handed.push(r.dedupeKey));
          expect(handed).toEqual(claimed.map((c) => c.dedupeKey));
          // what the worker sends from (ClaimedNotification)
          return claimed.map((c) => {
            expect(c.id).toMatch(/^c[0-9a-z]{24}$/);
            expect(c.createdAt).toBeInstanceOf(Date);
            const { alarmId, channel, recipient, target, template, payload, attempts } = c;
            return { key: c.dedupeKey.split(":")[1], alarmId, channel, recipient, target, template, payload, attempts };
          });
        };
        const fast = await write(new OutboxRepository(p, m.db.driver), "cfast");
        const prismaWay = await write(new OutboxRepository(p), "cprisma");
        expect(fast).toHaveLength(3);
        expect(fast).toEqual(prismaWay);
        const read = async (prefix: string) =>
          (
            await p.notification.findMany({
              where: { dedupeKey: { startsWith: `${prefix}:` } },
              orderBy: { dedupeKey: "asc" },
            })
          ).map(({ id: _id, createdAt: _at, dedupeKey, ...rest }) => ({ key: dedupeKey.split(":")[1], ...rest }));
        const rows = await read("cfast");
        expect(rows).toEqual(await read("cprisma"));
        expect(rows[0]).toMatchObject({
          key: "PUSH",
          status: "SENDING",
          attempts: 1,
          lockedBy: "me",
          lockedUntil: until,
          nextAttemptAt: due,
        });
        // written before (a step run again after a crash): nothing written, nothing handed on
        const again = await new OutboxRepository(p, m.db.driver).enqueueClaimed(rowsOf("cfast"), "other", until, () => {
          throw new Error("handed on twice");
        });
        expect(again).toEqual([]);
        expect((await read("cfast"))[0]).toMatchObject({ lockedBy: "me" });
      } finally {
        if (was === undefined) delete process.env.TZ;
        else process.env.TZ = was;
      }
    });
  });
}
