// The gateway's pure parts: frame ids, the adaptor to neutral panel frames, fire detection, the token
// bucket, stored profiles and the catalog the panels module is given.
import { describe, expect, it } from "vitest";
import { componentStatus, deviceOperation, deviceStatus, systemOperation, systemStatus } from "../flags.ts";
import type { Frame } from "../frame.ts";
import { STANDARD_PROFILE, PROFILE_PRESETS } from "../profile.ts";
import type { AppData } from "../app-data/index.ts";
import { gb26875Catalog, storedProfile } from "./catalog.ts";
import { contentHash, frameId } from "./frame-id.ts";
import { carriesFire, toHex, toPanelFrame, toUpload } from "./panel-adaptor.ts";
import { TokenBucket } from "./rate.ts";

const T = { second: 0, minute: 0, hour: 11, day: 28, month: 11, year: 26 };
const BEIJING_11 = new Date(Date.UTC(2026, 10, 28, 3, 0, 0));
const S = { systemType: 1, systemAddress: 1 };
const C = { ...S, componentType: 40, componentAddress: 0x00170001 };

const frame = (over: Partial<Frame>): Frame => ({
  serial: 7,
  version: { major: 1, minor: 1 },
  time: T,
  source: "000000000379",
  destination: "000000000001",
  command: 2,
  data: new Uint8Array(0),
  ...over,
});

describe("frame ids", () => {
  it("the same frame, resent with a new header time, keeps its id when its data carries its own times", () => {
    const data = Uint8Array.of(2, 1, ...new Array(46).fill(1));
    const a = frame({ data });
    const b = frame({ data, time: { ...T, second: 9 } });
    expect(frameId(a, contentHash("000000000379", a))).toBe(frameId(b, contentHash("000000000379", b)));
  });

  it("heartbeats and other untimed data add the header time: the serial number wraps", () => {
    const a = frame({});
    const b = frame({ time: { ...T, minute: 1 } });
    expect(frameId(a, contentHash("x", a))).not.toBe(frameId(b, contentHash("x", b)));
    expect(frameId(a, contentHash("x", a))).toMatch(/^7-1a0b1c0b0000-[0-9a-f]{16}$/);
  });

  it("differs by serial, address, command and content", () => {
    const base = frame({});
    const ids = [
      frameId(base, contentHash("000000000379", base)),
      frameId({ ...base, serial: 8 }, contentHash("000000000379", base)),
      frameId(base, contentHash("000000000380", base)),
      frameId(base, contentHash("000000000379", { ...base, command: 1 })),
      frameId(base, contentHash("000000000379", { ...base, data: Uint8Array.of(25, 1, 1, 0) })),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length <= 40)).toBe(true);
  });
});

