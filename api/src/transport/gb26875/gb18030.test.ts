// Text fields are GB 18030 (clause 8.2.1.2); the encoder is learnt from Node's decoder, so check it on
// known codes and on random text, and check the code tables' names the gateway will show.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeField, decodeGb18030, encodeGb18030, fitText } from "./gb18030.ts";
import { STANDARD_PROFILE } from "./profile.ts";
import { analogueReading, commandName, componentTypeName, dataTypeName, systemTypeName } from "./tables.ts";
import { hex } from "./test-helpers.ts";

describe("GB 18030", () => {
  it("encodes known codes: GBK two-byte, full-width, four-byte and supplementary", () => {
    expect(encodeGb18030("走廊")).toEqual(hex("D7 DF C0 C8"));
    // the Go parser's fixture "Ａ区１层呷哺走廊"
    expect(encodeGb18030("Ａ区１层呷哺走廊")).toEqual(hex("a3 c1 c7 f8 a3 b1 b2 e3 df c8 b2 b8 d7 df c0 c8"));
    expect(encodeGb18030("€")).toEqual(hex("A2 E3"));
    expect(encodeGb18030("\u0080")).toEqual(hex("81 30 81 30")); // first four-byte code
    expect(encodeGb18030("😀")).toEqual(hex("94 39 FC 36"));
    expect(encodeGb18030("\ufffd")).toEqual(hex("84 31 A4 37")); // what invalid bytes decode to
    expect(decodeGb18030(hex("84 31 A4 37"))).toBe("\ufffd");
    expect(encodeGb18030("3F")).toEqual(hex("33 46"));
  });

  it("decodes what it encodes for any text (Unicode except the few private-use codes GB 18030 lacks)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        let bytes: Uint8Array;
        try {
          bytes = encodeGb18030(s);
        } catch (e) {
          expect(e).toBeInstanceOf(RangeError); // U+E5E5 and a few other private-use code points
          return;
        }
        expect(decodeGb18030(bytes)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a lone surrogate, drops only trailing NULs, cuts at a character boundary", () => {
    expect(() => encodeGb18030("\ud800")).toThrow(RangeError);
    expect(decodeField(hex("41 00 42 00 00"))).toEqual({ text: "A\u0000B", padding: 2 });
    expect(fitText("走廊感烟探测器", 5)).toBe("走廊");
    expect(encodeGb18030(fitText("一二三四五六七八九十一二三四五六", 31)).length).toBe(30);
  });
});

describe("code tables", () => {
  it("name commands, data types, systems and components in the standard's Chinese", () => {
    expect([commandName(2), commandName(3), commandName(6), commandName(7), commandName(200)]).toEqual([
      "发送数据",
      "确认",
      "否认",
      "预留(7)",
      "用户自定义(200)",
    ]);
    expect(dataTypeName(91)).toBe("查岗命令");
    expect(dataTypeName(82)).toBe("预留(82)");
    expect(systemTypeName(1, STANDARD_PROFILE)).toBe("火灾报警系统");
    expect(systemTypeName(10)).toBe("消防联动控制器");
    expect(componentTypeName(40)).toBe("感烟火灾探测器");
    expect(componentTypeName(23)).toBe("手动火灾报警按钮");
    expect(componentTypeName(24)).toBe("消火栓按钮");
    expect(componentTypeName(91)).toBe("消防水泵");
    expect(componentTypeName(14)).toBe("预留(14)");
  });

  it("turn analogue counts into values with units, and say when a value is outside the standard's range", () => {
    expect(analogueReading(3, 253)).toEqual({ name: "温度", unit: "℃", value: 25.3, inRange: true });
    expect(analogueReading(3, -2800)).toMatchObject({ value: -280, inRange: false });
    expect(analogueReading(2, 150)).toMatchObject({ name: "高度", unit: "m", value: 1.5 });
    expect(analogueReading(6, 250)).toMatchObject({ unit: "%LEL", value: 25 });
    expect(analogueReading(5, 12)).toMatchObject({ unit: "kPa", value: 1.2 });
    expect(analogueReading(0, 1)).toBeNull();
    expect(analogueReading(200, 1)).toBeNull();
  });
});
