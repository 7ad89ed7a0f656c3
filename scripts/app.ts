// Starts the API: configuration, migrations, demo data when the database is empty, HTTP.
import http from "node:http";
import { randomBytes } from "node:crypto";
import type net from "node:net";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type Koa from "koa";
import { ConfigError, loadConfig, type Config } from "../api/src/shared/config.ts";
import { createLogger, type Logger } from "../api/src/shared/logger.ts";
import type { Clock } from "../api/src/shared/clock.ts";
import { applyMigrations } from "../api/src/db/migrations.ts";
import { openDb, type Db } from "../api/src/db/client.ts";
import { createServices } from "../api/src/app-context.ts";
import { createHttpApp } from "../api/src/transport/http/app.ts";
import { staticSite } from "../api/src/transport/http/static-site.ts";
import { seedDemoIfEmpty, type DemoInfo } from "../prisma/seed/demo-seed.ts";
import { seedBookingsDemoIfEmpty } from "../prisma/seed/bookings-seed.ts";
import { seedEducationIfEmpty } from "../prisma/seed/education-content.ts";
import { createPortal, warmConsoleApp } from "../portal/src/server/index.ts";
import type { Services } from "../api/src/services.ts";
import { startDeviceTransport, type DeviceTransport } from "../api/src/transport/mqtt/index.ts";
import { seedNotificationDemo } from "../prisma/seed/notifications-demo.ts";
import { startBookingJobs } from "../api/src/modules/bookings/index.ts";
import { startPgLiveRelay } from "../api/src/modules/notifications/live-relay.ts";
import { EventLoopWatchdog } from "../api/src/shared/event-loop-watchdog.ts";
import { warmHttpClient } from "../api/src/shared/http-warmup.ts";
import { startPanelGateway, type PanelGateway } from "../api/src/transport/gb26875/server.ts";
import { startHttpWorkers } from "./http-workers.ts";

export interface RunningApi {
  url: string;
  port: number;
  services: Services;
  /** the database the services were built on: for the composition root's own callers (demo seed, tests) */
  db: Db;
  mqtt: DeviceTransport;
  /** the GB/T 26875.3 gateway; null when GB26875_ENABLED=false */
  gb26875: PanelGateway | null;
  demo: DemoInfo | null;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /** static sites (portal, H5) mounted behind the API */
  extra?: Koa.Middleware[];
  /**
   * Build the staff console's app once listening, not on its first visit (npm start, npm run serve; HTTP
   * workers, off by default, still build theirs on the first visit). Tests leave it off: they start hundreds of
   * APIs, few of which open the console.
   */
  warmConsole?: boolean;
}

/**
 * Files the API writes are its own (issue 12: the SQLite file was world-readable): new files are created
 * owner-only, and the data directory (0700), the SQLite database with its journal files and demo.json (0600)
 * are made so at every start, which also mends a database created before this rule.
 */
function secureFiles(config: Config): void {
  try {
    process.umask(0o077);
  } catch {
    /* not allowed in worker threads; the chmods below still apply */
  }
  const dataDir = path.resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const files = [path.join(dataDir, "demo.json")];
  if (config.DATABASE_URL.provider === "sqlite") {
    const db = config.DATABASE_URL.file;
    files.push(db, `${db}-wal`, `${db}-shm`, `${db}-journal`);
  }
  for (const f of files) if (existsSync(f)) chmodSync(f, 0o600);
}

/**
 * The HTTP app: the API, then the static sites (the caller's, the H5 build, the portal). The main process and
 * each HTTP worker process (HTTP_WORKERS) build the same.
 */
