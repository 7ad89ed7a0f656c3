// One HTTP worker process (HTTP_WORKERS, scripts/http-workers.ts): forked by the main process, it builds the
// services on its own database connection and serves the HTTP app on the connections the main process hands
// over. It runs no broker, no gateway, no timers loop, no scheduled jobs: those stay in the main process. What
// it changes that the main process caches, and what only the main process can do, goes over the IPC channel.
import http from "node:http";
import type net from "node:net";
import type Koa from "koa";
import type { Config } from "../api/src/shared/config.ts";
import { createLogger } from "../api/src/shared/logger.ts";
import { openDb } from "../api/src/db/client.ts";
import { createServices } from "../api/src/app-context.ts";
import { warmHttpClient } from "../api/src/shared/http-warmup.ts";
import type { ReadinessCheck } from "../api/src/services.ts";
import { buildHttpApp } from "./app.ts";
import { Rpc, type Message, type Requests } from "./http-ipc.ts";

if (!process.send) throw new Error("scripts/http-worker.ts is started by the API (HTTP_WORKERS), not on its own");

const rpc = new Rpc(process);
const init = await new Promise<{ index: number; config: Config }>((resolve) => {
  const first = (raw: unknown) => {
    const m = raw as Message;
    if (m.t !== "init") return;
    process.off("message", first);
    resolve({ index: m.index, config: m.config as Config });
  };
  process.on("message", first);
});
// answers and requests first: the start below already waits for the main process's answers
process.on("message", (raw) => void rpc.receive(raw as Message));
const { index, config } = init;
const self = `w${index}`;
const log = createLogger(config.LOG_LEVEL, {
  service: "anxin-api",
  httpWorker: index,
  ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}),
});
// the main process died: nothing hands this one connections any more
process.on("disconnect", () => process.exit(0));

const db = await openDb(config.DATABASE_URL, { checkpoint: false }); // the main process checkpoints SQLite
const services = createServices({ config, log, db });
// a carrier push (NB-IoT) stored here runs its fire's first step here: the same warm client and kept token
// as the main process (issue 21: no first alarm pays a cold start)
const warmed = await warmHttpClient();
if (!warmed.ok) log.warn({ reason: warmed.error }, "HTTP worker: the HTTP client could not be warmed up");
services.notifications.keepTokenReady();

// Caches the main process keeps for the ingest path: forgotten there too, and the client answered only after.
const pending = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  const q = p.catch((e: Error) => log.error({ err: e.message }, "HTTP worker: the main process did not confirm"));
  pending.add(q);
  void q.finally(() => pending.delete(q));
};
const settled: Koa.Middleware = async (_ctx, next) => {
  await next();
  while (pending.size) await Promise.all([...pending]);
};
const directory = services.deviceDirectory;
const forgetDeviceHere = directory.invalidate.bind(directory);
directory.invalidate = (deviceId) => {
  forgetDeviceHere(deviceId);
  track(rpc.ask("forgetDevice", { deviceId }));
};
const intake = services.panels.intake;
const forgetPanelHere = intake.invalidate.bind(intake);
intake.invalidate = (transmissionDeviceId) => {
  forgetPanelHere(transmissionDeviceId);
  track(rpc.ask("forgetPanel", { transmissionDeviceId }));
};
const escalation = services.notifications.escalation;
const forgetPolicyHere = escalation.forgetPolicy.bind(escalation);
escalation.forgetPolicy = (communityId) => {
  forgetPolicyHere(communityId);
  track(rpc.ask("forgetPolicy", { communityId }));
};

// device commands go out through the main process's broker (or carrier platform)
services.devices.downlink = {
  send: async (deviceId, payload) => void (await rpc.ask("downlink", { deviceId, payload })),
};

// the live feed: this worker's events go to the main process (which delivers them to every other screen and
// instance), the others' come from it; the screens each staff member has anywhere decide where a push goes
const live = services.notifications.live;
live.relay = (e) => process.send?.({ t: "live", e } satisfies Message, undefined, {}, () => undefined);
live.relayPushes = true;
let table: Record<string, Record<string, number>> = {};
live.elsewhere = (staffId) =>
  Object.entries(table).reduce((n, [key, counts]) => (key === self ? n : n + (counts[staffId] ?? 0)), 0);
