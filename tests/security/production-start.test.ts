// Issue 12 item 5: NODE_ENV=production on an empty database seeded the demo county (an ADMIN and every
// role with working passwords, 60 device secrets); `npm start` printed them and `npm run serve` wrote
// demo.json. Here `npm run serve` and `npm start` run as an operator runs them, in production on an empty
// SQLite database: no demo account exists, nothing secret is printed or written, and the files are the
// API's own (data directory 0700, database 0600).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/mosquitto.ts";

const root = path.resolve(import.meta.dirname, "../..");
const JWT_SECRET = "prod-secret-prod-secret-prod-secret-0123";
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

async function start(cmd: string, args: string[], extra: Record<string, string> = {}): Promise<Started> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "prodstart-"));
  dirs.push(dataDir);
  const port = await freePort();
  const child = spawn(cmd, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: "production",
      PORT: String(port),
      MQTT_PORT: String(await freePort()),
      DATA_DIR: path.join(dataDir, "data"),
      DATABASE_URL: `file:${path.join(dataDir, "data", "anxin.db")}`,
      JWT_SECRET,
      BUILD_H5: "false",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: npm's shell and the API stop together
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${out}`);
    try {
      if ((await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`not ready: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 500)); // the start banner is printed after /ready answers
  return {
    child,
    url,
    dataDir: path.join(dataDir, "data"),
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM"); // npm runs the API under a shell: end the whole group
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    },
  };
}

function assertNothingSecret(s: Started): void {
  const out = s.output();
  expect(out).not.toContain(JWT_SECRET);
  expect(out).not.toMatch(/anxin-[A-Za-z0-9_-]{8}/); // the demo password shape
  expect(out).not.toMatch(/password|secret|密码/i);
  expect(out).not.toMatch(/Demo staff accounts|Owner invitation codes/);
  expect(existsSync(path.join(s.dataDir, "demo.json"))).toBe(false);
  const db = new Database(path.join(s.dataDir, "anxin.db"), { readonly: true });
  try {
    for (const table of ["StaffUser", "Resident", "Device", "County", "HouseholdInvite"])
      expect((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n, table).toBe(0);
  } finally {
    db.close();
  }
  expect(statSync(s.dataDir).mode & 0o777).toBe(0o700);
  for (const f of readdirSync(s.dataDir).filter((f) => f.startsWith("anxin.db")))
    expect(statSync(path.join(s.dataDir, f)).mode & 0o077, f).toBe(0);
}

describe("production on an empty database (issue 12 item 5)", () => {
  it("npm run serve: no demo accounts, no secrets printed or written, files owner-only", async () => {
    const build = spawnSync("npx", ["tsx", "scripts/build.ts"], { cwd: root, stdio: "ignore" });
    expect(build.status).toBe(0);
    const s = await start("npm", ["run", "serve"], { LOG_LEVEL: "info" });
    try {
      const login = await fetch(`${s.url}/api/auth/staff/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "anything-at-all" }),
      });
      expect(login.status).toBe(401);
      assertNothingSecret(s);
    } finally {
      await s.stop();
    }
  }, 120_000);

  it("npm start in production: the banner names no account and prints no secret", async () => {
    const s = await start(process.execPath, ["--import", "tsx", "scripts/start.ts"]);
    try {
      expect(s.output()).toContain("安心消防 Anxin is running");
      assertNothingSecret(s);
    } finally {
      await s.stop();
    }
  }, 120_000);

  it("SEED_DEMO=true in production stops start-up with one line", async () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/app.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        JWT_SECRET,
        SEED_DEMO: "true",
        DATABASE_URL: `file:${path.join(os.tmpdir(), "never-created.db")}`,
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      "Configuration error: SEED_DEMO cannot be on in production (demo accounts and secrets)",
    );
  });
});
