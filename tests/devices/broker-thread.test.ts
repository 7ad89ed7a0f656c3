// The embedded broker on a thread of its own (MQTT_BROKER_THREAD, issue 21): stored before acknowledged across
// the hop, fire first in what crosses it, a dead thread started again with nothing acknowledged lost, commands
// down, the counts in the API's metrics, and a port that is taken refused at start.
import { EventEmitter } from "node:events";
import net from "node:net";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import type { MqttClient } from "mqtt";
import { createLogger } from "../../api/src/shared/logger.ts";
import { Metrics } from "../../api/src/shared/metrics.ts";
import { hashDeviceSecret } from "../../api/src/modules/devices/device-secrets.ts";
import type { DeviceDirectory } from "../../api/src/modules/devices/device-directory.ts";
import type { IngestPipeline } from "../../api/src/modules/devices/ingest-pipeline.ts";
import {
  startBrokerThread,
  startBrokerWorker,
  type BrokerThreadOptions,
  type BrokerWorkerData,
  type FromBroker,
  type ToBroker,
} from "../../api/src/transport/mqtt/broker-thread.ts";
import type { EmbeddedBroker } from "../../api/src/transport/mqtt/embedded-broker.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { until } from "../support/until.ts";
import { ringFireDoor } from "../../api/src/shared/fire-door.ts";

const log = createLogger("silent");
const SECRET = "s3cret-of-the-device";
const devices = new Map([
  ["DEV00001", { id: "DEV00001", secretHash: hashDeviceSecret(SECRET) }],
  ["DEV00002", { id: "DEV00002", secretHash: hashDeviceSecret(SECRET) }],
]);
const directory = {
  peek: (id: string) => devices.get(id) ?? null,
  get: async (id: string) => devices.get(id) ?? null,
} as unknown as DeviceDirectory;

/** A pipeline whose stores the test settles: each submit waits in `held` until released. */
function heldPipeline() {
  const held: { deviceId: string; text: string; release: (ok?: boolean) => void }[] = [];
  /** called as each message is submitted (a test rings the fire door from there) */
  const hooks: { onSubmit?: (text: string) => void } = {};
  const pipeline = {
    submit: (deviceId: string, payload: Buffer | string) =>
      new Promise<void>((resolve, reject) => {
        const text = typeof payload === "string" ? payload : payload.toString("utf8");
        held.push({ deviceId, text, release: (ok = true) => (ok ? resolve() : reject(new Error("not stored"))) });
        hooks.onSubmit?.(text);
      }),
  } as unknown as IngestPipeline;
  return { held, pipeline, hooks };
}

const guard = { maxPerAddress: 100, maxPendingPerAddress: 20, maxConnectBytes: 1024, maxPacketBytes: 8192 };
function options(pipeline: IngestPipeline, more: Partial<BrokerThreadOptions> = {}): BrokerThreadOptions {
  return {
    host: "127.0.0.1",
    port: 0,
    guard,
    connectTimeoutMs: 5000,
    directory,
    pipeline,
    metrics: new Metrics(),
    log,
    logLevel: "silent",
    ...more,
  };
}

const open: { broker?: EmbeddedBroker; clients: MqttClient[] } = { clients: [] };
afterEach(async () => {
  for (const c of open.clients.splice(0)) c.end(true);
  await open.broker?.close();
  delete open.broker;
});

