// A plain GB/T 26875.3 client for tests, written from the standard's layout (clause 8.1) without the
// project's codec: frames are put together byte by byte and the checksum summed here, so a test checks
// the gateway against the standard, not against itself.
//
//   @@ | serial (2, low byte first) | version (2) | time (6: s min h d mon yy) | source (6, low byte first)
//      | destination (6) | data length (2, low byte first) | command (1) | data | checksum (1) | ##
//   checksum = sum of the bytes from serial through data, mod 256
import net from "node:net";

/** 12 hex digits, most significant first, to the 6 wire bytes (least significant first). */
export function wireAddress(hex: string): number[] {
  const out: number[] = [];
  for (let i = hex.length - 2; i >= 0; i -= 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** Beijing time (UTC+8) as the 6-byte time label. */
export function timeLabel(at = new Date()): number[] {
  const t = new Date(at.getTime() + 8 * 3600_000);
  return [
    t.getUTCSeconds(),
    t.getUTCMinutes(),
    t.getUTCHours(),
    t.getUTCDate(),
    t.getUTCMonth() + 1,
    t.getUTCFullYear() - 2000,
  ];
}

export const CENTRE = "000000000001";

export function frame(o: {
  serial: number;
  source: string;
  command?: number;
  data?: number[];
  at?: Date;
  /** added to the checksum: a broken frame */
  spoilChecksum?: number;
}): Buffer {
  const data = o.data ?? [];
  const body = [
    o.serial & 0xff,
    o.serial >> 8,
    1,
    0,
    ...timeLabel(o.at),
    ...wireAddress(o.source),
    ...wireAddress(CENTRE),
    data.length & 0xff,
    data.length >> 8,
    o.command ?? 2,
    ...data,
  ];
  const sum = (body.reduce((a, b) => a + b, 0) + (o.spoilChecksum ?? 0)) & 0xff;
  return Buffer.from([0x40, 0x40, ...body, sum, 0x23, 0x23]);
}

/** Upload type 2 (component state), one object: 46 bytes after type and count. */
export function componentState(o: {
  componentType: number;
  /** 32 bits: point << 16 | loop */
  componentAddress: number;
  /** bit 0 normal mode, bit 1 fire, bit 2 fault, bit 3 shielded, bit 4 supervision */
  status: number;
  at?: Date;
  /** the 31-byte description as the panel sends it (empty by default) */
  description?: readonly number[];
}): number[] {
  const a = o.componentAddress >>> 0;
  const description = [...(o.description ?? []), ...new Array<number>(31).fill(0)].slice(0, 31);
  return [
    2,
    1,
    1, // system type: 火灾报警系统
    1, // system address
    o.componentType,
    a & 0xff,
    (a >>> 8) & 0xff,
    (a >>> 16) & 0xff,
    a >>> 24,
    o.status & 0xff,
    o.status >> 8,
    ...description,
    ...timeLabel(o.at),
  ];
}

export interface WireFrame {
  serial: number;
  command: number;
  dataLength: number;
  /** the application data unit (type, count, objects) */
  data: number[];
}

/** A connection that collects the frames the gateway sends back. */
export class WireClient {
  readonly frames: WireFrame[] = [];
  closed = false;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (;;) {
        const start = this.buf.indexOf("@@");
        if (start < 0 || this.buf.length < start + 27) break;
        const len = this.buf[start + 24]! | (this.buf[start + 25]! << 8);
        const total = 30 + len;
        if (this.buf.length < start + total) break;
        const f = this.buf.subarray(start, start + total);
        this.frames.push({
          serial: f[2]! | (f[3]! << 8),
          command: f[26]!,
          dataLength: len,
          data: [...f.subarray(27, 27 + len)],
        });
        this.buf = this.buf.subarray(start + total);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("error", () => undefined);
  }

  static connect(port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(new WireClient(s)));
      s.once("error", reject);
    });
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The gateway's reply (command 3 confirm or 6 deny) to our frame `serial`, or null after `ms`. */
  async reply(serial: number, ms = 10_000): Promise<WireFrame | null> {
    const until = Date.now() + ms;
    for (;;) {
      const f = this.frames.find((x) => x.serial === serial && (x.command === 3 || x.command === 6));
      if (f) return f;
      if (this.closed || Date.now() >= until) return null;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, until - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** The first frame the gateway started (not a reply) that matches, or null after `ms`. */
  async started(match: (f: WireFrame) => boolean, ms = 10_000): Promise<WireFrame | null> {
    const until = Date.now() + ms;
    for (;;) {
      const f = this.frames.find((x) => x.command !== 3 && x.command !== 6 && match(x));
      if (f) return f;
      if (this.closed || Date.now() >= until) return null;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, until - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
