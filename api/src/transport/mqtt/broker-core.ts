// The embedded MQTT broker itself (aedes on a TCP server), wherever it runs: on the API's event loop
// (embedded-broker.ts) or on a thread of its own (broker-thread.ts, broker-worker.ts). Devices authenticate
// with their id and secret, may publish only to devices/{id}/up and subscribe only to devices/{id}/down. A
// message is stored before aedes answers PUBACK: authorizePublish waits for `hooks.store`, the ingest
// pipeline's durable commit (RECIPES: aedes acknowledges once its own handling, including this hook, is done).
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from "aedes";
import type { Logger } from "../../shared/logger.ts";
import { SecretCheck } from "../../modules/devices/device-secrets.ts";
import { deviceIdFromUpTopic, downTopic } from "../../modules/devices/device-protocol.ts";
import { ConnectionGuard, type GuardOptions, type Reason } from "./connection-guard.ts";
import { teardownInTurns } from "./socket-teardown.ts";
import { Drip } from "../../shared/drip.ts";

/** dead sockets torn down a turn of the loop (socket-teardown.ts): about 2-3 ms of work a turn */
const TEARDOWNS_PER_TURN = 32;

export type AuthFailure = "bad_credentials" | "wrong_secret" | "unknown_device" | "wrong_topic" | "wrong_subscription";

/** What the broker needs from the API: the device's secret, the store, and where its counts go. */
export interface BrokerHooks {
  /** the device's stored secret hash; null: no such device */
  secretHash(deviceId: string): Promise<string | null>;
  /** resolves once the message is stored (or refused for good); rejects when it is not stored */
  store(deviceId: string, payload: Buffer | string): Promise<unknown>;
  /** anxin_auth_failures_total */
  authFailure(reason: AuthFailure): void;
  /** anxin_mqtt_connections_refused_total (the connection guard) */
  refused(reason: Reason): void;
  /** anxin_connected_devices */
  clients(connected: number): void;
}

export interface BrokerOptions {
  host: string;
  port: number;
  /** pre-CONNECT and per-address limits (connection-guard.ts) */
  guard: GuardOptions;
  /** a connection that sends no CONNECT within this long is closed */
  connectTimeoutMs: number;
  /** handshakes the kernel queues until the loop accepts them (a reconnect storm's); Node's default 511 */
  backlog?: number;
  /** a gone device's socket torn down in a later turn (socket-teardown.ts; default true; false: the bench's baseline) */
  teardownInTurns?: boolean;
  /**
   * false: no server of its own; the connections come through `accept` (a broker process of the shards,
   * broker-shards.ts, is handed each socket by the API's process). Default true.
   */
  listen?: boolean;
}

export interface ServedBroker {
  /** the port listened on; 0 for a broker that does not listen (`listen: false`) */
  port: number;
  connected(): number;
  /** a connection accepted elsewhere (`listen: false`), handled as the server's own are */
  accept(socket: net.Socket): void;
  /** a command to the device's down topic, QoS 1; resolves once aedes has handed it on */
  publishDown(deviceId: string, json: string): Promise<void>;
  /** whether the device is connected to this broker now */
  has(deviceId: string): boolean;
  close(): Promise<void>;
}

// CONNACK return codes (MQTT 3.1.1 table 3.1): 4 bad user name or password, 5 not authorized
function authError(message: string, returnCode: 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * `schedule`: how a turn of the dead sockets' teardown is booked. The real setImmediate, so the teardown has a
 * lane of its own: on the broker thread, where the global setImmediate takes turns, not that queue, in which a
 * fire alarm's continuation would wait behind a mass reset's 10,000 teardowns.
 */
export async function serveBroker(
  opts: BrokerOptions,
  hooks: BrokerHooks,
  log: Logger,
  schedule: (fn: () => void) => void = (fn) => setImmediate(fn),
): Promise<ServedBroker> {
  const teardowns = new Drip(TEARDOWNS_PER_TURN, schedule);
  const broker = await Aedes.createBroker({
    concurrency: 1000,
    heartbeatInterval: 60_000,
    connectTimeout: opts.connectTimeoutMs,
  });
  const secrets = new SecretCheck();
  const guard = new ConnectionGuard(opts.guard, { mqttRefused: { inc: ({ reason }) => hooks.refused(reason) } }, log);

  broker.authenticate = (
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (err: AuthenticateError | null, ok: boolean | null) => void,
  ) => {
    const id = client.id;
    if (!username || username !== id || !password) {
      hooks.authFailure("bad_credentials");
      return done(authError("username must equal client id", 4), null);
    }
    hooks.secretHash(id).then(
      (hash) => {
        if (hash === null || !secrets.verify(id, hash, password.toString("utf8"))) {
          const reason = hash === null ? "unknown_device" : "wrong_secret";
          hooks.authFailure(reason);
          log.warn({ deviceId: id, reason }, "device connection refused");
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
      hooks.authFailure("wrong_topic");
      log.warn(
        { deviceId: client.id, topic: packet.topic },
        "device published to a topic it does not own; disconnected",
      );
      return done(new Error("topic not allowed"));
    }
    hooks.store(deviceId, packet.payload as Buffer).then(
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
      hooks.authFailure("wrong_subscription");
      return done(new Error("subscription not allowed"));
    }
    done(null, sub);
  };

  broker.on("client", () => hooks.clients(broker.connectedClients));
  broker.on("clientDisconnect", () => hooks.clients(broker.connectedClients));
  broker.on("clientError", (client, err) => log.debug({ deviceId: client?.id, err: err.message }, "mqtt client error"));

  const accept = (socket: net.Socket) => {
    if (!guard.admit(socket)) return;
    if (opts.teardownInTurns !== false) teardownInTurns(socket, teardowns.push); // a mass reset's, a few a turn
    broker.handle(socket);
    guard.watch(socket);
  };
  const server = opts.listen === false ? null : net.createServer(accept);
  if (server)
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: opts.port, host: opts.host, ...(opts.backlog ? { backlog: opts.backlog } : {}) }, resolve);
    });
  const port = server ? (server.address() as AddressInfo).port : 0;

  return {
    port,
    accept,
    connected: () => broker.connectedClients,
    has: (deviceId) => {
      const c = (broker as unknown as { clients: Record<string, { connected?: boolean } | undefined> }).clients[
        deviceId
      ];
      return !!c?.connected;
    },
    publishDown(deviceId, json) {
      return new Promise((resolve, reject) => {
        broker.publish(
          {
            cmd: "publish",
            topic: downTopic(deviceId),
            payload: Buffer.from(json),
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
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
