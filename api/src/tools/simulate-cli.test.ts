// `npm run simulate` plays the facility scenarios too (issue 15 item 7), by handing them to
// simulate-facility.ts with the same --data and --mqtt; an unknown scenario lists every one it knows.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tool = path.join(import.meta.dirname, "simulate.ts");
const tsx = path.join(import.meta.dirname, "../../../node_modules/.bin/tsx");

async function simulate(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(tsx, [tool, ...args], { timeout: 60_000 });
    return { code: 0, stderr: "" };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: err.code ?? -1, stderr: err.stderr ?? "" };
  }
}

describe("npm run simulate", () => {
  it("hands a facility scenario to the facility simulator, with its --data", async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "anxin-simulate-"));
    try {
      const r = await simulate(["--scenario", "low_water", "--data", empty]);
      // the facility simulator's own answer: it looked for the demo in the directory it was given
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${path.join(empty, "demo.json")} not found`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("names every scenario, the facility ones included, when given one it does not know", async () => {
    const r = await simulate(["--scenario", "flood"]);
    expect(r.code).toBe(2);
    for (const s of ["fire", "storm", "low_water", "pressure_drop", "leakage", "gas", "call_point", "pump_manual"])
      expect(r.stderr).toContain(s);
  });
});
