// With MQTT_URL set, devices connect to an external broker (Mosquitto here, EMQX in production) and each
// API instance subscribes to $share/{group}/devices/+/up, so the instances split the load.
// Written on mqtt-packet rather than MQTT.js because MQTT.js handles one incoming message at a time when
// acknowledgement waits for storage (RECIPES trap); here many messages are in flight and each PUBACK is
// sent, in arrival order as MQTT 3.1.1 section 4.6 requires, only once its message is stored. The session
// is persistent (clean=false), so what was not acknowledged is delivered again after a reconnect.
import net from "node:net";
import mqttPacket, { type Packet } from "mqtt-packet";
import type { Logger } from "../../shared/logger.ts";
import type { IngestPipeline } from "../../modules/devices/ingest-pipeline.ts";
import type { DownlinkPort } from "../../modules/devices/device-commands.ts";
import { deviceIdFromUpTopic, downTopic } from "../../modules/devices/device-protocol.ts";

export interface ExternalSubscriberOptions {
  url: string;
  clientId: string;
  group: string;
  pipeline: IngestPipeline;
  log: Logger;
  keepaliveSec?: number;
}

interface InboundAck {
  messageId: number;
  done: boolean;
}

export class ExternalSubscriber implements DownlinkPort {
  private socket: net.Socket | null = null;
  private acks: InboundAck[] = [];
  private outbound = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closing = false;
  private ready = false;
  private ping: NodeJS.Timeout | null = null;
  private retryMs = 200;
  private flushScheduled = false;
  private firstReady: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly opts: ExternalSubscriberOptions) {}

  get connected(): boolean {
    return this.ready;
  }

  start(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`MQTT broker ${this.safeUrl()} did not answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.firstReady = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.connect();
    });
  }

  private safeUrl(): string {
    const u = new URL(this.opts.url);
    u.password = "";
    return u.toString();
  }

  private id(): number {
    const id = this.nextId;
    this.nextId = (this.nextId % 65535) + 1;
    return id;
  }

  private write(p: Packet): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(mqttPacket.generate(p));
  }

  private connect(): void {
    const u = new URL(this.opts.url);
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    this.socket = socket;
    this.acks = [];
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", (p: Packet) => this.onPacket(p));
    parser.on("error", (e: Error) => {
      this.opts.log.error({ err: e.message }, "MQTT protocol error from broker");
      socket.destroy();
    });
    socket.on("data", (buf: Buffer) => parser.parse(buf));
    socket.on("connect", () => {
      this.write({
        cmd: "connect",
        protocolId: "MQTT",
        protocolVersion: 4,
        clean: false,
        clientId: this.opts.clientId,
        keepalive: this.opts.keepaliveSec ?? 30,
        ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: Buffer.from(decodeURIComponent(u.password)) } : {}),
      });
    });
    socket.on("error", (e) => this.opts.log.warn({ err: e.message, broker: this.safeUrl() }, "MQTT connection error"));
    socket.on("close", () => this.onClose(socket));
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.ready = false;
    if (this.ping) clearInterval(this.ping);
    for (const o of this.outbound.values()) o.reject(new Error("MQTT connection closed"));
    this.outbound.clear();
    if (this.closing) return;
    this.opts.log.warn({ retryMs: this.retryMs }, "MQTT connection lost; reconnecting");
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  private onPacket(p: Packet): void {
    switch (p.cmd) {
      case "connack":
        if (p.returnCode !== 0) {
          const e = new Error(`MQTT broker refused the connection (return code ${p.returnCode})`);
          this.opts.log.error({ returnCode: p.returnCode }, e.message);
          this.firstReady?.reject(e);
          this.closing = true;
          this.socket?.destroy();
          return;
        }
        this.write({
          cmd: "subscribe",
          messageId: this.id(),
          subscriptions: [{ topic: `$share/${this.opts.group}/devices/+/up`, qos: 1 }],
        });
        return;
      case "suback": {
        if (p.granted.some((g) => (typeof g === "number" ? g : g) === 128)) {
          const e = new Error("MQTT broker refused the subscription to devices/+/up");
          this.firstReady?.reject(e);
          return;
        }
        this.ready = true;
        this.retryMs = 200;
        const keepalive = (this.opts.keepaliveSec ?? 30) * 500;
        this.ping = setInterval(() => this.write({ cmd: "pingreq" }), keepalive);
        this.opts.log.info({ broker: this.safeUrl(), group: this.opts.group }, "subscribed to device uplinks");
        this.firstReady?.resolve();
        this.firstReady = null;
        return;
      }
      case "publish":
        this.onPublish(p);
        return;
      case "puback": {
        const o = this.outbound.get(p.messageId ?? 0);
        if (o) {
          this.outbound.delete(p.messageId ?? 0);
          o.resolve();
        }
        return;
      }
      default:
        return;
    }
  }

  private onPublish(p: Extract<Packet, { cmd: "publish" }>): void {
    const deviceId = deviceIdFromUpTopic(p.topic);
    const ack: InboundAck | null =
      p.qos > 0 && p.messageId !== undefined ? { messageId: p.messageId, done: false } : null;
    if (ack) this.acks.push(ack);
    const socket = this.socket;
    const payload = typeof p.payload === "string" ? Buffer.from(p.payload) : p.payload;
    const work = deviceId ? this.opts.pipeline.submit(deviceId, payload, "mqtt") : Promise.resolve(null);
    work.then(
      () => {
        if (!ack || socket !== this.socket) return;
        ack.done = true;
        // every message of a committed batch resolves in the same turn: acknowledge them together after it
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(() => {
            this.flushScheduled = false;
            this.flushAcks();
          });
        }
      },
      (e: Error) => {
        // not stored: drop the connection without acknowledging; the broker delivers it again
        this.opts.log.error({ err: e.message }, "storing a device message failed; reconnecting for redelivery");
        socket?.destroy();
      },
    );
  }

  /** Sends the PUBACKs that are due, in order, in one write (a batch commits many messages at once). */
  private flushAcks(): void {
    let n = 0;
    while (n < this.acks.length && this.acks[n]!.done) n++;
    if (n === 0) return;
    const out = Buffer.allocUnsafe(4 * n);
    for (let i = 0; i < n; i++) {
      // PUBACK: fixed header 0x40, remaining length 2, packet identifier (MQTT 3.1.1 section 3.4)
      const id = this.acks[i]!.messageId;
      out[i * 4] = 0x40;
      out[i * 4 + 1] = 0x02;
      out[i * 4 + 2] = id >> 8;
      out[i * 4 + 3] = id & 0xff;
    }
    this.acks.splice(0, n);
    if (this.socket && !this.socket.destroyed) this.socket.write(out);
  }

  send(deviceId: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.ready) return Promise.reject(new Error("not connected to the MQTT broker"));
    return new Promise((resolve, reject) => {
      const messageId = this.id();
      this.outbound.set(messageId, { resolve, reject });
      this.write({
        cmd: "publish",
        topic: downTopic(deviceId),
        payload: Buffer.from(JSON.stringify(payload)),
        qos: 1,
        messageId,
        retain: false,
        dup: false,
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.ping) clearInterval(this.ping);
    const s = this.socket;
    if (!s || s.destroyed) return;
    this.write({ cmd: "disconnect" });
    await new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
