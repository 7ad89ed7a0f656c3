// Routine work takes its turn on the event loop and gives the loop back (issue 21: fire first).
//
// A fire alarm arrives as bytes on a socket (MQTT, GB/T 26875.3, a carrier push) and is read in the loop's
// poll phase, after whatever the loop is doing when it arrives. An HTTP request answered in the poll phase
// runs whole there (its statements, its JSON, its socket write: 0.1-0.3 ms), so 50 busy readers made each
// turn of the loop 10-30 ms long and a fire alarm waited for all of it. Here a routine request waits for the
// loop's check phase (setImmediate) and each turn answers routine requests for at most `budgetMs`; the rest
// wait for the next turn, after the loop has read its sockets again. Every turn answers at least one, in
// arrival order, so nothing starves; with nothing else to do the loop just turns faster.
//
// How a turn is told apart: Node runs the immediates queued before its check phase began, and those queued
// while it runs in the next turn. The first release of a turn queues `endTurn`, which so runs first in the
// next check phase, before every release queued after it.

import { answerFireDoors } from "./fire-door.ts";

export class TurnGate {
  private readonly waiting: (() => void)[] = [];
  private turnStart = -1;
  /** how many releases found the turn's budget spent and waited for the next turn (a gauge for tests) */
  deferred = 0;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves in a check phase whose turn still has budget for one more piece of routine work. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      setImmediate(this.releaseNext);
    });
  }

  /** How many wait for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  // one release is queued for each waiter, so there are always as many releases as waiters
  private readonly releaseNext = (): void => {
    answerFireDoors(); // a fire handed over meanwhile goes before this piece (fire-door.ts)
    const now = this.now();
    if (this.turnStart < 0) {
      this.turnStart = now;
      setImmediate(this.endTurn);
    } else if (now - this.turnStart >= this.budgetMs) {
      this.deferred++;
      setImmediate(this.releaseNext);
      return;
    }
    // what it releases runs in the microtasks right after this callback, before the next immediate
    this.waiting.shift()?.();
  };

  private readonly endTurn = (): void => {
    this.turnStart = -1;
  };
}
