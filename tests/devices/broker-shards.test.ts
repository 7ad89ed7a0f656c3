// The embedded broker in processes (MQTT_BROKER_PROCESSES, transport/mqtt/broker-shards.ts, issue 21 item 3):
// the connections are the broker processes' open files, not the API's; each address's connections are counted
// across the processes; a process that dies is started again and its devices' messages are stored once back.
// (Storing before PUBACK, refusals, commands and the rest run in processes in embedded-broker.test.ts.)
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import mqtt, { type MqttClient } from "mqtt";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { connectDevice, publish, uplink } from "../support/devices.ts";
import { until } from "../support/until.ts";

let t: TestApi;
let url: string;
let closedAlready = false;
const clients: MqttClient[] = [];

async function device(index: number, reconnect = false) {
  const d = t.demo.devices[index]!;
  const c = await connectDevice(url, d.id, d.secret, { reconnect });
  clients.push(c);
  return { d, c };
}

/** the broker processes this process forked (their command line names broker-process) */
function brokerProcesses(): number[] {
  const pids: number[] = [];
  for (const task of readdirSync("/proc/self/task")) {
    let children = "";
    try {
      children = readFileSync(`/proc/self/task/${task}/children`, "utf8");
    } catch {
      continue;
    }
    for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("broker-process")) pids.push(pid);
      } catch {
        /* gone */
      }
    }
  }
  return pids;
}

/** the sockets of the devices' connections, the broker's side: established, local port the broker's */
function brokerSideSockets(): Set<string> {
  const port = t.api.mqtt.port!.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length > 9 && f[1]!.endsWith(`:${port}`) && f[3] === "01") inodes.add(f[9]!);
  }
  return inodes;
}

/** how many of `inodes` a process holds open */
function held(pid: number, inodes: Set<string>): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) n++;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}

