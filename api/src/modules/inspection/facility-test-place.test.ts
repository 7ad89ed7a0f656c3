// A failed item of the monthly inspection (or the yearly test) becomes a hazard whose 部位 is where the
// recorder said it is: the note typed beside the item, not the catch-all "消防设施" that named no place.
import { describe, expect, it } from "vitest";
import { failedPlace } from "./facility-tests.ts";

describe("the 部位 of a hazard from a failed inspection item", () => {
  it("carries the location typed in the note", () => {
    expect(failedPlace(null, { item: "疏散通道、安全出口畅通", note: "住院部3楼东侧楼梯间堆放杂物" })).toBe(
      "住院部3楼东侧楼梯间堆放杂物",
    );
    expect(failedPlace("HYDRANT_SYSTEM", { item: "消火栓系统：箱门能正常打开", note: " 2 号楼 1 层 " })).toBe(
      "消火栓系统：2 号楼 1 层",
    );
  });

  it("names the facility system or the item without a note, never the catch-all", () => {
    expect(failedPlace("HYDRANT_SYSTEM", { item: "消火栓系统：阀门无渗漏", note: null })).toBe("消火栓系统");
    expect(failedPlace(null, { item: "无违规用火用电", note: null })).toBe("无违规用火用电");
    expect(failedPlace(null, { item: "无违规用火用电", note: "  " })).toBe("无违规用火用电");
  });

  it("fits the hazard's place (100 characters)", () => {
    expect(failedPlace(null, { item: "消防设施完好", note: "楼".repeat(200) })).toHaveLength(100);
  });
});
