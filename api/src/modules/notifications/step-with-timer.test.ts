// A fire's first step on PostgreSQL writes its claimed timer and its claimed messages in one statement
// (OutboxRepository.enqueueWithTimer, outbox-postgres.ts; issue 21): one commit before the first message leaves.
// Held to the two writes it replaces (TimerRepository.scheduleClaimed and OutboxRepository.enqueueClaimed, the
// Prisma way) row for row, in a process in Asia/Shanghai time; a timer whose key exists writes nothing and hands
// nothing on; a message whose key exists is left out. SQLite keeps the two writes (one writer, no flush each).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { OutboxRepository, type NewNotification } from "./outbox-repository.ts";
import { TimerRepository } from "./timer-repository.ts";
import type { NotificationPayload } from "./notification.ts";

const due = new Date(Date.UTC(2026, 11, 5, 23, 30, 0, 250)); // 07:30 on the 6th in Shanghai
const lockedUntil = new Date(due.getTime() + 60_000);
const sendUntil = new Date(due.getTime() + 30_000);
const step = { alarmId: null, step: 0, label: "通知家庭成员", later: [{ key: "k", dueAt: due.toISOString() }] };
const payload: NotificationPayload = {
  content: {
    template: "FIRE_ALARM",
    alarmId: null,
    kind: "FIRE",
    kindLabel: "火警",
    address: "幸福小区 1号楼 1单元 1201",
    room: "主卧",
    at: due.toISOString(),
  },
  contact: { name: "张三", phone: "13800000001", openid: "o-1", staffId: null },
  cancelUnless: null,
};
const rowsOf = (prefix: string): NewNotification[] =>
  (["WECHAT", "SMS", "CONSOLE"] as const).map((channel, i) => ({
    alarmId: null,
    channel,
    recipient: `resident:r${i}`,
    target: channel === "WECHAT" ? "o-1" : channel === "SMS" ? "13800000001" : "console",
    template: "FIRE_ALARM",
    payload,
    dedupeKey: `${prefix}:${channel}`,
    dueAt: new Date(due.getTime() + i * 1000),
  }));
const timerOf = (key: string, owner = "me") => ({
  key,
  kind: "escalation",
  payload: JSON.stringify(step),
  dueAt: due,
  lockedBy: owner,
  lockedUntil,
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a first step's timer with its messages on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    it("is one statement only on PostgreSQL", () => {
      expect(new OutboxRepository(m.db.prisma, m.db.driver).writesWithTimer).toBe(provider === "postgres");
      expect(new OutboxRepository(m.db.prisma).writesWithTimer).toBe(false);
    });

    it.runIf(provider === "postgres")(
      "writes the timer and the messages as the two writes did, in one statement",
      async () => {
        const p = m.db.prisma;
        const driver = m.db.driver;
        if (driver.provider !== "postgres") throw new Error("PostgreSQL only");
        const was = process.env.TZ;
        process.env.TZ = "Asia/Shanghai"; // the county's own: the times written and read must not move
        const spy = vi.spyOn(driver.firePool, "query");
        try {
          const outbox = new OutboxRepository(p, driver);
          const handed: string[] = [];
          const written = await outbox.enqueueWithTimer(
            timerOf("together:step:0"),
            rowsOf("together"),
            sendUntil,
            (r) => handed.push(r.dedupeKey),
          );
          expect(spy).toHaveBeenCalledTimes(1);
          expect(written.timer).not.toBeNull();
          expect(written.claimed.map((c) => c.dedupeKey)).toEqual(rowsOf("together").map((r) => r.dedupeKey));
          expect(handed).toEqual(written.claimed.map((c) => c.dedupeKey));

          // the Prisma way: the timer, then the messages
          const apart = await new TimerRepository(p).scheduleClaimed("apart:step:0", "escalation", step, due, {
            owner: "me",
            lockedUntil,
          });
          const claimedApart = await new OutboxRepository(p).enqueueClaimed(rowsOf("apart"), "me", sendUntil);
          const run = (t: typeof apart) => ({ kind: t!.kind, payload: t!.payload, dueAt: t!.dueAt });
          expect(run(written.timer)).toEqual(run(apart));
          // what the worker sends from (ClaimedNotification)
          const sent = (cs: typeof claimedApart) =>
            cs.map((c) => {
              expect(c.id).toMatch(/^c[0-9a-z]{24}$/);
              expect(c.createdAt).toBeInstanceOf(Date);
              const { alarmId, channel, recipient, target, template, payload, attempts } = c;
              return {
                key: c.dedupeKey.split(":")[1],
                alarmId,
                channel,
                recipient,
                target,
                template,
                payload,
                attempts,
              };
            });
          expect(sent(written.claimed)).toEqual(sent(claimedApart));

          const timer = async (key: string) => {
            const { id, key: _key, createdAt, ...rest } = await p.timer.findUniqueOrThrow({ where: { key } });
            expect(id).toMatch(/^c[0-9a-z]{24}$/);
            expect(Math.abs(createdAt.getTime() - Date.now())).toBeLessThan(60_000);
            return rest;
          };
          expect(await timer("together:step:0")).toEqual(await timer("apart:step:0"));
          expect(await timer("together:step:0")).toMatchObject({
            dueAt: due,
            lockedBy: "me",
            lockedUntil,
            doneAt: null,
          });
          const rows = async (prefix: string) =>
            (
              await p.notification.findMany({
                where: { dedupeKey: { startsWith: `${prefix}:` } },
                orderBy: { dedupeKey: "asc" },
              })
            ).map(({ id: _id, createdAt: _at, dedupeKey, ...rest }) => ({ key: dedupeKey.split(":")[1], ...rest }));
          expect(await rows("together")).toEqual(await rows("apart"));
          expect((await rows("together"))[0]).toMatchObject({
            key: "CONSOLE",
            status: "SENDING",
            attempts: 1,
            lockedBy: "me",
            lockedUntil: sendUntil,
          });

          // the step planned again (a reconcile racing the listener): its timer is there, so nothing is written
          const again = await outbox.enqueueWithTimer(
            timerOf("together:step:0", "other"),
            rowsOf("again"),
            sendUntil,
            () => {
              throw new Error("handed on");
            },
          );
          expect(again).toEqual({ timer: null, claimed: [] });
          expect(await p.notification.count({ where: { dedupeKey: { startsWith: "again:" } } })).toBe(0);
          expect((await timer("together:step:0")).lockedBy).toBe("me");

          // a new timer whose messages are partly there (written by an earlier run): only the new ones
          await p.notification.create({
            data: {
              channel: "SMS",
              recipient: "x",
              target: "x",
              template: "FIRE_ALARM",
              payload: "{}",
              dedupeKey: "part:SMS",
              nextAttemptAt: due,
            },
          });
          const part = await outbox.enqueueWithTimer(timerOf("part:step:0"), rowsOf("part"), sendUntil);
          expect(part.timer).not.toBeNull();
          expect(part.claimed.map((c) => c.dedupeKey)).toEqual(["part:WECHAT", "part:CONSOLE"]);

          // nobody to tell: the timer alone
          const none = await outbox.enqueueWithTimer(timerOf("none:step:0"), [], sendUntil);
          expect(none.timer?.key).toBe("none:step:0");
          expect(none.claimed).toEqual([]);
        } finally {
          spy.mockRestore();
          if (was === undefined) delete process.env.TZ;
          else process.env.TZ = was;
        }
      },
    );
  });
}
