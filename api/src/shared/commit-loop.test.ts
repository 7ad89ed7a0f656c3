import { describe, expect, it } from "vitest";
import { CommitLoop } from "./commit-loop.ts";
import { countTurns } from "../../../tests/support/turns.ts";

/** Lanes of numbered items committed synchronously (like SQLite), `size` a commit; records each commit's turn. */
function lanes(size: number, turns: { readonly turn: number }) {
  const fire: string[] = [];
  const routine: string[] = [];
  const commits: { items: string[]; turn: number }[] = [];
  return {
    fire,
    routine,
    commits,
    lanes: {
      fireWaiting: () => fire.length > 0,
      routineWaiting: () => routine.length > 0,
      async commitOne(takeRoutine: boolean) {
        const isFire = fire.length > 0;
        const items = isFire ? fire.splice(0, size) : takeRoutine ? routine.splice(0, size) : [];
        commits.push({ items, turn: turns.turn });
        return !isFire && takeRoutine;
      },
    },
  };
}

describe("the commit loop", () => {
  it("commits a fire at once, and routine work one commit a turn", async () => {
    const turns = countTurns();
    const l = lanes(10, turns);
    const loop = new CommitLoop(l.lanes, true);
    for (let i = 0; i < 30; i++) l.routine.push(`r${i}`);
    loop.soon();
    expect(l.commits).toEqual([]); // routine work waits for the loop's turn
    l.fire.push("f");
    loop.fire();
    expect(l.commits).toEqual([{ items: ["f"], turn: 0 }]); // committed in the same task
    while (!loop.idle || l.routine.length) await new Promise((r) => setImmediate(r));
    turns.stop();
    const routineCommits = l.commits.slice(1);
    expect(routineCommits.map((c) => c.items.length)).toEqual([10, 10, 10]);
    expect(new Set(routineCommits.map((c) => c.turn)).size).toBe(3);
  });

  it("commits the whole queue in one go when routine work is not held to a commit a turn", async () => {
    const turns = countTurns();
    const l = lanes(10, turns);
    const loop = new CommitLoop(l.lanes, false);
    for (let i = 0; i < 30; i++) l.routine.push(`r${i}`);
    loop.soon();
    while (!loop.idle || l.routine.length) await new Promise((r) => setImmediate(r));
    turns.stop();
    expect(l.commits.map((c) => c.items.length)).toEqual([10, 10, 10]);
    expect(new Set(l.commits.map((c) => c.turn)).size).toBe(1);
  });
});
