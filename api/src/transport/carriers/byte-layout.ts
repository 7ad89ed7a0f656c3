// Transparent payloads (CTWing `{"APPdata": "<base64>"}`): the product profile says where each field sits.
import { LIMITS } from "./limits.ts";
import type { ByteSpec } from "./profile-schema.ts";
import type { Refusal } from "./refusal.ts";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_BASE64_CHARS = Math.ceil(LIMITS.payloadBytes / 3) * 4;

/** Strict base64 of at most LIMITS.payloadBytes bytes (Buffer.from would silently skip bad characters). */
export function decodeBase64Payload(v: unknown): { ok: true; bytes: Buffer } | { ok: false; refusal: Refusal } {
  if (typeof v !== "string" || v.length === 0)
    return { ok: false, refusal: { reason: "missing_field", detail: "no base64 payload" } };
  if (v.length > MAX_BASE64_CHARS)
    return { ok: false, refusal: { reason: "oversized", detail: `payload over ${LIMITS.payloadBytes} bytes` } };
  if (v.length % 4 !== 0 || !BASE64.test(v))
    return { ok: false, refusal: { reason: "bad_payload", detail: "payload is not base64" } };
  return { ok: true, bytes: Buffer.from(v, "base64") };
}

/** One field's value, or undefined when the payload is too short to hold it. */
export function readBytes(buf: Buffer, spec: ByteSpec): number | string | undefined {
  const { offset, length } = spec;
  if (offset + length > buf.length) return undefined;
  const slice = buf.subarray(offset, offset + length);
  switch (spec.type) {
    case "hex":
      return slice.toString("hex").toUpperCase();
    case "ascii":
      return (
        slice
          .toString("latin1")
          .replace(/[^\x20-\x7e]/g, "")
          .trim() || undefined
      );
    case "uint":
    case "int": {
      const signed = spec.type === "int";
      const le = spec.endian === "little";
      if (length === 1) return signed ? slice.readInt8(0) : slice.readUInt8(0);
      if (length === 2)
        return signed
          ? le
            ? slice.readInt16LE(0)
            : slice.readInt16BE(0)
          : le
            ? slice.readUInt16LE(0)
            : slice.readUInt16BE(0);
      return signed
        ? le
          ? slice.readInt32LE(0)
          : slice.readInt32BE(0)
        : le
          ? slice.readUInt32LE(0)
          : slice.readUInt32BE(0);
    }
  }
}

/** Whether the frame marker (a header) is where the profile says. */
export function frameMatches(buf: Buffer, frame: { offset: number; hex: string } | undefined): boolean {
  if (!frame) return true;
  const len = frame.hex.length / 2;
  return (
    buf.length >= frame.offset + len &&
    buf
      .subarray(frame.offset, frame.offset + len)
      .toString("hex")
      .toUpperCase() === frame.hex
  );
}
