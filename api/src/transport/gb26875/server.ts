// Starts the GB/T 26875.3 gateway next to the MQTT transport (issue 16, phase 2): devices are looked up
// in the panels module, each frame's events are stored through the panels' durable ingest before the
// confirm goes back, silent devices are reported offline, refusals are counted on /metrics. Commands down to
// devices (duty checks, settings changes) come through the shared queue of the panels module, so whichever
// instance a device is connected to sends them.
import { Counter, Gauge, Histogram } from "prom-client";
import type { Config } from "../../shared/config.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Services } from "../../services.ts";
import { AppError } from "../../shared/errors.ts";
import { Gb26875Gateway, panelFrameOf, type GatewayMetrics, type StoreOutcome } from "./gateway/index.ts";

/** The standard's port is not fixed; 9026 is this project's default (docs/gb26875.md). */
export const DEFAULT_GB26875_PORT = 9026;

export interface PanelGateway {
  gateway: Gb26875Gateway;
  host: string;
  port: number;
  /** why the port is not the configured one, for the start banner */
  note: string;
  close(): Promise<void>;
}

function gatewayMetrics(services: Services): GatewayMetrics {
  const registers = [services.metrics.registry];
  const refused = new Counter({
    name: "anxin_gb26875_refused_total",
    help: "GB/T 26875.3 frames and connections refused or dropped, by reason (bad checksum, bad length, garbage, unknown device ...)",
    labelNames: ["reason"],
    registers,
  });
  const confirmed = new Histogram({
    name: "anxin_gb26875_confirm_seconds",
    help: "GB/T 26875.3 frame received to confirm sent (after it was stored), by outcome",
    labelNames: ["outcome"],
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5],
    registers,
  });
  const open = new Gauge({ name: "anxin_gb26875_connections", help: "Open GB/T 26875.3 connections", registers });
  const sessions = new Gauge({
    name: "anxin_gb26875_sessions",
    help: "Transmission devices identified on a connection",
    registers,
  });
  return {
    refused: (reason) => refused.inc({ reason }),
    confirmed: (outcome, seconds) => confirmed.observe({ outcome }, seconds),
    connections: (o, s) => {
      open.set(o);
      sessions.set(s);
    },
  };
}

export async function startPanelGateway(config: Config, services: Services, log: Logger): Promise<PanelGateway> {
  const { panels } = services;
  const ingest = panels.ingest;
  if (!ingest) throw new Error("the panels module was built without its ingest");
  const metrics = gatewayMetrics(services);
  const make = (port: number) =>
    new Gb26875Gateway(
      {
        lookup: (address) => panels.service.findByAddress(address),
        async store(frame): Promise<StoreOutcome> {
          try {
            return await ingest.submit(panelFrameOf(frame));
          } catch (e) {
            // the device was removed between lookup and frame: deny, nothing to store
            if (e instanceof AppError && e.code === "NOT_FOUND")
              return { outcome: "refused", reason: "unknown_device" };
            throw e; // not stored: no confirm, the device sends it again
          }
        },
        offline: (deviceId, lastHeardAt) => {
          ingest
            .offline(deviceId, lastHeardAt)
            .then((marked) => marked && log.warn({ deviceId }, "gb26875: transmission device offline"))
            .catch((e: unknown) => log.error({ err: e, deviceId }, "gb26875: marking a device offline failed"));
        },
        clockSynced: (deviceId, at) => panels.service.markClockSynced(deviceId, at),
        commands: panels.commands,
        metrics,
        clock: services.clock,
        log,
      },
      {
        host: config.GB26875_HOST,
        port,
        maxConnections: config.GB26875_MAX_CONNECTIONS,
        maxPatrolSec: config.GB26875_MAX_PATROL_SEC,
        framesPerSecond: config.GB26875_FRAMES_PER_SEC,
        frameBurst: config.GB26875_FRAME_BURST,
        commandPollMs: config.GB26875_COMMAND_POLL_MS,
        ...(config.GB26875_CENTRE_ADDRESS ? { centreAddress: config.GB26875_CENTRE_ADDRESS } : {}),
      },
    );
  let note = "";
  let gateway = make(config.GB26875_PORT ?? DEFAULT_GB26875_PORT);
  let port: number;
  try {
    port = await gateway.listen();
  } catch (e) {
    // the default port taken (another instance on this machine) and none configured: any free port, said
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || config.GB26875_PORT !== undefined) throw e;
    await gateway.close();
    gateway = make(0);
    port = await gateway.listen();
    note = ` (${DEFAULT_GB26875_PORT} is taken; set GB26875_PORT to choose)`;
  }
  log.info({ host: config.GB26875_HOST, port }, "GB/T 26875.3 gateway listening");
  // commands queued by any instance (duty checks, settings changes) for the devices connected here: looked
  // for at once when this instance queues one, and every GB26875_COMMAND_POLL_MS for the others'
  panels.commands.kick = () => void gateway.pollCommands();
  return {
    gateway,
    host: config.GB26875_HOST,
    port,
    note,
    close: () => {
      panels.commands.kick = null;
      return gateway.close();
    },
  };
}
