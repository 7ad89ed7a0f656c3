// The embedded broker on a thread of its own (MQTT_BROKER_THREAD, issue 21), the API's side. The broker's
// sockets are the busiest part of a reconnect storm: thousands of connections reset at once, thousands of
// handshakes (each a PBKDF2 check of the device's secret), tens of thousands of packets read and PUBACKs
// written. On the API's event loop (embedded-broker.ts) all of it ran where the fire alarm is stored and its
// first step started, and the fire waited for it (docs/performance.md, "The storm beside the fire"). Here the
// thread (broker-worker.ts, broker-core.ts) does the sockets, the MQTT packets and the secret check; this side
// keeps what must stay with the services:
//   - the device directory: the thread asks for a device's secret hash at each CONNECT (nothing cached there,
//     so a device removed or given a new secret is refused at once);
//   - the store: the thread hands each message over as text and waits for this side's answer (the ingest
//     pipeline's durable commit) before it sends the PUBACK, as on the event loop. Stored before acknowledged
//     holds across the hop: a message whose answer is lost (the thread died) was not acknowledged, the device
//     sends it again, and the pipeline keeps one copy (the message id);
//   - fire first across the hop: the thread reads each message's type and hands a fire-class one over at once
//     through a door this side's routine work answers between its pieces (shared/fire-door.ts), where routine
//     ones go in one batch per turn of its loop; a fire that comes in a batch is submitted before its routine
//     ones (and the pipeline commits fire on its own lane);
//   - the counts (refused connections, failed authentications, connected devices) go to this side's metrics;
//     the thread logs on its own (the same level, `thread: "mqtt"`);
//   - device commands: this side posts them and waits for the thread's word that aedes has them.
// Messages cross in arrays, one per turn of the sending loop, not one each (10,000 reconnecting devices send
// 50,000 messages in seconds). A thread that dies is started again on the same port after 1 s (doubling to 30 s
// while it keeps dying within 10 s of its start); its devices reconnect and send again what was not acknowledged.
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Worker } from "node:worker_threads";
import { startThread } from "../../shared/worker-thread.ts";
import { fireMark } from "../../shared/fire-trace.ts";
import type { AuthFailure, BrokerHooks, BrokerOptions } from "./broker-core.ts";
import type { Reason } from "./connection-guard.ts";
import { Drip } from "../../shared/drip.ts";
import { FireDoor, type FireDoorOutside } from "../../shared/fire-door.ts";
import { localHooks, type EmbeddedBroker, type EmbeddedBrokerOptions } from "./embedded-broker.ts";

export interface BrokerWorkerData {
  options: BrokerOptions;
  /** where the thread hands over fire-class messages, ahead of the rest (shared/fire-door.ts) */
  fireDoor?: FireDoorOutside;
  logLevel: string;
  logBase: Record<string, unknown>;
}

/** To the broker thread (in arrays). */
export type ToBroker =
  | { t: "secret"; seq: number; hash: string | null; error?: string }
  | { t: "stored"; seq: number; error?: string }
  /** `connectedOnly`: only if the device is connected there, else answered "not connected" (broker-shards.ts) */
  | { t: "down"; seq: number; deviceId: string; json: string; connectedOnly?: boolean }
  | { t: "close" };

/** From the broker thread (in arrays). */
export type FromBroker =
  | { t: "listening"; port: number }
  | { t: "failed"; message: string }
  | { t: "secret"; seq: number; deviceId: string }
  | { t: "store"; seq: number; deviceId: string; text: string; fire: boolean }
  | { t: "sent"; seq: number; error?: string }
  | { t: "auth_failure"; reason: AuthFailure }
  | { t: "refused"; reason: Reason }
  | { t: "clients"; n: number }
  /** a connection handed over by the API's process has ended (broker-shards.ts counts each address's) */
  | { t: "gone"; address: string }
  | { t: "closed" };

/**
 * Where the broker runs: a worker thread, or a process of the shards (broker-shards.ts). Messages both ways in
 * arrays; "message", "error" and "exit" (its code) as a Worker emits them.
 */
export interface BrokerPeer extends EventEmitter {
  postMessage(batch: ToBroker[]): void;
  terminate(): Promise<unknown>;
  /** hands a connection the API's process accepted to a broker that does not listen (a process's) */
  hand?(socket: Socket, done: (err: Error | null) => void): void;
}

export interface BrokerThreadOptions extends EmbeddedBrokerOptions {
  /** the first wait before a dead thread is started again (default 1000 ms; doubles up to 30 s) */
  restartMs?: number;
  /** how the thread is started (tests break it); default: the broker worker */
  start?: (data: BrokerWorkerData) => BrokerPeer;
  /** a connection this broker was handed has ended (broker-shards.ts) */
  onGone?: (address: string) => void;
  /** the broker stopped (died or closed): the connections it was handed are gone with it */
  onDown?: () => void;
  /** false: no fire door (a process of the shards: shared memory does not cross processes) */
  fireDoor?: boolean;
  /** how its log lines name it (default "MQTT broker thread") */
  name?: string;
  /** the log level and fields the thread's own logger uses (default: info, the API's service name) */
  logLevel?: string;
  logBase?: Record<string, unknown>;
}

