// One contract (issue 13 item 1): every schema a route validates with or answers by is one the contract
// exports, so the console, the mini-program and the tests read the same shapes the API checks. A schema
// written inline in a route file fails here.
import { readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { allRoutes } from "../transport/http/routes/index.ts";

async function contractSchemas(): Promise<Set<unknown>> {
  const dir = import.meta.dirname;
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");
  const found = new Set<unknown>();
  for (const f of files) {
    const m = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const v of Object.values(m)) if (v instanceof z.ZodType) found.add(v);
  }
  return found;
}

describe("the contract", () => {
  it("holds every schema of every route", async () => {
    const schemas = await contractSchemas();
    const inline: string[] = [];
    for (const r of allRoutes)
      for (const part of ["params", "query", "body", "response"] as const) {
        const s = r[part];
        if (s && !schemas.has(s)) inline.push(`${r.method.toUpperCase()} ${r.path} ${part}`);
      }
    expect(allRoutes.length).toBeGreaterThan(100);
    expect(inline).toEqual([]);
  });
});
