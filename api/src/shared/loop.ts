// A background loop that runs one body at a time: kicked when there is work (an alarm, a retry due), and
// polled on an interval as a safety net. settle() runs it until it finds nothing to do, for tests (with a
// ManualClock) and for shutdown.
import type { Logger } from "./logger.ts";

/** A body returns how many items it handled; 0 means nothing was due. */
export type LoopBody = () => Promise<number>;

const MAX_ROUNDS = 200; // a bounded drain: a body that always finds work cannot spin forever

export class Loop {
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private interval: NodeJS.Timeout | null = null;

  constructor(
    private readonly name: string,
    private readonly body: LoopBody,
    private readonly log: Logger,
  ) {}

  start(pollMs: number): void {
    this.interval = setInterval(() => this.kick(), pollMs);
    this.interval.unref();
    this.kick();
  }

  /** Runs soon; if a run is going on, once more after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_ROUNDS && !this.stopped; i++) {
      let n: number;
      try {
        n = await this.body();
      } catch (e) {
        this.log.error({ err: e as Error, loop: this.name }, "background loop failed; retrying on the next poll");
        return total;
      }
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /** Waits for the current run, then runs until nothing is due; returns how many items were handled. */
  async settle(): Promise<number> {
    while (this.running) await this.running;
    if (this.stopped) return 0;
    const run = this.drain();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    while (this.running) await this.running;
  }
}

/**
 * Settles loops and the work started beside them (tests, shutdown): each round waits for that work, then runs
 * the loops until nothing is due, and the rounds go on until one found nothing due and nothing running, before or
 * after (work may queue what a loop does, and a loop may start work). Bounded rounds. How many items the loops
 * handled.
 */
export async function settleAll(loops: readonly Loop[], work: readonly InFlight[]): Promise<number> {
  const running = () => work.reduce((n, w) => n + w.size, 0);
  let total = 0;
  for (let i = 0; i < 20; i++) {
    const busy = running();
    for (const w of work) await w.idle();
    let n = 0;
    for (const loop of loops) n += await loop.settle();
    total += n;
    if (n === 0 && busy === 0 && running() === 0) break;
  }
  return total;
}

/** Work started outside a loop (a step run at once, rows sent at once), so settle() and close() can wait for it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track(p: Promise<unknown>): void {
    const tracked = p.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  get size(): number {
    return this.running.size;
  }

  /** Waits until nothing is running (bounded rounds: work may start more work). */
  async idle(): Promise<void> {
    for (let i = 0; i < 50 && this.running.size; i++) await Promise.allSettled([...this.running]);
  }
}
