// HTTP in worker processes (HTTP_WORKERS=N, issue 21): the main process keeps the broker, ingest, timers and the
// outbox on its event loop and takes no HTTP request itself while a worker is up. It accepts each connection
// (Node 20 has no reusePort) and hands the socket to the next worker, round robin; each worker builds the
// services on its own database connection, as another instance would (outbox rows and timers are claimed with
// owner locks), and serves the whole HTTP app. What one process must know of another's crosses here:
//   - live events for staff screens, both ways (and PostgreSQL's relay between instances, through the main one);
//     the number of screens each staff member has, so a push is sent where a screen is;
//   - the caches of the ingest path (device directory, panel intake, escalation policies): a worker asks the
//     main process to forget an entry and waits for it before answering its client, so a device put in
//     maintenance raises no fire once the request that did it has answered;
//   - device commands (the broker is here), /metrics and /ready (the main process's figures and checks).
// A worker that exits is started again; a connection it held is lost (its client retries), no alarm is: the
// fire path never runs in a worker. With no worker up the main process serves the connection itself.
import { fork, type ChildProcess } from "node:child_process";
import net from "node:net";
import os from "node:os";
import type http from "node:http";
import path from "node:path";
import { AggregatorRegistry, Counter, Gauge } from "prom-client";
import type { Config } from "../api/src/shared/config.ts";
import type { Logger } from "../api/src/shared/logger.ts";
import type { Services } from "../api/src/services.ts";
import { Rpc, type Message, type WireLiveEvent } from "./http-ipc.ts";
import { forkEntry } from "../api/src/shared/worker-thread.ts";

const READY_LIMIT_MS = 120_000;
/**
 * Workers run this much nicer than the main process: on a machine with fewer cores than runnable processes the
 * fire path gets the CPU first (Linux CFS: nice +5 weighs about a third of nice 0), HTTP what is left.
 */
const WORKER_NICE = 5;
/** a worker's pending device events are applied here this long after it died (applying twice changes nothing) */
const RECOVER_AFTER_MS = 10_000;

interface Slot {
  index: number;
  child: ChildProcess;
  rpc: Rpc;
  ready: boolean;
  startedAt: number;
  crashes: number;
  counts: Record<string, number>;
}

export interface HttpWorkerPool {
  /** accepts the connections and hands them over; listen() it where the API listens */
  server: net.Server;
  /** resolves once every worker has started (or the start limit passed: the main process serves meanwhile) */
  started(): Promise<void>;
  /** workers taking connections now */
  up(): number;
  close(): Promise<void>;
}

export interface HttpWorkerOptions {
  count: number;
  config: Config;
  services: Services;
  log: Logger;
  /** the main process's own HTTP server (never listening): serves a connection when no worker is up */
  local: http.Server;
}

