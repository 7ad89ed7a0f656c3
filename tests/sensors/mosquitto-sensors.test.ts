// A facility sensor on the external Mosquitto (the production path: EMQX/Mosquitto in front, the API on a
// shared subscription), published with the real `mosquitto_pub` client as docs/device-protocol.md shows: a
// call point pressed raises its fire-class alarm, and a water tank reading is stored as the point's value.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import { mosquittoUnavailable, startMosquitto, type TestMosquitto } from "../support/mosquitto.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const run = promisify(execFile);
const PUB = process.env.MOSQUITTO_PUB_BIN ?? "/usr/bin/mosquitto_pub";
const ci = process.env.CI === "true" || process.env.CI === "1";
const reason = mosquittoUnavailable() ?? (existsSync(PUB) ? null : `mosquitto_pub not installed at ${PUB}`);
if (reason && !ci) console.warn(`[skipped] facility sensors on Mosquitto: ${reason}`);

const account = { username: "anxin-api-1", password: "test-api-1-password" };

describe.skipIf(reason !== null && !ci)("facility sensors through the external Mosquitto with mosquitto_pub", () => {
  let db: TestDatabase;
  let broker: TestMosquitto;
  let t: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    const { openDb } = await import("../../api/src/db/client.ts");
    const { applyMigrations } = await import("../../api/src/db/migrations.ts");
    await applyMigrations(db.target);
    const handle = await openDb(db.target);
    broker = await startMosquitto(handle.prisma, [account]);
    t = await startTestApi({ database: db, env: { MQTT_URL: broker.urlFor(account), INSTANCE_ID: "s1" } });
    await broker.reload(handle.prisma); // the demo's devices, seeded by the API, become broker accounts
    await handle.close();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await broker?.stop();
    await db?.drop();
  });

  const device = (kind: string) => (t.demo.devices as DemoSensorDevice[]).find((d) => d.kind === kind)!;
  const pub = (d: DemoSensorDevice, message: Record<string, unknown>) =>
    run(PUB, [
      ...["-h", "127.0.0.1", "-p", String(broker.port), "-V", "mqttv311", "-q", "1"],
      ...["-i", d.id, "-u", d.id, "-P", d.secret, "-t", `devices/${d.id}/up`, "-m", JSON.stringify(message)],
    ]);
  async function eventually<T>(read: () => Promise<T | null>): Promise<T> {
    const until = Date.now() + 15_000;
    for (;;) {
      await t.api.services.ingest.drain();
      const v = await read();
      if (v !== null) return v;
      if (Date.now() > until) throw new Error("not seen within 15 s");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("a pressed call point published with mosquitto_pub raises its alarm with its place", async () => {
    const d = device("MANUAL_CALL_POINT");
    await pub(d, { id: "cp-1", ts: Date.now(), type: "call_point_pressed" });
    const alarm = await eventually(() =>
      t.api.db.prisma.alarm.findFirst({ where: { deviceId: d.id, kind: "CALL_POINT" } }),
    );
    expect(alarm.status).toBe("ACTIVE");
    expect(alarm.location).toContain("楼梯间");
  });

  it("a water tank reading published with mosquitto_pub is the point's current value", async () => {
    const d = device("WATER_LEVEL");
    await pub(d, { id: "lv-1", ts: Date.now(), type: "reading", values: { level_m: 3.1 } });
    const p = await eventually(() =>
      t.api.db.prisma.sensorPoint.findUnique({
        where: { deviceId_point: { deviceId: d.id, point: "level_m" } },
      }),
    );
    expect(p.value).toBe(3.1);
  });
});
