// No panel alarm is lost (issue 16): the API is killed with SIGKILL while transmission devices send a burst
// of component faults over plain TCP. After a restart on the same database every frame that was confirmed
// has its event stored, its alarm applied, and, when the devices send everything again (as they do with
// frames they got no confirm for), no frame's event is stored twice.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { freePort } from "../support/mosquitto.ts";
import { WireClient, componentState, frame } from "../support/gb26875-wire.ts";
import { spawnApi } from "../support/api-child.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-gb-crash-"));
const dbFile = path.join(dir, "anxin.db");
const children: ChildProcess[] = [];

interface DemoUitd {
  address: string;
  deviceId: string;
}

async function startChild(mqttPort: number, gbPort: number): Promise<ChildProcess> {
  return spawnApi({
    dbFile,
    dataDir: dir,
    env: {
      MQTT_PORT: String(mqttPort),
      GB26875_PORT: String(gbPort),
      // the burst is routine frames: let them through at the test's pace
      GB26875_FRAMES_PER_SEC: "5000",
      GB26875_FRAME_BURST: "5000",
    },
    started: (child) => children.push(child),
    // up once the demo is written and the gateway listens
    ready: async () => {
      if (!existsSync(path.join(dir, "demo.json"))) return false;
      (await WireClient.connect(gbPort)).close();
      return true;
    },
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** loop 2, point n: components the demo sheet does not name (they are learnt from the frames) */
const componentAt = (n: number) => ((n + 1) << 16) | 2;
const pointOf = (n: number) => `1/1/0x${componentAt(n).toString(16).padStart(8, "0")}`;
const FAULT = 0x0005;
const PER_DEVICE = 400;

describe("GB/T 26875.3 crash safety", () => {
  it("keeps every confirmed frame across a SIGKILL, and stores none twice", async () => {
    const mqttPort = await freePort();
    const gbPort = await freePort();
    const child = await startChild(mqttPort, gbPort);
    const demo = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as {
      gb26875: { devices: DemoUitd[] };
    };
    const devices = demo.gb26875.devices;
    expect(devices.length).toBeGreaterThan(0);
    // built once: a device sends the same bytes again
    const frames = devices.map((d) =>
      Array.from({ length: PER_DEVICE }, (_, n) =>
        frame({
          serial: n + 1,
          source: d.address,
          data: componentState({ componentType: 40, componentAddress: componentAt(n), status: FAULT }),
        }),
      ),
    );
    const clients = await Promise.all(devices.map(() => WireClient.connect(gbPort)));
    const confirmed = () => clients.map((c) => new Set(c.frames.filter((f) => f.command === 3).map((f) => f.serial)));
    let stop = false;
    const senders = clients.map(async (c, i) => {
      for (let n = 0; n < PER_DEVICE && !stop && !c.closed; n++) {
        // at most 32 unconfirmed frames on the wire, like a device's send window
        while (!stop && !c.closed && n - c.frames.filter((f) => f.command === 3).length >= 32)
          await new Promise((r) => setTimeout(r, 2));
        c.send(frames[i]![n]!);
      }
    });
    const total = () => confirmed().reduce((s, x) => s + x.size, 0);
    const deadline = Date.now() + 120_000;
    while (total() < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    stop = true;
    await new Promise((r) => child.once("exit", r));
    await Promise.race([Promise.all(senders), new Promise((r) => setTimeout(r, 3000))]);
    const atKill = confirmed();
    for (const c of clients) c.close();
    expect(atKill.reduce((s, x) => s + x.size, 0)).toBeGreaterThanOrEqual(150);

    // restart on the same database: pending events are applied at start
    const again = await startChild(mqttPort, gbPort);
    const db = new Database(dbFile, { readonly: true });
    const faultRows = db.prepare(
      `SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "deviceId" = ? AND "type" = 'panel_fault' AND "fields" LIKE ?`,
    );
    const alarmAt = db.prepare(
      `SELECT COUNT(*) AS n FROM "Alarm" WHERE "deviceId" = ? AND "kind" = 'PANEL_FAULT' AND "point" = ?`,
    );
    const count = (stmt: Database.Statement, ...args: unknown[]) => (stmt.get(...args) as { n: number }).n;
    try {
      const missing: string[] = [];
      const unapplied: string[] = [];
      devices.forEach((d, i) => {
        for (const serial of atKill[i]!) {
          const point = pointOf(serial - 1);
          if (count(faultRows, d.deviceId, `%"point":"${point}"%`) !== 1) missing.push(`${d.address} ${point}`);
          if (count(alarmAt, d.deviceId, point) !== 1) unapplied.push(`${d.address} ${point}`);
        }
      });
      expect(missing).toEqual([]);
      expect(unapplied).toEqual([]);
      const pending = db.prepare(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "processed" = 0`).get() as {
        n: number;
      };
      expect(pending.n).toBe(0);
    } finally {
      db.close();
    }

    // the devices send every frame again, confirmed or not: each is confirmed, and stored once
    const resend = await Promise.all(devices.map(() => WireClient.connect(gbPort)));
    await Promise.all(
      resend.map(async (c, i) => {
        for (let n = 0; n < PER_DEVICE; n++) {
          while (n - c.frames.filter((f) => f.command === 3).length >= 32) await new Promise((r) => setTimeout(r, 2));
          c.send(frames[i]![n]!);
        }
        const until = Date.now() + 60_000;
        while (c.frames.filter((f) => f.command === 3).length < PER_DEVICE && Date.now() < until)
          await new Promise((r) => setTimeout(r, 20));
      }),
    );
    for (const c of resend) {
      expect(new Set(c.frames.filter((f) => f.command === 3).map((f) => f.serial)).size).toBe(PER_DEVICE);
      c.close();
    }
    const db2 = new Database(dbFile, { readonly: true });
    try {
      const twice = db2
        .prepare(
          `SELECT "deviceId", "fields", COUNT(*) AS n FROM "DeviceEvent" WHERE "type" = 'panel_fault'
           GROUP BY "deviceId", "fields" HAVING COUNT(*) > 1`,
        )
        .all();
      expect(twice).toEqual([]);
      const faults = db2.prepare(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "type" = 'panel_fault'`).get() as {
        n: number;
      };
      expect(faults.n).toBe(devices.length * PER_DEVICE);
    } finally {
      db2.close();
      again.kill("SIGTERM");
    }
  }, 400_000);
});
