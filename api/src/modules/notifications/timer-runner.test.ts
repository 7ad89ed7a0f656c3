// The run of claimed timers (timer-runner.ts) on the timer repository, on both engines: it claims the due timers
// of its kinds only (the earliest first, `limit` at most, held `lockMs`), runs each step in turn, marks each done;
// a step that throws is logged with the caller's words, not marked done, the rest still run, and the timer is
// claimed again once its lock expires.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { ManualClock } from "../../shared/clock.ts";
import { createLogger } from "../../shared/logger.ts";
import { TimerRepository, type TimerRow } from "./timer-repository.ts";
import { claimAndRun, runTimer, type DueTimers } from "./timer-runner.ts";

const MIN = 60_000;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the timer runner on ${provider}`, () => {
    let m: ModuleDb;
    beforeAll(async () => {
      m = await openModuleDb(provider);
    });
    afterAll(() => m?.close());

    const setUp = (prefix: string) => {
      const clock = new ManualClock();
      const lines: { msg: string; timer?: string; err?: { message: string } }[] = [];
      const log = createLogger("info", {}, { write: (l) => void lines.push(JSON.parse(l) as (typeof lines)[number]) });
      const timers = new TimerRepository(m.db.prisma, m.db.driver);
      const d = { timers, clock, log, owner: `${prefix}-instance` };
      const at = (ms: number) => new Date(clock.now().getTime() + ms);
      const row = (key: string) => m.db.prisma.timer.findUniqueOrThrow({ where: { key } });
      return { clock, lines, timers, d, at, row };
    };

    it("claims the due timers of its kinds, runs them in order and marks each done; a step that throws is logged and run again later", async () => {
      const { clock, lines, timers, d, at, row } = setUp("run");
      const kinds = ["run.one", "run.two"];
      const due: DueTimers = { kinds, limit: 10, lockMs: 5 * MIN, failed: "run timer failed; claimed again" };
      await timers.schedule("run:c", "run.one", { n: 3 }, at(-1 * MIN));
      await timers.schedule("run:a", "run.one", { n: 1 }, at(-3 * MIN));
      await timers.schedule("run:b", "run.two", { n: 2 }, at(-2 * MIN));
      await timers.schedule("run:later", "run.one", { n: 4 }, at(3 * MIN));
      await timers.schedule("run:other", "run.other", { n: 5 }, at(-4 * MIN));

      const ran: string[] = [];
      let failing = true;
      const step = async (t: TimerRow) => {
        ran.push(`${t.key}:${(JSON.parse(t.payload) as { n: number }).n}`);
        if (t.key === "run:b" && failing) throw new Error("the step broke");
      };
      const now = clock.now();
      expect(await claimAndRun(d, due, step)).toBe(3);
      expect(ran).toEqual(["run:a:1", "run:b:2", "run:c:3"]);
      for (const key of ["run:a", "run:c"])
        expect(await row(key)).toMatchObject({ doneAt: now, lockedBy: null, lockedUntil: null });
      // the one that threw: logged with the caller's words, still held by this instance, not done
      expect(await row("run:b")).toMatchObject({ doneAt: null, lockedBy: d.owner, lockedUntil: at(5 * MIN) });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ msg: "run timer failed; claimed again", timer: "run:b" });
      expect(lines[0]!.err?.message).toBe("the step broke");
      // not due yet, or of a kind not asked for: not claimed
      for (const key of ["run:later", "run:other"])
        expect(await row(key)).toMatchObject({ doneAt: null, lockedBy: null });

      // while its lock holds it is nobody's to claim; once the lock expires it is run again, and done
      clock.advance(MIN);
      expect(await claimAndRun(d, due, step)).toBe(0);
      clock.advance(5 * MIN);
      failing = false;
      ran.length = 0;
      expect(await claimAndRun(d, due, step)).toBe(2);
      expect(ran).toEqual(["run:b:2", "run:later:4"]);
      expect(await row("run:b")).toMatchObject({ doneAt: clock.now(), lockedBy: null });
      expect(lines).toHaveLength(1);
    });

    it("claims `limit` at most, the earliest first, held `lockMs`", async () => {
      const { timers, d, at, row } = setUp("limit");
      for (let i = 0; i < 4; i++) await timers.schedule(`limit:${i}`, "limit.one", {}, at(-(10 - i) * MIN));
      const ran: string[] = [];
      const due: DueTimers = { kinds: ["limit.one"], limit: 2, lockMs: MIN, failed: "limit timer failed" };
      expect(
        await claimAndRun(d, due, async (t) => {
          ran.push(t.key);
          // held by this instance while its step runs
          expect(await row(t.key)).toMatchObject({ lockedBy: d.owner, lockedUntil: at(MIN), doneAt: null });
        }),
      ).toBe(2);
      expect(ran).toEqual(["limit:0", "limit:1"]);
      expect(await row("limit:2")).toMatchObject({ doneAt: null, lockedBy: null });
    });

    it("runs one timer already claimed (a step run at once) and marks it done", async () => {
      const { clock, lines, timers, d, at, row } = setUp("one");
      const claim = { owner: d.owner, lockedUntil: at(MIN) };
      const t = await timers.scheduleClaimed("one:0", "one.step", { n: 1 }, clock.now(), claim);
      let ran = 0;
      await runTimer(d, t!, "one timer failed", async () => void ran++);
      expect(ran).toBe(1);
      expect(await row("one:0")).toMatchObject({ doneAt: clock.now(), lockedBy: null });
      const u = await timers.scheduleClaimed("one:1", "one.step", {}, clock.now(), claim);
      await runTimer(d, u!, "one timer failed", () => Promise.reject(new Error("no")));
      expect(await row("one:1")).toMatchObject({ doneAt: null, lockedBy: d.owner });
      expect(lines.map((l) => [l.msg, l.timer])).toEqual([["one timer failed", "one:1"]]);
    });
  });
}
