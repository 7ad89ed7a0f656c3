// Frames built by hand from the layout of GB/T 26875.3-2011 clause 8.1, each checksum worked out below,
// then decoded and re-encoded by the codec. The device is 000000000379 (wire 79 03 00 00 00 00), the
// centre 000000015b38 (wire 38 5B 01 00 00 00); time 2026-11-28 11:00:0x Beijing time.
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData } from "./app-data/index.ts";
import { addressBytes, decodeFrame, encodeFrame, type Frame } from "./frame.ts";
import { PROFILE_PRESETS, STANDARD_PROFILE } from "./profile.ts";
import { hex } from "./test-helpers.ts";
import { timeLabelFromDate, timeLabelToDate } from "./time-label.ts";

const DEVICE = "000000000379";
const CENTRE = "000000015b38";

// Heartbeat: command 2 with no application data.
//   serial 01 00 + version 01 01                    = 0x01+0x01+0x01                 =   3
//   time 00 00 0B 1C 0B 1A (0 s, 0 min, 11 h, 28th, Nov, 26) = 11+28+11+26           =  76 ->  79
//   source 79 03 00 00 00 00                         = 121+3                          = 124 -> 203
//   destination 38 5B 01 00 00 00                    = 56+91+1                        = 148 -> 351
//   length 00 00, command 02                                                          =   2 -> 353
//   353 mod 256 = 97 = 0x61
const HEARTBEAT = hex("40 40 01 00 01 01 00 00 0B 1C 0B 1A 79 03 00 00 00 00 38 5B 01 00 00 00 00 00 02 61 23 23");

// A smoke detector's fire: type 2, one 46-byte object, length 2 + 46 = 48 = 0x30.
//   data: 02 01 | system 01 addr 01 | component type 28 (40 感烟火灾探测器) | address 03 00 02 00 (0x00020003)
//         | status 03 00 (normal + fire) | "3F走廊" = 33 46 D7 DF C0 C8 + 25 x 00 | time 05 00 0B 1C 0B 1A
//   header: serial 02 00 + version 01 01 = 4; time 5+11+28+11+26 = 81 -> 85; source 124 -> 209;
//           destination 148 -> 357; length 0x30 = 48 -> 405; command 2 -> 407
//   data:   02+01 = 3; 01+01+28 = 42 -> 45; 03+02 = 5 -> 50; 03 -> 53; 33+46 = 121 -> 174;
//           D7+DF = 438 -> 612; C0+C8 = 392 -> 1004; time 81 -> 1085
//   407 + 1085 = 1492; 1492 mod 256 = 212 = 0xD4
const FIRE_DATA = "02 01 01 01 28 03 00 02 00 03 00 33 46 D7 DF C0 C8 " + "00 ".repeat(25) + "05 00 0B 1C 0B 1A";
const FIRE = hex(
  "40 40 02 00 01 01 05 00 0B 1C 0B 1A 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 " + FIRE_DATA + " D4 23 23",
);

// The centre's confirm of serial 2: command 3, no data, addresses swapped, sent at 11:00:06.
//   serial 02 00 + version 01 01 = 4; time 6+11+28+11+26 = 82 -> 86; source 148 -> 234;
//   destination 124 -> 358; command 3 -> 361; 361 mod 256 = 105 = 0x69
const CONFIRM = hex("40 40 02 00 01 01 06 00 0B 1C 0B 1A 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 03 69 23 23");

const at = (second: number) => ({ second, minute: 0, hour: 11, day: 28, month: 11, year: 26 });