const mine = new Map<string, number>();
const tell = () => process.send?.({ t: "screens", counts: Object.fromEntries(mine) } satisfies Message);
const subscribeHere = live.subscribe.bind(live);
live.subscribe = (s, lastEventId) => {
  const off = subscribeHere(s, lastEventId);
  mine.set(s.staffId, (mine.get(s.staffId) ?? 0) + 1);
  tell();
  let gone = false;
  return () => {
    const r = off();
    if (!gone) {
      gone = true;
      const n = (mine.get(s.staffId) ?? 1) - 1;
      if (n > 0) mine.set(s.staffId, n);
      else mine.delete(s.staffId);
      tell();
    }
    return r;
  };
};

// /metrics and /ready answer with the main process's figures and checks (the broker, the providers are there)
services.metrics.registry.metrics = async () => (await rpc.ask("metrics", {})).text;
rpc.handle("metricsJson", async () => services.metrics.registry.getMetricsAsJSON());
let checks: { at: number; answer: Promise<Requests["ready"]["answer"]> } | null = null;
const mainChecks = () => {
  if (!checks || Date.now() - checks.at > 250) checks = { at: Date.now(), answer: rpc.ask("ready", {}) };
  return checks.answer;
};
const names = await mainChecks();
const readiness: ReadinessCheck[] = names.map((n) => ({
  name: n.name,
  advisory: n.advisory,
  check: async () => {
    if (n.name === "database") await db.ping(); // this worker's own connection as well
    const r = (await mainChecks()).find((x) => x.name === n.name);
    if (!r) throw new Error("not reported by the main process");
    if (!r.ok) throw new Error(r.value);
    return r.value;
  },
}));
services.readiness.splice(0, services.readiness.length, ...readiness);

const app = buildHttpApp({ config, services, log, first: [settled] });
const server = http.createServer(app.callback());
server.keepAliveTimeout = 65_000;

const sockets = new Set<net.Socket>();
let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  // requests in hand get up to 5 s to finish; idle keep-alive connections (and live feeds) are closed
  const until = Date.now() + 5000;
  while (Date.now() < until && sockets.size > 0) {
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
  }
  server.closeAllConnections();
  await services.panels.ingest?.close();
  await services.ingest.close(); // carrier pushes this worker stored are applied before it goes
  await services.notifications.close(); // sends in flight finish and are recorded
  await db.close();
}

process.on("message", (raw, sendHandle) => {
  const m = raw as Message;
  const handle = sendHandle as net.Socket | undefined;
  if (m.t === "req" || m.t === "res") return; // the listener above
  switch (m.t) {
    case "conn":
      if (!handle) return;
      if (closing) {
        handle.destroy();
        return;
      }
      sockets.add(handle);
      handle.once("close", () => sockets.delete(handle));
      server.emit("connection", handle);
      handle.resume();
      return;
    case "live":
      live.deliver(m.e);
      return;
    case "screensAll":
      table = m.table;
      return;
    case "forget":
      if (m.what === "device") forgetDeviceHere(m.id);
      else if (m.what === "panel") forgetPanelHere(m.id);
      else forgetPolicyHere(m.id);
      return;
    case "close":
      closeAndExit();
      return;
  }
});
function closeAndExit(): void {
  close().then(
    () => process.exit(0),
    (e: Error) => {
      log.error({ err: e }, "HTTP worker: closing failed");
      process.exit(1);
    },
  );
}
// Ctrl-C reaches the whole process group: the main process closes the workers in its order ("close")
process.on("SIGINT", () => undefined);
// a worker stopped on its own finishes its requests; the main process starts another
process.on("SIGTERM", closeAndExit);

process.send?.({ t: "ready" } satisfies Message);
log.info({ pid: process.pid }, "HTTP worker ready");