const CLOSE_LIMIT_MS = 10_000;
/** routine messages submitted to the pipeline a turn of the API's loop (about 5 ms of parsing and checks) */
const ROUTINE_PER_TURN = 256;
const MAX_RESTART_MS = 30_000;
/** a thread up this long before it died is started again after the first wait, not a doubled one */
const STABLE_MS = 10_000;

export const startBrokerWorker = (data: BrokerWorkerData): Worker =>
  startThread(
    "mqtt-broker",
    new URL("./broker-worker.ts", import.meta.url),
    data,
    data.fireDoor ? [data.fireDoor.port] : [],
  );

export class BrokerThread implements EmbeddedBroker {
  port: number;
  private worker: BrokerPeer | null = null;
  private up = false;
  /** a thread has listened: one that dies later is started again (a first start that fails is the caller's) */
  private everUp = false;
  private closing = false;
  private clients = 0;
  private seq = 0;
  private readonly downs = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private out: ToBroker[] = [];
  private flushQueued = false;
  private startedAt = 0;
  private wait: number;
  private restartTimer: NodeJS.Timeout | null = null;
  private onClosed: (() => void) | null = null;
  /** the current thread's door for fire messages */
  private door: FireDoor<FromBroker> | null = null;

  constructor(
    private readonly o: BrokerThreadOptions,
    private readonly hooks: BrokerHooks,
  ) {
    this.port = o.port;
    this.wait = o.restartMs ?? 1000;
  }

  /** Starts the thread; resolves once it listens, rejects with its reason when it cannot (the port is taken). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      let w: BrokerPeer | null = null;
      // fire messages come through a door the API's routine work answers at its safe points (fire-door.ts); a
      // process has none (shared memory does not cross): its fire messages come at once over its channel
      const door =
        this.o.fireDoor === false
          ? null
          : new FireDoor<FromBroker>((m) => {
              if (m.t === "store" && w && w === this.worker) this.storeFire(w, m);
            });
      this.door?.close();
      this.door = door;
      w = (this.o.start ?? startBrokerWorker)({
        ...(door ? { fireDoor: door.outside } : {}),
        options: {
          host: this.o.host,
          port: this.port,
          guard: this.o.guard,
          connectTimeoutMs: this.o.connectTimeoutMs,
          ...(this.o.backlog !== undefined ? { backlog: this.o.backlog } : {}),
          ...(this.o.teardownInTurns !== undefined ? { teardownInTurns: this.o.teardownInTurns } : {}),
          ...(this.o.listen !== undefined ? { listen: this.o.listen } : {}),
        },
        logLevel: this.o.logLevel ?? "info",
        logBase: this.o.logBase ?? { service: "anxin-api" },
      });
      this.worker = w;
      this.startedAt = Date.now();
      let settled = false;
      const settle = (e?: Error) => {
        if (settled) return;
        settled = true;
        if (e) reject(e);
        else resolve();
      };
      const thread = w;
      thread.on("message", (batch: FromBroker[]) => {
        if (thread !== this.worker) return;
        // fire first: a fire message that comes in a batch (not through the door) goes before its routine ones
        for (const m of batch) if (m.t === "store" && m.fire) this.storeFire(thread, m);
        for (const m of batch) {
          if (m.t === "store") {
            if (!m.fire) this.routine.push(() => thread === this.worker && this.store(thread, m));
          } else if (m.t === "listening") {
            this.port = m.port;
            this.up = true;
            this.everUp = true;
            settle();
          } else if (m.t === "failed") {
            settle(new Error(m.message));
          } else this.receive(thread, m);
        }
      });
      thread.on("error", (e: Error) => this.o.log.error({ err: e }, `${this.name} failed`));
      thread.on("exit", (code: number) => {
        settle(new Error(`the ${this.name} exited (${code}) before listening`));
        this.gone(thread, code);
      });
    });
  }

  private get name(): string {
    return this.o.name ?? "MQTT broker thread";
  }

  private receive(w: BrokerPeer, m: Exclude<FromBroker, { t: "store" | "listening" | "failed" }>): void {
    switch (m.t) {
      case "secret":
        this.hooks.secretHash(m.deviceId).then(
          (hash) => this.post(w, { t: "secret", seq: m.seq, hash }),
          (e: Error) => this.post(w, { t: "secret", seq: m.seq, hash: null, error: e.message }),
        );
        return;
      case "sent": {
        const d = this.downs.get(m.seq);
        this.downs.delete(m.seq);
        if (m.error) d?.reject(new Error(m.error));
        else d?.resolve();
        return;
      }
      case "auth_failure":
        return this.hooks.authFailure(m.reason);
      case "refused":
        return this.hooks.refused(m.reason);
      case "clients":
        this.clients = m.n;
        return this.hooks.clients(m.n);
      case "gone":
        this.o.onGone?.(m.address);
        return;
      case "closed":
        this.onClosed?.();
        return;
    }
  }

  /**
   * Routine messages go to the pipeline ROUTINE_PER_TURN a turn of this loop. A reconnect wave's batch of
   * thousands, submitted in one go, held the loop for tens of milliseconds (each is parsed and checked as it is
   * submitted), and a fire handed over right behind it waited for all of them (bench trace: read -> handed p99
   * 63-80 ms). Fire messages never wait here: they are submitted as their batch arrives.
   */
  private readonly routine = new Drip(ROUTINE_PER_TURN);

