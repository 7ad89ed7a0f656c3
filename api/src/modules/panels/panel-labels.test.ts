import { describe, expect, it } from "vitest";
import {
  componentAddressText,
  componentPoint,
  isComponentOf,
  joinLocation,
  parseComponentAddress,
  systemLabel,
  systemPoint,
  unnamedComponentLabel,
} from "./panel-labels.ts";

describe("points", () => {
  it("names systems and components by their codes", () => {
    expect(systemPoint({ type: 1, address: 2 })).toBe("1/2");
    expect(componentPoint({ type: 1, address: 2 }, 0x0002000a)).toBe("1/2/0x0002000a");
    expect(componentPoint({ type: 129, address: 0 }, 0xffffffff)).toBe("129/0/0xffffffff");
    expect(isComponentOf("1/1/0x00000001", "1/1")).toBe(true);
    expect(isComponentOf("1/10/0x00000001", "1/1")).toBe(false);
    expect(isComponentOf("1/1/main_power", "1/1")).toBe(false);
  });
});

describe("words", () => {
  it("reads the standard's 2号10区 example as loop 10, point 2", () => {
    expect(componentAddressText(0x0002000a)).toBe("10号回路 2号");
    expect(componentAddressText(0x00170001)).toBe("1号回路 23号");
    expect(componentAddressText(37)).toBe("37号");
    expect(unnamedComponentLabel("感烟火灾探测器", 0x00170001)).toBe("未命名部件 感烟火灾探测器 1号回路 23号");
  });

  it("shows a system by its name, or by its type and address", () => {
    expect(systemLabel(null, { typeName: "火灾报警系统", address: 1 })).toBe("火灾报警系统 1号");
    expect(systemLabel("  ", { typeName: "火灾报警系统", address: 1 })).toBe("火灾报警系统 1号");
    expect(systemLabel("1号楼控制器", { typeName: "火灾报警系统", address: 1 })).toBe("1号楼控制器");
  });

  it("joins the parts that exist", () => {
    expect(joinLocation("门诊楼 3层", null, " 感烟12 ")).toBe("门诊楼 3层 · 感烟12");
    expect(joinLocation(undefined, "")).toBe("");
  });
});

describe("component addresses as people write them", () => {
  it.each([
    ["1507329", 0x00170001],
    ["0x00170001", 0x00170001],
    ["0X2000A", 0x0002000a],
    ["1-23", 0x00170001],
    ["10 - 2", 0x0002000a],
    ["4294967295", 0xffffffff],
    ["0", 0],
  ])("%s is %i", (text, n) => expect(parseComponentAddress(text)).toBe(n));

  it.each(["", "abc", "-1", "4294967296", "0x100000000", "1-65536", "1.5", "1-2-3", "12345678901"])(
    "%s is refused",
    (text) => expect(parseComponentAddress(text)).toBeNull(),
  );
});