/** whether an MQTT connection is taken (CONNACK) or not (closed, refused), within 5 s */
async function admitted(index: number): Promise<boolean> {
  const d = t.demo.devices[index]!;
  const c = mqtt.connect(url, {
    clientId: d.id,
    username: d.id,
    password: d.secret,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  clients.push(c);
  return new Promise<boolean>((resolve) => {
    c.once("connect", () => resolve(true));
    c.once("close", () => resolve(false));
    c.once("error", () => resolve(false));
  });
}

async function metric(name: string): Promise<string> {
  return (await fetch(`${t.url}/metrics`)).text().then((text) => {
    const line = text.split("\n").find((l) => l.startsWith(name));
    return line ?? "";
  });
}

const refusedTooMany = async () =>
  Number(/ (\d+)$/.exec(await metric('anxin_mqtt_connections_refused_total{reason="too_many_connections"}'))?.[1] ?? 0);
/** whether any connection is still counted (a probe not yet reported gone): the broker's side sockets */
const placesTaken = async () => brokerSideSockets().size > 0;
const connected = async () => Number(/ (\d+)$/.exec(await metric("anxin_connected_devices "))?.[1] ?? NaN);

describe("embedded broker in two processes", () => {
  beforeAll(async () => {
    t = await startTestApi({
      env: { MQTT_BROKER_PROCESSES: "2", MQTT_MAX_CONNECTIONS_PER_ADDRESS: "3" },
    });
    url = `mqtt://127.0.0.1:${t.api.mqtt.port}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.end(true);
    if (!closedAlready) await until("no device connected", async () => (await connected()) === 0);
  });
  afterAll(async () => {
    if (!closedAlready) await t?.close();
  });

  it("runs two broker processes, each holding some of the devices' connections, none held by the API", async () => {
    const pids = brokerProcesses();
    expect(pids).toHaveLength(2);
    for (let i = 0; i < 3; i++) await device(i);
    await until("3 devices connected", async () => (await connected()) === 3);
    const sockets = brokerSideSockets();
    expect(sockets.size).toBe(3);
    // the API's process (this one: the devices' own ends are here too, on other ports) holds none of them
    expect(held(process.pid, sockets)).toBe(0);
    const counts = pids.map((pid) => held(pid, sockets));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1); // the one holding the fewest is handed the next
  });

  it("counts an address's connections across the processes, and frees a place when one ends", async () => {
    for (let i = 0; i < 3; i++) await device(i);
    const refusedBefore = await refusedTooMany();
    // the fourth from 127.0.0.1 is over MQTT_MAX_CONNECTIONS_PER_ADDRESS=3, though neither process holds 3
    expect(await admitted(3)).toBe(false);
    expect(await refusedTooMany()).toBe(refusedBefore + 1);
    clients.shift()!.end(true);
    await until("2 devices connected", async () => (await connected()) === 2);
    // its end was reported by the process that held it: the place is free again
    const { d, c } = await device(3);
    const m = uplink("heartbeat", { battery: 80 });
    await publish(c, `devices/${d.id}/up`, m.payload);
    expect(await t.api.db.prisma.deviceEvent.count({ where: { deviceId: d.id, msgId: m.id } })).toBe(1);
  });

  // a connection reset right after the API accepted it, before (or while) a process took it: its address's
  // place must come back, or a carrier address with many devices behind it is refused for good
  it("frees the places of connections reset before a broker process took them", async () => {
    const addresses = Array.from({ length: 60 }, (_, i) => `127.0.1.${i + 1}`);
    const open = (localAddress: string) => net.connect({ port: t.api.mqtt.port!, host: "127.0.0.1", localAddress });
    for (let round = 0; round < 3; round++) {
      const sockets = addresses.flatMap((a) => [open(a), open(a), open(a)]);
      await Promise.all(
        sockets.map(
          (s, i) =>
            new Promise<void>((resolve) => {
              s.on("error", () => resolve());
              s.on("close", () => resolve());
              s.once("connect", () => setTimeout(() => s.resetAndDestroy(), i % 4));
            }),
        ),
      );
    }
    // each address has its three places again: three more from each are not refused
    await until("the resets' places freed", async () => {
      const before = await refusedTooMany();
      const again = addresses.flatMap((a) => [open(a), open(a), open(a)]);
      await Promise.all(again.map((s) => new Promise((r) => s.once("connect", r).once("error", r))));
      await new Promise((r) => setTimeout(r, 300));
      const refused = (await refusedTooMany()) - before;
      again.forEach((s) => s.destroy());
      await until("the probes gone", async () => (await connected()) === 0 && !(await placesTaken()));
      return refused === 0;
    });
  });

  it("sends a command through the process the device is connected to, and fails one to a device connected to none", async () => {
    const { d, c } = await device(0);
    const got = new Promise<string>((resolve) => c.on("message", (_topic, payload) => resolve(payload.toString())));
    await new Promise<void>((resolve, reject) =>
      c.subscribe(`devices/${d.id}/down`, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
    );
    await t.api.services.devices.downlink!.send(d.id, { cmd: "self_test", id: "c-1" });
    expect(JSON.parse(await got)).toMatchObject({ cmd: "self_test", id: "c-1" });
    const offline = t.demo.devices[5]!;
    await expect(t.api.services.devices.downlink!.send(offline.id, { cmd: "self_test", id: "c-2" })).rejects.toThrow(
      /not connected/,
    );
  });

  it("starts a broker process that died again; its devices come back and their messages are stored", async () => {
    const { d, c } = await device(0, true);
    await device(1, true);
    await until("2 devices connected", async () => (await connected()) === 2);
    const sockets = brokerSideSockets();
    const [victim] = brokerProcesses().filter((pid) => held(pid, sockets) > 0);
    process.kill(victim!, "SIGKILL");
    await until("a new broker process in its place", () => {
      const now = brokerProcesses();
      return now.length === 2 && !now.includes(victim!);
    });
    await until("both devices back", async () => (await connected()) === 2 && c.connected, 20_000);
    const m = uplink("smoke_alarm", { smoke: 640 });
    await publish(c, `devices/${d.id}/up`, m.payload);
    expect(await t.api.db.prisma.deviceEvent.count({ where: { deviceId: d.id, msgId: m.id } })).toBe(1);
    // ready again once the new process listens too (until then /ready says one is starting again)
    await until("ready again", async () => (await fetch(`${t.url}/ready`)).status === 200);
  });

  // last: it closes the API. A device still connected must not hold the close (the server's close waits for
  // every connection it handed over, which end only once the processes close)
  it("closes with devices still connected, and its broker processes with it", async () => {
    await device(0);
    await device(1);
    await until("2 devices connected", async () => (await connected()) === 2);
    closedAlready = true;
    const closed = t.close().then(() => "closed");
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r("still closing"), 15_000))])).toBe(
      "closed",
    );
    expect(brokerProcesses()).toEqual([]);
    clients.splice(0).forEach((c) => c.end(true));
  });
});