  /** A fire-class message, handed over (through the door or in a batch): to the pipeline now. */
  private storeFire(w: BrokerPeer, m: Extract<FromBroker, { t: "store" }>): void {
    fireMark("handed", { deviceId: m.deviceId });
    this.store(w, m);
  }

  private store(w: BrokerPeer, m: Extract<FromBroker, { t: "store" }>): void {
    this.hooks.store(m.deviceId, m.text).then(
      () => this.post(w, { t: "stored", seq: m.seq }),
      (e: Error) => this.post(w, { t: "stored", seq: m.seq, error: e.message }),
    );
  }

  /** Messages to the thread leave together once the current task's promises have settled (one commit's acks). */
  private post(w: BrokerPeer, m: ToBroker): void {
    if (w !== this.worker) return; // a thread that died: its devices send again
    this.out.push(m);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const batch = this.out;
      this.out = [];
      if (batch.length && this.worker === w) w.postMessage(batch);
    });
  }

  private gone(w: BrokerPeer, code: number): void {
    if (w !== this.worker) return;
    this.worker = null;
    this.o.onDown?.();
    this.door?.close();
    this.door = null;
    this.up = false;
    this.out = [];
    this.clients = 0;
    this.hooks.clients(0);
    for (const d of this.downs.values()) d.reject(new Error(`the ${this.name} stopped`));
    this.downs.clear();
    if (this.closing || !this.everUp) return this.onClosed?.();
    const lived = Date.now() - this.startedAt;
    if (lived >= STABLE_MS) this.wait = this.o.restartMs ?? 1000;
    this.o.log.error({ code, restartInMs: this.wait }, `${this.name} exited; its devices reconnect once it is back`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start().then(
        () => this.o.log.info({ port: this.port }, `${this.name} started again`),
        (e: Error) => this.o.log.error({ err: e }, `${this.name} could not start again`),
      );
    }, this.wait);
    this.wait = Math.min(this.wait * 2, MAX_RESTART_MS);
  }

  connected(): number {
    return this.clients;
  }

  ready(): boolean {
    return this.up;
  }

  /**
   * Hands a connection accepted by the API's process to this broker (a process's, which does not listen);
   * false when it is not running or cannot take handles (the caller gives it to another or closes it).
   */
  hand(socket: Socket, done: (err: Error | null) => void): boolean {
    const w = this.worker;
    if (!w?.hand || !this.up || this.closing) return false;
    w.hand(socket, done);
    return true;
  }

  /**
   * DownlinkPort: a command to the device, once aedes has it; `connectedOnly`: refused unless the device is
   * connected to this broker (a process of the shards: another may hold it, and none keeps its session).
   */
  send(deviceId: string, payload: Record<string, unknown>, connectedOnly = false): Promise<void> {
    const w = this.worker;
    if (!w || !this.up || this.closing) return Promise.reject(new Error(`the ${this.name} is not running`));
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.downs.set(seq, { resolve, reject });
      const json = JSON.stringify(payload);
      this.post(
        w,
        connectedOnly ? { t: "down", seq, deviceId, json, connectedOnly } : { t: "down", seq, deviceId, json },
      );
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const w = this.worker;
    if (!w) return;
    await new Promise<void>((resolve) => {
      const limit = setTimeout(resolve, CLOSE_LIMIT_MS);
      this.onClosed = () => {
        clearTimeout(limit);
        resolve();
      };
      w.postMessage([{ t: "close" } satisfies ToBroker]);
    });
    this.worker = null;
    await w.terminate();
    this.o.onDown?.();
    this.door?.close();
    this.door = null;
    // commands the thread never answered: their senders are told, not left waiting (gone() skips a closed thread)
    for (const d of this.downs.values()) d.reject(new Error(`the ${this.name} stopped`));
    this.downs.clear();
  }
}

export async function startBrokerThread(opts: BrokerThreadOptions): Promise<EmbeddedBroker> {
  const broker = new BrokerThread(opts, localHooks(opts));
  await broker.start();
  opts.log.info({ port: broker.port }, "embedded MQTT broker listening (on its own thread)");
  return broker;
}
