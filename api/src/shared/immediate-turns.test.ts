import { afterEach, describe, expect, it } from "vitest";
import { takeImmediateTurns, type ImmediateTurns } from "./immediate-turns.ts";

let turns: ImmediateTurns | null = null;
afterEach(() => {
  turns?.restore();
  turns = null;
});

/** Counts check phases with the real setImmediate: each call runs once a loop turn. */
function phases(real: typeof setImmediate, limit: number) {
  const seen = { phase: 0 };
  const tick = () => {
    seen.phase++;
    if (seen.phase < limit) real(tick);
  };
  real(tick);
  return seen;
}

describe("immediate turns", () => {
  it("lets at most perTurn callbacks into a check phase, all of them in order, with their arguments", async () => {
    turns = takeImmediateTurns(100);
    const seen = phases(turns.real, 50);
    const ran: { n: number; phase: number }[] = [];
    await new Promise<void>((resolve) => {
      for (let n = 0; n < 250; n++)
        setImmediate(
          (k: number, last: boolean) => {
            ran.push({ n: k, phase: seen.phase });
            if (last) resolve();
          },
          n,
          n === 249,
        );
    });
    expect(ran.map((r) => r.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    const perPhase = new Map<number, number>();
    for (const r of ran) perPhase.set(r.phase, (perPhase.get(r.phase) ?? 0) + 1);
    expect(Math.max(...perPhase.values())).toBeLessThanOrEqual(100);
    expect(perPhase.size).toBeGreaterThanOrEqual(3);
  });

  it("runs each callback's promise work before the next callback, as Node does", async () => {
    turns = takeImmediateTurns(10);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        order.push("a");
        void Promise.resolve().then(() => order.push("a's promise"));
        process.nextTick(() => order.push("a's tick"));
      });
      setImmediate(() => {
        order.push("b");
        resolve();
      });
    });
    expect(order).toEqual(["a", "a's tick", "a's promise", "b"]);
  });

  it("cancels a callback with clearImmediate, and restores the real functions", async () => {
    const real = globalThis.setImmediate;
    turns = takeImmediateTurns(5);
    expect(globalThis.setImmediate).not.toBe(real);
    const ran: string[] = [];
    const h = setImmediate(() => ran.push("cancelled"));
    clearImmediate(h);
    await new Promise<void>((resolve) => setImmediate(() => (ran.push("kept"), resolve())));
    expect(ran).toEqual(["kept"]);
    expect(turns.pending()).toBe(0);
    turns.restore();
    turns = null;
    expect(globalThis.setImmediate).toBe(real);
  });

  it("refuses a turn size that is not a whole number of at least 1", () => {
    expect(() => takeImmediateTurns(0)).toThrow(/at least 1/);
    expect(() => takeImmediateTurns(1.5)).toThrow(/at least 1/);
  });
});