describe("the adaptor", () => {
  const cases: [AppData, string, object][] = [
    [
      { type: 1, objects: [{ ...S, status: systemStatus.decode(0b11), time: T }] },
      "system_state",
      {
        system: { type: 1, address: 1, typeName: "火灾报警系统" },
        flags: { fire: true, bits: 3, text: ["火警"] },
        at: BEIJING_11,
      },
    ],
    [
      { type: 2, objects: [{ ...C, status: componentStatus.decode(0x105), description: " 3F\0", time: T }] },
      "component_state",
      {
        component: { type: 40, address: 0x00170001, typeName: "感烟火灾探测器" },
        flags: { fault: true, powerFault: true, bits: 0x105 },
        description: "3F",
      },
    ],
    [
      { type: 3, objects: [{ ...C, analogueType: 3, value: 253, time: T }] },
      "analogue",
      { name: "温度", value: 25.3, unit: "℃" },
    ],
    [
      { type: 3, objects: [{ ...C, analogueType: 200, value: -5, time: T }] },
      "analogue",
      { name: "模拟量类型 200", value: -5, unit: "" },
    ],
    [
      { type: 4, objects: [{ ...S, operation: systemOperation.decode(0b10), operator: 9, time: T }] },
      "system_operation",
      { operation: { mute: true, dutyReply: false, text: ["消音"] }, operator: 9 },
    ],
    [{ type: 5, objects: [{ ...S, major: 2, minor: 1 }] }, "system_version", { major: 2, minor: 1 }],
    [{ type: 6, objects: [{ ...S, text: "JB" }] }, "system_config", { text: "JB" }],
    [{ type: 7, objects: [{ ...C, description: "走廊" }] }, "component_config", { description: "走廊" }],
    [{ type: 8, objects: [{ ...S, time: { ...T, month: 13 } }] }, "system_time", { time: null }],
    [
      { type: 21, objects: [{ status: deviceStatus.decode(0b1000001), time: T }] },
      "device_state",
      { flags: { lineFault: true } },
    ],
    [
      { type: 24, objects: [{ operation: deviceOperation.decode(0b100000), operator: 1, time: T }] },
      "device_operation",
      { operation: { dutyReply: true, acknowledge: false } },
    ],
    [{ type: 25, objects: [{ major: 1, minor: 0 }] }, "device_version", { major: 1 }],
    [{ type: 26, objects: [{ text: "UITD" }] }, "device_config", { text: "UITD" }],
    [{ type: 28, objects: [{ time: T }] }, "device_time", { time: BEIJING_11 }],
  ];

  it.each(cases)("%o is %s", (data, kind, item) => {
    const u = toUpload(data, STANDARD_PROFILE)!;
    expect(u.kind).toBe(kind);
    expect((u as { items: object[] }).items[0]).toMatchObject(item);
  });

  it("reads, commands and unknown types are kept as other", () => {
    expect(toUpload({ type: 61, objects: [S] }, STANDARD_PROFILE)).toEqual({
      kind: "other",
      code: 61,
      name: "读建筑消防设施系统状态",
      count: 1,
    });
    expect(toUpload({ type: "unknown", code: 200, count: 2, body: new Uint8Array(3) }, STANDARD_PROFILE)).toMatchObject(
      {
        kind: "other",
        code: 200,
        count: 2,
      },
    );
    expect(toUpload(null, STANDARD_PROFILE)).toBeNull();
  });

  it("names a profile's private system type and reads time labels in the profile's offset", () => {
    const data: AppData = {
      type: 1,
      objects: [{ systemType: 0x81, systemAddress: 1, status: systemStatus.decode(1), time: T }],
    };
    const smoke = toUpload(data, PROFILE_PRESETS["standalone-smoke"]!);
    expect(smoke).toMatchObject({ items: [{ system: { typeName: "独立式感烟火灾探测报警器" } }] });
    const utc = toUpload(data, { ...STANDARD_PROFILE, utcOffsetMinutes: 0 });
    expect(utc).toMatchObject({ items: [{ at: new Date(Date.UTC(2026, 10, 28, 11, 0, 0)) }] });
  });

  it("makes the neutral frame with the raw bytes in hex", () => {
    const f = toPanelFrame({
      deviceId: "d",
      address: "000000000379",
      frameId: "7-x",
      receivedAt: BEIJING_11,
      sentAt: T,
      raw: Uint8Array.of(0x40, 0x40, 0x0a, 0xff),
      data: null,
      profile: STANDARD_PROFILE,
    });
    expect(f).toEqual({
      deviceId: "d",
      address: "000000000379",
      frameId: "7-x",
      receivedAt: BEIJING_11,
      sentAt: BEIJING_11,
      raw: "40400aff",
      upload: null,
    });
    expect(toHex(new Uint8Array(0))).toBe("");
  });

  it("knows fire frames: fire bits of systems, components and the device, and manual alarms", () => {
    const fire = componentStatus.decode(0b11);
    const calm = componentStatus.decode(0b1);
    expect(
      carriesFire({
        type: 2,
        objects: [
          { ...C, status: calm, description: "", time: T },
          { ...C, status: fire, description: "", time: T },
        ],
      }),
    ).toBe(true);
    expect(carriesFire({ type: 2, objects: [{ ...C, status: calm, description: "", time: T }] })).toBe(false);
    expect(carriesFire({ type: 1, objects: [{ ...S, status: systemStatus.decode(0b10), time: T }] })).toBe(true);
    expect(carriesFire({ type: 21, objects: [{ status: deviceStatus.decode(0b10), time: T }] })).toBe(true);
    expect(
      carriesFire({ type: 4, objects: [{ ...S, operation: systemOperation.decode(0b100), operator: 1, time: T }] }),
    ).toBe(true);
    expect(
      carriesFire({ type: 24, objects: [{ operation: deviceOperation.decode(0b100), operator: 1, time: T }] }),
    ).toBe(true);
    expect(
      carriesFire({ type: 4, objects: [{ ...S, operation: systemOperation.decode(0b1), operator: 1, time: T }] }),
    ).toBe(false);
    expect(carriesFire(null)).toBe(false);
  });
});

describe("the token bucket", () => {
  it("allows the burst, then the rate, and never goes backwards with the clock", () => {
    const b = new TokenBucket(10, 3, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(100)).toBe(true); // 0.1 s at 10/s: one token
    expect(b.take(100)).toBe(false);
    expect(b.take(50)).toBe(false); // the clock went back: no tokens from it
    expect(b.take(10_000)).toBe(true);
  });
});

describe("stored profiles and the catalog", () => {
  it("reads presets and JSON options, and says why a profile is unusable", () => {
    expect(storedProfile("bcd-time")).toMatchObject({ ok: true, profile: { timeLabel: "bcd" } });
    expect(storedProfile("")).toMatchObject({ ok: true, profile: { name: "standard" } });
    expect(storedProfile('{"base":"wide-address","checksum":"xor"}')).toMatchObject({
      ok: true,
      profile: { addressBytes: 12, checksum: "xor" },
    });
    expect(storedProfile("{nope")).toEqual({ ok: false, reason: "profile is not valid JSON" });
    expect(storedProfile("vendor-x")).toMatchObject({ ok: false });
    expect(gb26875Catalog.checkProfile("wide-address")).toEqual({ ok: true, addressDigits: 24 });
    expect(gb26875Catalog.checkProfile("standard")).toEqual({ ok: true, addressDigits: 12 });
    expect(gb26875Catalog.checkProfile("{}")).toEqual({ ok: true, addressDigits: 12 });
    expect(gb26875Catalog.checkProfile('{"checksum":"crc"}')).toEqual({ ok: false, reason: "bad checksum" });
  });

  it("names types, private ones included", () => {
    expect(gb26875Catalog.systemTypeName(1)).toBe("火灾报警系统");
    expect(gb26875Catalog.systemTypeName(0x81)).toBe("独立式感烟火灾探测报警器");
    expect(gb26875Catalog.componentTypeName(40)).toBe("感烟火灾探测器");
  });
});
