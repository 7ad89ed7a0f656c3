// Readings are applied off the acknowledgement path (issue 15): a message is stored and acknowledged first,
// its readings, their limits and the points' state are applied later in bigger runs (one SQLite transaction a
// run, modules/sensors/reading-apply.ts). Here the API runs as a real child process, demo facility devices
// publish readings at QoS 1 over MQTT, and the process is killed with SIGKILL mid-burst, so messages are left
// stored but not applied (and runs applied but not yet marked). After a restart on the same database every
// acknowledged message is stored once, the pending ones are applied by recovery, every acknowledged reading is
// in the raw table once and the hourly roll-ups count each raw reading exactly once; the devices then send
// again what got no PUBACK (and some that did) and still nothing is stored or counted twice.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import type { MqttClient } from "mqtt";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { connectDevice } from "../support/devices.ts";
import { freePort } from "../support/mosquitto.ts";
import { spawnApi } from "../support/api-child.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-readings-crash-"));
const dbFile = path.join(dir, "anxin.db");
const children: ChildProcess[] = [];
const clients: MqttClient[] = [];

async function startChild(port: number, mqttPort: number): Promise<ChildProcess> {
  return spawnApi({
    dbFile,
    dataDir: dir,
    env: {
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      // the burst is a few devices' readings at the test's pace: let them through
      DEVICE_MSG_PER_MIN: "1000000",
      DEVICE_MSG_BURST: "1000000",
    },
    started: (child) => children.push(child),
    ready: async () => {
      const r = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(2000) });
      return r.ok && existsSync(path.join(dir, "demo.json"));
    },
  });
}

afterAll(() => {
  for (const c of clients) c.end(true);
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** one reading inside the demo limits per kind (the figure is the store, not alarm work) */
const READING_OF: Record<string, Record<string, number>> = {
  WATER_LEVEL: { level_m: 3.1 },
  HYDRANT_PRESSURE: { pressure_mpa: 0.32 },
  ELECTRICAL_FIRE: { leak_ma_1: 38, temp_c_1: 36.5 },
};

interface Msg {
  deviceId: string;
  id: string;
  ts: number;
  payload: string;
}

/** Publishes at QoS 1; true on PUBACK, false if the connection went first (bounded wait). */
function publish(c: MqttClient, m: Msg): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), 20_000);
    c.publish(`devices/${m.deviceId}/up`, m.payload, { qos: 1 }, (err) => {
      clearTimeout(t);
      resolve(!err);
    });
  });
}

const IN_FLIGHT = 20;
const PER_DEVICE = 4000; // bounded: the kill ends it far sooner

