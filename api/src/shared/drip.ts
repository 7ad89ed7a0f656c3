// Work that may wait, let out a few at a time (issue 21): `perTurn` callbacks a turn, in the order they came,
// each turn scheduled by `schedule` (setImmediate: one turn a check phase, so the loop polls its sockets between
// turns). The broker thread lets the API's answers out this way, and the teardown of dead sockets (a mass
// reset's 10,000) on a lane of its own, so it neither holds the loop nor queues ahead of a fire alarm's packets.
import { answerFireDoors } from "./fire-door.ts";
import { Fifo } from "./fifo.ts";

export class Drip {
  private readonly queue = new Fifo<() => void>();
  private scheduled = false;

  constructor(
    private readonly perTurn: number,
    private readonly schedule: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {
    if (!Number.isInteger(perTurn) || perTurn < 1) throw new Error("perTurn must be a whole number of at least 1");
  }

  /** callbacks waiting for a turn */
  get size(): number {
    return this.queue.size;
  }

  readonly push = (fn: () => void): void => {
    this.queue.push(fn);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(this.turn);
  };

  private readonly turn = (): void => {
    const n = Math.min(this.perTurn, this.queue.size);
    // the next turn is booked first: a callback that throws does not strand the ones after it
    if (this.queue.size > n) this.schedule(this.turn);
    else this.scheduled = false;
    for (let k = 0; k < n; k++) {
      answerFireDoors(); // what waits here waits behind a fire handed over meanwhile (fire-door.ts)
      this.queue.shift()!();
    }
  };
}
