// The API in a child process of its own, started from source as `node --import tsx scripts/app.ts`, for
// tests whose attack could stall an event loop: the test's own loop stays free to notice, time out and
// kill the child. Its demo county is read from DATA_DIR/demo.json (written by the seed).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DemoInfo } from "../../prisma/seed/demo-seed.ts";
import { freePort } from "./mosquitto.ts";

const root = path.resolve(import.meta.dirname, "../..");

export interface ApiChild {
  child: ChildProcess;
  url: string;
  mqttUrl: string;
  dataDir: string;
  demo: DemoInfo | null;
  stdout(): string;
  stderr(): string;
  /** SIGKILL: a stalled process cannot be asked to stop */
  kill(): Promise<void>;
}

export async function startApiChild(
  env: Record<string, string> = {},
  opts: { readyTimeoutMs?: number } = {},
): Promise<ApiChild> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-child-"));
  const port = await freePort();
  const mqttPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/app.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: "test",
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "anxin.db")}`,
      JWT_SECRET: "child-secret-child-secret-child-secret-01",
      LOG_LEVEL: "error",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited (${child.exitCode}): ${err}`);
    try {
      const r = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`API did not become ready: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const demoFile = path.join(dataDir, "demo.json");
  return {
    child,
    url,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    dataDir,
    demo: existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, "utf8")) as DemoInfo) : null,
    stdout: () => out,
    stderr: () => err,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** fetch with a hang detector: rejects when no answer comes within `ms` (a bound, not a timing assertion). */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const START_LIMIT_MS = 120_000;

/**
 * The API as its own process on a database the caller keeps, for the crash tests that kill it with SIGKILL
 * and start it again on the same files. The caller says what "up" means for it (its MQTT device connects,
 * its gateway listens, /ready answers) and gets the process once that is true, or an error with the API's
 * stderr if it exits or is not up within two minutes (a busy machine can need one to start it).
 */
export async function spawnApi(opts: {
  dbFile: string;
  dataDir: string;
  /** added to the common settings (PORT defaults to 0: any free port) */
  env?: Record<string, string>;
  /** true once the API is up for this test; a throw counts as "not yet" */
  ready: () => Promise<boolean>;
  /** told of the process at once, so an afterAll can kill it even if it never comes up */
  started?: (child: ChildProcess) => void;
}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/app.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: `file:${opts.dbFile}`,
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: "warn",
      JWT_SECRET: "crash-test-secret-crash-test-secret-0123",
      ...opts.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  opts.started?.(child);
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const until = Date.now() + START_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited early: ${stderr}`);
    if (await opts.ready().catch(() => false)) return child;
    if (Date.now() > until) throw new Error(`API did not come up: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
