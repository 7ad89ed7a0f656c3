// The checkpointer's thread: a failure there is reported, and does not end the process that started it.
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "./sqlite-checkpointer.ts";

describe("the SQLite checkpointer thread", () => {
  it("reports a database it cannot open, and the process goes on", async () => {
    const errors: string[] = [];
    const c = startCheckpointer("/nonexistent-anxin-dir/x.db", 50, (m) => errors.push(m));
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/checkpointer thread stopped/);
    await c.stop();
  });
});
