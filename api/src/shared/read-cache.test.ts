import { describe, expect, it } from "vitest";
import { ReadCache } from "./read-cache.ts";

describe("ReadCache", () => {
  const setup = (ttlMs: number, maxKeys?: number) => {
    let t = 0;
    const cache = new ReadCache<number>(ttlMs, maxKeys, () => t);
    let computed = 0;
    const compute = () => Promise.resolve(++computed);
    return { cache, compute, computed: () => computed, at: (ms: number) => (t = ms) };
  };

  it("answers everyone within ttl from one computation, then computes afresh", async () => {
    const c = setup(1000);
    expect(await c.cache.get("q", c.compute)).toBe(1);
    c.at(999);
    expect(await c.cache.get("q", c.compute)).toBe(1);
    c.at(1000);
    expect(await c.cache.get("q", c.compute)).toBe(2);
    expect(c.computed()).toBe(2);
  });

  it("lets callers arriving during a computation share it", async () => {
    const c = setup(1000);
    let release!: (n: number) => void;
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<number>((r) => (release = r));
    };
    const all = Promise.all(Array.from({ length: 50 }, () => c.cache.get("q", slow)));
    release(7);
    expect(await all).toEqual(Array(50).fill(7));
    expect(calls).toBe(1);
  });

  it("keeps queries apart and never keeps a failure", async () => {
    const c = setup(1000);
    expect(await c.cache.get("a", c.compute)).toBe(1);
    expect(await c.cache.get("b", c.compute)).toBe(2);
    await expect(c.cache.get("c", () => Promise.reject(new Error("busy")))).rejects.toThrow("busy");
    expect(await c.cache.get("c", c.compute)).toBe(3);
  });

  it("computes every time with ttl 0, and holds at most maxKeys", async () => {
    const off = setup(0);
    await off.cache.get("q", off.compute);
    expect(await off.cache.get("q", off.compute)).toBe(2);
    const small = setup(1000, 2);
    for (const k of ["a", "b", "c"]) await small.cache.get(k, small.compute);
    expect(await small.cache.get("a", small.compute)).toBe(4); // "a" was dropped for "c"
    expect(await small.cache.get("c", small.compute)).toBe(3);
  });
});
