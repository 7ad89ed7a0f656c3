import { describe, expect, it } from "vitest";
import { Fifo } from "./fifo.ts";

describe("Fifo", () => {
  it("gives items back in the order they came, and undefined when empty", () => {
    const q = new Fifo<number>();
    expect(q.shift()).toBeUndefined();
    for (let i = 0; i < 5; i++) q.push(i);
    expect(q.size).toBe(5);
    expect([q.shift(), q.shift()]).toEqual([0, 1]);
    q.push(5);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([2, 3, 4, 5]);
    expect(q.size).toBe(0);
    expect(q.shift()).toBeUndefined();
  });

  it("keeps order across the compaction of a queue that never runs dry", () => {
    const q = new Fifo<number>();
    let next = 0;
    let expected = 0;
    // 60,000 in, 50,000 out, interleaved: the front is dropped several times on the way
    for (let round = 0; round < 10_000; round++) {
      for (let k = 0; k < 6; k++) q.push(next++);
      for (let k = 0; k < 5; k++) expect(q.shift()).toBe(expected++);
    }
    expect(q.size).toBe(10_000);
    while (q.size) expect(q.shift()).toBe(expected++);
    expect(expected).toBe(60_000);
  });
});
