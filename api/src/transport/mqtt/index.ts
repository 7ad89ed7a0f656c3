// Chooses the device transport: the embedded broker by default, or a shared subscription on an
// external broker when MQTT_URL is set.
import type { Config } from "../../shared/config.ts";
import type { Services } from "../../services.ts";
import { startEmbeddedBroker } from "./embedded-broker.ts";
import { startBrokerThread } from "./broker-thread.ts";
import { startBrokerShards } from "./broker-shards.ts";
import { ExternalSubscriber } from "./external-subscriber.ts";

export interface DeviceTransport {
  kind: "embedded" | "external";
  /** the embedded broker's port; null with an external broker */
  port: number | null;
  ready(): boolean;
  close(): Promise<void>;
}

export async function startDeviceTransport(config: Config, services: Services): Promise<DeviceTransport> {
  if (config.MQTT_URL) {
    const instance = config.INSTANCE_ID ?? `${process.pid}`;
    const sub = new ExternalSubscriber({
      url: config.MQTT_URL,
      clientId: `anxin-api-${instance}`.slice(0, 23),
      group: config.MQTT_SHARE_GROUP ?? "anxin",
      pipeline: services.ingest,
      log: services.log,
    });
    await sub.start();
    services.devices.downlink = sub;
    services.readiness.push({
      name: "mqtt",
      check: async () => {
        if (!sub.connected) throw new Error("not connected to the MQTT broker");
      },
    });
    return { kind: "external", port: null, ready: () => sub.connected, close: () => sub.close() };
  }
  // single instance: the directory is the truth (changes invalidate it); load it whole before devices connect
  services.deviceDirectory.ttlMs = Number.POSITIVE_INFINITY;
  const warmed = await services.deviceDirectory.warm();
  services.log.info({ devices: warmed }, "device directory loaded");
  const brokerOptions = {
    host: config.MQTT_HOST ?? "127.0.0.1",
    port: config.MQTT_PORT,
    directory: services.deviceDirectory,
    pipeline: services.ingest,
    metrics: services.metrics,
    log: services.log,
    connectTimeoutMs: config.MQTT_CONNECT_TIMEOUT_MS,
    backlog: config.MQTT_LISTEN_BACKLOG,
    guard: {
      maxPerAddress: config.MQTT_MAX_CONNECTIONS_PER_ADDRESS,
      maxPendingPerAddress: config.MQTT_MAX_PENDING_PER_ADDRESS,
      // a device's CONNECT: client id, username and secret, a few hundred bytes (docs/device-protocol.md)
      maxConnectBytes: 1024,
      maxPacketBytes: config.MQTT_MAX_PACKET_BYTES,
    },
  };
  const away = {
    ...brokerOptions,
    logLevel: config.LOG_LEVEL,
    logBase: { service: "anxin-api", ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}) },
  };
  const broker =
    config.MQTT_BROKER_PROCESSES > 0
      ? await startBrokerShards({ ...away, processes: config.MQTT_BROKER_PROCESSES })
      : config.MQTT_BROKER_THREAD
        ? await startBrokerThread(away)
        : await startEmbeddedBroker(brokerOptions);
  services.devices.downlink = broker;
  services.readiness.push({
    name: "mqtt",
    check: async () => {
      if (!broker.ready()) throw new Error("the MQTT broker's thread or a process of it is starting again");
    },
  });
  return { kind: "embedded", port: broker.port, ready: () => broker.ready(), close: () => broker.close() };
}