describe("frames built by hand", () => {
  it("decodes a heartbeat and encodes it back byte for byte", () => {
    const r = decodeFrame(HEARTBEAT);
    expect(r).toEqual({
      ok: true,
      frame: {
        serial: 1,
        version: { major: 1, minor: 1 },
        time: at(0),
        source: DEVICE,
        destination: CENTRE,
        command: 2,
        data: new Uint8Array(0),
      },
    });
    if (r.ok) expect(encodeFrame(r.frame)).toEqual(HEARTBEAT);
    if (r.ok) expect(decodeAppData(r.frame.data)).toEqual({ ok: true, data: null });
  });

  it("decodes a detector's fire to its component, state bits and description", () => {
    const r = decodeFrame(FIRE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame.serial).toBe(2);
    expect(r.frame.data).toEqual(hex(FIRE_DATA));
    const d = decodeAppData(r.frame.data);
    expect(d.ok && d.data?.type).toBe(2);
    if (!d.ok || d.data?.type !== 2) return;
    const [o] = d.data.objects;
    expect(o).toMatchObject({
      systemType: 1,
      systemAddress: 1,
      componentType: 40,
      componentAddress: 0x00020003,
      description: "3F走廊",
      time: at(5),
    });
    expect(o?.status).toMatchObject({ normalMode: true, fire: true, fault: false, reservedBits: 0 });
    expect(encodeAppData(d.data)).toEqual(hex(FIRE_DATA));
    expect(encodeFrame(r.frame)).toEqual(FIRE);
  });

  it("encodes the centre's confirm exactly as worked out", () => {
    const frame: Frame = {
      serial: 2,
      version: { major: 1, minor: 1 },
      time: at(6),
      source: CENTRE,
      destination: DEVICE,
      command: 3,
      data: new Uint8Array(0),
    };
    expect(encodeFrame(frame)).toEqual(CONFIRM);
    expect(decodeFrame(CONFIRM)).toEqual({ ok: true, frame });
  });

  it("refuses a changed checksum, a missing end, a length over 1024 and a cut frame, with the header", () => {
    const badSum = HEARTBEAT.slice();
    badSum[27] = 0x62;
    expect(decodeFrame(badSum)).toMatchObject({ ok: false, reason: "bad_checksum", header: { serial: 1 } });
    const noEnd = HEARTBEAT.slice();
    noEnd[29] = 0x24;
    expect(decodeFrame(noEnd)).toMatchObject({ ok: false, reason: "missing_end" });
    const long = HEARTBEAT.slice();
    long[24] = 0x01;
    long[25] = 0x04; // 0x0401 = 1025
    expect(decodeFrame(long)).toEqual({ ok: false, reason: "bad_length" });
    expect(decodeFrame(FIRE.subarray(0, 40))).toEqual({ ok: false, reason: "truncated" });
    expect(decodeFrame(hex("41 40 01"))).toEqual({ ok: false, reason: "garbage" });
  });

  it("accepts exactly 1024 bytes of data and refuses to encode 1025", () => {
    const frame: Frame = {
      serial: 65535,
      version: { major: 1, minor: 0 },
      time: at(0),
      source: DEVICE,
      destination: CENTRE,
      command: 2,
      data: new Uint8Array(1024).fill(0x23),
    };
    const bytes = encodeFrame(frame);
    expect(bytes.length).toBe(30 + 1024);
    expect(decodeFrame(bytes)).toEqual({ ok: true, frame });
    expect(() => encodeFrame({ ...frame, data: new Uint8Array(1025) })).toThrow(RangeError);
    expect(() => encodeFrame({ ...frame, serial: 65536 })).toThrow(RangeError);
    expect(() => encodeFrame({ ...frame, source: "12345" })).toThrow(RangeError);
  });
});

describe("time labels", () => {
  it("are Beijing time by default and say when they are not a real moment", () => {
    const d = timeLabelToDate(at(5), STANDARD_PROFILE.utcOffsetMinutes);
    expect(d?.toISOString()).toBe("2026-11-28T03:00:05.000Z");
    expect(timeLabelFromDate(new Date("2026-11-28T03:00:05Z"), 480)).toEqual(at(5));
    expect(timeLabelToDate({ ...at(0), month: 0 }, 480)).toBeNull();
    expect(timeLabelToDate({ ...at(0), month: 4, day: 31 }, 480)).toBeNull();
    expect(timeLabelToDate({ ...at(0), hour: 24 }, 480)).toBeNull();
  });
});

describe("address text", () => {
  it("is 12 hex digits (24 for 12-byte addresses), low byte first on the wire unless sent as-is", () => {
    const wide = PROFILE_PRESETS["wide-address"]!;
    expect(addressBytes("000000000379", STANDARD_PROFILE)).toEqual([0x79, 0x03, 0, 0, 0, 0]);
    expect(addressBytes("00000000037A", STANDARD_PROFILE)).toEqual(addressBytes("00000000037a", STANDARD_PROFILE));
    expect(addressBytes("0a1b2c3d4e5f60718293a4b5", wide)).toEqual([
      0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5,
    ]);
    for (const bad of ["00000000379", "0000000003790", "00000000037g", " 00000000379", "0a1b2c3d4e5f60718293a4b5"]) {
      expect(() => addressBytes(bad, STANDARD_PROFILE)).toThrow(RangeError);
    }
    expect(() => addressBytes("000000000379", wide)).toThrow(RangeError);
  });
});
