// Names beside the dots of the wall's unit map, placed so that none covers another name or another dot:
// units in a town centre sit close together, and names drawn over each other are read by nobody. Fire first,
// then faults, offline, normal: a unit on fire always gets its name; a name with no free place is left off
// (its dot keeps a tooltip, and the map's description and the alarm list name every unit).

export interface Dot {
  x: number;
  y: number;
  r: number;
  text: string;
  /** lower goes first */
  rank: number;
}

export interface PlacedLabel {
  /** index into the dots given */
  dot: number;
  x: number;
  /** the text's baseline */
  y: number;
  anchor: "start" | "end" | "middle";
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The text's width at `fontPx`: a Chinese character is about a square, Latin letters and digits about half. */
export function textWidth(text: string, fontPx: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e7f ? fontPx : fontPx * 0.56;
  return w;
}

export function placeLabels(dots: readonly Dot[], size: { w: number; h: number; fontPx: number }): PlacedLabel[] {
  const { w: W, h: H, fontPx } = size;
  const gap = 6;
  const lineH = fontPx * 1.2;
  const taken: Box[] = dots.map((d) => ({ x0: d.x - d.r, y0: d.y - d.r, x1: d.x + d.r, y1: d.y + d.r }));
  const order = dots.map((d, i) => ({ d, i })).sort((a, b) => a.d.rank - b.d.rank || a.i - b.i);
  const out: PlacedLabel[] = [];
  for (const { d, i } of order) {
    const tw = textWidth(d.text, fontPx);
    const candidates: { box: Box; x: number; anchor: PlacedLabel["anchor"] }[] = [
      {
        box: { x0: d.x + d.r + gap, y0: d.y - lineH / 2, x1: d.x + d.r + gap + tw, y1: d.y + lineH / 2 },
        x: d.x + d.r + gap,
        anchor: "start",
      },
      {
        box: { x0: d.x - d.r - gap - tw, y0: d.y - lineH / 2, x1: d.x - d.r - gap, y1: d.y + lineH / 2 },
        x: d.x - d.r - gap,
        anchor: "end",
      },
      {
        box: { x0: d.x - tw / 2, y0: d.y - d.r - gap - lineH, x1: d.x + tw / 2, y1: d.y - d.r - gap },
        x: d.x,
        anchor: "middle",
      },
      {
        box: { x0: d.x - tw / 2, y0: d.y + d.r + gap, x1: d.x + tw / 2, y1: d.y + d.r + gap + lineH },
        x: d.x,
        anchor: "middle",
      },
      // the four corners, for a crowded place
      ...[-1, 1].flatMap((dy) =>
        [1, -1].map((dx) => {
          const x0 = dx > 0 ? d.x + d.r : d.x - d.r - tw;
          const y0 = dy > 0 ? d.y + d.r : d.y - d.r - lineH;
          const anchor: PlacedLabel["anchor"] = dx > 0 ? "start" : "end";
          return { box: { x0, y0, x1: x0 + tw, y1: y0 + lineH }, x: dx > 0 ? x0 : x0 + tw, anchor };
        }),
      ),
    ];
    const own = taken[i]!;
    const free = candidates.find(
      (c) =>
        c.box.x0 >= 0 &&
        c.box.y0 >= 0 &&
        c.box.x1 <= W &&
        c.box.y1 <= H &&
        !taken.some((t) => t !== own && overlaps(t, c.box)),
    );
    if (!free) continue;
    taken.push(free.box);
    // the baseline about a fifth of the line above its bottom
    out.push({ dot: i, x: free.x, y: free.box.y1 - lineH * 0.2, anchor: free.anchor });
  }
  return out.sort((a, b) => a.dot - b.dot);
}
