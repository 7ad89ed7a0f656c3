// Scale-out mode: devices on an external Mosquitto, several API instances on PostgreSQL sharing the
// uplinks through a shared subscription.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { createTestDatabase, postgresUnavailable, type TestDatabase } from "../support/databases.ts";
import { mosquittoUnavailable, startMosquitto, type TestMosquitto } from "../support/mosquitto.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";

const ci = process.env.CI === "true" || process.env.CI === "1";
const reason = (await postgresUnavailable()) ?? mosquittoUnavailable();
if (reason && !ci) console.warn(`[skipped] Mosquitto + PostgreSQL suite: ${reason}`);

const accounts = [
  { username: "anxin-api-1", password: "test-api-1-password" },
  { username: "anxin-api-2", password: "test-api-2-password" },
];

describe.skipIf(reason !== null && !ci)("devices on Mosquitto with PostgreSQL, two API instances", () => {
  let db: TestDatabase;
  let broker: TestMosquitto;
  let a: TestApi;
  let b: TestApi;
  const clients: MqttClient[] = [];
  let deviceUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    // Mosquitto first with the service accounts only; the API seeds the demo devices; then export them.
    const { openDb } = await import("../../api/src/db/client.ts");
    const { applyMigrations } = await import("../../api/src/db/migrations.ts");
    await applyMigrations(db.target);
    const handle = await openDb(db.target);
    broker = await startMosquitto(handle.prisma, accounts);
    a = await startTestApi({ database: db, env: { MQTT_URL: broker.urlFor(accounts[0]!), INSTANCE_ID: "a" } });
    b = await startTestApi({ database: db, env: { MQTT_URL: broker.urlFor(accounts[1]!), INSTANCE_ID: "b" } });
    await broker.reload(handle.prisma);
    await handle.close();
    deviceUrl = `mqtt://127.0.0.1:${broker.port}`;
  });

  afterAll(async () => {
    for (const c of clients) c.end(true);
    await b?.close();
    await a?.close();
    await broker?.stop();
    await db?.drop();
  });

  async function device(i: number) {
    const d = a.demo.devices[i]!;
    const c = await connectDevice(deviceUrl, d.id, d.secret);
    clients.push(c);
    return { d, c };
  }

  /**
   * Waits until the instances' stored counts stop moving; with `expected`, until they have stored that many
   * more than `from` first. The broker acknowledged the device; our instances acknowledge the broker after
   * storing, so on a busy machine the counts can stand still for a moment with messages still on their way:
   * a count that is still short is waited for (20 s at most), never taken as the answer.
   */
  const settle = async (expected?: { from: number[]; more: number }) => {
    const until = Date.now() + 20_000;
    const stored = async () => {
      const text = await Promise.all([a, b].map(async (t) => (await fetch(`${t.url}/metrics`)).text()));
      return text.map((x) => Number(/anxin_device_messages_stored_total\{source="mqtt"\} (\d+)/.exec(x)?.[1] ?? 0));
    };
    const enough = (n: number[]) => !expected || n[0]! + n[1]! - expected.from[0]! - expected.from[1]! >= expected.more;
    let last = await stored();
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await stored();
      if (enough(now) && now[0] === last[0] && now[1] === last[1]) break;
      last = now;
    }
    await a.api.services.ingest.drain();
    await b.api.services.ingest.drain();
    return last;
  };

  /** each instance's refusals as its metrics print them, by reason ("" for none) */
  const refused = () =>
    Promise.all(
      [a, b].map(async (t) =>
        (await (await fetch(`${t.url}/metrics`)).text())
          .split("\n")
          .filter((l) => l.startsWith('anxin_device_messages_refused_total{source="mqtt"'))
          .join("; "),
      ),
    );

  it("is ready with the broker", async () => {
    const r = await a.request<{ checks: Record<string, string> }>("GET", "/ready");
    expect(r.status).toBe(200);
    expect(r.body.checks).toMatchObject({ database: "ok", mqtt: "ok" });
  });

  it("turns a smoke alarm published to Mosquitto into a fire alarm", async () => {
    const { d, c } = await device(0);
    const m = uplink("smoke_alarm", { smoke: 650 });
    const before = await settle();
    await publish(c, `devices/${d.id}/up`, m.payload);
    await settle({ from: before, more: 1 });
    expect(await a.api.db.prisma.deviceEvent.count({ where: { deviceId: d.id, msgId: m.id } })).toBe(1);
    const alarm = await a.api.db.prisma.alarm.findFirst({
      where: { deviceId: d.id, kind: "FIRE", openSlot: "OPEN" },
    });
    expect(alarm?.status).toBe("ACTIVE");
  });

  it("splits the load between the instances and stores each message exactly once", async () => {
    // 50 a device: each instance refuses a device's messages past its burst (DEVICE_MSG_BURST, 60) as a
    // flood, and the broker's round robin may hand all of one device's messages to one instance (it did, in
    // CI: 4 of 300 refused as rate_limited when 100 a device were sent), so none may be over it here
    const devs = await Promise.all([1, 2, 3, 7, 8, 9].map((i) => device(i)));
    const ids: string[] = [];
    const before = await settle();
    await Promise.all(
      devs.map(async ({ d, c }) => {
        for (let i = 0; i < 50; i++) {
          const m = uplink("heartbeat", { battery: 90 });
          ids.push(m.id);
          await publish(c, `devices/${d.id}/up`, m.payload);
        }
      }),
    );
    const after = await settle({ from: before, more: 300 });
    expect(await refused()).toEqual(["", ""]);
    const perInstance = [after[0]! - before[0]!, after[1]! - before[1]!];
    expect(perInstance[0]! + perInstance[1]!).toBe(300);
    expect(perInstance[0]).toBeGreaterThan(0);
    expect(perInstance[1]).toBeGreaterThan(0);
    const stored = await a.api.db.prisma.deviceEvent.count({ where: { msgId: { in: ids } } });
    expect(stored).toBe(300);
  });

  it("refuses a wrong secret, and a device cannot publish to another device's topic", async () => {
    const d = a.demo.devices[4]!;
    await expect(connectDevice(deviceUrl, d.id, "wrong-secret")).rejects.toThrow(/Not authorized|Bad username/i);
    const { c } = await device(5);
    const victim = a.demo.devices[6]!;
    const m = uplink("smoke_alarm");
    await publish(c, `devices/${victim.id}/up`, m.payload).catch(() => undefined); // Mosquitto drops it silently
    await settle();
    expect(await a.api.db.prisma.deviceEvent.count({ where: { deviceId: victim.id, msgId: m.id } })).toBe(0);
  });
});
