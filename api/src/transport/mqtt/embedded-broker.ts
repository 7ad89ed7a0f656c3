// The embedded MQTT broker (aedes) for a single machine. Devices authenticate with their id and secret,
// may publish only to devices/{id}/up and subscribe only to devices/{id}/down. A message is stored before
// aedes answers PUBACK: authorizePublish waits for the ingest pipeline's durable commit (RECIPES: aedes
// acknowledges once its own handling, including this hook, is done).
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from "aedes";
import type { Logger } from "../../shared/logger.ts";
import type { Metrics } from "../../shared/metrics.ts";
import type { DeviceDirectory } from "../../modules/devices/device-directory.ts";
import type { IngestPipeline } from "../../modules/devices/ingest-pipeline.ts";
import type { DownlinkPort } from "../../modules/devices/device-commands.ts";
import { verifyDeviceSecret } from "../../modules/devices/device-secrets.ts";
import { deviceIdFromUpTopic, downTopic } from "../../modules/devices/device-protocol.ts";
import { ConnectionGuard, type GuardOptions } from "./connection-guard.ts";

export interface EmbeddedBroker extends DownlinkPort {
  port: number;
  connected(): number;
  close(): Promise<void>;
}

// CONNACK return codes (MQTT 3.1.1 table 3.1): 4 bad user name or password, 5 not authorized
function authError(message: string, returnCode: 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

export async function startEmbeddedBroker(opts: {
  host: string;
  port: number;
  directory: DeviceDirectory;
  pipeline: IngestPipeline;
  metrics: Metrics;
  log: Logger;
  /** pre-CONNECT and per-address limits (connection-guard.ts) */
  guard: GuardOptions;
  /** a connection that sends no CONNECT within this long is closed */
  connectTimeoutMs: number;
  /** handshakes the kernel queues until the loop accepts them (a reconnect storm's); Node's default 511 */
  backlog?: number;
}): Promise<EmbeddedBroker> {
  const { directory, pipeline, metrics, log } = opts;
  const broker = await Aedes.createBroker({
    concurrency: 1000,
    heartbeatInterval: 60_000,
    connectTimeout: opts.connectTimeoutMs,
  });
  const guard = new ConnectionGuard(opts.guard, metrics, log);

  broker.authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void,
  ) => {
    const id = client.id;
    if (!username || username !== id || !password) {
      metrics.authFailures.inc({ reason: "bad_credentials" });
      return done(authError("username must equal client id", 4), null);
    }
    directory.get(id).then(
      (device) => {
        if (!device || !verifyDeviceSecret(device.secretHash, password.toString("utf8"))) {
          metrics.authFailures.inc({ reason: device ? "wrong_secret" : "unknown_device" });
          log.warn({ deviceId: id, reason: device ? "wrong_secret" : "unknown_device" }, "device connection refused");
          return done(authError("not authorized", 5), null);
        }
        done(null, true);
      },
      (e: Error) => done(authError(e.message, 5), null),
    );
  };

  broker.authorizePublish = (client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void) => {
    if (!client) return done(null); // broker-internal (will messages): nothing to store
    const deviceId = deviceIdFromUpTopic(packet.topic);
    if (deviceId !== client.id) {
      metrics.authFailures.inc({ reason: "wrong_topic" });
      log.warn(
        { deviceId: client.id, topic: packet.topic },
        "device published to a topic it does not own; disconnected",
      );
      return done(new Error("topic not allowed"));
    }
    pipeline.submit(deviceId, packet.payload as Buffer, "mqtt").then(
      // Refused payloads are acknowledged too: a malformed message sent again would be refused again
      // forever. The refusal is logged and counted (anxin_device_messages_refused_total).
      () => done(null),
      (e: Error) => done(e), // not stored: no PUBACK, the connection drops and the device sends it again
    );
  };

  broker.authorizeSubscribe = (
    client: Client,
    sub: Subscription,
    done: (err: Error | null, sub?: Subscription | null) => void,
  ) => {
    if (sub.topic !== downTopic(client.id)) {
      metrics.authFailures.inc({ reason: "wrong_subscription" });
      return done(new Error("subscription not allowed"));
    }
    done(null, sub);
  };

  broker.on("client", () => metrics.connectedDevices.set(broker.connectedClients));
  broker.on("clientDisconnect", () => metrics.connectedDevices.set(broker.connectedClients));
  broker.on("clientError", (client, err) => log.debug({ deviceId: client?.id, err: err.message }, "mqtt client error"));

  const server = net.createServer((socket) => {
    if (!guard.admit(socket)) return;
    broker.handle(socket);
    guard.watch(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: opts.port, host: opts.host, ...(opts.backlog ? { backlog: opts.backlog } : {}) }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, "embedded MQTT broker listening");

  return {
    port,
    connected: () => broker.connectedClients,
    send(deviceId, payload) {
      return new Promise((resolve, reject) => {
        broker.publish(
          {
            cmd: "publish",
            topic: downTopic(deviceId),
            payload: Buffer.from(JSON.stringify(payload)),
            qos: 1,
            retain: false,
            dup: false,
          },
          (err?: Error) => (err ? reject(err) : resolve()),
        );
      });
    },
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