describe("readings applied off the acknowledgement path, across a crash", () => {
  it("keeps every acknowledged reading once, applied once, after a SIGKILL and a resend", async () => {
    const port = await freePort();
    const mqttPort = await freePort();
    const child = await startChild(port, mqttPort);
    const url = `mqtt://127.0.0.1:${mqttPort}`;
    const demo = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as {
      devices: (DemoSensorDevice & { secret: string })[];
    };
    const devices = demo.devices.filter((d) => READING_OF[d.kind] && !d.carrier).slice(0, 6);
    expect(devices.length).toBeGreaterThanOrEqual(3);

    // each reading a second apart by the device clock, within the last day
    const t0 = Date.now() - 20 * 3600_000;
    const sent: Msg[] = [];
    const acked: Msg[] = [];
    let stop = false;
    const lanes = devices.flatMap((d, di) => {
      let n = 0;
      const next = (): Msg | null => {
        if (stop || n >= PER_DEVICE) return null;
        const k = n++;
        const ts = t0 + k * 1000;
        const id = `c${di}-${k}`;
        const m = {
          deviceId: d.id,
          id,
          ts,
          payload: JSON.stringify({ id, ts, type: "reading", values: READING_OF[d.kind] }),
        };
        sent.push(m);
        return m;
      };
      return [connectDevice(url, d.id, d.secret)].map(async (connecting) => {
        const c = await connecting;
        clients.push(c);
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            for (let m = next(); m; m = next()) {
              if (await publish(c, m)) acked.push(m);
              else return;
            }
          }),
        );
      });
    });
    const until = Date.now() + 120_000;
    while (acked.length < 3000 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    stop = true;
    await new Promise((r) => child.once("exit", r));
    await Promise.race([Promise.all(lanes), new Promise((r) => setTimeout(r, 25_000))]);
    for (const c of clients.splice(0)) c.end(true);
    const ackedAtKill = [...acked];
    expect(ackedAtKill.length).toBeGreaterThanOrEqual(3000);

    const open = () => new Database(dbFile, { readonly: true });
    const stored = () => {
      const db = open();
      try {
        const rows = db
          .prepare(
            `SELECT "deviceId", "msgId", COUNT(*) AS n FROM "DeviceEvent" WHERE "type" = 'reading' GROUP BY 1, 2`,
          )
          .all() as { deviceId: string; msgId: string; n: number }[];
        return new Map(rows.map((r) => [`${r.deviceId}/${r.msgId}`, r.n]));
      } finally {
        db.close();
      }
    };
    /** waits (bounded) until nothing is pending, then checks each acknowledged reading and the roll-ups */
    const appliedOnce = async (expected: Msg[]) => {
      const db = open();
      try {
        const pending = db.prepare(`SELECT COUNT(*) FROM "DeviceEvent" WHERE "processed" = 0`).pluck();
        for (let i = 0; i < 300 && (pending.get() as number) > 0; i++) await new Promise((r) => setTimeout(r, 200));
        expect(pending.get()).toBe(0);
        // every point of every acknowledged message has its raw reading at the message's device time
        const raw = db.prepare(
          `SELECT COUNT(*) FROM "SensorReading" r JOIN "SensorPoint" p ON p."id" = r."pointId"
           WHERE p."deviceId" = ? AND p."point" = ? AND r."ts" = ?`,
        );
        const missing = expected.flatMap((m) =>
          Object.keys(JSON.parse(m.payload).values as object).filter(
            (point) => raw.pluck().get(m.deviceId, point, new Date(m.ts).toISOString().replace("Z", "+00:00")) !== 1,
          ),
        );
        expect(missing).toEqual([]);
        // the hourly roll-ups count every raw reading once (none counted twice by a run applied again)
        const rollups = db
          .prepare(
            `SELECT p."id", (SELECT COUNT(*) FROM "SensorReading" r WHERE r."pointId" = p."id") AS raw,
                    (SELECT COALESCE(SUM("count"), 0) FROM "SensorHourly" h WHERE h."pointId" = p."id") AS counted
             FROM "SensorPoint" p`,
          )
          .all() as { id: number; raw: number; counted: number }[];
        expect(rollups.length).toBeGreaterThan(0);
        expect(rollups.filter((r) => r.raw !== r.counted)).toEqual([]);
      } finally {
        db.close();
      }
    };
    const key = (m: Msg) => `${m.deviceId}/${m.id}`;

    // restart on the same database: every acknowledged message is there once and gets applied
    const again = await startChild(port, mqttPort);
    try {
      const afterRestart = stored();
      expect(ackedAtKill.filter((m) => afterRestart.get(key(m)) !== 1)).toEqual([]);
      expect([...afterRestart.values()].filter((n) => n > 1)).toEqual([]);
      await appliedOnce(ackedAtKill);

      // the devices send again what got no PUBACK, and every tenth that did (a PUBACK lost on the way)
      const ackedSet = new Set(ackedAtKill);
      const resend = [...sent.filter((m) => !ackedSet.has(m)), ...ackedAtKill.filter((_, i) => i % 10 === 0)];
      const byDevice = new Map<string, MqttClient>();
      for (const d of devices) {
        const c = await connectDevice(url, d.id, d.secret);
        clients.push(c);
        byDevice.set(d.id, c);
      }
      for (let i = 0; i < resend.length; i += 50) {
        const answers = await Promise.all(resend.slice(i, i + 50).map((m) => publish(byDevice.get(m.deviceId)!, m)));
        expect(answers.every(Boolean)).toBe(true);
      }
      const afterResend = stored();
      expect(sent.filter((m) => afterResend.get(key(m)) !== 1)).toEqual([]);
      await appliedOnce(sent);
    } finally {
      again.kill("SIGTERM");
    }
  }, 400_000);
});
