import { describe, expect, it } from "vitest";
import { letterbox, unletterbox } from "./letterbox.ts";
import { decodeOutput, nms } from "./yolo-output.ts";

describe("letterbox", () => {
  it("keeps the aspect ratio, pads with grey, and maps boxes back", () => {
    const frame = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(255), t: 0 };
    const lb = letterbox(frame, 8, 8);
    expect(lb).toMatchObject({ scale: 2, padX: 0, padY: 2 });
    expect(lb.tensor[0]).toBeCloseTo(114 / 255); // top padding row
    expect(lb.tensor[2 * 8]).toBeCloseTo(1); // first picture row
    expect(unletterbox({ x: 2, y: 4, width: 4, height: 2 }, lb)).toEqual({ x: 1, y: 1, width: 2, height: 1 });
  });
});

describe("decodeOutput", () => {
  it("reads the YOLOv8 layout in both orientations", () => {
    // two boxes, classes [flame, smoke]; attribute-major [1, 6, 2]
    const attrMajor = new Float32Array([10, 50, 20, 20, 4, 8, 4, 8, 0.9, 0.1, 0.05, 0.7]);
    const want = [
      { kind: "flame", score: expect.closeTo(0.9, 5), box: { x: 8, y: 18, width: 4, height: 4 } },
      { kind: "smoke", score: expect.closeTo(0.7, 5), box: { x: 46, y: 16, width: 8, height: 8 } },
    ];
    expect(decodeOutput(attrMajor, [1, 6, 2], { layout: "yolov8", classes: ["flame", "smoke"] })).toEqual(want);
    const boxMajor = new Float32Array([10, 20, 4, 4, 0.9, 0.05, 50, 20, 8, 8, 0.1, 0.7]);
    expect(decodeOutput(boxMajor, [1, 2, 6], { layout: "yolov8", classes: ["flame", "smoke"] })).toEqual(want);
  });

  it("multiplies objectness in the YOLOv5 layout and drops ignored classes", () => {
    const out = new Float32Array([10, 10, 4, 4, 0.5, 0.9, 0.1, 30, 30, 4, 4, 0.9, 0.0, 0.95]);
    const found = decodeOutput(out, [1, 2, 7], { layout: "yolov5", classes: ["flame", null] });
    expect(found).toEqual([
      { kind: "flame", score: expect.closeTo(0.45, 5), box: { x: 8, y: 8, width: 4, height: 4 } },
    ]);
  });

  it("refuses an output that does not fit the contract", () => {
    expect(() =>
      decodeOutput(new Float32Array(12), [1, 3, 4], { layout: "yolov8", classes: ["flame", "smoke"] }),
    ).toThrow(RangeError);
  });
});

describe("nms", () => {
  it("keeps the strongest of overlapping boxes of one kind, and boxes of other kinds", () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    const kept = nms(
      [
        { kind: "flame", score: 0.6, box },
        { kind: "flame", score: 0.9, box: { ...box, x: 1 } },
        { kind: "smoke", score: 0.5, box },
      ],
      0.45,
      10,
    );
    expect(kept.map((d) => [d.kind, d.score])).toEqual([
      ["flame", 0.9],
      ["smoke", 0.5],
    ]);
  });
});
