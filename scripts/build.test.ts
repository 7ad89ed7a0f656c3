// The compiled start (scripts/build.ts -> dist/): what `npm run serve` and `npm start` run in production.
// Built into a directory of its own, then run with plain node (no tsx) the way package.json runs it: it
// migrates and seeds a fresh database, answers /health and /ready, and stops cleanly on SIGTERM.
import { fork, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import type { Duplex } from "node:stream";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDist, entries, root } from "./build.ts";
import { serveCommand } from "../bench/lib/api-process.ts";

// inside dist/ (ignored by git and lint): packages must resolve from the repository's node_modules
mkdirSync(path.join(root, "dist"), { recursive: true });
const outdir = mkdtempSync(path.join(root, "dist", "build-test-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function cleanEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? os.tmpdir(), ...vars };
}

/** Runs a built entry with the serve script's node flags; resolves with its base URL once it listens. */
async function runBuilt(entry: string, vars: Record<string, string>, listening: (out: string) => string | null) {
  const serve = serveCommand();
  const child = spawn(process.execPath, [...serve.nodeArgs, path.join(outdir, `${entry}.js`)], {
    cwd: root,
    env: cleanEnv({ ...serve.env, ...vars }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start; stdout: ${stdout} stderr: ${stderr}`)),
      45_000,
    );
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const u = listening(stdout);
      if (u) {
        clearTimeout(timer);
        resolve(u);
      }
    });
    void exited.then((code) => reject(new Error(`${entry} exited ${code}; stderr: ${stderr}`)));
  });
  return { child, url, exited, output: () => stdout + stderr };
}

describe("compiled start (scripts/build.ts)", () => {
  beforeAll(async () => {
    await buildDist(outdir);
  }, 60_000);

  it("writes one JavaScript entry per npm script, importing packages from node_modules, not bundling them", () => {
    for (const name of Object.keys(entries)) expect(existsSync(path.join(outdir, `${name}.js`)), name).toBe(true);
    for (const file of readdirSync(outdir).filter((f) => f.endsWith(".js"))) {
      const code = readFileSync(path.join(outdir, file), "utf8");
      // nothing left for a TypeScript loader to resolve
      expect(code, file).not.toMatch(/(from\s*|import\()["'][^"']+\.ts["']/);
      // the workspace's own names (@anxin/api, @anxin/contract: tsconfig paths) are bundled, not left to node
      expect(code, file).not.toMatch(/(from\s*|import\()["']@anxin\//);
    }
  });

  it("camera-sampler: the cameras' sampler thread runs from the build with no TypeScript loader", async () => {
    const worker = new Worker(path.join(outdir, "camera-sampler.js"), { workerData: { options: {} } });
    try {
      const replies: unknown[] = [];
      const done = new Promise((resolve, reject) => {
        worker.on("message", (m: { type: string }) => {
          replies.push(m);
          if (m.type === "stopped") resolve(m);
        });
        worker.once("error", reject);
      });
      // an address it refuses before starting any ffmpeg: the answer shows the whole module loaded
      const camera = { cameraId: "c", source: { url: "http://example.invalid/" }, fps: 1, width: 32, height: 24 };
      worker.postMessage({ type: "start", id: 7, ...camera, region: null });
      worker.postMessage({ type: "stop", id: 7 });
      await done;
      expect(replies).toEqual([
        { type: "error", id: 7, message: expect.stringMatching(/^CAMERA_SOURCE_INVALID: .*rtsp/) },
        { type: "stopped", id: 7 },
      ]);
    } finally {
      await worker.terminate();
    }
  });

  it("mqtt-broker: the broker thread runs from the build with no TypeScript loader", async () => {
    const workerData = {
      options: {
        host: "127.0.0.1",
        port: 0,
        connectTimeoutMs: 5000,
        guard: { maxPerAddress: 10, maxPendingPerAddress: 10, maxConnectBytes: 1024, maxPacketBytes: 8192 },
      },
      logLevel: "silent",
      logBase: {},
    };
    const worker = new Worker(path.join(outdir, "mqtt-broker.js"), { workerData });
    try {
      const replies: { t: string; port?: number }[] = [];
      const closed = new Promise((resolve, reject) => {
        worker.on("message", (batch: { t: string; port?: number }[]) => {
          replies.push(...batch);
          if (batch.some((m) => m.t === "listening")) worker.postMessage([{ t: "close" }]);
          if (batch.some((m) => m.t === "closed")) resolve(null);
        });
        worker.once("error", reject);
      });
      await closed;
      expect(replies).toEqual([{ t: "listening", port: expect.any(Number) }, { t: "closed" }]);
      expect(replies[0]!.port).toBeGreaterThan(0);
    } finally {
      await worker.terminate();
    }
  });

  it("mqtt-broker-process: a broker process of the shards runs from the build with no TypeScript loader", async () => {
    const data = {
      options: {
        host: "127.0.0.1",
        port: 0,
        listen: false,
        connectTimeoutMs: 5000,
        guard: { maxPerAddress: 10, maxPendingPerAddress: 10, maxConnectBytes: 1024, maxPacketBytes: 8192 },
      },
      logLevel: "silent",
      logBase: {},
    };
    const child = fork(path.join(outdir, "mqtt-broker-process.js"), [], {
      execArgv: [],
      stdio: ["ignore", "ignore", "ignore", "ipc", "pipe"],
    });
    try {
      // the batches go both ways as JSON lines on the fifth stdio (process-wire.ts), the start on the IPC channel
      const pipe = child.stdio[4] as Duplex;
      const replies: { t: string; port?: number }[] = [];
      const closed = new Promise((resolve, reject) => {
        let rest = "";
        pipe.setEncoding("utf8");
        pipe.on("data", (chunk: string) => {
          const lines = (rest + chunk).split("\n");
          rest = lines.pop()!;
          for (const line of lines) {
            const batch = JSON.parse(line) as { t: string; port?: number }[];
            replies.push(...batch);
            if (batch.some((m) => m.t === "listening")) pipe.write(`${JSON.stringify([{ t: "close" }])}\n`);
            if (batch.some((m) => m.t === "closed")) resolve(null);
          }
        });
        child.once("error", reject);
        child.once("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      child.send({ t: "init", data, shard: 0 });
      await closed;
      // it listens on nothing: the API's process hands it the connections
      expect(replies).toEqual([{ t: "listening", port: 0 }, { t: "closed" }]);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses an output directory outside the repository (packages would not resolve from there)", async () => {
    await expect(buildDist(os.tmpdir())).rejects.toThrow(/inside the repository/);
  });

  it("serve: plain node migrates and seeds a fresh database, answers /health and /ready, stops on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-built-"));
    try {
      const run = await runBuilt(
        "serve",
        {
          PORT: "0",
          MQTT_PORT: "0",
          DATABASE_URL: `file:${path.join(dir, "anxin.db")}`,
          DATA_DIR: dir,
          LOG_LEVEL: "info",
          // the broker in processes: their built entry found beside serve.js (ready only once both listen)
          MQTT_BROKER_PROCESSES: "2",
        },
        (out) => {
          for (const l of out.split("\n")) {
            try {
              const rec = JSON.parse(l) as { msg?: string; url?: string };
              if (rec.msg === "API listening" && rec.url) return rec.url;
            } catch {
              /* not a log line */
            }
          }
          return null;
        },
      );
      try {
        const health = await fetch(`${run.url}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: "ok" });
        expect((await fetch(`${run.url}/ready`)).status).toBe(200);
        // files located relative to the source (migrations) were found: the demo county is there
        const demo = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as { devices: unknown[] };
        expect(demo.devices.length).toBeGreaterThan(0);
        run.child.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      } finally {
        if (run.child.exitCode === null) run.child.kill("SIGKILL");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("start: the demo (stubs, embedded broker) comes up and prints where everything is", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-built-start-"));
    try {
      const run = await runBuilt(
        "start",
        {
          PORT: "0",
          MQTT_PORT: "0",
          DATABASE_URL: `file:${path.join(dir, "anxin.db")}`,
          DATA_DIR: dir,
          LOG_LEVEL: "warn",
          BUILD_H5: "false",
        },
        (out) => /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? null,
      );
      try {
        expect(run.output()).toContain("安心消防 Anxin is running");
        expect(run.output()).toMatch(/MQTT broker\s+mqtt:\/\/127\.0\.0\.1:\d+\s+\(embedded/);
        const health = await fetch(`${run.url}/health`);
        expect(health.status).toBe(200);
        run.child.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      } finally {
        if (run.child.exitCode === null) run.child.kill("SIGKILL");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
