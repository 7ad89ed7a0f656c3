// Runs the API as a child process, exactly as `npm run serve` runs it (the compiled dist/serve.js, with the
// node flags and environment of package.json's serve script), so the load generator does not share its
// CPU time and the figures are those of the deployed process.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DemoInfo } from "../../prisma/seed/demo-seed.ts";
import { buildDist } from "../../scripts/build.ts";
import { seedBenchDatabase } from "./seed.ts";

export const root = path.resolve(import.meta.dirname, "../..");

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  demo: DemoInfo;
  rssMb(): number;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export interface ServeCommand {
  env: Record<string, string>;
  nodeArgs: string[];
  script: string;
}

/**
 * The command of package.json's `serve` script after its build step: `VAR=value ... node <flags> <script>`.
 * Read from package.json rather than copied, so the bench cannot drift from what is deployed.
 */
export function serveCommand(): ServeCommand {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const words = pkg.scripts.serve!.split("&&").pop()!.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0] && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [k, ...v] = words.shift()!.split("=");
    env[k!] = v.join("=");
  }
  if (words.shift() !== "node") throw new Error(`package.json serve script does not run node: ${pkg.scripts.serve}`);
  const script = words.pop()!;
  return { env, nodeArgs: words, script };
}

let built: Promise<unknown> | null = null;

export async function startApiProcess(opts: {
  dataDir: string;
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** writes more rows into the migrated, seeded database before the API starts on it (e.g. a storm's devices) */
  prepare?: (databaseUrl: string) => void | Promise<void>;
}): Promise<ApiProcess> {
  // BENCH_API_NODE_ARGS adds flags to the API process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
  const extra = (process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const serve = serveCommand();
  built ??= buildDist(); // as `npm run serve` does before starting: dist/ matches the source being measured
  await built;
  // production seeds nothing: the bench brings its own demo county (and demo.json)
  const databaseUrl = opts.env.DATABASE_URL ?? `file:${path.join(opts.dataDir, "anxin.db")}`;
  await seedBenchDatabase(databaseUrl, opts.dataDir);
  await opts.prepare?.(databaseUrl);
  const child = spawn(process.execPath, [...serve.nodeArgs, ...extra, ...(opts.nodeArgs ?? []), serve.script], {
    cwd: root,
    env: {
      ...process.env,
      ...serve.env,
      NODE_ENV: "production",
      PORT: String(opts.port),
      DATA_DIR: opts.dataDir,
      LOG_LEVEL: "error",
      JWT_SECRET: "bench-secret-bench-secret-bench-secret-0",
      DEMO_STUBS: "false",
      DATABASE_URL: `file:${path.join(opts.dataDir, "anxin.db")}`,
      // the load generator is one address whose devices publish far above a real device's rate: the
      // ingest figures measure the pipeline, not the per-device and per-address limits (the soak keeps them)
      DEVICE_MSG_PER_MIN: "100000000",
      DEVICE_MSG_BURST: "100000000",
      MQTT_MAX_CONNECTIONS_PER_ADDRESS: "100000",
      MQTT_MAX_PENDING_PER_ADDRESS: "100000",
      ...opts.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited: ${stderr}`);
    try {
      const r = await fetch(`${url}/ready`);
      if (r.ok && existsSync(path.join(opts.dataDir, "demo.json"))) break;
    } catch {
      /* starting */
    }
    if (Date.now() > until) throw new Error(`API did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const demo = JSON.parse(readFileSync(path.join(opts.dataDir, "demo.json"), "utf8")) as DemoInfo;
  return {
    child,
    url,
    demo,
    rssMb: () => rssMbOf(child.pid!),
    async metric(name) {
      const text = await (await fetch(`${url}/metrics`)).text();
      let sum = 0;
      for (const line of text.split("\n"))
        if (line.startsWith(name) && !line.startsWith("#")) sum += Number(line.split(" ").pop());
      return sum;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