describe("the broker thread", () => {
  it("acknowledges a message only once the API's side has stored it", async () => {
    const { held, pipeline } = heldPipeline();
    const broker = (open.broker = await startBrokerThread(options(pipeline)));
    const c = await connectDevice(`mqtt://127.0.0.1:${broker.port}`, "DEV00001", SECRET);
    open.clients.push(c);
    const m = uplink("heartbeat", { battery: 90 });
    let acked = false;
    const done = publish(c, "devices/DEV00001/up", m.payload).then(() => (acked = true));
    await until("the message on the API's side", () => held.length === 1);
    expect(held[0]).toMatchObject({ deviceId: "DEV00001", text: m.payload });
    await new Promise((r) => setTimeout(r, 300));
    expect(acked).toBe(false); // not stored yet: no PUBACK
    held[0]!.release();
    await done;
    expect(acked).toBe(true);
    await until("the connected count", () => broker.connected() === 1);
  });

  it("refuses a wrong secret and an unknown device, counted in the API's metrics", async () => {
    const { pipeline } = heldPipeline();
    const metrics = new Metrics();
    const broker = (open.broker = await startBrokerThread(options(pipeline, { metrics })));
    const url = `mqtt://127.0.0.1:${broker.port}`;
    await expect(connectDevice(url, "DEV00001", "wrong")).rejects.toThrow(/Not authorized/i);
    await expect(connectDevice(url, "NOPE0000", SECRET)).rejects.toThrow(/Not authorized/i);
    await expect(connectDevice(url, "DEV00002", "")).rejects.toThrow(/Not authorized/i);
    const counts = async () =>
      Object.fromEntries(
        (await metrics.authFailures.get()).values.map((v) => [String(v.labels.reason), v.value] as const),
      );
    // the thread posts its counts once a turn of its loop: they arrive soon after the refusal
    const end = Date.now() + 10_000;
    const total = async () => Object.values(await counts()).reduce((a, b) => a + b, 0);
    while ((await total()) < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(await counts()).toEqual({ wrong_secret: 2, unknown_device: 1 });
  });

  it("sends a command down to the device", async () => {
    const { pipeline } = heldPipeline();
    const broker = (open.broker = await startBrokerThread(options(pipeline)));
    const c = await connectDevice(`mqtt://127.0.0.1:${broker.port}`, "DEV00002", SECRET);
    open.clients.push(c);
    await c.subscribeAsync("devices/DEV00002/down", { qos: 1 });
    const got = new Promise<string>((resolve) => c.once("message", (_t, p) => resolve(p.toString())));
    await broker.send("DEV00002", { cmd: "silence", id: "c1" });
    expect(JSON.parse(await got)).toEqual({ cmd: "silence", id: "c1" });
  });

  it("refuses a command asked for while it closes, rather than leaving its sender waiting", async () => {
    const { pipeline } = heldPipeline();
    const broker = await startBrokerThread(options(pipeline));
    const closing = broker.close();
    // a linkage run sending a sounder its command as the API shuts down: told, so the run ends and close() too
    await expect(broker.send("DEV00002", { cmd: "sounder_on", id: "c2" })).rejects.toThrow(/not running/);
    await closing;
    await expect(broker.send("DEV00002", { cmd: "sounder_on", id: "c3" })).rejects.toThrow(/not running/);
  });

  it("starts a thread that died again; the device sends what was not acknowledged, and it is stored", async () => {
    const { held, pipeline } = heldPipeline();
    const threads: Worker[] = [];
    const start = (data: BrokerWorkerData) => {
      const w = startBrokerWorker(data);
      threads.push(w);
      return w;
    };
    const broker = (open.broker = await startBrokerThread(options(pipeline, { start, restartMs: 50 })));
    const port = broker.port;
    const c = await connectDevice(`mqtt://127.0.0.1:${port}`, "DEV00001", SECRET, { reconnect: true });
    open.clients.push(c);
    const m = uplink("smoke_alarm", { smoke: 640 });
    const done = publish(c, "devices/DEV00001/up", m.payload);
    await until("the fire on the API's side", () => held.length === 1);
    await threads[0]!.terminate(); // the thread dies before the store answers: no PUBACK was sent
    held[0]!.release(); // its answer goes nowhere
    await until("a second thread", () => threads.length === 2 && broker.ready());
    expect(broker.port).toBe(port); // the same port: devices come back where they were
    await until("the message sent again", () => held.length === 2);
    expect(held[1]).toMatchObject({ deviceId: "DEV00001", text: m.payload });
    held[1]!.release();
    await done; // acknowledged now, after the second store
  });

  it("refuses to start on a port that is taken, and does not try again", async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as net.AddressInfo).port;
    const threads: Worker[] = [];
    const start = (data: BrokerWorkerData) => {
      const w = startBrokerWorker(data);
      threads.push(w);
      return w;
    };
    try {
      const { pipeline } = heldPipeline();
      await expect(startBrokerThread(options(pipeline, { port, start, restartMs: 20 }))).rejects.toThrow(/EADDRINUSE/);
      await new Promise((r) => setTimeout(r, 300));
      expect(threads).toHaveLength(1);
    } finally {
      taken.close();
    }
  });
});

/** `n` routine messages from one device, as the thread hands them over (seq 1..n, "routine 0".."routine n-1") */
const routineStores = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    t: "store" as const,
    seq: i + 1,
    deviceId: "DEV00002",
    text: `routine ${i}`,
    fire: false,
  }));

/** A stand-in for the thread: what the API's side posts, and batches the test sends as the thread. */
class FakeThread extends EventEmitter {
  posted: ToBroker[][] = [];
  postMessage(batch: ToBroker[]): void {
    this.posted.push(batch);
  }
  terminate(): Promise<number> {
    setImmediate(() => this.emit("exit", 0));
    return Promise.resolve(0);
  }
  batch(b: FromBroker[]): void {
    this.emit("message", b);
  }
}

