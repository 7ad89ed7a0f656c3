// The wall's unit map: names beside dots, never over each other or over another dot (portal/src/console/pages).
import { describe, expect, it } from "vitest";
import { placeLabels, textWidth, type Dot } from "../../portal/src/console/pages/map-labels.ts";

const SIZE = { w: 640, h: 520, fontPx: 24 };
const box = (d: Dot, l: { x: number; y: number; anchor: string }) => {
  const w = textWidth(d.text, SIZE.fontPx);
  const x0 = l.anchor === "start" ? l.x : l.anchor === "end" ? l.x - w : l.x - w / 2;
  const line = SIZE.fontPx * 1.2; // a line's height, the baseline a fifth above its bottom
  return { x0, x1: x0 + w, y0: l.y - line * 0.8, y1: l.y + line * 0.2 };
};
const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
  a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe("placeLabels", () => {
  it("names far-apart units beside their dots", () => {
    const dots: Dot[] = [
      { x: 100, y: 100, r: 12, text: "县人民医院 · 正常", rank: 3 },
      { x: 500, y: 400, r: 12, text: "县第一中学 · 正常", rank: 3 },
    ];
    const placed = placeLabels(dots, SIZE);
    expect(placed.map((p) => p.dot)).toEqual([0, 1]);
    expect(placed[0]!.anchor).toBe("start");
    expect(placed[0]!.x).toBeGreaterThan(112);
  });

  it("never draws two names over each other in a crowded town centre, and a fire always gets its name", () => {
    // eight units within 60 px (the demo county's 城关街道 on the wall), the last one on fire
    const dots: Dot[] = Array.from({ length: 8 }, (_, i) => ({
      x: 100 + (i % 4) * 15,
      y: 450 + Math.floor(i / 4) * 12,
      r: i === 7 ? 18 : 12,
      text: i === 7 ? "示范县金融大厦 · 火警" : `示范县单位${i} · 正常`,
      rank: i === 7 ? 0 : 3,
    }));
    const placed = placeLabels(dots, SIZE);
    expect(placed.some((p) => p.dot === 7)).toBe(true);
    expect(placed.length).toBeLessThan(dots.length); // some names had no free place and were left off
    const boxes = placed.map((p) => box(dots[p.dot]!, p));
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) expect(overlap(boxes[a]!, boxes[b]!)).toBe(false);
    for (const [k, p] of placed.entries()) {
      const b = boxes[k]!;
      expect(b.x0).toBeGreaterThanOrEqual(0);
      expect(b.x1).toBeLessThanOrEqual(SIZE.w);
      // no name covers another unit's dot
      for (const [j, d] of dots.entries())
        if (j !== p.dot) expect(overlap(b, { x0: d.x - d.r, x1: d.x + d.r, y0: d.y - d.r, y1: d.y + d.r })).toBe(false);
    }
  });
});
