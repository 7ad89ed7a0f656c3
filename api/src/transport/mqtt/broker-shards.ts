// The embedded broker in several processes (MQTT_BROKER_PROCESSES=N, issue 21 item 3). Every open connection is
// an open file, and a process may hold only so many (here 20,000, a hard limit no process can raise without
// CAP_SYS_RESOURCE): one broker, on the API's loop or its thread, can never hold a county's 100,000 devices.
// Here the API's process listens, accepts each connection and hands the socket to the broker process holding
// the fewest (as HTTP_WORKERS hands HTTP connections, scripts/http-workers.ts); the socket is then that
// process's open file, not this one's. Each broker process (broker-process.ts) is the broker thread's side
// (broker-side.ts) in a process: the same secret check, the same store-before-PUBACK through this process's
// ingest pipeline, the same restart when it dies (broker-thread.ts's BrokerThread, with a process as its peer).
// What the processes share goes through here:
//   - each address's open connections are counted here across the processes (a process reports each one's
//     end), so MQTT_MAX_CONNECTIONS_PER_ADDRESS holds as with one broker; the limit on connections not through
//     CONNECT yet is each process's own;
//   - a command to a device goes to every process running: aedes in the one the device is connected to (or
//     whose session keeps it) delivers it, the others have no subscriber and drop it;
//   - the connected count and /ready are the sum and the all of theirs.
// Fire first across the hop as on the thread, except the door: shared memory does not cross processes, so a
// fire message goes over the channel at once, ahead of the routine ones, and is submitted as it arrives.
// Off by default: one broker thread serves a county up to its file limit with the door's shorter path.
import { EventEmitter } from "node:events";
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { BrokerHooks } from "./broker-core.ts";
import {
  BrokerThread,
  type BrokerPeer,
  type BrokerThreadOptions,
  type BrokerWorkerData,
  type ToBroker,
} from "./broker-thread.ts";
import { localHooks, type EmbeddedBroker } from "./embedded-broker.ts";
import type { ToBrokerProcess } from "./broker-process.ts";

const EXIT_LIMIT_MS = 5000;

/** dist/mqtt-broker-process.js beside a compiled main (scripts/build.ts), else the source through tsx. */
function processEntry(): { file: string; execArgv: string[] } {
  const main = process.argv[1] ? path.resolve(process.argv[1]) : "";
  const built = path.join(path.dirname(main), "mqtt-broker-process.js");
  if (main.endsWith(".js") && existsSync(built)) return { file: built, execArgv: process.execArgv };
  const tsx = process.execArgv.some((a) => a.includes("tsx"));
  return {
    file: path.join(import.meta.dirname, "broker-process.ts"),
    execArgv: tsx ? process.execArgv : [...process.execArgv, "--import", "tsx"],
  };
}

/** A broker process as the broker thread's peer: batches both ways over its channel, sockets handed over it. */
export class ProcessPeer extends EventEmitter implements BrokerPeer {
  readonly child: ChildProcess;

  constructor(data: BrokerWorkerData, shard: number) {
    super();
    const entry = processEntry();
    this.child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (batch: unknown) => {
      if (Array.isArray(batch)) this.emit("message", batch);
    });
    this.child.on("error", (e) => this.emit("error", e));
    this.child.once("exit", (code) => this.emit("exit", code ?? 1));
    this.send({ t: "init", data, shard });
  }

  private send(m: ToBroker[] | ToBrokerProcess, handle?: net.Socket, done?: (err: Error | null) => void): void {
    if (!this.child.connected) return done?.(new Error("the broker process has gone"));
    this.child.send(m, handle, {}, (err) => done?.(err ?? null));
  }

  postMessage(batch: ToBroker[]): void {
    this.send(batch);
  }

  hand(socket: net.Socket, done: (err: Error | null) => void): void {
    this.send({ t: "socket" }, socket, done);
  }

  async terminate(): Promise<void> {
    const c = this.child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once("exit", () => resolve()));
    c.kill("SIGTERM");
    const limit = setTimeout(() => c.kill("SIGKILL"), EXIT_LIMIT_MS);
    await exited;
    clearTimeout(limit);
  }
}

export interface BrokerShardsOptions extends BrokerThreadOptions {
  /** broker processes (1-16) */
  processes: number;
  /** how each is started (tests); default a ProcessPeer */
  startProcess?: (data: BrokerWorkerData, shard: number) => BrokerPeer;
}

