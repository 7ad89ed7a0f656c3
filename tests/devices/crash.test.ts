// No alarm is lost: an API process is killed with SIGKILL while devices publish; after a restart every
// message that was acknowledged is in the database, and events stored but not yet applied are applied.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import type { MqttClient } from "mqtt";
import { connectDevice, uplink } from "../support/devices.ts";
import { freePort } from "../support/mosquitto.ts";
import type { DemoInfo } from "../../prisma/seed/demo-seed.ts";
import { spawnApi } from "../support/api-child.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-crash-"));
const dbFile = path.join(dir, "anxin.db");
const children: ChildProcess[] = [];

async function startChild(mqttPort: number): Promise<ChildProcess> {
  return spawnApi({
    dbFile,
    dataDir: dir,
    env: { MQTT_PORT: String(mqttPort) },
    started: (child) => children.push(child),
    // up once the demo is written and one of its devices can connect
    ready: async () => {
      if (!existsSync(path.join(dir, "demo.json"))) return false;
      const d = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as DemoInfo;
      const c = await connectDevice(`mqtt://127.0.0.1:${mqttPort}`, d.devices[0]!.id, d.devices[0]!.secret);
      c.end(true);
      return true;
    },
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("keeps every acknowledged message across a SIGKILL", async () => {
    const mqttPort = await freePort();
    const child = await startChild(mqttPort);
    const demo = JSON.parse(readFileSync(path.join(dir, "demo.json"), "utf8")) as DemoInfo;
    const devices = demo.devices.slice(0, 8);
    const acked: { deviceId: string; id: string }[] = [];
    const clients: MqttClient[] = await Promise.all(
      devices.map((d) => connectDevice(`mqtt://127.0.0.1:${mqttPort}`, d.id, d.secret)),
    );
    let stop = false;
    const publishers = clients.map(async (c, i) => {
      const deviceId = devices[i]!.id;
      // bounded: at most 5,000 messages a device, and the kill ends it sooner
      for (let n = 0; n < 5000 && !stop; n++) {
        const m = uplink(n % 50 === 0 ? "smoke_alarm" : "heartbeat", { battery: 80 });
        const ok = await new Promise<boolean>((resolve) =>
          c.publish(`devices/${deviceId}/up`, m.payload, { qos: 1 }, (err) => resolve(!err)),
        );
        if (!ok) return;
        acked.push({ deviceId, id: m.id });
      }
    });
    while (acked.length < 300) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    stop = true;
    await new Promise((r) => child.once("exit", r));
    await Promise.race([Promise.all(publishers), new Promise((r) => setTimeout(r, 3000))]);
    for (const c of clients) c.end(true);
    const ackedAtKill = [...acked];
    expect(ackedAtKill.length).toBeGreaterThanOrEqual(300);

    // restart on the same database: pending events are applied at start
    const again = await startChild(mqttPort);
    const db = new Database(dbFile, { readonly: true });
    try {
      const has = db.prepare(`SELECT 1 FROM "DeviceEvent" WHERE "deviceId" = ? AND "msgId" = ?`);
      const missing = ackedAtKill.filter((a) => !has.get(a.deviceId, a.id));
      expect(missing).toEqual([]);
      const pending = db.prepare(`SELECT COUNT(*) AS n FROM "DeviceEvent" WHERE "processed" = 0`).get() as {
        n: number;
      };
      expect(pending.n).toBe(0);
      const fires = db.prepare(`SELECT COUNT(*) AS n FROM "Alarm" WHERE "kind" = 'FIRE'`).get() as { n: number };
      expect(fires.n).toBeGreaterThan(0);
    } finally {
      db.close();
      again.kill("SIGTERM");
    }
  }, 300_000);
});
