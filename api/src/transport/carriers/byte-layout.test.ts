// Transparent payloads: fields read where the profile says, never past the end, base64 checked strictly.
import { describe, expect, it } from "vitest";
import { decodeBase64Payload, frameMatches, readBytes } from "./byte-layout.ts";

const buf = Buffer.from("A501FF7F80003132330000CAFE", "hex");

describe("readBytes", () => {
  it("reads unsigned and signed integers in both byte orders", () => {
    expect(readBytes(buf, { offset: 2, length: 1, type: "uint", endian: "big" })).toBe(255);
    expect(readBytes(buf, { offset: 2, length: 1, type: "int", endian: "big" })).toBe(-1);
    expect(readBytes(buf, { offset: 3, length: 2, type: "uint", endian: "big" })).toBe(0x7f80);
    expect(readBytes(buf, { offset: 3, length: 2, type: "uint", endian: "little" })).toBe(0x807f);
    expect(readBytes(buf, { offset: 3, length: 2, type: "int", endian: "little" })).toBe(-32641);
    expect(readBytes(buf, { offset: 9, length: 4, type: "uint", endian: "big" })).toBe(0x0000cafe);
    expect(readBytes(buf, { offset: 9, length: 4, type: "int", endian: "little" })).toBe(0xfeca0000 - 2 ** 32);
  });

  it("reads hex and printable text, and nothing past the end", () => {
    expect(readBytes(buf, { offset: 11, length: 2, type: "hex", endian: "big" })).toBe("CAFE");
    expect(readBytes(buf, { offset: 5, length: 6, type: "ascii", endian: "big" })).toBe("123");
    expect(readBytes(buf, { offset: 12, length: 2, type: "uint", endian: "big" })).toBeUndefined();
  });

  it("checks the frame marker", () => {
    expect(frameMatches(buf, { offset: 0, hex: "A501" })).toBe(true);
    expect(frameMatches(buf, { offset: 0, hex: "A502" })).toBe(false);
    expect(frameMatches(buf, { offset: 12, hex: "FE00" })).toBe(false);
    expect(frameMatches(buf, undefined)).toBe(true);
  });
});

describe("decodeBase64Payload", () => {
  it("decodes strict base64 and refuses the rest with a reason", () => {
    expect(decodeBase64Payload("pQE=")).toEqual({ ok: true, bytes: Buffer.from([0xa5, 0x01]) });
    expect(decodeBase64Payload(undefined)).toMatchObject({ ok: false, refusal: { reason: "missing_field" } });
    expect(decodeBase64Payload("pQE")).toMatchObject({ ok: false, refusal: { reason: "bad_payload" } });
    expect(decodeBase64Payload("pQ E=")).toMatchObject({ ok: false, refusal: { reason: "bad_payload" } });
    expect(decodeBase64Payload("A".repeat(1000))).toMatchObject({ ok: false, refusal: { reason: "oversized" } });
  });
});