class BrokerShards implements EmbeddedBroker {
  port = 0;
  private readonly shards: BrokerThread[] = [];
  /** each process's open connections by address, as handed and reported gone */
  private readonly open: Map<string, number>[] = [];
  /** each process's open connections (the sum of its map) */
  private readonly held: number[] = [];
  private readonly clients: number[] = [];
  private server: net.Server | null = null;

  constructor(
    private readonly o: BrokerShardsOptions,
    private readonly hooks: BrokerHooks,
  ) {
    for (let i = 0; i < o.processes; i++) {
      this.open.push(new Map());
      this.held.push(0);
      this.clients.push(0);
      const start = o.startProcess ?? ((data: BrokerWorkerData, shard: number) => new ProcessPeer(data, shard));
      this.shards.push(
        new BrokerThread(
          {
            ...o,
            listen: false,
            fireDoor: false,
            name: `MQTT broker process ${i}`,
            start: (data) => start(data, i),
            onGone: (address) => this.gone(i, address),
            onDown: () => this.down(i),
          },
          {
            ...hooks,
            clients: (n) => {
              this.clients[i] = n;
              hooks.clients(this.connected());
            },
          },
        ),
      );
    }
  }

  async start(): Promise<void> {
    try {
      await Promise.all(this.shards.map((s) => s.start()));
      const server = net.createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
      this.server = server;
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(
          { port: this.o.port, host: this.o.host, ...(this.o.backlog ? { backlog: this.o.backlog } : {}) },
          resolve,
        );
      });
      this.port = (server.address() as AddressInfo).port;
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  private addressTotal(address: string): number {
    let n = 0;
    for (const m of this.open) n += m.get(address) ?? 0;
    return n;
  }

  private count(i: number, address: string, by: 1 | -1): void {
    const m = this.open[i]!;
    const n = (m.get(address) ?? 0) + by;
    if (n < 0) return; // a process started again reports no end it was not handed
    if (n === 0) m.delete(address);
    else m.set(address, n);
    this.held[i] = this.held[i]! + by;
  }

  private accept(socket: net.Socket): void {
    socket.on("error", () => undefined); // a client gone before the hand-over: nothing to answer
    const address = socket.remoteAddress ?? "unknown";
    if (this.addressTotal(address) >= this.o.guard.maxPerAddress) {
      this.hooks.refused("too_many_connections");
      socket.destroy();
      return;
    }
    // the running process holding the fewest
    let pick = -1;
    for (let i = 0; i < this.shards.length; i++)
      if (this.shards[i]!.ready() && (pick < 0 || this.held[i]! < this.held[pick]!)) pick = i;
    if (pick < 0) return this.notHanded(socket, "no broker process is running"); // it connects again later
    this.count(pick, address, 1);
    const handed = this.shards[pick]!.hand(socket, (err) => {
      if (!err) return;
      this.count(pick, address, -1);
      this.notHanded(socket, err.message);
    });
    if (!handed) {
      this.count(pick, address, -1);
      this.notHanded(socket, "the broker process stopped");
    }
  }

  private lastWarned = 0;
  /** A connection no broker process took: closed (the device connects again), said at most every 10 s. */
  private notHanded(socket: net.Socket, why: string): void {
    socket.destroy();
    const now = Date.now();
    if (now - this.lastWarned < 10_000) return;
    this.lastWarned = now;
    this.o.log.warn({ why }, "an MQTT connection was closed before a broker process took it");
  }

  private gone(i: number, address: string): void {
    this.count(i, address, -1);
  }

  private down(i: number): void {
    this.open[i]!.clear();
    this.held[i] = 0;
    this.clients[i] = 0;
    this.hooks.clients(this.connected());
  }

  connected(): number {
    return this.clients.reduce((a, b) => a + b, 0);
  }

  ready(): boolean {
    return this.server !== null && this.shards.every((s) => s.ready());
  }

  /** DownlinkPort: to every running process; done once each has it (only the device's own delivers it) */
  async send(deviceId: string, payload: Record<string, unknown>): Promise<void> {
    const running = this.shards.filter((s) => s.ready());
    if (!running.length) throw new Error("no MQTT broker process is running");
    const results = await Promise.allSettled(running.map((s) => s.send(deviceId, payload)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed && results.every((r) => r.status === "rejected")) throw failed.reason as Error;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all(this.shards.map((s) => s.close()));
  }
}

export async function startBrokerShards(opts: BrokerShardsOptions): Promise<EmbeddedBroker> {
  const shards = new BrokerShards(opts, localHooks(opts));
  await shards.start();
  opts.log.info({ port: shards.port, processes: opts.processes }, "embedded MQTT broker listening (in processes)");
  return shards;
}
