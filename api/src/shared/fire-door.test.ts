// The fire door: a message rung from another thread is taken at the next safe point of the routine work (the
// turn gate between pieces, the commit loop before a routine commit, the drip between callbacks), not after
// the routine work of the turn; each message is handled once, whichever way it comes.
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { CommitLoop } from "./commit-loop.ts";
import { Drip } from "./drip.ts";
import { FireDoor, answerFireDoors, fireDoorsRung, ringFireDoor } from "./fire-door.ts";
import { TurnGate } from "./turn-gate.ts";

const doors: FireDoor<unknown>[] = [];
function door<T>(handle: (m: T) => void): FireDoor<T> {
  const d = new FireDoor<T>(handle);
  doors.push(d as FireDoor<unknown>);
  return d;
}
afterEach(() => {
  for (const d of doors.splice(0)) d.close();
});
const turns = (n: number) =>
  (async () => {
    for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
  })();

describe("the fire door", () => {
  it("hands a rung message over when answered, once", async () => {
    const got: string[] = [];
    const d = door<string>((m) => got.push(m));
    ringFireDoor(d.outside, "fire 1");
    ringFireDoor(d.outside, "fire 2");
    expect(got).toEqual([]);
    answerFireDoors();
    expect(got).toEqual(["fire 1", "fire 2"]); // in this task, in order
    answerFireDoors(); // nothing new: nothing handled again
    await turns(5); // nor by the channel's own delivery
    expect(got).toEqual(["fire 1", "fire 2"]);
  });

  it("says a fire waits only while a rung message is not handled, whichever way it is handled", async () => {
    const got: string[] = [];
    const d = door<string>((m) => got.push(m));
    expect(fireDoorsRung()).toBe(false);
    ringFireDoor(d.outside, "fire 1");
    expect(fireDoorsRung()).toBe(true);
    answerFireDoors();
    expect(got).toEqual(["fire 1"]);
    expect(fireDoorsRung()).toBe(false);
    ringFireDoor(d.outside, "fire 2"); // nobody answers: delivered as any message
    for (let i = 0; i < 50 && got.length < 2; i++) await turns(1);
    expect(got).toEqual(["fire 1", "fire 2"]);
    expect(fireDoorsRung()).toBe(false); // else every routine commit after it would end at its first question
  });

  it("delivers what nobody answers as any message, when the loop gets to it", async () => {
    const got: string[] = [];
    const d = door<string>((m) => got.push(m));
    ringFireDoor(d.outside, "fire");
    for (let i = 0; i < 50 && !got.length; i++) await turns(1);
    expect(got).toEqual(["fire"]);
    answerFireDoors(); // the bell rang, the channel is empty: nothing more
    expect(got).toEqual(["fire"]);
  });

  it("is answered by the turn gate between routine pieces, in a turn that would otherwise run them all", async () => {
    const order: string[] = [];
    const d = door<string>((m) => order.push(m));
    const gate = new TurnGate(60_000); // one turn for all of them: only the door lets the fire in between
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gate.wait().then(() => {
          order.push(`r${i}`);
          if (i === 4) ringFireDoor(d.outside, "fire"); // another thread's ring, while piece 4 runs
        }),
      ),
    );
    expect(order.indexOf("fire")).toBe(order.indexOf("r4") + 1);
    expect(order.filter((x) => x === "fire")).toHaveLength(1);
  });

  it("is answered by the commit loop before a routine commit, which the fire then goes ahead of", async () => {
    const fire: string[] = [];
    const routine = Array.from({ length: 5 }, (_, i) => `r${i}`);
    const commits: string[][] = [];
    let outside: FireDoor<string>["outside"] | null = null;
    const loop = new CommitLoop(
      {
        fireWaiting: () => fire.length > 0,
        routineWaiting: () => routine.length > 0,
        async commitOne(takeRoutine) {
          const isFire = fire.length > 0;
          const items = isFire ? fire.splice(0) : takeRoutine ? routine.splice(0, 1) : [];
          commits.push(items);
          if (items[0] === "r1") ringFireDoor(outside!, "fire"); // another thread's ring, during this commit
          return !isFire && takeRoutine;
        },
      },
      false, // routine commits one after another in one task: the door is the fire's only way in between
    );
    outside = door<string>((m) => {
      fire.push(m);
      loop.fire();
    }).outside;
    loop.soon();
    while (!loop.idle || routine.length) await turns(1);
    expect(commits).toEqual([["r0"], ["r1"], ["fire"], ["r2"], ["r3"], ["r4"]]);
  });

  it("is answered by the drip between callbacks", async () => {
    const order: string[] = [];
    const d = door<string>((m) => order.push(m));
    const drip = new Drip(100);
    for (let i = 0; i < 10; i++)
      drip.push(() => {
        order.push(`r${i}`);
        if (i === 2) ringFireDoor(d.outside, "fire");
      });
    while (drip.size) await turns(1);
    expect(order.slice(0, 5)).toEqual(["r0", "r1", "r2", "fire", "r3"]);
  });

  it("takes a fire rung from another thread while this one runs routine work, without waiting for the turn's end", async () => {
    // the worker rings once it sees the routine work begun (a flag in shared memory); the gate's one turn
    // runs every piece, so the fire can only come in between them through the door
    const started = new Int32Array(new SharedArrayBuffer(4));
    const order: string[] = [];
    const d = door<string>((m) => order.push(m));
    const worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       const { port, bell } = workerData.door;
       Atomics.wait(workerData.started, 0, 0, 20000);
       port.postMessage("fire");
       Atomics.add(bell, 0, 1);`,
      { eval: true, workerData: { door: d.outside, started }, transferList: [d.outside.port] },
    );
    try {
      const gate = new TurnGate(600_000);
      const pieces = 2000;
      const until = Date.now() + 20_000; // bounded: each piece waits up to 10 ms for the ring, at most 20 s in all
      await Promise.all(
        Array.from({ length: pieces }, (_, i) =>
          gate.wait().then(() => {
            if (i === 0) {
              Atomics.store(started, 0, 1);
              Atomics.notify(started, 0);
            }
            // busy until the fire is in, so the ring lands inside this turn whatever the machine's speed
            const end = Math.min(Date.now() + 10, until);
            while (!order.includes("fire") && Date.now() < end);
            order.push(`r${i}`);
          }),
        ),
      );
      const at = order.indexOf("fire");
      expect(at).toBeGreaterThan(0);
      expect(at).toBeLessThan(pieces); // handled between the pieces, not after them
    } finally {
      await worker.terminate();
    }
  });
});
