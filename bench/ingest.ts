// Device ingest figures for issue 3, measured on this machine with the load generator beside the API:
// sustained messages/s stored and acknowledged, publish -> stored p99 at 3,000 msg/s, the ratio against a
// bare Mosquitto-to-subscriber pipe measured in the same run, and memory with 10,000 devices connected.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { startApiProcess } from "./lib/api-process.ts";
import { Publishers, percentile, type Device } from "./lib/load.ts";
import { freePort, mosquittoUnavailable, startMosquitto } from "../tests/support/mosquitto.ts";
import { openDb, sqliteTime } from "../api/src/db/client.ts";
import { parseDatabaseUrl } from "../api/src/db/url.ts";
import { hashDeviceSecret } from "../api/src/modules/devices/device-secrets.ts";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  ok?: boolean;
  note?: string;
}

const SATURATE_MS = Number(process.env.BENCH_SATURATE_MS ?? 8000);
const WINDOW = 20;

function devicesOf(demo: { devices: { id: string; secret: string; address: string | null }[] }): Device[] {
  return demo.devices.map((d) => ({ id: d.id, secret: d.secret }));
}

async function embedded(dataDir: string, figures: Figure[]): Promise<void> {
  const mqttPort = await freePort();
  const api = await startApiProcess({
    dataDir,
    port: await freePort(),
    env: { DATABASE_URL: `file:${dataDir}/anxin.db`, MQTT_PORT: String(mqttPort) },
  });
  const pubs = new Publishers(`mqtt://127.0.0.1:${mqttPort}`, devicesOf(api.demo));
  try {
    await pubs.connect();
    await pubs.saturate(1500, WINDOW, 50_000); // warm-up
    const before = await api.metric("anxin_device_messages_stored_total");
    const r = await pubs.saturate(SATURATE_MS, WINDOW, 400_000);
    const stored = (await api.metric("anxin_device_messages_stored_total")) - before;
    const rate = stored / r.seconds;
    figures.push({
      name: "embedded broker: sustained, stored and acknowledged (SQLite)",
      value: Math.round(rate),
      unit: "msg/s",
      goal: ">= 5000",
      ok: rate >= 5000,
    });
    const lat = await pubs.fixedRate(3000, 8000);
    const p99 = percentile(lat, 99);
    figures.push({
      name: "embedded broker: publish -> stored (PUBACK) p50 at 3,000 msg/s",
      value: round(percentile(lat, 50)),
      unit: "ms",
    });
    figures.push({
      name: "embedded broker: publish -> stored (PUBACK) p99 at 3,000 msg/s",
      value: round(p99),
      unit: "ms",
      goal: "<= 50",
      ok: p99 <= 50,
      note: `${lat.length} messages`,
    });
  } finally {
    await pubs.close();
    await api.stop();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The bare subscriber's count of messages so far (bench/lib/bare-subscriber.ts, over IPC). */
export async function childCount(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      const c = (m as { count?: number }).count;
      if (typeof c === "number") {
        child.off("message", on);
        resolve(c);
      }
    };
    child.on("message", on);
    child.send("count");
  });
}

async function external(dataDir: string, figures: Figure[]): Promise<void> {
  const reason = mosquittoUnavailable();
  if (reason) {
    figures.push({
      name: "ingest ratio vs bare Mosquitto pipe",
      value: NaN,
      unit: "",
      note: `not measured: ${reason}`,
    });
    return;
  }
  const target = parseDatabaseUrl(`file:${dataDir}/anxin.db`);
  const db = await openDb(target);
  const accounts = [
    { username: "bench-bare", password: "bench-bare-password" },
    { username: "anxin-api-1", password: "bench-api-password" },
  ];
  const broker = await startMosquitto(db.prisma, accounts);
  await db.close();
  const url = `mqtt://127.0.0.1:${broker.port}`;
  let devices: Device[] = [];
  try {
    // baseline: the same generator and broker, a subscriber that only acknowledges
    const bare = fork(path.join(import.meta.dirname, "lib/bare-subscriber.ts"), [broker.urlFor(accounts[0]!), "bare"], {
      execArgv: ["--import", "tsx"],
    });
    await new Promise((r) => bare.once("message", r));
    const api0 = await startApiProcess({
      dataDir,
      port: await freePort(),
      env: {
        DATABASE_URL: `file:${dataDir}/anxin.db`,
        MQTT_URL: broker.urlFor(accounts[1]!),
        MQTT_SHARE_GROUP: "anxin",
        INSTANCE_ID: "bench",
      },
    });
    devices = devicesOf(api0.demo);
    await api0.stop(); // only needed the demo file; the session stays on the broker
    const pubs = new Publishers(url, devices);
    await pubs.connect();
    await pubs.saturate(1500, WINDOW, 50_000);
    const b0 = await childCount(bare);
    const t0 = Date.now();
    await pubs.saturate(SATURATE_MS, WINDOW, 400_000);
    const bareRate = ((await childCount(bare)) - b0) / ((Date.now() - t0) / 1000);
    bare.send("stop");
    figures.push({
      name: "bare pipe: Mosquitto -> subscriber that only acknowledges",
      value: Math.round(bareRate),
      unit: "msg/s",
      note: "baseline, same run",
    });

    // clear what the stopped API's persistent session queued meanwhile, then measure the API
    const api = await startApiProcess({
      dataDir,
      port: await freePort(),
      env: {
        DATABASE_URL: `file:${dataDir}/anxin.db`,
        MQTT_URL: broker.urlFor(accounts[1]!),
        MQTT_SHARE_GROUP: "anxin",
        INSTANCE_ID: "bench",
      },
    });
    try {
      await new Promise((r) => setTimeout(r, 3000));
      await pubs.saturate(1500, WINDOW, 50_000);
      await new Promise((r) => setTimeout(r, 500));
      const s0 = await api.metric("anxin_device_messages_stored_total");
      const t1 = Date.now();
      await pubs.saturate(SATURATE_MS, WINDOW, 400_000);
      // the API acknowledges the broker after storing: wait until it has caught up (bounded)
      let last = -1;
      for (let i = 0; i < 50; i++) {
        const now = await api.metric("anxin_device_messages_stored_total");
        if (now === last) break;
        last = now;
        await new Promise((r) => setTimeout(r, 200));
      }
      const apiRate = (last - s0) / ((Date.now() - t1) / 1000);
      figures.push({
        name: "API via Mosquitto: stored, then acknowledged (SQLite)",
        value: Math.round(apiRate),
        unit: "msg/s",
      });
      const ratio = apiRate / bareRate;
      figures.push({
        name: "ingest ratio: API / bare pipe",
        value: Math.round(ratio * 100) / 100,
        unit: "",
        goal: ">= 0.6",
        ok: ratio >= 0.6,
      });
    } finally {
      await pubs.close();
      await api.stop();
    }
  } finally {
    await broker.stop();
  }
}