export function buildHttpApp(o: {
  config: Config;
  services: Services;
  log: Logger;
  extra?: Koa.Middleware[];
  first?: Koa.Middleware[];
}): Koa {
  const { config, services, log } = o;
  // the residents' mini-program built for H5 (npm start builds it; absent, the path falls through)
  const h5 = staticSite("/h5", path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../miniapp/dist/h5"));
  return createHttpApp({
    services,
    log,
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
    turnMs: config.HTTP_TURN_MS,
    first: o.first ?? [],
    extra: [
      ...(o.extra ?? []),
      h5,
      ...createPortal(services, {
        publicUrl: config.PORTAL_PUBLIC_URL,
        tileUrl: config.CONSOLE_TILE_URL,
        allowedHosts: [new URL(config.PUBLIC_BASE_URL).host],
        fallbackUrl: config.PUBLIC_BASE_URL,
      }),
    ],
  });
}

export async function startApi(opts: StartOptions): Promise<RunningApi> {
  // HTTP workers check the tokens this process signs: one key for all, made here when none is configured
  const config =
    opts.config.HTTP_WORKERS > 0 && !opts.config.JWT_SECRET
      ? { ...opts.config, JWT_SECRET: randomBytes(32).toString("hex") }
      : opts.config;
  secureFiles(config);
  const log =
    opts.log ??
    createLogger(config.LOG_LEVEL, {
      service: "anxin-api",
      ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}),
    });
  const applied = await applyMigrations(config.DATABASE_URL);
  if (applied.length) log.info({ applied }, "migrations applied");
  const db = await openDb(config.DATABASE_URL);
  secureFiles(config); // the database file as migrations created it
  const services = createServices({ config, log, db, ...(opts.clock ? { clock: opts.clock } : {}) });
  // first, so a start-up that holds the loop is reported too
  const watchdog = new EventLoopWatchdog(services.metrics, log, { stallMs: config.EVENT_LOOP_STALL_MS });
  watchdog.start();
  const demo = config.SEED_DEMO
    ? await seedDemoIfEmpty(db.prisma, { dataDir: path.resolve(config.DATA_DIR), log })
    : null;
  if (config.SEED_DEMO) await seedBookingsDemoIfEmpty(db.prisma, { clock: services.clock, log });
  if (demo) await seedNotificationDemo(db.prisma, demo, services.notifications.templates, services.clock);
  const education = await seedEducationIfEmpty(db.prisma, services.clock.now()); // real content, not demo data
  if (education) log.info(education, "education content seeded");
  if (config.jwtSecretEphemeral)
    log.warn("JWT_SECRET is not set: using a random key, so sign-ins end when the API restarts");

  // the HTTP client's cold start (tens of ms) paid here, not by the first fire alarm's first notification
  const warmed = await warmHttpClient();
  if (!warmed.ok) log.warn({ reason: warmed.error }, "the HTTP client could not be warmed up; carrying on");
  // events stored by an earlier run but never applied (the process died in between)
  const recovered = await services.eventProcessor.recoverPending();
  if (recovered) log.info({ recovered }, "applied device events left pending by the last run");
  await services.notifications.start(); // before devices connect: plans alarms a crash left unplanned
  await services.centre.start(); // unit alarm countdowns, 119 hand-offs and duty checks (issue 17)
  // several instances share PostgreSQL: relay staff screens' live events between them
  const liveRelay =
    config.DATABASE_URL.provider === "postgres"
      ? await startPgLiveRelay(config.DATABASE_URL.url, services.notifications.live, log)
      : null;
  // booking reminders the day before, lapsed waitlist offers, no-shows: once a minute
  const stopBookingJobs = startBookingJobs(services.bookings.jobs, log);
  const stopReadingRetention = services.sensors.startRetention(); // facility readings: 30 days raw, 13 months hourly
  services.inspection.start(); // hazard reminders and escalation (durable timers), the patrol sweep
  await services.cameras.start(); // camera health checks and flame/smoke recognition (issue 23)
  services.rolloutDispatch.start(); // the daily coverage record, once a county day across instances
  services.modeReminders.start(); // devices left out of normal use over a day: their people told once a day
  const mqtt = await startDeviceTransport(config, services);
  const gb26875 = config.GB26875_ENABLED ? await startPanelGateway(config, services, log) : null;
  services.devices.downlink = services.carriers.downlink(services.devices.downlink); // NB-IoT via CTWing/OneNET
  // sounders a crash or a failure left untold: once the device transport can tell them, else the sweep's first
  // round at a start would find no downlink and wait out its lease
  services.sensors.startLinkageSweep();
  services.devices.startCommandResend(); // commands people asked for while the transport could not take them
  const sweeper = setInterval(() => {
    services.offlineSweeper.sweep().catch((e: Error) => log.error({ err: e }, "offline sweep failed"));
  }, config.OFFLINE_SWEEP_SEC * 1000);
  sweeper.unref();

  const server = http.createServer(buildHttpApp({ config, services, log, extra: opts.extra ?? [] }).callback());
  server.keepAliveTimeout = 65_000;
  // HTTP_WORKERS: child processes serve HTTP, this process accepts and hands the connections over (the same
  // app serves here only while no worker is up)
  const workers =
    config.HTTP_WORKERS > 0
      ? startHttpWorkers({ count: config.HTTP_WORKERS, config, services, log, local: server })
      : null;
  await workers?.started(); // the port opens once they take connections
  const listener: net.Server = workers?.server ?? server;
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(config.PORT, config.HOST, resolve);
  }).catch(async (e: unknown) => {
    await workers?.close();
    throw e;
  });
  const port = (listener.address() as AddressInfo).port;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  log.info(
    { url, database: config.DATABASE_URL.provider, ...(workers ? { httpWorkers: workers.up() } : {}) },
    "API listening",
  );
  if (opts.warmConsole && !workers)
    void warmConsoleApp().then((ok) => {
      if (!ok) log.warn("the staff console's app did not build; it is tried again when the console is opened");
    });
  return {
    url,
    port,
    services,
    db,
    mqtt,
    gb26875,
    demo,
    async close() {
      clearInterval(sweeper);
      watchdog.stop();
      await gb26875?.close(); // frames being stored still get their confirm
      // a resend round under way finishes while the transport can still take it; what is left, the next sweep sends
      await services.devices.close();
      await mqtt.close();
      await services.panels.ingest?.close();
      await services.ingest.close();
      await liveRelay?.close();
      await services.centre.close();
      await services.sensors.close(); // sounders being switched finish; what is left, the next start's sweep does
      await services.rolloutDispatch.close();
      await services.modeReminders.close();
      await services.notifications.close(); // in-flight sends finish and are recorded: nothing resent
      await stopBookingJobs();
      stopReadingRetention();
      await services.inspection.close();
      await services.cameras.close();
      await workers?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** Reads the environment; on a wrong setting prints one line per problem and exits 1. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const line of e.lines) console.error(line);
      process.exit(1);
    }
    throw e;
  }
}

export function handleSignals(close: () => Promise<void>): void {
  let closing = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (closing) process.exit(1);
      closing = true;
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const api = await startApi({ config: configOrExit() });
  handleSignals(() => api.close());
}
