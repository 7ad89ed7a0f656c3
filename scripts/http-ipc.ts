// The messages between the main process and its HTTP worker processes (HTTP_WORKERS, scripts/http-workers.ts),
// and requests with answers over Node's IPC channel. One channel a worker; JSON messages, plus the socket
// of each connection the main process hands over.
import type { LiveEventInput } from "../api/src/modules/notifications/live-feed.ts";

export type WireLiveEvent = LiveEventInput;

/** What a request asks and what it answers. */
export interface Requests {
  /** a device command, sent by the main process's broker (or carrier platform) */
  downlink: { ask: { deviceId: string; payload: Record<string, unknown> }; answer: null };
  /** caches the main process keeps for the ingest path: forgotten before the worker answers its client */
  forgetDevice: { ask: { deviceId: string }; answer: null };
  forgetPanel: { ask: { transmissionDeviceId: string }; answer: null };
  forgetPolicy: { ask: { communityId: string }; answer: null };
  /** /metrics: the main process's figures with the workers' counters added */
  metrics: { ask: Record<string, never>; answer: { contentType: string; text: string } };
  /** /ready: the main process's checks (database, broker, providers) */
  ready: { ask: Record<string, never>; answer: { name: string; advisory: boolean; ok: boolean; value: string }[] };
  /** the main process asks each worker for its counters (prom-client's JSON form) */
  metricsJson: { ask: Record<string, never>; answer: unknown[] };
}
export type RequestName = keyof Requests;

export type Message =
  | { t: "req"; id: number; op: RequestName; ask: unknown }
  | { t: "res"; id: number; ok: true; answer: unknown }
  | { t: "res"; id: number; ok: false; error: string }
  /** main -> worker, first: which worker it is and the configuration as the main process resolved it */
  | { t: "init"; index: number; config: unknown }
  /** main -> worker: another worker changed what this entry says; read it afresh */
  | { t: "forget"; what: "device" | "panel" | "policy"; id: string }
  /** a worker is built and takes connections */
  | { t: "ready" }
  /** main -> worker: the socket sent with this message is a client's connection */
  | { t: "conn" }
  /** main -> worker: finish the requests in hand and exit */
  | { t: "close" }
  /** either way: a live event for staff screens */
  | { t: "live"; e: WireLiveEvent }
  /** worker -> main: its screens by staff member; main -> worker: every process's (by process key) */
  | { t: "screens"; counts: Record<string, number> }
  | { t: "screensAll"; table: Record<string, Record<string, number>> };

interface Channel {
  send?: ((m: Message, handle: undefined, options: object, cb: (err: Error | null) => void) => boolean) | undefined;
  connected?: boolean;
}

type Handler = { [K in RequestName]?: (ask: Requests[K]["ask"]) => Promise<Requests[K]["answer"]> };

const TIMEOUT_MS = 10_000;

/** Requests over one IPC channel: ask() sends and waits for the answer, handle() answers the other side's. */
export class Rpc {
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly handlers: Handler = {};

  constructor(private readonly channel: Channel) {}

  handle<K extends RequestName>(op: K, fn: (ask: Requests[K]["ask"]) => Promise<Requests[K]["answer"]>): void {
    (this.handlers as Record<string, unknown>)[op] = fn;
  }

  ask<K extends RequestName>(op: K, ask: Requests[K]["ask"]): Promise<Requests[K]["answer"]> {
    return new Promise((resolve, reject) => {
      if (!this.channel.send || this.channel.connected === false) {
        reject(new Error("the other process is gone"));
        return;
      }
      const id = ++this.seq;
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${op}: no answer from the other process within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      timer.unref();
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.channel.send({ t: "req", id, op, ask }, undefined, {}, (err) => {
        if (!err) return;
        const w = this.waiting.get(id);
        if (!w) return;
        this.waiting.delete(id);
        clearTimeout(w.timer);
        w.reject(err);
      });
    });
  }

  /** Handles "req" and "res" messages; true when the message was one of them. */
  receive(m: Message): boolean {
    if (m.t === "res") {
      const w = this.waiting.get(m.id);
      if (w) {
        this.waiting.delete(m.id);
        clearTimeout(w.timer);
        if (m.ok) w.resolve(m.answer);
        else w.reject(new Error(m.error));
      }
      return true;
    }
    if (m.t !== "req") return false;
    const fn = (this.handlers as Record<string, ((a: unknown) => Promise<unknown>) | undefined>)[m.op];
    const reply = (r: Message) => {
      if (this.channel.connected !== false) this.channel.send?.(r, undefined, {}, () => undefined);
    };
    if (!fn) reply({ t: "res", id: m.id, ok: false, error: `unknown request ${m.op}` });
    else
      fn(m.ask).then(
        (answer) => reply({ t: "res", id: m.id, ok: true, answer: answer ?? null }),
        (e: Error) => reply({ t: "res", id: m.id, ok: false, error: e.message }),
      );
    return true;
  }

  /** The other process is gone: every request waiting fails now. */
  fail(why: string): void {
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new Error(why));
      this.waiting.delete(id);
    }
  }
}
