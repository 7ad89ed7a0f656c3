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

  it("says nothing when the child has already gone", async () => {
    const child = spawn("true", [], { stdio: "ignore" });
    await new Promise((r) => child.once("exit", r));
    await new Promise((r) => setTimeout(r, 50)); // reaped: its pid no longer exists
    expect(() => runNicer(child)).not.toThrow();
  });
});
