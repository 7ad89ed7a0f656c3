// The commit loop of an ingest with a fire lane (issue 21): the device pipeline's and the panel ingest's.
// A fire is committed in the read that brought it, unless a commit is running, which takes it next; routine
// work waits for the loop's next turn (setImmediate), so the rest of a socket read joins its commit. With
// `oneRoutinePerTurn`, a turn commits routine work once and leaves the rest for the next turn, after the loop
// has read its sockets again: SQLite commits synchronously, and a backlog committed batch after batch in one
// task held the loop (and a fire's read behind it) for all of it.

import { answerFireDoors } from "./fire-door.ts";

export interface CommitLanes {
  fireWaiting(): boolean;
  routineWaiting(): boolean;
  /**
   * Takes one batch, fire first, and commits it; routine work only when `routine`. Says whether routine work
   * had its turn in this batch. Never throws: a failed commit is the lanes' to answer.
   */
  commitOne(routine: boolean): Promise<boolean>;
}

export class CommitLoop {
  /** a commit loop is waiting for the event loop's next turn */
  private scheduled = false;
  /** a commit loop is running */
  private running = false;

  constructor(
    private readonly lanes: CommitLanes,
    private readonly oneRoutinePerTurn: boolean,
  ) {}

  /** no commit running or waiting for its turn */
  get idle(): boolean {
    return !this.scheduled && !this.running;
  }

  /** A fire came: its lane is committed now, unless a commit is running (it takes the fire next). */
  fire(): void {
    void this.run(true);
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
    try {
      for (;;) {
        // a fire handed over from another thread meanwhile (during the last commit, which it may have cut
        // short) joins the fire lane before the next commit (fire-door.ts)
        answerFireDoors();
        if (!(this.lanes.fireWaiting() || (!routineDone && this.lanes.routineWaiting()))) break;
        if ((await this.lanes.commitOne(!routineDone)) && this.oneRoutinePerTurn) routineDone = true;
      }
    } finally {
      this.running = false;
    }
    if (this.lanes.fireWaiting() || this.lanes.routineWaiting()) this.soon();
  }
}
