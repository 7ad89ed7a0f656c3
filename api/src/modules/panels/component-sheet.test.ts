import { describe, expect, it } from "vitest";
import { componentRowsFromTable } from "./component-sheet.ts";

describe("component sheets", () => {
  it("names columns by Chinese or English headers, skips empty rows, keeps cells as text", () => {
    const r = componentRowsFromTable([
      ["系统类型", "系统地址", "部件类型", " 部件地址 ", "名称", "安装位置", "重点部位", "备注"],
      ["1", "1", "40", "1-23", "厨房感烟1", "门诊楼 1层", "厨房", "x"],
      ["", "", "", ""],
      ["1", "1", "23", "0x00020001"],
    ]);
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          systemType: "1",
          systemAddress: "1",
          componentType: "40",
          componentAddress: "1-23",
          name: "厨房感烟1",
          location: "门诊楼 1层",
          keyPart: "厨房",
        },
        { systemType: "1", systemAddress: "1", componentType: "23", componentAddress: "0x00020001" },
      ],
    });
    expect(componentRowsFromTable([["SystemType", "systemAddress", "componentType", "Component Address"]])).toEqual({
      ok: true,
      rows: [],
    });
  });

  it("says which columns a sheet needs", () => {
    expect(componentRowsFromTable([])).toEqual({ ok: false, message: "表格是空的" });
    expect(componentRowsFromTable([["名称", "位置"]])).toEqual({
      ok: false,
      message: "表头需要包含：系统类型、系统地址、部件类型、部件地址",
    });
  });

  it("cuts overlong cells before they are checked", () => {
    const r = componentRowsFromTable([
      ["系统类型", "系统地址", "部件类型", "部件地址", "名称"],
      ["1", "1", "40", "1", "x".repeat(5000)],
    ]);
    expect(r.ok && r.rows[0]!.name!.length).toBe(200);
  });
});
