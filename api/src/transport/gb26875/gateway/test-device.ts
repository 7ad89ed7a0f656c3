// A transmission device for the gateway's tests, written from clause 8.1's layout by hand: it shares no
// code with the codec, so the gateway is checked against the standard, not against itself.
import net from "node:net";

/** Time label 2026-11-28 11:00:00 (Beijing), as sent: second, minute, hour, day, month, year. */
export const LABEL = [0x00, 0x00, 0x0b, 0x1c, 0x0b, 0x1a];

/** 6-byte address text (most significant first) to its wire bytes (low byte first). */
export function wireAddress(text: string): number[] {
  return (text.match(/../g) ?? []).map((h) => parseInt(h, 16)).reverse();
}

export interface FrameSpec {
  serial: number;
  source: string;
  destination?: string;
  command?: number;
  data?: number[];
  time?: number[];
  /** add this to the checksum byte: a broken frame */
  spoilChecksum?: number;
}

/** `@@`, serial (low first), version 1.1, time label, addresses, length (low first), command, data, sum, `##`. */
export function frameBytes(f: FrameSpec): Buffer {
  const data = f.data ?? [];
  const body = [
    f.serial & 0xff,
    f.serial >> 8,
    1,
    1,
    ...(f.time ?? LABEL),
    ...wireAddress(f.source),
    ...wireAddress(f.destination ?? "000000000001"),
    data.length & 0xff,
    data.length >> 8,
    f.command ?? 2,
    ...data,
  ];
  const sum = (body.reduce((a, b) => a + b, 0) + (f.spoilChecksum ?? 0)) & 0xff;
  return Buffer.from([0x40, 0x40, ...body, sum, 0x23, 0x23]);
}

/** Type 2, one object: system 1/1, a smoke detector (41) at `address`, state word, 31 bytes of text, time. */
export function componentStateData(address: number, state: number, time: number[] = LABEL): number[] {
  const addr = [address & 0xff, (address >> 8) & 0xff, (address >> 16) & 0xff, (address >>> 24) & 0xff];
  return [0x02, 0x01, 0x01, 0x01, 41, ...addr, state & 0xff, state >> 8, ...new Array(31).fill(0), ...time];
}

export interface Received {
  serial: number;
  command: number;
  source: string;
  destination: string;
  data: number[];
  raw: Buffer;
}

const hexText = (bytes: Buffer) =>
  [...bytes]
    .reverse()
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

/** A plain TCP client that reads the gateway's frames by the layout (6-byte addresses). */
export class TestDevice {
  readonly received: Received[] = [];
  closed = false;
  private buf = Buffer.alloc(0);

  private constructor(readonly socket: net.Socket) {
    socket.on("data", (chunk) => this.read(chunk));
    socket.on("close", () => (this.closed = true));
    socket.on("error", () => undefined);
  }

  static connect(port: number): Promise<TestDevice> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => resolve(new TestDevice(s)));
      s.once("error", reject);
    });
  }

  send(bytes: Buffer | number[]): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(Buffer.from(bytes), (e) => (e ? reject(e) : resolve())));
  }

  /** Frames received with a command (3 confirm, 6 deny, 1 control, 4 request). */
  with(command: number): Received[] {
    return this.received.filter((r) => r.command === command);
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const start = this.buf.indexOf("@@");
      if (start < 0 || this.buf.length - start < 30) return;
      const length = this.buf[start + 24]! | (this.buf[start + 25]! << 8);
      const end = start + 30 + length;
      if (this.buf.length < end) return;
      const raw = this.buf.subarray(start, end);
      this.received.push({
        serial: raw[2]! | (raw[3]! << 8),
        command: raw[26]!,
        source: hexText(raw.subarray(12, 18)),
        destination: hexText(raw.subarray(18, 24)),
        data: [...raw.subarray(27, 27 + length)],
        raw: Buffer.from(raw),
      });
      this.buf = this.buf.subarray(end);
    }
  }
}

export async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
