// A bounded MQTT load generator: many devices, QoS 1, either as fast as the broker acknowledges (a window
// of messages in flight per device) or at a fixed rate, measuring publish -> PUBACK latency.
import mqtt, { type MqttClient } from "mqtt";

export interface Device {
  id: string;
  secret: string;
}

export class Publishers {
  private clients: MqttClient[] = [];
  private seq = 0;
  constructor(
    private readonly url: string,
    private readonly devices: Device[],
    /** the message body; a heartbeat unless given (the sensor bench sends readings) */
    private readonly body?: (seq: number, device: Device) => string,
  ) {}

  async connect(batch = 200): Promise<number> {
    for (let i = 0; i < this.devices.length; i += batch) {
      const part = await Promise.all(
        this.devices.slice(i, i + batch).map(
          (d) =>
            new Promise<MqttClient | null>((resolve) => {
              const c = mqtt.connect(this.url, {
                clientId: d.id,
                username: d.id,
                password: d.secret,
                protocolVersion: 4,
                reconnectPeriod: 0,
                connectTimeout: 20_000,
                keepalive: 600,
              });
              c.once("connect", () => resolve(c));
              c.once("error", () => {
                c.end(true);
                resolve(null);
              });
            }),
        ),
      );
      for (const c of part) if (c) this.clients.push(c);
    }
    return this.clients.length;
  }

  get connected(): number {
    return this.clients.filter((c) => c.connected).length;
  }

  private payload(device: Device, type = "heartbeat"): string {
    if (this.body) return this.body(++this.seq, device);
    return JSON.stringify({ id: `b${++this.seq}`, ts: Date.now(), type, battery: 90, rssi: -71, smoke: 3 });
  }

  private publish(i: number): Promise<number> {
    const c = this.clients[i % this.clients.length]!;
    const device = this.devices[i % this.clients.length]!;
    const topic = `devices/${device.id}/up`;
    const start = process.hrtime.bigint();
    return new Promise((resolve, reject) =>
      c.publish(topic, this.payload(device), { qos: 1 }, (err) =>
        err ? reject(err) : resolve(Number(process.hrtime.bigint() - start) / 1e6),
      ),
    );
  }

  /** Each device keeps `window` messages in flight for `ms`; returns acknowledged count. */
  async saturate(ms: number, window: number, maxMessages: number): Promise<{ acked: number; seconds: number }> {
    const until = Date.now() + ms;
    let acked = 0;
    let issued = 0;
    const start = Date.now();
    await Promise.all(
      this.clients.map(async (_c, i) => {
        const lanes = Array.from({ length: window }, async () => {
          while (Date.now() < until && issued < maxMessages) {
            issued++;
            await this.publish(i);
            acked++;
          }
        });
        await Promise.all(lanes);
      }),
    );
    return { acked, seconds: (Date.now() - start) / 1000 };
  }

  /** Publishes at `rate` messages a second for `ms`; returns each message's publish -> PUBACK latency. */
  async fixedRate(rate: number, ms: number): Promise<number[]> {
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    const start = Date.now();
    const total = Math.floor((rate * ms) / 1000);
    for (let n = 0; n < total; n++) {
      const due = start + (n * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(this.publish(n).then((l) => void latencies.push(l)));
      if (Date.now() - start > ms * 2) break; // cannot keep up: stop rather than run on
    }
    await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, 10_000))]);
    return latencies;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync(true).catch(() => undefined)));
    this.clients = [];
  }
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
