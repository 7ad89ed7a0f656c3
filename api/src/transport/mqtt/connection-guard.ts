// Limits on the embedded broker's connections before aedes buffers anything (issue 12 item 6: 8 clients that
// never sent CONNECT made it hold 1.25 GB, still resident afterwards). MQTT's fixed header states each
// packet's length up front (MQTT 3.1.1 §2.2.3, "Remaining Length"), so a packet over the limit is refused on
// its first bytes:
// - the first packet must be CONNECT (§3.1: "the first packet sent from the Client to the Server MUST be a
//   CONNECT packet") and at most `maxConnectBytes` (a device's CONNECT is a few hundred bytes);
// - every later packet at most `maxPacketBytes` (device messages are at most 2 KB: docs/device-protocol.md);
// - open connections per client address, and of those not through CONNECT yet, are capped.
// A connection over a limit is destroyed and counted (anxin_mqtt_connections_refused_total). The guard reads
// the chunks aedes itself reads ('data' is emitted by each read() of a stream consumed through 'readable'),
// so it adds no copy and no buffer; at most one chunk of an oversized packet reaches aedes' parser before the
// socket closes. aedes closes connections that send no CONNECT within connectTimeout.
import type { Socket } from "node:net";
import type { Logger } from "../../shared/logger.ts";

export interface GuardOptions {
  maxPerAddress: number;
  maxPendingPerAddress: number;
  maxConnectBytes: number;
  maxPacketBytes: number;
}

export type Reason = "too_many_connections" | "too_many_pending" | "no_connect_first" | "oversized" | "malformed";

const CONNECT = 1;

export class ConnectionGuard {
  private readonly open = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private lastLog = 0;

  constructor(
    private readonly opts: GuardOptions,
    /** anxin_mqtt_connections_refused_total (the registry's counter, or the broker thread's relay of it) */
    private readonly metrics: { mqttRefused: { inc(labels: { reason: Reason }): void } },
    private readonly log: Pick<Logger, "warn">,
  ) {}

  private static bump(m: Map<string, number>, key: string, by: number): number {
    const n = (m.get(key) ?? 0) + by;
    if (n <= 0) m.delete(key);
    else m.set(key, n);
    return n;
  }

  private refuse(socket: Socket, address: string, reason: Reason): void {
    this.metrics.mqttRefused.inc({ reason });
    const now = Date.now();
    if (now - this.lastLog > 10_000) {
      // a flood would otherwise write a line per connection; the counter has them all
      this.lastLog = now;
      this.log.warn({ address, reason }, "MQTT connection refused by the guard");
    }
    socket.destroy();
  }

  /** Whether to hand the socket to the broker at all (call before broker.handle). */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? "unknown";
    if ((this.open.get(address) ?? 0) >= this.opts.maxPerAddress) {
      this.refuse(socket, address, "too_many_connections");
      return false;
    }
    if ((this.pending.get(address) ?? 0) >= this.opts.maxPendingPerAddress) {
      this.refuse(socket, address, "too_many_pending");
      return false;
    }
    ConnectionGuard.bump(this.open, address, 1);
    ConnectionGuard.bump(this.pending, address, 1);
    let connected = false;
    socket.once("close", () => {
      ConnectionGuard.bump(this.open, address, -1);
      if (!connected) ConnectionGuard.bump(this.pending, address, -1);
    });
    this.admitted.set(socket, {
      address,
      onConnect: () => {
        connected = true;
        ConnectionGuard.bump(this.pending, address, -1);
      },
    });
    return true;
  }

  private readonly admitted = new WeakMap<Socket, { address: string; onConnect: () => void }>();

  /**
   * Follows packet boundaries through the stream: header bytes are read, bodies skipped by count. Call
   * after broker.handle(socket), so aedes' 'readable' consumer is in place and this listener only observes.
   */
  watch(socket: Socket): void {
    const entry = this.admitted.get(socket);
    if (!entry) return;
    const { address, onConnect } = entry;
    let packets = 0;
    let skip = 0;
    let header: number[] = [];
    const onData = (chunk: Buffer) => {
      let i = 0;
      while (i < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - i);
          skip -= n;
          i += n;
          if (skip === 0 && ++packets === 1) onConnect();
          continue;
        }
        const byte = chunk[i++]!;
        header.push(byte);
        if (header.length === 1) {
          if (packets === 0 && byte >> 4 !== CONNECT) return this.refuse(socket, address, "no_connect_first");
          continue;
        }
        if (byte & 0x80) {
          if (header.length >= 5) return this.refuse(socket, address, "malformed"); // at most 4 length bytes
          continue;
        }
        let length = 0;
        for (let k = header.length - 1; k >= 1; k--) length = length * 128 + (header[k]! & 0x7f);
        header = [];
        const limit = packets === 0 ? this.opts.maxConnectBytes : this.opts.maxPacketBytes;
        if (length > limit) return this.refuse(socket, address, "oversized");
        skip = length;
        if (skip === 0 && ++packets === 1) onConnect();
      }
    };
    socket.on("data", onData);
  }
}
