// Start-up as a user runs it: the API as a child process. A wrong setting stops it with exit code 1 and one
// line on stderr naming the variable; a right one brings it up, answering /health, and SIGTERM stops it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Only the variables given (plus PATH/HOME), so the caller's environment cannot leak in. */
function cleanEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...vars };
}

function runApi(vars: Record<string, string>, timeoutMs = 20_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/app.ts"], {
      cwd: root,
      env: cleanEnv(vars),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`API did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");

describe("start-up with a wrong setting", () => {
  for (const { env, variable, says } of [
    { env: { PORT: "abc" }, variable: "PORT", says: '"abc"' },
    { env: { DATABASE_URL: "mysql://h/db" }, variable: "DATABASE_URL", says: 'unknown scheme "mysql"' },
  ]) {
    it(`${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}: exits 1 with one line naming ${variable}`, async () => {
      const r = await runApi(env);
      expect(r.code).toBe(1);
      const err = lines(r.stderr);
      expect(err, r.stderr).toHaveLength(1);
      expect(err[0]).toMatch(new RegExp(`^Configuration error: ${variable} `));
      expect(err[0]).toContain(says);
      expect(r.stdout).toBe("");
    });
  }

  it("several wrong settings: exits 1 with one line each", async () => {
    const r = await runApi({ PORT: "abc", DATABASE_URL: "mysql://h/db", LOG_LEVEL: "loud" });
    expect(r.code).toBe(1);
    const err = lines(r.stderr);
    expect(err, r.stderr).toHaveLength(3);
    for (const v of ["PORT", "DATABASE_URL", "LOG_LEVEL"])
      expect(
        err.filter((l) => l.startsWith(`Configuration error: ${v} `)),
        v,
      ).toHaveLength(1);
  });
});

describe("start-up with good settings", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-startup-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("applies migrations, seeds, listens, answers /health, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/app.ts"], {
      cwd: root,
      env: cleanEnv({
        PORT: "0",
        MQTT_PORT: "0",
        DATABASE_URL: `file:${path.join(dir, "anxin.db")}`,
        DATA_DIR: dir,
        LOG_LEVEL: "info",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "API listening" line; stdout: ${stdout} stderr: ${stderr}`)),
          45_000,
        );
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          for (const l of lines(stdout)) {
            try {
              const rec = JSON.parse(l) as { msg?: string; url?: string };
              if (rec.msg === "API listening" && rec.url) {
                clearTimeout(timer);
                resolve(rec.url);
              }
            } catch {
              /* not a log line */
            }
          }
        });
        void exited.then((code) => reject(new Error(`API exited ${code}; stderr: ${stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok" });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