describe("the broker thread's API side", () => {
  it("submits fire messages as they arrive, routine ones a few hundred a turn behind them, and answers in one batch", async () => {
    const { held, pipeline } = heldPipeline();
    const fake = new FakeThread();
    const starting = startBrokerThread(options(pipeline, { start: () => fake as unknown as Worker }));
    fake.batch([{ t: "listening", port: 1883 }]);
    const broker = (open.broker = await starting);
    const routine = routineStores(600);
    fake.batch([
      ...routine.slice(0, 300),
      { t: "store", seq: 1001, deviceId: "DEV00001", text: "fire 1", fire: true },
      ...routine.slice(300),
    ]);
    // the fire at once; a second one, arriving in the thread's next batch, before the routine ones still waiting
    expect(held.map((h) => h.text)).toEqual(["fire 1"]);
    fake.batch([{ t: "store", seq: 1002, deviceId: "DEV00001", text: "fire 2", fire: true }]);
    expect(held.map((h) => h.text)).toEqual(["fire 1", "fire 2"]);
    await new Promise((r) => setImmediate(r));
    expect(held.length).toBeGreaterThan(2);
    expect(held.length).toBeLessThan(602); // a turn's worth, not all 600
    for (let turn = 0; turn < 10 && held.length < 602; turn++) await new Promise((r) => setImmediate(r));
    expect(held.map((h) => h.text)).toEqual(["fire 1", "fire 2", ...routine.map((r) => r.text)]); // in order
    for (const h of held) h.release();
    await new Promise((r) => setImmediate(r));
    const answers = fake.posted.flat().filter((m) => m.t === "stored");
    expect(answers).toHaveLength(602);
    expect(fake.posted.filter((b) => b.some((m) => m.t === "stored"))).toHaveLength(1);
    expect(broker.ready()).toBe(true);
    // closing: the thread is asked to close and answers
    const closing = broker.close();
    fake.batch([{ t: "closed" }]);
    await closing;
    delete open.broker;
    expect(fake.posted.flat().some((m) => m.t === "close")).toBe(true);
  });

  it("takes a fire rung at its door between the routine messages it lets in, and answers it", async () => {
    const { held, pipeline, hooks } = heldPipeline();
    const fake = new FakeThread();
    let door: BrokerWorkerData["fireDoor"];
    const starting = startBrokerThread(
      options(pipeline, {
        start: (data) => {
          door = data.fireDoor;
          return fake as unknown as Worker;
        },
      }),
    );
    fake.batch([{ t: "listening", port: 1883 }]);
    const broker = (open.broker = await starting);
    expect(door).toBeDefined();
    const routine = routineStores(100);
    fake.batch(routine);
    // the thread rings while the API's side lets the routine messages in (the 10th of the turn's)
    hooks.onSubmit = (text) => {
      if (text === "routine 9")
        ringFireDoor(door!, { t: "store", seq: 1001, deviceId: "DEV00001", text: "fire", fire: true });
    };
    for (let turn = 0; turn < 10 && held.length < 101; turn++) await new Promise((r) => setImmediate(r));
    const texts = held.map((h) => h.text);
    expect(texts.indexOf("fire")).toBe(texts.indexOf("routine 9") + 1); // not after the turn's 100
    expect(texts.filter((t) => t === "fire")).toHaveLength(1);
    for (const h of held) h.release();
    await new Promise((r) => setImmediate(r));
    expect(fake.posted.flat()).toContainEqual({ t: "stored", seq: 1001 });
    const closing = broker.close();
    fake.batch([{ t: "closed" }]);
    await closing;
    delete open.broker;
  });

  it("answers a store that failed with its reason, so the thread sends no PUBACK", async () => {
    const { held, pipeline } = heldPipeline();
    const fake = new FakeThread();
    const starting = startBrokerThread(options(pipeline, { start: () => fake as unknown as Worker }));
    fake.batch([{ t: "listening", port: 1883 }]);
    open.broker = await starting;
    fake.batch([{ t: "store", seq: 7, deviceId: "DEV00001", text: "x", fire: false }]);
    await new Promise((r) => setImmediate(r)); // routine: submitted in the next turn
    held[0]!.release(false);
    await new Promise((r) => setImmediate(r));
    expect(fake.posted.flat()).toContainEqual({ t: "stored", seq: 7, error: "not stored" });
    const closing = open.broker.close();
    fake.batch([{ t: "closed" }]);
    await closing;
    delete open.broker;
  });
});
