// The frame of GB/T 26875.3-2011 clause 8.1: `@@`, serial number (2, low byte first), protocol version
// (major, user), time label (6), source and destination addresses (6 each, low byte first), application
// data length (2, low byte first, at most 1024), command (1), application data, checksum (1), `##`.
// The checksum is the low 8 bits of the sum of every byte from the serial number to the end of the data.
// Profiles change the address width, time label encoding and checksum (profile.ts).
import { layoutOf, MAX_DATA_LENGTH, STANDARD_PROFILE, type Profile } from "./profile.ts";
import type { FrameErrorReason } from "./reasons.ts";
import { readTimeLabel, timeLabelBytes, type TimeLabel } from "./time-label.ts";

export const START = 0x40; // '@'
export const END = 0x23; // '#'

export interface ProtocolVersion {
  /** fixed at 1 by the standard */
  major: number;
  /** the user version, defined by the user */
  minor: number;
}

export interface Frame {
  /** 0-65535; chosen by whoever starts an exchange, echoed by the reply (clause 8.1) */
  serial: number;
  version: ProtocolVersion;
  /** when the frame was sent, in the sender's local time */
  time: TimeLabel;
  /** hex digits, most significant first: 12 for 6-byte addresses, 24 for 12-byte ones */
  source: string;
  destination: string;
  /** the command byte as sent (commandKind() says what it means under a profile) */
  command: number;
  /** the application data unit, empty for confirm, deny and heartbeat frames */
  data: Uint8Array;
}

/** The header of a well-framed frame whose checksum failed (to deny it with its serial number, and for logs). */
export interface FrameHeader {
  serial: number;
  source: string;
  destination: string;
  command: number;
  dataLength: number;
}

export type ScanResult =
  /** not enough bytes yet: at least `need` are required from the start */
  | { kind: "need"; need: number }
  | { kind: "frame"; frame: Frame; length: number }
  /** not a usable frame; skip `skip` bytes and search on */
  | { kind: "error"; reason: FrameErrorReason; header?: FrameHeader; skip: number };

