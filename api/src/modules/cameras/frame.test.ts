import { describe, expect, it } from "vitest";
import { checkFrame, clipBox, drawBoxes, emptyFrame, iou } from "./frame.ts";

describe("frames and boxes", () => {
  it("outlines a box in the mark colour on a copy", () => {
    const f = emptyFrame(20, 20);
    const marked = drawBoxes(f, [{ x: 5, y: 5, width: 10, height: 8 }], [0, 255, 0]);
    const px = (x: number, y: number) => [...marked.data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3)];
    expect(px(5, 5)).toEqual([0, 255, 0]);
    expect(px(14, 12)).toEqual([0, 255, 0]);
    expect(px(10, 9)).toEqual([0, 0, 0]); // inside stays as it was
    expect(f.data.every((v) => v === 0)).toBe(true); // the original is untouched
  });

  it("clips boxes to the frame and measures overlap", () => {
    expect(clipBox({ x: -5, y: 15, width: 10, height: 10 }, 20, 20)).toEqual({ x: 0, y: 15, width: 5, height: 5 });
    expect(iou({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(1 / 3);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 })).toBe(0);
  });

  it("rejects frames larger than 4K or with the wrong buffer", () => {
    expect(() => checkFrame({ width: 5000, height: 5000, data: new Uint8Array(3), t: 0 })).toThrow(RangeError);
    expect(() => checkFrame({ width: 2, height: 2, data: new Uint8Array(11), t: 0 })).toThrow(RangeError);
  });
});
