// Names beside the dots of the wall's unit map, placed so that none covers another name or another dot:
// units in a town centre sit close together, and names drawn over each other are read by nobody. Fire first,
// then faults, offline, normal: a unit on fire always gets its name (with no free place left beside its dot, it
// takes the place there that covers the fewest other fires' names and dots, inside the map, and the names
// placed after it keep clear of it); any other name with no free place is left off (its dot keeps a tooltip,
// and the map's description and the alarm list name every unit).

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
  /** the box the name takes (a fire's name is drawn in a tag of this size) */
  box: Box;
}

export interface Box {
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
    const covered = (b: Box) => taken.filter((t) => t !== own && overlaps(t, b)).length;
    const inside = (b: Box) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= W && b.y1 <= H;
    let spot = candidates.find((c) => inside(c.box) && covered(c.box) === 0);
    if (!spot && d.rank === 0) {
      // a fire is named whatever the crowd: each place moved inside the map, the one covering fewest
      const moved = candidates.map((c) => {
        const dx = c.box.x0 < 0 ? -c.box.x0 : c.box.x1 > W ? W - c.box.x1 : 0;
        const dy = c.box.y0 < 0 ? -c.box.y0 : c.box.y1 > H ? H - c.box.y1 : 0;
        const box = { x0: c.box.x0 + dx, y0: c.box.y0 + dy, x1: c.box.x1 + dx, y1: c.box.y1 + dy };
        return { ...c, box, x: c.x + dx, cost: covered(box) };
      });
      spot = moved.reduce((a, b) => (b.cost < a.cost ? b : a));
    }
    if (!spot) continue;
    taken.push(spot.box);
    // the baseline about a fifth of the line above its bottom
    out.push({ dot: i, x: spot.x, y: spot.box.y1 - lineH * 0.2, anchor: spot.anchor, box: spot.box });
  }
  return out.sort((a, b) => a.dot - b.dot);
}