export function checksum(buf: Uint8Array, from: number, to: number, profile: Profile): number {
  let c = 0;
  if (profile.checksum === "xor") for (let i = from; i < to; i++) c ^= buf[i] ?? 0;
  else for (let i = from; i < to; i++) c = (c + (buf[i] ?? 0)) & 0xff;
  return c;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex(buf: Uint8Array, from: number, n: number, reversed: boolean): string {
  let s = "";
  for (let i = 0; i < n; i++) s += HEX[buf[reversed ? from + n - 1 - i : from + i] ?? 0];
  return s;
}

// one pattern per address width, built once: encoding a reply used to build two per frame
const ADDRESS_TEXT: Readonly<Record<number, RegExp>> = { 6: /^[0-9a-fA-F]{12}$/, 12: /^[0-9a-fA-F]{24}$/ };

/** The wire bytes of an address text under a profile; throws RangeError for a malformed address. */
export function addressBytes(address: string, profile: Profile): number[] {
  const n = profile.addressBytes;
  if (!(ADDRESS_TEXT[n] ?? new RegExp(`^[0-9a-fA-F]{${n * 2}}$`)).test(address)) {
    throw new RangeError(`address must be ${n * 2} hex digits: ${address.slice(0, 40)}`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < n; i++) bytes.push(parseInt(address.slice(i * 2, i * 2 + 2), 16));
  return profile.addressOrder === "little-endian" ? bytes.reverse() : bytes;
}

function readHeader(buf: Uint8Array, at: number, profile: Profile): FrameHeader {
  const l = layoutOf(profile);
  const le = profile.addressOrder === "little-endian";
  return {
    serial: (buf[at + l.serial] ?? 0) | ((buf[at + l.serial + 1] ?? 0) << 8),
    source: hex(buf, at + l.source, profile.addressBytes, le),
    destination: hex(buf, at + l.destination, profile.addressBytes, le),
    command: buf[at + l.command] ?? 0,
    dataLength: (buf[at + l.length] ?? 0) | ((buf[at + l.length + 1] ?? 0) << 8),
  };
}

/**
 * Looks for a frame starting at `at` (where `@@` already is). Never throws, never reads past `end`.
 * Every refusal skips one byte only: a bad length or a missing `##` means `@@` was not a frame start
 * (the real one may be the next `@`), and a bad checksum may mean the same (a stray `@@` whose length
 * happens to end on another frame's `##`): skipping the whole span could swallow a good frame inside it.
 * A bad checksum reports the header, to deny the frame with its serial number.
 */
export function scanFrame(buf: Uint8Array, at: number, end: number, profile: Profile): ScanResult {
  const l = layoutOf(profile);
  if (end - at < l.header) return { kind: "need", need: l.header };
  const dataLength = (buf[at + l.length] ?? 0) | ((buf[at + l.length + 1] ?? 0) << 8);
  if (dataLength > MAX_DATA_LENGTH) return { kind: "error", reason: "bad_length", skip: 1 };
  const length = l.minFrame + dataLength;
  if (end - at < length) return { kind: "need", need: length };
  if (buf[at + length - 2] !== END || buf[at + length - 1] !== END) {
    return { kind: "error", reason: "missing_end", skip: 1 };
  }
  const header = readHeader(buf, at, profile);
  const dataEnd = at + l.data + dataLength;
  if (checksum(buf, at + l.serial, dataEnd, profile) !== buf[dataEnd]) {
    return { kind: "error", reason: "bad_checksum", header, skip: 1 };
  }
  const frame: Frame = {
    serial: header.serial,
    version: { major: buf[at + l.version] ?? 0, minor: buf[at + l.version + 1] ?? 0 },
    time: readTimeLabel(buf, at + l.time, profile),
    source: header.source,
    destination: header.destination,
    command: header.command,
    data: buf.slice(at + l.data, dataEnd),
  };
  return { kind: "frame", frame, length };
}

export type FrameResult = { ok: true; frame: Frame } | { ok: false; reason: FrameErrorReason; header?: FrameHeader };

/** Decodes bytes that should be exactly one frame. Never throws. */
export function decodeFrame(bytes: Uint8Array, profile: Profile = STANDARD_PROFILE): FrameResult {
  if (bytes.length < 2 || bytes[0] !== START || bytes[1] !== START) return { ok: false, reason: "garbage" };
  const r = scanFrame(bytes, 0, bytes.length, profile);
  if (r.kind === "need") return { ok: false, reason: "truncated" };
  if (r.kind === "error") return { ok: false, reason: r.reason, header: r.header };
  if (r.length !== bytes.length) return { ok: false, reason: "garbage", header: readHeader(bytes, 0, profile) };
  return { ok: true, frame: r.frame };
}

function checkByte(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`${what} ${n} out of 0-255`);
  return n;
}

/** The bytes of a frame. Throws RangeError for a field out of range or data over 1024 bytes. */
export function encodeFrame(frame: Frame, profile: Profile = STANDARD_PROFILE): Uint8Array {
  const l = layoutOf(profile);
  if (!Number.isInteger(frame.serial) || frame.serial < 0 || frame.serial > 0xffff) {
    throw new RangeError(`serial ${frame.serial} out of 0-65535`);
  }
  if (frame.data.length > MAX_DATA_LENGTH) throw new RangeError(`data of ${frame.data.length} bytes exceeds 1024`);
  const out = new Uint8Array(l.minFrame + frame.data.length);
  out[0] = START;
  out[1] = START;
  out[l.serial] = frame.serial & 0xff;
  out[l.serial + 1] = frame.serial >> 8;
  out[l.version] = checkByte(frame.version.major, "version");
  out[l.version + 1] = checkByte(frame.version.minor, "version");
  out.set(timeLabelBytes(frame.time, profile), l.time);
  out.set(addressBytes(frame.source, profile), l.source);
  out.set(addressBytes(frame.destination, profile), l.destination);
  out[l.length] = frame.data.length & 0xff;
  out[l.length + 1] = frame.data.length >> 8;
  out[l.command] = checkByte(frame.command, "command");
  out.set(frame.data, l.data);
  const dataEnd = l.data + frame.data.length;
  out[dataEnd] = checksum(out, l.serial, dataEnd, profile);
  out[dataEnd + 1] = END;
  out[dataEnd + 2] = END;
  return out;
}
