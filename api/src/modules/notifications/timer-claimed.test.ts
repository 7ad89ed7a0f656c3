// A fire step's claimed timer (TimerRepository.scheduleClaimed: prepared on SQLite, a named statement on
// PostgreSQL's fire connections) against the Prisma way (the repository without the driver), on both engines:
// the same row, the same answer, a key that exists not written again, and the same times in a process in
// another time zone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { TimerRepository } from "./timer-repository.ts";

const due = new Date(Date.UTC(2026, 11, 5, 23, 30, 0, 250)); // 07:30 on the 6th in Shanghai
const until = new Date(due.getTime() + 60_000);
const payload = { alarmId: "a1", step: 0, label: "通知住户", later: [{ key: "k", dueAt: due.toISOString() }] };

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a step's claimed timer on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    it("is written as the Prisma way writes it, once a key", async () => {
      const p = m.db.prisma;
      const was = process.env.TZ;
      process.env.TZ = "Asia/Shanghai";
      try {
        const claim = { owner: "instance-1", lockedUntil: until };
        const fast = new TimerRepository(p, m.db.driver);
        const a = await fast.scheduleClaimed("fast:step:0", "escalation", payload, due, claim);
        const b = await new TimerRepository(p).scheduleClaimed("prisma:step:0", "escalation", payload, due, claim);
        expect(a).not.toBeNull();
        // what the step runs from: the timer's kind, payload and time
        const step = (t: typeof a) => ({ kind: t!.kind, payload: t!.payload, dueAt: t!.dueAt });
        expect(step(a)).toEqual(step(b));
        expect(a!.dueAt).toEqual(due);
        expect(JSON.parse(a!.payload)).toEqual(payload);
        const read = async (key: string) => {
          const { id, key: _key, createdAt, ...rest } = await p.timer.findUniqueOrThrow({ where: { key } });
          expect(id).toMatch(/^c[0-9a-z]{24}$/);
          expect(Math.abs(createdAt.getTime() - Date.now())).toBeLessThan(60_000);
          return rest;
        };
        const row = await read("fast:step:0");
        expect(row).toEqual(await read("prisma:step:0"));
        expect(row).toMatchObject({ dueAt: due, lockedBy: "instance-1", lockedUntil: until, doneAt: null });
        // the step planned again (a reconcile racing the listener): not written, not claimed
        expect(
          await fast.scheduleClaimed("fast:step:0", "escalation", payload, due, { ...claim, owner: "x" }),
        ).toBeNull();
        expect((await read("fast:step:0")).lockedBy).toBe("instance-1");
      } finally {
        if (was === undefined) delete process.env.TZ;
        else process.env.TZ = was;
      }
    });
  });
}
