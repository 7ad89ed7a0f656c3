// Turns for a thread's setImmediate callbacks (the broker thread's, issue 21). Node runs, in one check phase,
// every immediate queued before the phase began: aedes continues each connection with setImmediate (its
// CONNECT handling, its client's writes and closes), so 10,000 devices reconnecting at once queued thousands
// of them and the thread did not read a socket for hundreds of milliseconds (a bench trace: a fire alarm's
// packet waited up to 535 ms to be read). Here the global setImmediate hands callbacks to a queue that lets
// `perTurn` of them into each check phase, in order, so the loop polls its sockets between turns.
// Callbacks keep Node's guarantees: each runs as a real immediate (its process.nextTick and promise work run
// after it, before the next), in the order they were queued; clearImmediate cancels one not yet run.
// Meant for a thread that runs one service (the broker): everything on the thread that uses the global
// setImmediate takes turns. Node's own internals keep theirs.

import { Drip } from "./drip.ts";

type Callback = (...args: unknown[]) => void;

interface Item {
  fn: Callback;
  args: unknown[];
  cancelled: boolean;
}

/** What setImmediate returns while turns are on: clearImmediate takes it; ref/unref are accepted. */
class TurnImmediate {
  constructor(readonly item: Item) {}
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
}

export interface ImmediateTurns {
  /** callbacks waiting for a turn */
  pending(): number;
  /** the real setImmediate (a caller that must not wait for a turn) */
  readonly real: typeof setImmediate;
  /** puts the real setImmediate and clearImmediate back */
  restore(): void;
}

export function takeImmediateTurns(perTurn: number): ImmediateTurns {
  if (!Number.isInteger(perTurn) || perTurn < 1) throw new Error("perTurn must be a whole number of at least 1");
  const realSet = globalThis.setImmediate;
  const realClear = globalThis.clearImmediate;
  const run = (item: Item) => {
    if (!item.cancelled) item.fn(...item.args);
  };
  // a turn lets the next `perTurn` in as real immediates: they run in the next check phase, after a poll
  const drip = new Drip(perTurn, (turn) => realSet(turn));

  const turnSet = (fn: Callback, ...args: unknown[]): TurnImmediate => {
    if (typeof fn !== "function") throw new TypeError("setImmediate needs a function");
    const item: Item = { fn, args, cancelled: false };
    drip.push(() => {
      if (!item.cancelled) realSet(run, item);
    });
    return new TurnImmediate(item);
  };
  const turnClear = (handle: unknown): void => {
    if (handle instanceof TurnImmediate) handle.item.cancelled = true;
    else realClear(handle as NodeJS.Immediate);
  };

  globalThis.setImmediate = turnSet as unknown as typeof setImmediate;
  globalThis.clearImmediate = turnClear as typeof clearImmediate;
  return {
    pending: () => drip.size,
    real: realSet,
    restore() {
      globalThis.setImmediate = realSet;
      globalThis.clearImmediate = realClear;
    },
  };
}
