// The commit loop of an ingest with a fire lane (issue 21): the device pipeline's and the panel ingest's.
// A fire is committed in the read that brought it, unless a commit is running, which takes it next; routine
// work waits for the loop's next turn (setImmediate), so the rest of a socket read joins its commit. With
// `oneRoutinePerTurn`, a turn commits routine work once and leaves the rest for the next turn, after the loop
// has read its sockets again: SQLite commits synchronously, and a backlog committed batch after batch in one
// task held the loop (and a fire's read behind it) for all of it.
//
// With `fireApart` (PostgreSQL, whose commits run on the server while the loop goes on, each on a connection
// of its own), the fire lane has a loop of its own: a fire is committed at once, whatever routine commit is
// running, one after another among fires (their order kept), one device's messages a commit (see commitOne).

import { answerFireDoors } from "./fire-door.ts";

export interface CommitLanes {
  fireWaiting(): boolean;
  routineWaiting(): boolean;
  /**
   * Takes one batch and commits it. Says whether routine work had its turn in this batch. Never throws: a
   * failed commit is the lanes' to answer.
   * - `apart` false: fire first, and routine work only when `routine`;
   * - `apart` true (the fire lane's own loop): routine work only when `routine`, else the fire messages of one
   *   device. Such a commit updates one device's status, so it may wait for a routine commit's lock on that
   *   device, but that commit can never wait for it in turn: the two cannot deadlock.
   */
  commitOne(routine: boolean, apart: boolean): Promise<boolean>;
}

export class CommitLoop {
  /** a commit loop is waiting for the event loop's next turn */
  private scheduled = false;
  /** a commit loop is running */
  private running = false;
  /** the fire lane's own loop is running (fireApart) */
  private fireRunning = false;

  constructor(
    private readonly lanes: CommitLanes,
    private readonly oneRoutinePerTurn: boolean,
    private readonly fireApart = false,
  ) {}

  /** no commit running or waiting for its turn */
  get idle(): boolean {
    return !this.scheduled && !this.running && !this.fireRunning;
  }

  /**
   * A fire came: its lane is committed now, unless a commit is running (it takes the fire next); with
   * `fireApart`, by the fire lane's own loop, at once unless a fire commit is running.
   */
  fire(): void {
    void (this.fireApart ? this.runFire() : this.run(true));
  }

  private async runFire(): Promise<void> {
    if (this.fireRunning) return; // it takes the fire next
    this.fireRunning = true;
    try {
      while (this.lanes.fireWaiting()) await this.lanes.commitOne(false, true);
    } finally {
      this.fireRunning = false;
    }
  }

  /** Routine work came: a commit in the loop's next turn. */
  soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run(false);
    });
  }

  private async run(fireOnly: boolean): Promise<void> {
    if (this.running) return; // the loop running takes the fire lane next; the rest is rescheduled at its end
    this.running = true;
    let routineDone = fireOnly;
    // with the fire lane apart, this loop commits routine work only
    const fireWaiting = () => !this.fireApart && this.lanes.fireWaiting();
    try {
      for (;;) {
        // a fire handed over from another thread meanwhile (during the last commit, which it may have cut
        // short) joins the fire lane before the next commit (fire-door.ts)
        answerFireDoors();
        if (!(fireWaiting() || (!routineDone && this.lanes.routineWaiting()))) break;
        if ((await this.lanes.commitOne(!routineDone, this.fireApart)) && this.oneRoutinePerTurn) routineDone = true;
      }
    } finally {
      this.running = false;
    }
    if (fireWaiting() || this.lanes.routineWaiting()) this.soon();
  }
}

/**
 * How many items at the head of a fire queue are its first device's (at most `max`): what a commit of the fire
 * lane apart takes. Such a commit updates one device's status, so it cannot deadlock with a routine commit
 * (CommitLanes.commitOne). Both ingests' fire lanes take their batches by it.
 */
export function oneDeviceRun<T>(queue: readonly T[], max: number, deviceOf: (item: T) => string): number {
  if (queue.length === 0) return 0;
  const first = deviceOf(queue[0]!);
  let n = 1;
  while (n < queue.length && n < max && deviceOf(queue[n]!) === first) n++;
  return n;
}
