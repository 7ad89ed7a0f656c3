// The run of claimed durable timers (timer-repository.ts) that the centre's timers (the countdown, the 119
// hand-off and its withdrawal, duty checks) and the hazards' share: claim the due timers of some kinds for this
// instance, run each one's step in order, mark it done; a step that throws is logged and its timer left locked,
// claimed again when its lock expires (each step is idempotent, keyed). Each caller keeps its kinds, how many a
// round, how long a claim holds and the log's words. (The escalation's own run, escalation-service.ts, is apart:
// a reminder may be put back rather than done, and a fire's first step runs with its reads already under way.)
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { TimerRepository, TimerRow } from "./timer-repository.ts";

/** What a run of timers is built with: the repository, the clock, the log and this instance's name. */
export interface TimerRunnerDeps {
  timers: Pick<TimerRepository, "claimDue" | "done">;
  clock: Clock;
  log: Logger;
  owner: string;
}

/** Which timers a caller runs, and how. */
export interface DueTimers {
  kinds: readonly string[];
  /** timers claimed a round at most */
  limit: number;
  /** how long a claimed timer is held by this instance */
  lockMs: number;
  /** the log's words when a step throws */
  failed: string;
}

/** Runs one claimed timer's step, then marks it done; a step that throws is logged and left for its lock to expire. */
export async function runTimer(
  d: TimerRunnerDeps,
  t: TimerRow,
  failed: string,
  step: (t: TimerRow) => Promise<void>,
): Promise<void> {
  try {
    await step(t);
    await d.timers.done(t.id, d.owner, d.clock.now());
  } catch (e) {
    d.log.error({ err: e as Error, timer: t.key }, failed);
  }
}

/** Claims the due timers of `due.kinds` for this instance and runs each in turn (runTimer); how many it claimed. */
export async function claimAndRun(
  d: TimerRunnerDeps,
  due: DueTimers,
  step: (t: TimerRow) => Promise<void>,
): Promise<number> {
  const now = d.clock.now();
  const claimed = await d.timers.claimDue(d.owner, now, new Date(now.getTime() + due.lockMs), due.limit, [
    ...due.kinds,
  ]);
  for (const t of claimed) await runTimer(d, t, due.failed, step);
  return claimed.length;
}
