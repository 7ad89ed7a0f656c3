// Issue 12 item 6, the device side, as the attacks: clients that never send CONNECT made the embedded broker
// buffer huge packets (8 connections: 1.25 GB), and one device stored 200,000 messages in 30 s. Now packets
// over the limit are refused on their first bytes, connections per address are capped, and routine messages
// over a device's rate are refused and counted, while its fire alarms always get through.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { within } from "../support/api-child.ts";

const BOUND_MS = 10_000; // a hang detector, not a performance figure: generous for a busy machine
const PENDING = 5;
const BURST = 20;

let t: TestApi;
const clients: MqttClient[] = [];

beforeAll(async () => {
  t = await startTestApi({
    env: {
      MQTT_MAX_PENDING_PER_ADDRESS: String(PENDING),
      DEVICE_MSG_BURST: String(BURST),
      DEVICE_MSG_PER_MIN: "60",
    },
  });
});
afterAll(async () => {
  for (const c of clients) c.end(true);
  await t?.close();
});

const port = () => t.api.mqtt.port!;

function rawSocket(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port(), "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

/** Resolves when the server closes the socket; `sent` counts the bytes we managed to write until then. */
function closedByServer(s: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed) return resolve();
    s.once("close", () => resolve());
  });
}

async function refusedCount(reason: string): Promise<number> {
  const text = await t.api.services.metrics.registry.getSingleMetricAsString("anxin_mqtt_connections_refused_total");
  return Number(new RegExp(`reason="${reason}"} (\\d+)`).exec(text)?.[1] ?? 0);
}

/**
 * The refusals counted so far, once they reach `atLeast` (or the bound passes): the broker runs on a thread of
 * its own and hands its counts to the API's metrics after the socket is closed, not before.
 */
async function refusedReaching(reason: string, atLeast: number): Promise<number> {
  const end = Date.now() + BOUND_MS;
  let n = await refusedCount(reason);
  while (n < atLeast && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    n = await refusedCount(reason);
  }
  return n;
}

describe("the embedded broker before CONNECT (issue 12 item 6)", () => {
  it("the attack: 8 clients announce 256 MB packets and stream junk without CONNECT; each is cut off on its first bytes", async () => {
    const sockets = await Promise.all(Array.from({ length: 8 }, () => rawSocket()));
    const junk = Buffer.alloc(256 * 1024, 0x41);
    for (const s of sockets) {
      s.on("error", () => undefined); // the server hangs up mid-write
      s.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])); // CONNECT, remaining length 268,435,455
      for (let i = 0; i < 4; i++) s.write(junk);
    }
    await within(BOUND_MS, "the server closing the connections", Promise.all(sockets.map((s) => closedByServer(s))));
    // each is refused and counted: for its packet, or (the file allows 5 silent connections an address) as one
    // connection too many when the broker accepted them all before any bytes came, as its own thread may
    const counted = async () => (await refusedCount("oversized")) + (await refusedCount("too_many_pending"));
    const end = Date.now() + BOUND_MS;
    while ((await counted()) < 8 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(await counted()).toBeGreaterThanOrEqual(8);
    expect(await refusedCount("oversized")).toBeGreaterThanOrEqual(5);
  });

  it("a first packet that is not CONNECT is refused", async () => {
    const s = await rawSocket();
    s.on("error", () => undefined);
    s.write(Buffer.from([0x30, 0x05, 0x00, 0x01, 0x61, 0x62, 0x63])); // PUBLISH before CONNECT
    await within(BOUND_MS, "the server closing the connection", closedByServer(s));
    expect(await refusedReaching("no_connect_first", 1)).toBeGreaterThanOrEqual(1);
  });

  it(`an address with ${PENDING} connections still silent gets no more until they go; then devices connect as usual`, async () => {
    const idle = await Promise.all(Array.from({ length: PENDING }, () => rawSocket()));
    const extra = await rawSocket();
    extra.on("error", () => undefined);
    await within(BOUND_MS, "the server closing the extra connection", closedByServer(extra));
    expect(await refusedReaching("too_many_pending", 1)).toBeGreaterThanOrEqual(1);
    for (const s of idle) s.destroy();
    await new Promise((r) => setTimeout(r, 200)); // the server notices the closes
    const d = t.demo.devices[0]!;
    const c = await connectDevice(`mqtt://127.0.0.1:${port()}`, d.id, d.secret);
    clients.push(c);
    await within(BOUND_MS, "a device's PUBACK", publish(c, `devices/${d.id}/up`, uplink("heartbeat").payload));
  });
});

describe("a device that floods (issue 12 item 6)", () => {
  it("routine messages over the device's rate are refused and counted; every smoke alarm is stored", async () => {
    const d = t.demo.devices.find((x) => x.address) ?? t.demo.devices[1]!;
    const c = await connectDevice(`mqtt://127.0.0.1:${port()}`, d.id, d.secret);
    clients.push(c);
    const prisma = t.api.db.prisma;
    const before = await prisma.deviceEvent.count({ where: { deviceId: d.id } });
    const fires: string[] = [];
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const m = i % 60 === 59 ? uplink("smoke_alarm", { smoke: 650 }) : uplink("heartbeat", { battery: 90 });
      if (i % 60 === 59) fires.push(m.id);
      sends.push(publish(c, `devices/${d.id}/up`, m.payload)); // every one acknowledged, stored or refused
    }
    await within(20_000, "300 PUBACKs", Promise.all(sends));
    const stored = (await prisma.deviceEvent.count({ where: { deviceId: d.id } })) - before;
    const firesStored = await prisma.deviceEvent.count({ where: { deviceId: d.id, msgId: { in: fires } } });
    expect(firesStored).toBe(fires.length);
    // the burst, the few tokens refilled while the test ran (1 a second), and the fire alarms
    expect(stored).toBeLessThanOrEqual(BURST + 30 + fires.length);
    const refused = await t.api.services.metrics.registry.getSingleMetricAsString(
      "anxin_device_messages_refused_total",
    );
    expect(Number(/reason="rate_limited"} (\d+)/.exec(refused)?.[1] ?? 0)).toBe(300 - stored);
  });
});
