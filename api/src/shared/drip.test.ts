import { describe, expect, it } from "vitest";
import { Drip } from "./drip.ts";

/** a schedule the test turns by hand */
function manual() {
  const turns: (() => void)[] = [];
  return { turns, schedule: (fn: () => void) => turns.push(fn), next: () => turns.shift()!() };
}

describe("Drip", () => {
  it("lets out perTurn callbacks a turn, in order, booking one turn at a time", () => {
    const m = manual();
    const drip = new Drip(3, m.schedule);
    const ran: number[] = [];
    for (let i = 0; i < 7; i++) drip.push(() => ran.push(i));
    expect(m.turns.length).toBe(1);
    expect(ran).toEqual([]);
    m.next();
    expect(ran).toEqual([0, 1, 2]);
    expect(drip.size).toBe(4);
    m.next();
    m.next();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(m.turns.length).toBe(0);
    drip.push(() => ran.push(7)); // idle again: a new turn is booked
    expect(m.turns.length).toBe(1);
    m.next();
    expect(ran.at(-1)).toBe(7);
  });

  it("a callback that throws leaves the ones after it for the next turn", () => {
    const m = manual();
    const drip = new Drip(2, m.schedule);
    const ran: string[] = [];
    drip.push(() => {
      throw new Error("boom");
    });
    drip.push(() => ran.push("b"));
    drip.push(() => ran.push("c"));
    expect(() => m.next()).toThrow("boom");
    expect(m.turns.length).toBe(1);
    m.next();
    expect(ran).toEqual(["b", "c"]); // none is lost, none runs twice
    expect(drip.size).toBe(0);
  });

  it("with setImmediate, the loop polls between turns: a timer due meanwhile runs before the last turn", async () => {
    const drip = new Drip(1);
    const order: string[] = [];
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push("timer");
        resolve();
      }, 0),
    );
    const busyUntil = Date.now() + 5; // the timer is due before the first turn ends
    for (let i = 0; i < 50; i++)
      drip.push(() => {
        if (i === 0) while (Date.now() < busyUntil);
        order.push(`t${i}`);
      });
    await timer;
    await new Promise<void>((resolve) => drip.push(resolve));
    expect(order.indexOf("timer")).toBeGreaterThan(0);
    expect(order.indexOf("timer")).toBeLessThan(order.indexOf("t49"));
  });

  it("refuses a turn size that is not a whole number of at least 1", () => {
    expect(() => new Drip(0)).toThrow();
    expect(() => new Drip(1.5)).toThrow();
  });
});
