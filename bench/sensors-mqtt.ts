// Facility readings through MQTT (issue 15, part 0 of `npm run bench -- sensors`): readings stored and
// acknowledged per second through the embedded broker (the deployed API as a child process, SQLite, the
// demo's MQTT facility devices each keeping 20 readings in flight), against the bare Mosquitto relay (broker
// -> a subscriber that only acknowledges) with the same generator, the two taking turns in the same run (the
// machine's speed swings from minute to minute); and the largest write-ahead log while the API stored them.
// Bounded: BENCH_SENSORS_MQTT_ROUNDS (3) turns each of BENCH_SENSORS_MQTT_MS (8 s), at most 400,000 messages
// a turn. 127.0.0.1 only.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fork } from "node:child_process";
import { startApiProcess } from "./lib/api-process.ts";
import { Publishers, type Device } from "./lib/load.ts";
import { freePort, mosquittoUnavailable, startMosquitto } from "../tests/support/mosquitto.ts";
import { openDb } from "../api/src/db/client.ts";
import { parseDatabaseUrl } from "../api/src/db/url.ts";
import { DAY_MS } from "../api/src/modules/sensors/index.ts";
import { childCount, type Figure } from "./ingest.ts";

const MQTT_MS = Math.min(60_000, Math.max(2000, Number(process.env.BENCH_SENSORS_MQTT_MS ?? 8000)));
const MQTT_WINDOW = 20;
const MQTT_MAX = 400_000;
/** turns each, the API then the relay (BENCH_SENSORS_MQTT_ROUNDS, 1-6) */
const ROUNDS = Math.min(6, Math.max(1, Number(process.env.BENCH_SENSORS_MQTT_ROUNDS ?? 3)));
/** one plausible reading per kind, inside the demo limits (so the figure is the store, not alarm work) */
const READING_OF: Record<string, Record<string, number>> = {
  WATER_LEVEL: { level_m: 3.1 },
  HYDRANT_PRESSURE: { pressure_mpa: 0.32 },
  ELECTRICAL_FIRE: { leak_ma_1: 38, temp_c_1: 36.5 },
  GAS_DETECTOR: { lel_pct: 0 },
};

