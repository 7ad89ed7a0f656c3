// Facility readings through MQTT (issue 15, part 0 of `npm run bench -- sensors`): readings stored and
// acknowledged per second through the embedded broker (the deployed API as a child process, SQLite, the
// demo's MQTT facility devices each keeping 20 readings in flight), against the bare Mosquitto relay (broker
// -> a subscriber that only acknowledges) with the same generator, measured after the API in the same run;
// and the largest write-ahead log while the API stored them. Bounded: BENCH_SENSORS_MQTT_MS (8 s) a
// measurement, at most 400,000 messages each. 127.0.0.1 only.
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
/** one plausible reading per kind, inside the demo limits (so the figure is the store, not alarm work) */
const READING_OF: Record<string, Record<string, number>> = {
  WATER_LEVEL: { level_m: 3.1 },
  HYDRANT_PRESSURE: { pressure_mpa: 0.32 },
  ELECTRICAL_FIRE: { leak_ma_1: 38, temp_c_1: 36.5 },
  GAS_DETECTOR: { lel_pct: 0 },
};

/** Readings via MQTT: the bare relay, the API on its embedded broker, the bare relay again. */
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
    let apiRate = 0;
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
    try {
      const pubs = new Publishers(`mqtt://127.0.0.1:${mqttPort}`, devices, body);
      await pubs.connect();
      try {
        await pubs.saturate(1500, MQTT_WINDOW, 50_000); // warm-up
        const before = await api.metric("anxin_device_messages_stored_total");
        const r = await pubs.saturate(MQTT_MS, MQTT_WINDOW, MQTT_MAX);
        apiRate = ((await api.metric("anxin_device_messages_stored_total")) - before) / r.seconds;
      } finally {
        await pubs.close();
      }
    } finally {
      clearInterval(walWatch);
      await api.stop();
    }
    // the readings the API stored, and the same devices' accounts for the relay's Mosquitto
    const account = { username: "bench-bare", password: "bench-bare-password" };
    const db = await openDb(parseDatabaseUrl(`file:${dataDir}/anxin.db`));
    let broker: Awaited<ReturnType<typeof startMosquitto>>;
    try {
      readingsStored = await db.prisma.sensorReading.count().catch(() => -1);
      broker = await startMosquitto(db.prisma, [account]);
    } finally {
      await db.close();
    }

    const bareRates: number[] = [];
    try {
      for (let round = 0; round < 2; round++) {
        const bare = fork(path.join(import.meta.dirname, "lib/bare-subscriber.ts"), [broker.urlFor(account), "bare"], {
          execArgv: ["--import", "tsx"],
        });
        await new Promise((r) => bare.once("message", r));
        const count = () => childCount(bare);
        const pubs = new Publishers(`mqtt://127.0.0.1:${broker.port}`, devices, body);
        await pubs.connect();
        try {
          await pubs.saturate(1500, MQTT_WINDOW, 50_000);
          const c0 = await count();
          const t0 = Date.now();
          await pubs.saturate(MQTT_MS, MQTT_WINDOW, MQTT_MAX);
          bareRates.push(((await count()) - c0) / ((Date.now() - t0) / 1000));
        } finally {
          await pubs.close();
          bare.send("stop");
        }
      }
    } finally {
      await broker.stop();
    }
    const bareRate = Math.max(...bareRates);
    figures.push(
      {
        name: "bare relay: Mosquitto -> subscriber that only acknowledges, readings",
        value: Math.round(bareRate),
        unit: "msg/s",
        note: `baseline, same run and generator; two rounds ${bareRates.map((r) => Math.round(r)).join(" and ")}/s, the higher kept`,
      },
      {
        name: "readings stored and acknowledged, embedded broker (SQLite)",
        value: Math.round(apiRate),
        unit: "msg/s",
        note: `${devices.length} demo facility devices, ${MQTT_WINDOW} in flight each; ${readingsStored} raw readings in the table after`,
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
      },
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
