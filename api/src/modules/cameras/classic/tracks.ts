// Regions followed from frame to frame, so the detector can ask how a region behaves over time: does it
// flicker, grow, rise? A region joins the track it overlaps most (boxes widened, as fire moves and grows).
import { boxArea, iou, type Box } from "../frame.ts";
import type { Region } from "./regions.ts";

export interface Observation {
  t: number;
  box: Box;
  pixels: number;
  density: number;
  /** share of the region's flame pixels that changed since the previous frame (flame tracks only) */
  flicker: number;
}

export interface Track {
  id: number;
  /** the latest observations, oldest first, at most HISTORY */
  history: Observation[];
  /** frames in a row without a matching region */
  misses: number;
}

export const HISTORY = 8;
const MAX_TRACKS = 24;
const MAX_MISSES = 2;

function widen(b: Box, by: number): Box {
  return {
    x: b.x - b.width * by,
    y: b.y - b.height * by,
    width: b.width * (1 + 2 * by),
    height: b.height * (1 + 2 * by),
  };
}

export class Tracker {
  private tracks: Track[] = [];
  private nextId = 1;

  /** Matches this frame's regions to tracks; returns the tracks seen in this frame. */
  update(t: number, regions: Region[], flickerOf: (r: Region) => number): Track[] {
    const free = new Set(this.tracks);
    const seen: Track[] = [];
    for (const region of regions) {
      let best: Track | null = null;
      let bestOverlap = 0;
      for (const track of free) {
        const last = track.history[track.history.length - 1]!;
        const overlap = iou(widen(last.box, 0.5), widen(region.box, 0.5));
        if (overlap > bestOverlap) {
          best = track;
          bestOverlap = overlap;
        }
      }
      const obs: Observation = {
        t,
        box: region.box,
        pixels: region.pixels,
        density: region.density,
        flicker: flickerOf(region),
      };
      if (best) {
        free.delete(best);
        best.history.push(obs);
        if (best.history.length > HISTORY) best.history.shift();
        best.misses = 0;
        seen.push(best);
      } else {
        const track = { id: this.nextId++, history: [obs], misses: 0 };
        this.tracks.push(track);
        seen.push(track);
      }
    }
    for (const track of free) track.misses++;
    this.tracks = this.tracks
      .filter((tr) => tr.misses <= MAX_MISSES)
      .sort((a, b) => b.history.length - a.history.length)
      .slice(0, MAX_TRACKS);
    return seen;
  }

  reset(): void {
    this.tracks = [];
  }
}

/** Area now against the area at the start of the history (1 = same size). */
export function growth(track: Track): number {
  const first = track.history[0]!;
  const last = track.history[track.history.length - 1]!;
  return boxArea(last.box) / Math.max(1, boxArea(first.box));
}

/** How far the top edge has risen over the history, in pixels (positive = up). */
export function rise(track: Track): number {
  const first = track.history[0]!;
  const last = track.history[track.history.length - 1]!;
  return first.box.y - last.box.y;
}

export function meanFlicker(track: Track, last = 5): number {
  const h = track.history.slice(-last);
  return h.reduce((s, o) => s + o.flicker, 0) / h.length;
}