/** how long the memory part waits after the connections before reading the settled figure */
const SETTLE_MS = 43_000;

export async function memory(
  figures: Figure[],
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-bench-mem-"));
  try {
    const mqttPort = await freePort();
    const port = await freePort();
    const env2 = { DATABASE_URL: `file:${dataDir}/anxin.db`, MQTT_PORT: String(mqttPort), ...env };
    // first start creates and seeds the database; then 10,000 more devices are written straight into it
    // (registration speed is not measured here) and the API restarts, as after a deployment
    await (await startApiProcess({ dataDir, port, nodeArgs, env: env2 })).stop();
    const n = Number(process.env.BENCH_DEVICES ?? 10_000);
    const db = new Database(path.join(dataDir, "anxin.db"));
    const devices: Device[] = [];
    const insert = db.prepare(
      `INSERT INTO "Device" ("id", "serial", "modelId", "secretHash", "mode", "registeredAt") VALUES (?, ?, 'AX-SA100', ?, 'NORMAL', ?)`,
    );
    const salt = Buffer.alloc(12, 7);
    const now = sqliteTime(new Date());
    db.transaction(() => {
      for (let i = 0; i < n; i++) {
        const id = `M${String(i).padStart(7, "0")}`;
        const secret = `secret-${i}`;
        insert.run(id, `SNM${i}`, hashDeviceSecret(secret, salt), now);
        devices.push({ id, secret });
      }
    })();
    db.close();
    const api = await startApiProcess({ dataDir, port, nodeArgs, env: env2 });
    await new Promise((r) => setTimeout(r, SETTLE_MS)); // the start's own garbage given back, as below
    const idle = api.rssMb();
    const pubs = new Publishers(`mqtt://127.0.0.1:${mqttPort}`, devices);
    const t0 = Date.now();
    const connected = await pubs.connect(500);
    const seconds = (Date.now() - t0) / 1000;
    // right after the storm the heap still holds its handshakes' garbage (and V8 has grown its young
    // generation for them); V8 gives that back once the allocation rate falls, within about half a minute
    // here. The goal is the connected devices' memory, so it is read once settled; the peak is printed too.
    await new Promise((r) => setTimeout(r, 2000));
    const peak = api.rssMb();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const rss = api.rssMb();
    const gauge = await api.metric("anxin_connected_devices");
    const heapMb = Math.round((await api.metric("nodejs_heap_size_used_bytes")) / 1e6);
    figures.push({
      name: `embedded broker: API memory with ${gauge} devices connected, settled`,
      value: Math.round(rss),
      unit: "MB",
      goal: "<= 300",
      ok: rss <= 300 && gauge >= n,
      note: `${SETTLE_MS / 1000 + 2} s after the last connected (2 s after: ${Math.round(peak)} MB); idle before, settled, ${Math.round(idle)} MB; ${gauge ? Math.round((((rss - idle) * 1024) / gauge) * 10) / 10 : "—"} KB per connection; JS heap in use ${heapMb} MB; ${connected} connected in ${seconds.toFixed(1)} s`,
    });
    await pubs.close();
    await api.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function ingestBench(
  parts = (process.env.BENCH_INGEST_PARTS ?? "embedded,external,memory").split(","),
): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-bench-"));
  try {
    // external reuses the database the embedded part seeded
    if (parts.includes("embedded") || parts.includes("external")) await embedded(dataDir, figures);
    if (parts.includes("external")) await external(dataDir, figures);
    if (parts.includes("memory")) await memory(figures);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return figures;
}
