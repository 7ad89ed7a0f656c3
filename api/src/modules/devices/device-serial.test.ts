import { describe, expect, it } from "vitest";
import { serialProblem } from "./device-serial.ts";

describe("device serial rule", () => {
  it("accepts the serials printed on our devices and the installers' own", () => {
    for (const s of ["SN2026110001", "SNF2026120001", "AX2024000123", "SIM0000001", "SNIMP0001", " SN2026110001 "])
      expect(serialProblem(s)).toBeNull();
  });
  it("refuses a typing slip, saying why in Chinese", () => {
    expect(serialProblem("SN999")).toBe(
      "序列号“SN999”不对：太短（5 位）。序列号是设备标签上印的 8-32 位字母和数字（例如 SN2026110001），请照标签核对",
    );
    expect(serialProblem("SN 2026 0001")).toContain("字母、数字、- 和 _ 以外的字符");
    expect(serialProblem("-SN20261100")).not.toBeNull();
    expect(serialProblem("X".repeat(33))).toContain("太长（33 位）");
    expect(serialProblem("X".repeat(200))!.length).toBeLessThan(200);
  });
});
