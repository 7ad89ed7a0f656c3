import { describe, expect, it } from "vitest";
import { warmHttpClient } from "./http-warmup.ts";

describe("warmHttpClient", () => {
  it("makes one real request to a loopback server", async () => {
    const seen: { url: string; method: string }[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), method: init?.method ?? "GET" });
      return fetch(input, init);
    };
    expect(await warmHttpClient({ fetchImpl: spy })).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/warm-up$/);
  });

  it("never fails a start: a client that throws gives a reason, not an exception", async () => {
    const broken: typeof fetch = () => Promise.reject(new Error("no network stack"));
    expect(await warmHttpClient({ fetchImpl: broken })).toEqual({ ok: false, error: "no network stack" });
  });
});