export function startHttpWorkers(opts: HttpWorkerOptions): HttpWorkerPool {
  const { services, log, config } = opts;
  const live = services.notifications.live;
  const slots: (Slot | null)[] = Array.from({ length: opts.count }, () => null);
  const restartTimers = new Set<NodeJS.Timeout>();
  let closing = false;
  let turn = 0;
  /** the worker whose live event is being published: it has it already */
  let origin: Slot | null = null;

  const registers = [services.metrics.registry];
  const handed = new Counter({
    name: "anxin_http_worker_connections_total",
    help: "HTTP connections the main process handed to each worker process (HTTP_WORKERS)",
    labelNames: ["worker"],
    registers,
  });
  const servedHere = new Counter({
    name: "anxin_http_main_connections_total",
    help: "HTTP connections the main process served itself (no worker process was up)",
    registers,
  });
  const restarts = new Counter({
    name: "anxin_http_worker_restarts_total",
    help: "HTTP worker processes started again after they exited",
    registers,
  });
  new Gauge({
    name: "anxin_http_workers_up",
    help: "HTTP worker processes taking connections",
    registers,
    collect() {
      this.set(slots.filter((s) => s?.ready).length);
    },
  });

  const ready = () => slots.filter((s): s is Slot => !!s && s.ready && s.child.connected);
  const send = (s: Slot, m: Message) => {
    if (s.child.connected) s.child.send(m, undefined, {}, () => undefined);
  };

  // live events: whatever is delivered here (this process's, another instance's through PostgreSQL, a
  // worker's) goes on to the workers' screens, except to the worker it came from
  live.mirror = (e: WireLiveEvent) => {
    for (const s of ready()) if (s !== origin) send(s, { t: "live", e });
  };
  live.elsewhere = (staffId) => slots.reduce((n, s) => n + (s?.counts[staffId] ?? 0), 0);
  const shareScreens = () => {
    const table: Record<string, Record<string, number>> = {};
    for (const s of slots) if (s) table[`w${s.index}`] = s.counts;
    for (const s of ready()) send(s, { t: "screensAll", table });
  };
  const others = (from: Slot, m: Message) => {
    for (const s of ready()) if (s !== from) send(s, m);
  };

  const answer = (slot: Slot) => {
    const rpc = slot.rpc;
    rpc.handle("downlink", async ({ deviceId, payload }) => {
      const d = services.devices.downlink;
      if (!d) throw new Error("no device transport");
      await d.send(deviceId, payload);
      return null;
    });
    rpc.handle("forgetDevice", async ({ deviceId }) => {
      services.deviceDirectory.invalidate(deviceId);
      others(slot, { t: "forget", what: "device", id: deviceId });
      return null;
    });
    rpc.handle("forgetPanel", async ({ transmissionDeviceId }) => {
      services.panels.intake.invalidate(transmissionDeviceId);
      others(slot, { t: "forget", what: "panel", id: transmissionDeviceId });
      return null;
    });
    rpc.handle("forgetPolicy", async ({ communityId }) => {
      services.notifications.escalation.forgetPolicy(communityId);
      others(slot, { t: "forget", what: "policy", id: communityId });
      return null;
    });
    rpc.handle("metrics", async () => {
      const own = await services.metrics.registry.getMetricsAsJSON();
      // the workers' counters and histograms (requests, logins, rate limits) added to this process's figures;
      // their gauges describe their own state only and are left out
      const theirs = await Promise.all(
        ready().map((s) =>
          s.rpc
            .ask("metricsJson", {})
            .then((list) => list.filter((m) => ["counter", "histogram"].includes(String((m as { type: string }).type))))
            .catch(() => []),
        ),
      );
      const merged = AggregatorRegistry.aggregate([own, ...theirs]);
      return { contentType: services.metrics.registry.contentType, text: await merged.metrics() };
    });
    rpc.handle("ready", async () =>
      Promise.all(
        services.readiness.map(async (c) => {
          try {
            return { name: c.name, advisory: !!c.advisory, ok: true, value: (await c.check()) || "ok" };
          } catch (e) {
            return { name: c.name, advisory: !!c.advisory, ok: false, value: (e as Error).message };
          }
        }),
      ),
    );
  };

  // dist/http-worker.js beside a compiled main, else the source through tsx
  const entry = forkEntry("http-worker.js", path.join(import.meta.dirname, "http-worker.ts"));
  // the fire trace (api/src/shared/fire-trace.ts) is the main process's: the fire path and its event loop
  const env = { ...process.env };
  delete env.ANXIN_FIRE_TRACE;

  let allStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (allStarted = resolve));
  const checkStarted = () => {
    if (slots.every((s) => s?.ready)) allStarted();
  };

  const spawn = (index: number, crashes: number) => {
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    try {
      os.setPriority(child.pid!, Math.min(19, os.getPriority() + WORKER_NICE));
    } catch (e) {
      log.warn({ worker: index, err: (e as Error).message }, "HTTP worker: could not lower its priority");
    }
    const slot: Slot = { index, child, rpc: new Rpc(child), ready: false, startedAt: Date.now(), crashes, counts: {} };
    slots[index] = slot;
    answer(slot);
    child.on("message", (raw) => {
      const m = raw as Message;
      if (slot.rpc.receive(m)) return;
      if (m.t === "ready") {
        slot.ready = true;
        log.info({ worker: index, pid: child.pid }, "HTTP worker taking connections");
        shareScreens();
        checkStarted();
      } else if (m.t === "live") {
        origin = slot;
        try {
          live.publish(m.e);
        } finally {
          origin = null;
        }
      } else if (m.t === "screens") {
        slot.counts = m.counts;
        shareScreens();
      }
    });
    child.on("error", (err) => log.warn({ worker: index, err: err.message }, "HTTP worker channel error"));
    child.once("exit", (code, signal) => {
      slot.ready = false;
      slot.rpc.fail("the HTTP worker exited");
      slot.counts = {};
      if (closing) return;
      shareScreens();
      const quick = Date.now() - slot.startedAt < 10_000;
      const next = quick ? slot.crashes + 1 : 0;
      const delay = Math.min(10_000, 100 * 2 ** Math.min(next, 7));
      log.warn({ worker: index, code, signal, restartInMs: delay }, "HTTP worker exited; starting another");
      restarts.inc();
      const t = setTimeout(() => {
        restartTimers.delete(t);
        if (!closing) spawn(index, next);
      }, delay);
      restartTimers.add(t);
      // device events a worker stored (carrier pushes are served by the workers) but had not applied when it died
      const r = setTimeout(() => {
        restartTimers.delete(r);
        if (closing) return;
        services.eventProcessor
          .recoverPending(RECOVER_AFTER_MS)
          .then((n) => n && log.info({ recovered: n }, "applied device events a worker left pending"))
          .catch((e: Error) => log.error({ err: e }, "recovering a worker's pending events failed"));
      }, RECOVER_AFTER_MS + 1000);
      restartTimers.add(r);
    });
    // the configuration as the main process resolved it, secrets included, never through the environment
    child.send({ t: "init", index, config } satisfies Message, undefined, {}, () => undefined);
  };
  for (let i = 0; i < opts.count; i++) spawn(i, 0);
  const startLimit = setTimeout(() => {
    const missing = slots.filter((s) => !s?.ready).map((s) => s?.index);
    if (missing.length) log.error({ missing }, "HTTP workers not up in time; the main process serves meanwhile");
    allStarted();
  }, READY_LIMIT_MS);
  startLimit.unref();

  const serveHere = (socket: net.Socket) => {
    servedHere.inc();
    opts.local.emit("connection", socket);
    socket.resume();
  };
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.on("error", () => undefined); // a client gone before the hand-over: nothing to answer
    const up = ready();
    if (!up.length) return serveHere(socket);
    const slot = up[turn++ % up.length]!;
    handed.inc({ worker: String(slot.index) });
    slot.child.send({ t: "conn" }, socket, (err) => {
      if (err && !socket.destroyed) serveHere(socket);
    });
  });

  return {
    server,
    started: () => started,
    up: () => ready().length,
    async close() {
      closing = true;
      clearTimeout(startLimit);
      for (const t of restartTimers) clearTimeout(t);
      live.mirror = null;
      live.elsewhere = null;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(
        slots.map(async (s) => {
          if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return;
          const exited = new Promise((r) => s.child.once("exit", r));
          send(s, { t: "close" });
          const kill = setTimeout(() => s.child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(kill);
        }),
      );
    },
  };
}
