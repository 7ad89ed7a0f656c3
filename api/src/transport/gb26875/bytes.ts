// Bounded little-endian reading and checked writing (GB/T 26875.3-2011: multi-byte values low byte first).
// The reader never reads past its slice: running out raises ShortData, which the decoders turn into a
// result; nothing else is thrown by reading.
import { decodeField, encodeGb18030 } from "./gb18030.ts";
import type { Profile } from "./profile.ts";
import { TIME_LABEL_BYTES, readTimeLabel, timeLabelBytes, type TimeLabel } from "./time-label.ts";

export class ShortData extends Error {
  constructor(need: number, have: number) {
    super(`needs ${need} more bytes, ${have} left`);
  }
}

export class ByteReader {
  private pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    readonly profile: Profile,
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private take(n: number): number {
    if (n > this.remaining) throw new ShortData(n, this.remaining);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(): number {
    return this.buf[this.take(1)] ?? 0;
  }

  u16(): number {
    const at = this.take(2);
    return (this.buf[at] ?? 0) | ((this.buf[at + 1] ?? 0) << 8);
  }

  i16(): number {
    const v = this.u16();
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  u32(): number {
    const at = this.take(4);
    const b = this.buf;
    return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
  }

  bytes(n: number): Uint8Array {
    const at = this.take(n);
    return this.buf.slice(at, at + n);
  }

  time(): TimeLabel {
    const at = this.take(TIME_LABEL_BYTES);
    return readTimeLabel(this.buf, at, this.profile);
  }

  /** A fixed-width GB 18030 field (31-byte descriptions, clause 8.2.1.2), trailing NULs dropped. */
  fixedText(width: number): string {
    return decodeField(this.bytes(width)).text;
  }

  /** A length-prefixed GB 18030 field (clause 8.2.1.6 and 8.2.1.11). */
  prefixedText(): { text: string; padding: number } {
    return decodeField(this.bytes(this.u8()));
  }
}

function checkInt(n: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${what} ${n} out of ${min}-${max}`);
  return n;
}

/** Writes values it can check; a value out of its field's range is a programming error (RangeError). */
export class ByteWriter {
  private readonly out: number[] = [];
  constructor(readonly profile: Profile) {}

  u8(n: number): this {
    this.out.push(checkInt(n, 0, 0xff, "byte"));
    return this;
  }

  u16(n: number): this {
    checkInt(n, 0, 0xffff, "uint16");
    this.out.push(n & 0xff, n >> 8);
    return this;
  }

  i16(n: number): this {
    checkInt(n, -0x8000, 0x7fff, "int16");
    return this.u16(n & 0xffff);
  }

  u32(n: number): this {
    checkInt(n, 0, 0xffffffff, "uint32");
    this.out.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
    return this;
  }

  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.u8(b[i] ?? 0);
    return this;
  }

  time(t: TimeLabel): this {
    this.out.push(...timeLabelBytes(t, this.profile));
    return this;
  }

  fixedText(text: string, width: number): this {
    const b = encodeGb18030(text);
    if (b.length > width) throw new RangeError(`text of ${b.length} bytes does not fit ${width} (use fitText)`);
    this.bytes(b);
    for (let i = b.length; i < width; i++) this.out.push(0);
    return this;
  }

  prefixedText(text: string, padding = 0): this {
    const b = encodeGb18030(text);
    this.u8(checkInt(b.length + padding, 0, 0xff, "text length"));
    this.bytes(b);
    for (let i = 0; i < padding; i++) this.out.push(0);
    return this;
  }

  get length(): number {
    return this.out.length;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}
