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
//   - a command to a device is published by the process the device is connected to; none holding it fails the
//     command, which then waits for the resend sweep (no process keeps a sleeping device's session: it may come
//     back to another);
//   - the connected count is the sum of theirs; /ready holds while any of them runs.
// Fire first across the hop as on the thread, except the door: shared memory does not cross processes, so a
// fire message goes over the channel at once, ahead of the routine ones, and is submitted as it arrives.
// Off by default: one broker thread serves a county up to its file limit with the door's shorter path.
import { EventEmitter } from "node:events";
import { fork, type ChildProcess } from "node:child_process";
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
import { NOT_CONNECTED_HERE } from "./broker-side.ts";
import { forkEntry } from "../../shared/worker-thread.ts";
import { BATCH_FD, jsonLines, type ToBrokerProcess } from "./process-wire.ts";
import type { Duplex } from "node:stream";

const EXIT_LIMIT_MS = 5000;

/**
 * A broker process as the broker thread's peer: the batches both ways on a pipe of their own (JSON lines), the
 * sockets over Node's IPC channel (broker-process.ts says why two).
 */
export class ProcessPeer extends EventEmitter implements BrokerPeer {
  readonly child: ChildProcess;
  private readonly pipe: Duplex;

  constructor(data: BrokerWorkerData, shard: number) {
    super();
    const entry = forkEntry("mqtt-broker-process.js", path.join(import.meta.dirname, "broker-process.ts"));
    this.child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc", "pipe"],
    });
    this.pipe = this.child.stdio[BATCH_FD] as Duplex;
    this.pipe.on("error", () => undefined); // the process gone: its exit says so
    jsonLines(this.pipe, (batch) => this.emit("message", batch));
    this.child.on("error", (e) => this.emit("error", e));
    this.child.once("exit", (code) => this.emit("exit", code ?? 1));
    this.child.send({ t: "init", data, shard } satisfies ToBrokerProcess, undefined, {}, () => undefined);
  }

  postMessage(batch: ToBroker[]): void {
    if (!this.pipe.destroyed) this.pipe.write(`${JSON.stringify(batch)}\n`);
  }

  hand(socket: net.Socket, done: (err: Error | null) => void): void {
    if (!this.child.connected) return done(new Error("the broker process has gone"));
    const address = socket.remoteAddress ?? "unknown";
    this.child.send({ t: "socket", address } satisfies ToBrokerProcess, socket, {}, (err) => done(err ?? null));
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

  /**
   * Devices can connect while any process runs: a new connection goes to one that does, and the devices of one
   * being started again connect to the others (a process that keeps dying does not take the instance's HTTP out
   * of a load balancer's rotation).
   */
  ready(): boolean {
    return this.server !== null && this.shards.some((s) => s.ready());
  }

  /**
   * DownlinkPort: to the process the device is connected to. Each running process is asked and only the one
   * holding the device publishes it; none holding it is a failure, so the command waits for the resend sweep
   * (docs/device-protocol.md): no process keeps a sleeping device's session, since it may come back to another.
   */
  async send(deviceId: string, payload: Record<string, unknown>): Promise<void> {
    const running = this.shards.filter((s) => s.ready());
    if (!running.length) throw new Error("no MQTT broker process is running");
    const results = await Promise.allSettled(running.map((s) => s.send(deviceId, payload, true)));
    if (results.some((r) => r.status === "fulfilled")) return;
    const failed = results.find(
      (r): r is PromiseRejectedResult => r.status === "rejected" && (r.reason as Error).message !== NOT_CONNECTED_HERE,
    );
    throw failed ? (failed.reason as Error) : new Error(`the device ${deviceId} is not connected`);
  }

  async close(): Promise<void> {
    // stops listening at once; not awaited: its callback waits for every connection it handed over, which end
    // only as the processes close below
    this.server?.close();
    this.server = null;
    await Promise.all(this.shards.map((s) => s.close()));
  }
}

export async function startBrokerShards(opts: BrokerShardsOptions): Promise<EmbeddedBroker> {
  const shards = new BrokerShards(opts, localHooks(opts));
  await shards.start();
  opts.log.info({ port: shards.port, processes: opts.processes }, "embedded MQTT broker listening (in processes)");
  return shards;
}
