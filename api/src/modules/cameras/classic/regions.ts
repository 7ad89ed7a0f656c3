// Regions from a pixel mask: the frame is cut into square cells, a cell counts when enough of its pixels
// are set, and touching cells (8-neighbourhood) form one region. Cells make the result robust to the
// speckle that compression and sensor noise leave in a per-pixel mask, and keep the work bounded.
import type { Box } from "../frame.ts";

export interface Region {
  /** in pixels */
  box: Box;
  /** set pixels inside the region's cells */
  pixels: number;
  /** share of the region's cells' pixels that are set (0-1) */
  density: number;
}

export interface Grid {
  cell: number;
  cols: number;
  rows: number;
}

/** Cells of about 1/60 of the shorter side: 4 px at 320x240, 12 px at 1280x720. */
export function gridFor(width: number, height: number): Grid {
  const cell = Math.max(4, Math.round(Math.min(width, height) / 60));
  return { cell, cols: Math.ceil(width / cell), rows: Math.ceil(height / cell) };
}

/** How many set pixels each cell holds. */
export function cellCounts(mask: Uint8Array, width: number, height: number, grid: Grid): Uint16Array {
  const counts = new Uint16Array(grid.cols * grid.rows);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / grid.cell) * grid.cols;
    for (let x = 0; x < width; x++) if (mask[y * width + x]) counts[row + Math.floor(x / grid.cell)]!++;
  }
  return counts;
}

/** Connected regions of cells whose set share is at least `minShare`; at most `maxRegions`, largest first. */
export function regionsOf(
  counts: Uint16Array,
  width: number,
  height: number,
  grid: Grid,
  opts: { minShare: number; minCells: number; maxRegions: number },
): Region[] {
  const need = Math.max(1, Math.round(grid.cell * grid.cell * opts.minShare));
  const seen = new Uint8Array(counts.length);
  const regions: Region[] = [];
  const stack: number[] = [];
  for (let start = 0; start < counts.length; start++) {
    if (seen[start] || counts[start]! < need) continue;
    let minC = grid.cols, minR = grid.rows, maxC = -1, maxR = -1; // prettier-ignore
    let cells = 0;
    let pixels = 0;
    stack.push(start);
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const c = i % grid.cols;
      const r = (i - c) / grid.cols;
      cells++;
      pixels += counts[i]!;
      minC = Math.min(minC, c);
      maxC = Math.max(maxC, c);
      minR = Math.min(minR, r);
      maxR = Math.max(maxR, r);
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const nc = c + dc;
          const nr = r + dr;
          if (nc < 0 || nr < 0 || nc >= grid.cols || nr >= grid.rows) continue;
          const j = nr * grid.cols + nc;
          if (!seen[j] && counts[j]! >= need) {
            seen[j] = 1;
            stack.push(j);
          }
        }
    }
    if (cells < opts.minCells) continue;
    const x = minC * grid.cell;
    const y = minR * grid.cell;
    const box = {
      x,
      y,
      width: Math.min(width, (maxC + 1) * grid.cell) - x,
      height: Math.min(height, (maxR + 1) * grid.cell) - y,
    };
    regions.push({ box, pixels, density: pixels / (cells * grid.cell * grid.cell) });
  }
  return regions.sort((a, b) => b.pixels - a.pixels).slice(0, opts.maxRegions);
}
