import { spawn } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { BACKGROUND_NICE, runNicer } from "./ffmpeg-process.ts";

describe("runNicer", () => {
  it("puts a background child below the API's priority", async () => {
    const child = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      runNicer(child);
      expect(os.getPriority(child.pid!)).toBe(Math.min(19, os.getPriority() + BACKGROUND_NICE));
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("says nothing for a child that never started (no pid)", async () => {
    const child = spawn("/nonexistent/anxin-no-such-binary", [], { stdio: "ignore" });
    const failed = new Promise((r) => child.once("error", r));
    expect(child.pid).toBeUndefined();
    expect(() => runNicer(child)).not.toThrow();
    await failed;
  });
});
