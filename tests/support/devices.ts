// A device as tests meet it: an MQTT client with its id and secret, publishing protocol v1 JSON.
import mqtt, { type MqttClient } from "mqtt";

export async function connectDevice(
  url: string,
  id: string,
  secret: string,
  opts: { reconnect?: boolean } = {},
): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: id,
    username: id,
    password: secret,
    protocolVersion: 4,
    clean: true,
    reconnectPeriod: opts.reconnect ? 200 : 0,
    connectTimeout: 5000,
  });
  await new Promise<void>((resolve, reject) => {
    // only the first connection's error ends the client: a reconnecting one rides out a broker that is down
    const failed = (e: Error) => {
      client.end(true);
      reject(e);
    };
    client.once("connect", () => {
      client.off("error", failed);
      resolve();
    });
    client.once("error", failed);
  });
  return client;
}

let seq = 0;
export function uplink(
  type: string,
  extra: Record<string, unknown> = {},
  id = `m${Date.now()}-${++seq}`,
): { id: string; payload: string } {
  return { id, payload: JSON.stringify({ id, ts: Date.now(), type, ...extra }) };
}

/** Publishes at QoS 1 and resolves on PUBACK. */
export function publish(client: MqttClient, topic: string, payload: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    client.publish(topic, payload, { qos: 1 }, (err) => (err ? reject(err) : resolve())),
  );
}

/** Resolves when the client is disconnected by the broker (or times out with false). */
export function disconnected(client: MqttClient, timeoutMs = 3000): Promise<boolean> {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), timeoutMs);
    client.once("close", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}
