// The built-in detector: no training, no model file. It looks for what early fires look like to a fixed
// camera sampled about once a second (see docs/cameras.md for what it cannot tell apart):
// - flame: flame-coloured regions (pixel-rules.ts) whose pixels keep changing between samples (flames
//   flicker at about 10 Hz, so two samples a second apart share few flame pixels) and that often grow;
// - smoke: grey regions that were not part of the scene before, that spread and whose top rises.
import { clipBox, type RgbFrame } from "../frame.ts";
import { checkFrame } from "../frame.ts";
import type { Detection, DetectorSession, FireDetector } from "../fire-detector.ts";
import { isFlameColour, isSmokeColour, luma } from "./pixel-rules.ts";
import { cellCounts, gridFor, regionsOf, type Grid, type Region } from "./regions.ts";
import { growth, meanFlicker, rise, Tracker, type Track } from "./tracks.ts";

export interface ClassicOptions {
  /** frames a region must be seen in before it can be reported (default 3) */
  minFrames?: number;
  /** mean share of flame pixels changing between samples for a flickering flame (default 0.15) */
  minFlicker?: number;
  /** how much a smoke region must have grown (area ratio, default 1.2) */
  minSmokeGrowth?: number;
  /** background adaptation per frame (default 0.05: about 20 samples to absorb a change) */
  backgroundRate?: number;
}

const SETTINGS = { minShare: 0.3, minCells: 3, maxRegions: 8 };

export class ClassicFireDetector implements FireDetector {
  readonly name = "classic";
  constructor(private readonly options: ClassicOptions = {}) {}
  session(): DetectorSession {
    return new ClassicSession(this.options);
  }
  async close(): Promise<void> {}
}

class ClassicSession implements DetectorSession {
  private width = 0;
  private height = 0;
  private grid: Grid = { cell: 4, cols: 0, rows: 0 };
  private prevFlame: Uint8Array | null = null;
  private background: Float32Array | null = null;
  private readonly flames = new Tracker();
  private readonly smokes = new Tracker();
  private readonly o: Required<ClassicOptions>;

  constructor(options: ClassicOptions) {
    this.o = { minFrames: 3, minFlicker: 0.15, minSmokeGrowth: 1.2, backgroundRate: 0.05, ...options };
  }

  async detect(frame: RgbFrame): Promise<Detection[]> {
    checkFrame(frame);
    if (frame.width !== this.width || frame.height !== this.height) this.reset(frame);
    const { flame, smoke, lumas } = this.masks(frame);
    const flameRegions = this.regions(flame);
    const prev = this.prevFlame;
    const flameTracks = this.flames.update(frame.t, flameRegions, (r) =>
      prev ? changeShare(flame, prev, r, frame.width) : 0,
    );
    const smokeTracks = this.smokes.update(frame.t, this.regions(smoke), () => 0);
    this.prevFlame = flame;
    this.adapt(lumas, smoke);
    return [
      ...flameTracks.flatMap((t) => this.judgeFlame(t, frame)),
      ...smokeTracks.flatMap((t) => this.judgeSmoke(t, frame)),
    ];
  }

  private reset(frame: RgbFrame): void {
    this.width = frame.width;
    this.height = frame.height;
    this.grid = gridFor(frame.width, frame.height);
    this.prevFlame = null;
    this.background = null;
    this.flames.reset();
    this.smokes.reset();
  }

  private masks(frame: RgbFrame): { flame: Uint8Array; smoke: Uint8Array; lumas: Float32Array } {
    const n = frame.width * frame.height;
    const flame = new Uint8Array(n);
    const smoke = new Uint8Array(n);
    const lumas = new Float32Array(n);
    const bg = this.background;
    const d = frame.data;
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      const r = d[p]!, g = d[p + 1]!, b = d[p + 2]!; // prettier-ignore
      const y = luma(r, g, b);
      lumas[i] = y;
      if (isFlameColour(r, g, b)) flame[i] = 1;
      else if (bg && Math.abs(y - bg[i]!) >= 12 && isSmokeColour(r, g, b, y)) smoke[i] = 1;
    }
    return { flame, smoke, lumas };
  }

  private regions(mask: Uint8Array): Region[] {
    return regionsOf(
      cellCounts(mask, this.width, this.height, this.grid),
      this.width,
      this.height,
      this.grid,
      SETTINGS,
    );
  }

  /** The background follows slow changes (daylight), and follows foreground smoke ten times slower. */
  private adapt(lumas: Float32Array, smoke: Uint8Array): void {
    if (!this.background) {
      this.background = Float32Array.from(lumas);
      return;
    }
    const bg = this.background;
    const a = this.o.backgroundRate;
    for (let i = 0; i < bg.length; i++) bg[i]! += (lumas[i]! - bg[i]!) * (smoke[i] ? a / 10 : a);
  }

  private judgeFlame(track: Track, frame: RgbFrame): Detection[] {
    if (track.history.length < this.o.minFrames) return [];
    const flicker = meanFlicker(track);
    if (flicker < this.o.minFlicker) return [];
    const last = track.history[track.history.length - 1]!;
    const grew = Math.min(1, Math.max(0, growth(track) - 1) / 0.5);
    const seen = Math.min(1, track.history.length / 6);
    const score = 0.45 * Math.min(1, flicker / 0.4) + 0.25 * last.density + 0.15 * grew + 0.15 * seen;
    return [{ kind: "flame", score: round(score), box: clipBox(last.box, frame.width, frame.height) }];
  }

  private judgeSmoke(track: Track, frame: RgbFrame): Detection[] {
    if (track.history.length < this.o.minFrames) return [];
    const grew = growth(track);
    const rose = rise(track);
    if (grew < this.o.minSmokeGrowth || rose < this.grid.cell) return [];
    const last = track.history[track.history.length - 1]!;
    const spread = Math.min(1, (grew - 1) / 1);
    const up = Math.min(1, rose / (frame.height * 0.1));
    const seen = Math.min(1, track.history.length / 6);
    const score = 0.4 * spread + 0.4 * up + 0.2 * seen;
    return [{ kind: "smoke", score: round(score), box: clipBox(last.box, frame.width, frame.height) }];
  }
}

/** Share of flame pixels, in or around the region, that were not flame pixels before or are no longer. */
function changeShare(now: Uint8Array, before: Uint8Array, region: Region, width: number): number {
  const b = region.box;
  const height = now.length / width;
  const pad = Math.round(Math.max(b.width, b.height) * 0.25);
  const x0 = Math.max(0, b.x - pad), x1 = Math.min(width, b.x + b.width + pad); // prettier-ignore
  const y0 = Math.max(0, b.y - pad), y1 = Math.min(height, b.y + b.height + pad); // prettier-ignore
  let union = 0;
  let changed = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const a = now[i]!;
      const c = before[i]!;
      if (a | c) union++;
      if (a !== c) changed++;
    }
  return union === 0 ? 0 : changed / union;
}

const round = (n: number) => Math.round(n * 1000) / 1000;
