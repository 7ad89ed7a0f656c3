// Text fields (component descriptions, configuration texts) are GB 18030-2005 (GB/T 26875.3-2011 clause
// 8.2.1.2). Node decodes GB 18030 through ICU but has no encoder, so the encoder learns from the decoder:
// on the first non-ASCII text it decodes every two-byte code once (GBK: all common Chinese), and only for
// a character outside those every BMP four-byte code (the WHATWG Encoding Standard's gb18030 pointers);
// supplementary planes follow that standard's linear formula. No dependency needed.

const decoder = new TextDecoder("gb18030");

const BMP_POINTERS = 39420; // four-byte pointers 0..39419 cover the BMP (WHATWG index gb18030 ranges)
const SUPPLEMENTARY_POINTER = 189000;

/** BMP code unit -> 1 + the index of the code that decodes to it; 0 when none does. */
let twoByte: Uint32Array | null = null;
let fourByte: Uint32Array | null = null;

function fourBytes(pointer: number): number[] {
  const b1 = Math.floor(pointer / 12600);
  let rest = pointer % 12600;
  const b2 = Math.floor(rest / 1260);
  rest %= 1260;
  return [b1 + 0x81, b2 + 0x30, Math.floor(rest / 10) + 0x81, (rest % 10) + 0x30];
}

/**
 * Decodes `count` codes of `width` bytes written by `fill`, each followed by a newline, and records in a
 * table the ones that decode to one code unit (a newline never occurs inside a code, so the parts align).
 */
function learn(count: number, width: number, fill: (buf: Uint8Array, at: number, i: number) => void): Uint32Array {
  const buf = new Uint8Array(count * (width + 1));
  for (let i = 0; i < count; i++) {
    fill(buf, i * (width + 1), i);
    buf[i * (width + 1) + width] = 0x0a;
  }
  const parts = decoder.decode(buf).split("\n");
  const table = new Uint32Array(0x10000);
  for (let i = 0; i < count; i++) {
    const s = parts[i];
    if (s === undefined || s.length !== 1 || s === "\ufffd") continue;
    const unit = s.charCodeAt(0);
    if (table[unit] === 0) table[unit] = i + 1;
  }
  return table;
}

function twoByteCode(unit: number): number {
  twoByte ??= learn(126 * 190, 2, (buf, at, i) => {
    buf[at] = 0x81 + Math.floor(i / 190);
    const t = i % 190;
    buf[at + 1] = t < 63 ? 0x40 + t : 0x41 + t; // trail 0x40-0x7E, 0x80-0xFE
  });
  const i = (twoByte[unit] ?? 0) - 1;
  if (i < 0) return 0;
  const t = i % 190;
  return ((0x81 + Math.floor(i / 190)) << 8) | (t < 63 ? 0x40 + t : 0x41 + t);
}

/** U+FFFD is also what the decoder gives for an error, so `learn` cannot see its real code 84 31 A4 37. */
const REPLACEMENT_POINTER = 39417;

function fourBytePointer(unit: number): number {
  if (unit === 0xfffd) return REPLACEMENT_POINTER;
  fourByte ??= learn(BMP_POINTERS, 4, (buf, at, i) => buf.set(fourBytes(i), at));
  return (fourByte[unit] ?? 0) - 1;
}

/** GB 18030 bytes of a text. Throws RangeError for a lone surrogate (not text). */
export function encodeGb18030(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      out.push(cp);
    } else if (cp >= 0x10000) {
      out.push(...fourBytes(SUPPLEMENTARY_POINTER + cp - 0x10000));
    } else {
      const two = twoByteCode(cp);
      if (two !== 0) {
        out.push(two >> 8, two & 0xff);
        continue;
      }
      const pointer = fourBytePointer(cp);
      if (pointer < 0) throw new RangeError(`U+${cp.toString(16)} has no GB 18030 code`);
      out.push(...fourBytes(pointer));
    }
  }
  return Uint8Array.from(out);
}

/** Text of GB 18030 bytes; invalid sequences become U+FFFD (never throws). */
export function decodeGb18030(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Text of a field with its trailing NUL padding removed (NULs inside are kept, so encoding gives the bytes back). */
export function decodeField(bytes: Uint8Array): { text: string; padding: number } {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return { text: decodeGb18030(bytes.subarray(0, end)), padding: bytes.length - end };
}

/** Cuts a text to at most maxBytes of GB 18030, at a character boundary (for names longer than a field). */
export function fitText(text: string, maxBytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of text) {
    const n = encodeGb18030(ch).length;
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}
