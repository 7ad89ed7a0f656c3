// The embedded MQTT broker (broker-core.ts) for a single machine, on the API's own event loop
// (MQTT_BROKER_THREAD=false; broker-thread.ts runs the same broker on a thread of its own).
import type { Logger } from "../../shared/logger.ts";
import type { Metrics } from "../../shared/metrics.ts";
import type { DeviceDirectory } from "../../modules/devices/device-directory.ts";
import type { IngestPipeline } from "../../modules/devices/ingest-pipeline.ts";
import type { DownlinkPort } from "../../modules/devices/device-commands.ts";
import { serveBroker, type BrokerHooks, type BrokerOptions } from "./broker-core.ts";

export interface EmbeddedBroker extends DownlinkPort {
  port: number;
  connected(): number;
  /** whether devices can connect now (false while a broker thread that died is being started again) */
  ready(): boolean;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions extends BrokerOptions {
  directory: DeviceDirectory;
  pipeline: IngestPipeline;
  metrics: Metrics;
  log: Logger;
}

/** The broker's hooks on this process's directory, pipeline and metrics (the broker thread's too, main side). */
export function localHooks(o: Pick<EmbeddedBrokerOptions, "directory" | "pipeline" | "metrics">): BrokerHooks {
  const { directory, pipeline, metrics } = o;
  return {
    secretHash: async (id) => (await directory.get(id))?.secretHash ?? null, // get() answers from its cache first
    store: (deviceId, payload) => pipeline.submit(deviceId, payload, "mqtt"),
    authFailure: (reason) => metrics.authFailures.inc({ reason }),
    refused: (reason) => metrics.mqttRefused.inc({ reason }),
    clients: (n) => metrics.connectedDevices.set(n),
  };
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const served = await serveBroker(opts, localHooks(opts), opts.log);
  opts.log.info({ port: served.port }, "embedded MQTT broker listening");
  return {
    port: served.port,
    connected: () => served.connected(),
    ready: () => true,
    send: (deviceId, payload) => served.publishDown(deviceId, JSON.stringify(payload)),
    close: () => served.close(),
  };
}
