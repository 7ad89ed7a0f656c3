// Every data type of GB/T 26875.3-2011 decodes what it encodes and encodes what it decodes, for random
// objects (fast-check) as well as the fixed examples; malformed units are refused with a reason.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAppData, encodeAppData, type AppData, type KnownDataType } from "./app-data/index.ts";
import { componentStatus, deviceOperation, deviceStatus, systemOperation, systemStatus } from "./flags.ts";
import { encodeGb18030 } from "./gb18030.ts";
import { DATA_TYPE_NAMES, DataType } from "./tables.ts";
import { hex, toHex } from "./test-helpers.ts";

const byte = fc.integer({ min: 0, max: 255 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const time = fc.record({ second: byte, minute: byte, hour: byte, day: byte, month: byte, year: byte });
const system = { systemType: byte, systemAddress: byte };
const componentAddress = { ...system, componentAddress: u32 };
const component = { ...componentAddress, componentType: byte };

const CHARS = [
  ..."0123456789ABCDEFabcxyz -_/#()层楼区号走廊会议室烟感温探测器手动按钮消火栓泵阀门风机防火卷帘（）Ａ１",
];
/** GB 18030 text of at most `max` bytes that comes back as itself (no trailing NUL, which is padding). */
const text = (max: number) =>
  fc
    .array(fc.constantFrom(...CHARS), { maxLength: max })
    .map((cs) => cs.join(""))
    .filter((s) => encodeGb18030(s).length <= max);
const configText = fc
  .record({ text: text(120), padding: fc.integer({ min: 0, max: 20 }) })
  .map(({ text, padding }) => (padding > 0 ? { text, padding } : { text }));

const bits16 = fc.integer({ min: 0, max: 0xffff });
const bits8 = fc.integer({ min: 0, max: 0xff });

/** One arbitrary per data type: its objects, as many as fit in 1024 bytes. */
const OBJECTS: { [T in KnownDataType]: { max: number; object: fc.Arbitrary<unknown> } } = {
  1: { max: 102, object: fc.record({ ...system, status: bits16.map(systemStatus.decode), time }) },
  2: {
    max: 22,
    object: fc.record({ ...component, status: bits16.map(componentStatus.decode), description: text(31), time }),
  },
  3: {
    max: 63,
    object: fc.record({ ...component, analogueType: byte, value: fc.integer({ min: -32768, max: 32767 }), time }),
  },
  4: { max: 102, object: fc.record({ ...system, operation: bits8.map(systemOperation.decode), operator: byte, time }) },
  5: { max: 255, object: fc.record({ ...system, major: byte, minor: byte }) },
  6: { max: 3, object: fc.tuple(fc.record(system), configText).map(([s, c]) => ({ ...s, ...c })) },
  7: { max: 26, object: fc.record({ ...component, description: text(31) }) },
  8: { max: 127, object: fc.record({ ...system, time }) },
  21: { max: 146, object: fc.record({ status: bits8.map(deviceStatus.decode), time }) },
  24: { max: 127, object: fc.record({ operation: bits8.map(deviceOperation.decode), operator: byte, time }) },
  25: { max: 255, object: fc.record({ major: byte, minor: byte }) },
  26: { max: 3, object: configText },
  28: { max: 170, object: fc.record({ time }) },
  61: { max: 255, object: fc.record(system) },
  62: { max: 170, object: fc.record(componentAddress) },
  63: { max: 170, object: fc.record(componentAddress) },
  64: { max: 113, object: fc.record({ ...system, records: byte, from: time }) },
  65: { max: 255, object: fc.record(system) },
  66: { max: 255, object: fc.record(system) },
  67: { max: 170, object: fc.record(componentAddress) },
  68: { max: 255, object: fc.record(system) },
  81: { max: 255, object: fc.record({ reserved: byte }) },
  84: { max: 146, object: fc.record({ records: byte, from: time }) },
  85: { max: 255, object: fc.record({ reserved: byte }) },
  86: { max: 255, object: fc.record({ reserved: byte }) },
  88: { max: 255, object: fc.record({ reserved: byte }) },
  89: { max: 255, object: fc.record({ reserved: byte }) },
  90: { max: 170, object: fc.record({ time }) },
  91: { max: 255, object: fc.record({ timeoutMinutes: byte }) },
};

const KNOWN = Object.keys(OBJECTS).map(Number) as KnownDataType[];

function unitOf(type: KnownDataType): fc.Arbitrary<AppData> {
  const { max, object } = OBJECTS[type];
  return fc.array(object, { maxLength: max }).map((objects) => ({ type, objects }) as AppData);
}

describe("round trip of every data type", () => {
  it("covers every data type the standard defines (clause 8.2.1)", () => {
    expect(KNOWN.sort((a, b) => a - b)).toEqual(
      Object.keys(DATA_TYPE_NAMES)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  for (const type of KNOWN) {
    it(`type ${type} ${DATA_TYPE_NAMES[type]}: decode(encode(x)) = x and encode(decode(b)) = b`, () => {
      fc.assert(
        fc.property(unitOf(type), (unit) => {
          const bytes = encodeAppData(unit);
          expect(bytes.length).toBeLessThanOrEqual(1024);
          const back = decodeAppData(bytes);
          expect(back).toEqual({ ok: true, data: unit });
          if (back.ok && back.data) expect(toHex(encodeAppData(back.data))).toBe(toHex(bytes));
        }),
        { numRuns: 60 },
      );
    });
  }

  it("keeps a reserved or user-defined type as received", () => {
    const bytes = hex("C8 02 01 02 03 04 05");
    const d = decodeAppData(bytes);
    expect(d).toEqual({ ok: true, data: { type: "unknown", code: 200, count: 2, body: hex("01 02 03 04 05") } });
    if (d.ok && d.data) expect(encodeAppData(d.data)).toEqual(bytes);
  });

  it("fits the standard's largest units: 102 system states, 22 component states, 127 device operations", () => {
    for (const [type, n] of [
      [1, 102],
      [2, 22],
      [3, 63],
      [4, 102],
      [7, 26],
      [24, 127],
    ] as const) {
      const one = fc.sample(OBJECTS[type].object, 1)[0];
      const full = { type, objects: Array.from({ length: n }, () => one) } as AppData;
      expect(decodeAppData(encodeAppData(full))).toEqual({ ok: true, data: full });
    }
  });
});

describe("state and operation bits", () => {
  it("name every bit of the standard and keep reserved ones", () => {
    expect(systemStatus.decode(0b0010_0000_0000_0110)).toMatchObject({ fire: true, fault: true, reset: true });
    expect(systemStatus.decode(0x0800).manual).toBe(true);
    expect(systemStatus.decode(0x0100).mainPowerFault).toBe(true);
    expect(systemStatus.decode(0x0200).backupPowerFault).toBe(true);
    expect(systemStatus.decode(0x0400).busFault).toBe(true);
    expect(systemStatus.decode(0x1000).configChanged).toBe(true);
    expect(systemStatus.decode(0xc000)).toMatchObject({ reservedBits: 0xc000, fire: false });
    expect(componentStatus.decode(0x0100).powerFault).toBe(true);
    expect(componentStatus.decode(0x00f8)).toMatchObject({
      shielded: true,
      supervision: true,
      started: true,
      feedback: true,
      delay: true,
    });
    expect(deviceStatus.decode(0x60)).toMatchObject({ channelFault: true, lineFault: true });
    expect(deviceOperation.decode(0x20).dutyReply).toBe(true);
    expect(systemOperation.decode(0x20).acknowledge).toBe(true);
    expect(systemOperation.decode(0x02).mute).toBe(true);
    for (let v = 0; v <= 0xffff; v += 97) expect(systemStatus.encode(systemStatus.decode(v))).toBe(v);
  });

  it("describe themselves in Chinese, test mode included", () => {
    expect(componentStatus.describe(componentStatus.decode(0x0003))).toEqual(["火警"]);
    expect(componentStatus.describe(componentStatus.decode(0x0002))).toEqual(["测试状态", "火警"]);
    expect(systemStatus.describe(systemStatus.decode(0x0301))).toEqual(["主电故障", "备电故障"]);
  });

  it("refuse reserved bits that overlap a named bit", () => {
    expect(() => systemStatus.encode({ reservedBits: 0x0002 })).toThrow(RangeError);
    expect(() => deviceStatus.encode({ reservedBits: 0x100 })).toThrow(RangeError);
  });
});

describe("malformed units", () => {
  const refused = (s: string) => decodeAppData(hex(s));

  it("are refused with bad_app_data and a detail", () => {
    expect(refused("01")).toMatchObject({ ok: false, reason: "bad_app_data", type: 1, detail: "no object count" });
    // two system states announced, one present
    expect(refused("01 02 01 01 03 00 00 00 0B 1C 0B 1A")).toMatchObject({ ok: false, reason: "bad_app_data" });
    // one device state and a stray byte
    expect(refused("15 01 01 00 00 0B 1C 0B 1A FF")).toMatchObject({ ok: false, reason: "bad_app_data" });
    // a configuration text that says 9 bytes and has 3
    expect(refused("06 01 01 01 09 41 42 43")).toMatchObject({ ok: false, reason: "bad_app_data", type: 6 });
    // a configuration unit with bytes after its last object
    expect(refused("1A 01 02 41 42 43")).toMatchObject({ ok: false, reason: "bad_app_data", type: 26 });
    // count 255 with no objects: refused from the length, nothing allocated for 255
    expect(refused("02 FF")).toMatchObject({ ok: false, detail: "255 objects of 46 bytes need 11730, got 0" });
  });

  it("are never encoded: too many objects, text too long for its field", () => {
    const many = {
      type: DataType.ReadSystemState,
      objects: Array.from({ length: 256 }, () => ({ systemType: 1, systemAddress: 1 })),
    };
    expect(() => encodeAppData(many)).toThrow(RangeError);
    const long = {
      type: DataType.ComponentConfig,
      objects: [
        { systemType: 1, systemAddress: 1, componentType: 40, componentAddress: 1, description: "走".repeat(16) },
      ],
    };
    expect(() => encodeAppData(long)).toThrow(/does not fit 31/);
  });
});