/** Readings via MQTT: the API on its embedded broker and the bare relay, taking turns. */
export async function mqttReadings(figures: Figure[]): Promise<void> {
  const reason = mosquittoUnavailable();
  if (reason) {
    figures.push({ name: "readings via MQTT against the bare Mosquitto relay", value: NaN, unit: "", note: reason });
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-bench-sensors-mqtt-"));
  try {
    const mqttPort = await freePort();
    const api = await startApiProcess({
      dataDir,
      port: await freePort(),
      env: { DATABASE_URL: `file:${dataDir}/anxin.db`, MQTT_PORT: String(mqttPort) },
    });
    const facility = (api.demo.devices as { id: string; secret: string; kind?: string; carrier?: unknown }[]).filter(
      (d) => d.kind && READING_OF[d.kind] && !d.carrier,
    );
    const kinds = new Map(facility.map((d) => [d.id, d.kind!]));
    const devices: Device[] = facility.map((d) => ({ id: d.id, secret: d.secret }));
    // each reading a second apart by the device clock, within the last day (a point keeps one reading a
    // second: readings of the same second are one reading)
    const dayAgo = Date.now() - DAY_MS;
    const body = (seq: number, d: Device) =>
      JSON.stringify({
        id: `r${seq}`,
        ts: dayAgo + (seq % 80_000) * 1000,
        type: "reading",
        values: READING_OF[kinds.get(d.id)!],
      });
    const apiRates: number[] = [];
    const bareRates: number[] = [];
    let readingsStored = 0;
    // the write-ahead log's largest size while the API stored readings (bounded by its in-line checkpoints)
    let walLargest = 0;
    const walWatch = setInterval(() => {
      try {
        walLargest = Math.max(walLargest, statSync(`${dataDir}/anxin.db-wal`).size);
      } catch {
        // not made yet
      }
    }, 100);
    // the same devices' accounts for the relay's Mosquitto, read beside the running API (WAL: a reader waits
    // for no writer)
    const account = { username: "bench-bare", password: "bench-bare-password" };
    const db = await openDb(parseDatabaseUrl(`file:${dataDir}/anxin.db`));
    let broker: Awaited<ReturnType<typeof startMosquitto>> | null = null;
    let bare: ReturnType<typeof fork> | null = null;
    const pubs: Publishers[] = [];
    try {
      broker = await startMosquitto(db.prisma, [account]);
      bare = fork(path.join(import.meta.dirname, "lib/bare-subscriber.ts"), [broker.urlFor(account), "bare"], {
        execArgv: ["--import", "tsx"],
      });
      await new Promise((r) => bare!.once("message", r));
      const relay = bare;
      const toApi = new Publishers(`mqtt://127.0.0.1:${mqttPort}`, devices, body);
      const toRelay = new Publishers(`mqtt://127.0.0.1:${broker.port}`, devices, body);
      pubs.push(toApi, toRelay);
      await toApi.connect();
      await toRelay.connect();
      await toApi.saturate(1500, MQTT_WINDOW, 50_000); // warm-up
      await toRelay.saturate(1500, MQTT_WINDOW, 50_000);
      // the machine's speed swings from one minute to the next (docs/performance.md, 4 December 2026): the API
      // and the relay take turns, ROUNDS each, so both see the same minutes
      for (let round = 0; round < ROUNDS; round++) {
        const before = await api.metric("anxin_device_messages_stored_total");
        const a = await toApi.saturate(MQTT_MS, MQTT_WINDOW, MQTT_MAX);
        apiRates.push(((await api.metric("anxin_device_messages_stored_total")) - before) / a.seconds);
        const c0 = await childCount(relay);
        const t0 = Date.now();
        await toRelay.saturate(MQTT_MS, MQTT_WINDOW, MQTT_MAX);
        bareRates.push(((await childCount(relay)) - c0) / ((Date.now() - t0) / 1000));
      }
    } finally {
      clearInterval(walWatch);
      for (const p of pubs) await p.close();
      bare?.send("stop");
      await broker?.stop();
      await api.stop();
      readingsStored = await db.prisma.sensorReading.count().catch(() => -1);
      await db.close();
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const apiRate = sum(apiRates) / apiRates.length;
    const bareRate = sum(bareRates) / bareRates.length;
    const rounds = (xs: number[]) => xs.map((r) => Math.round(r)).join(", ");
    figures.push(
      {
        name: "bare relay: Mosquitto -> subscriber that only acknowledges, readings",
        value: Math.round(bareRate),
        unit: "msg/s",
        note: `baseline, same run and generator; mean of ${ROUNDS} rounds (${rounds(bareRates)}/s), each after one of the API's`,
      },
      {
        name: "readings stored and acknowledged, embedded broker (SQLite)",
        value: Math.round(apiRate),
        unit: "msg/s",
        note: `mean of ${ROUNDS} rounds (${rounds(apiRates)}/s); ${devices.length} demo facility devices, ${MQTT_WINDOW} in flight each; ${readingsStored} raw readings in the table after`,
      },
      {
        name: "largest write-ahead log while readings were stored",
        value: Math.round(walLargest / 1e5) / 10,
        unit: "MB",
        note: "sampled every 100 ms; in-line checkpoints past 10,000 pages (40 MB) let the log start again",
      },
      {
        name: "readings ratio: API / bare relay",
        value: Math.round((apiRate / bareRate) * 100) / 100,
        unit: "",
        goal: ">= 0.8",
        ok: apiRate / bareRate >= 0.8,
        note: `round by round ${apiRates.map((r, i) => (r / bareRates[i]!).toFixed(2)).join(", ")}`,
      },
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
