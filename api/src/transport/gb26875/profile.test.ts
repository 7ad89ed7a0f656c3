// Vendor profiles: each known deviation, built by hand from the standard's layout with that one change,
// decodes under its profile, encodes back byte for byte, and is refused under the standard.
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData } from "./app-data/index.ts";
import { commandKind, replyCommand } from "./commands.ts";
import { Deframer } from "./deframer.ts";
import { decodeFrame, encodeFrame } from "./frame.ts";
import { makeProfile, parseProfile, PROFILE_PRESETS, STANDARD_PROFILE, type Profile } from "./profile.ts";
import { effectiveSystemType, systemTypeName } from "./tables.ts";
import { hex } from "./test-helpers.ts";

const preset = (name: string): Profile => {
  const p = PROFILE_PRESETS[name];
  if (!p) throw new Error(name);
  return p;
};

function roundTrip(bytes: Uint8Array, profile: Profile) {
  const r = decodeFrame(bytes, profile);
  expect(r.ok).toBe(true);
  if (r.ok) expect(encodeFrame(r.frame, profile)).toEqual(bytes);
  return r;
}

describe("vendor profiles", () => {
  it("xor-checksum: the same heartbeat with an XOR checksum", () => {
    // XOR of 01 00 01 01 | 00 00 0B 1C 0B 1A | 79 03 00.. | 38 5B 01 00.. | 00 00 | 02:
    // 01 ^ 01 ^ 01 = 01; ^0B = 0A; ^1C = 16; ^0B = 1D; ^1A = 07; ^79 = 7E; ^03 = 7D; ^38 = 45; ^5B = 1E;
    // ^01 = 1F; ^02 = 1D
    const bytes = hex("40 40 01 00 01 01 00 00 0B 1C 0B 1A 79 03 00 00 00 00 38 5B 01 00 00 00 00 00 02 1D 23 23");
    roundTrip(bytes, preset("xor-checksum"));
    expect(decodeFrame(bytes)).toMatchObject({ ok: false, reason: "bad_checksum" });
  });

  it("bcd-time: 11:00:00 on 28 Nov 2026 written as 00 00 11 28 11 26", () => {
    // sum: 01+01+01 = 3; 11+28+11+26 (hex) = 17+40+17+38 = 112 -> 115; source 124 -> 239;
    // destination 148 -> 387; command 2 -> 389; 389 mod 256 = 133 = 0x85
    const bytes = hex("40 40 01 00 01 01 00 00 11 28 11 26 79 03 00 00 00 00 38 5B 01 00 00 00 00 00 02 85 23 23");
    const r = roundTrip(bytes, preset("bcd-time"));
    if (r.ok) expect(r.frame.time).toEqual({ second: 0, minute: 0, hour: 11, day: 28, month: 11, year: 26 });
    // object time labels follow the profile too
    const unit = hex("1C 01 05 00 11 28 11 26");
    const d = decodeAppData(unit, preset("bcd-time"));
    expect(d).toEqual({
      ok: true,
      data: { type: 28, objects: [{ time: { second: 5, minute: 0, hour: 11, day: 28, month: 11, year: 26 } }] },
    });
    if (d.ok && d.data) expect(encodeAppData(d.data, preset("bcd-time"))).toEqual(unit);
    const late = { second: 100, minute: 0, hour: 11, day: 28, month: 11, year: 26 }; // BCD holds 0-99
    expect(() => encodeAppData({ type: 28, objects: [{ time: late }] }, preset("bcd-time"))).toThrow(RangeError);
  });

  it("wide-address: 12-byte addresses, shown in the order sent", () => {
    // source "AX0000000001" in ASCII: 41 58 30 x9 31; destination 00 x11 01
    // sum: 3 + time 76 = 79; source 65+88+9*48+49 = 634 -> 713; destination 1 -> 714; command 2 -> 716;
    // 716 mod 256 = 204 = 0xCC; frame 2+2+2+6+12+12+2+1+1+2 = 42 bytes
    const bytes = hex(
      "40 40 01 00 01 01 00 00 0B 1C 0B 1A 41 58 30 30 30 30 30 30 30 30 30 31 " +
        "00 00 00 00 00 00 00 00 00 00 00 01 00 00 02 CC 23 23",
    );
    expect(bytes.length).toBe(42);
    const r = roundTrip(bytes, preset("wide-address"));
    if (r.ok) expect(r.frame.source).toBe("415830303030303030303031");
    if (r.ok) expect(r.frame.destination).toBe("000000000000000000000001");
    expect(new Deframer(preset("wide-address")).push(bytes)).toEqual([
      expect.objectContaining({ ok: true, raw: bytes }),
    ]);
    expect(decodeFrame(bytes).ok).toBe(false);
  });

  it("reply-plus-0x80: a confirm written 0x82 is a confirm of command 2, and ours are written so", () => {
    // the centre's confirm of serial 1 at 11:00:01: 3 + time 77 = 80; source 148 -> 228; destination 124
    // -> 352; command 0x82 = 130 -> 482; 482 mod 256 = 226 = 0xE2
    const bytes = hex("40 40 01 00 01 01 01 00 0B 1C 0B 1A 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 82 E2 23 23");
    const p = preset("reply-plus-0x80");
    const r = roundTrip(bytes, p);
    if (r.ok) expect(commandKind(r.frame.command, p)).toEqual({ kind: "confirm", answers: 2 });
    if (r.ok) expect(commandKind(r.frame.command, STANDARD_PROFILE)).toEqual({ kind: "unknown" });
    expect(replyCommand("confirm", 2, p)).toBe(0x82);
    expect(replyCommand("response", 4, p)).toBe(0x84);
    expect(replyCommand("deny", 2, p)).toBe(6);
    expect(replyCommand("confirm", 2, STANDARD_PROFILE)).toBe(3);
  });

  it("standalone-smoke: private system type 0x81 is named and acts as a fire alarm system", () => {
    const p = preset("standalone-smoke");
    expect(systemTypeName(0x81, p)).toBe("独立式感烟火灾探测报警器");
    expect(effectiveSystemType(0x81, p)).toBe(1);
    expect(systemTypeName(0x81)).toBe("用户自定义(129)");
    expect(effectiveSystemType(0x81)).toBe(0x81);
  });

  it("profiles combine, and a stored profile is checked before use", () => {
    const both = parseProfile({
      base: "bcd-time",
      checksum: "xor",
      privateSystemTypes: [{ code: 0x81, name: "独立式", actsAs: 1 }],
    });
    expect(both).toMatchObject({ ok: true, profile: { timeLabel: "bcd", checksum: "xor", addressBytes: 6 } });
    expect(parseProfile("wide-address")).toEqual({ ok: true, profile: preset("wide-address") });
    expect(parseProfile(undefined)).toEqual({ ok: true, profile: STANDARD_PROFILE });
    expect(parseProfile("nope").ok).toBe(false);
    expect(parseProfile({ addressBytes: 8 }).ok).toBe(false);
    expect(parseProfile({ utcOffsetMinutes: 10_000 }).ok).toBe(false);
    expect(
      parseProfile({ privateSystemTypes: Array.from({ length: 17 }, () => ({ code: 1, name: "x", actsAs: 1 })) }).ok,
    ).toBe(false);
    expect(parseProfile([]).ok).toBe(false);
    expect(makeProfile({ name: "x", checksum: "xor" })).toMatchObject({ checksum: "xor", timeLabel: "binary" });
  });
});
