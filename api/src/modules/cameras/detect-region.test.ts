// The detect region on generated frames: a flame-coloured, flickering, slowly drifting patch in the upper
// right of the picture (where a window with the sunset might be). With the region leaving that part out,
// the pipeline raises nothing; with the region around it, one suspected fire whose box is in full-frame
// pixels, on the patch.
import { describe, expect, it } from "vitest";
import { prng } from "../../../stand-ins/camera/scenes.ts";
import { ClassicFireDetector } from "./classic/classic-detector.ts";
import { readRegion, regionSession, storeRegion } from "./detect-region.ts";
import type { Detection, FrameSource } from "./fire-detector.ts";
import { FireWatch, type SuspectedFire } from "./fire-watch.ts";
import { cropFrame, regionBox, regionProblem, type FrameRegion, type RgbFrame } from "./frame.ts";

const W = 320;
const H = 240;
/** the patch: x 220..276, y 40..96 at frame 0, drifting 1 px right a frame */
const PATCH = { x: 220, y: 40, size: 56 };

/** Frame `i` (one a second): a dim wall with noise, and the patch, each of its pixels lit at random. */
function frame(i: number, rnd: () => number): RgbFrame {
  const data = new Uint8Array(W * H * 3);
  for (let p = 0; p < W * H; p++) {
    const v = 60 + Math.round((rnd() - 0.5) * 10);
    [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]] = [v, v + 4, v + 12];
  }
  const x0 = PATCH.x + i;
  for (let y = PATCH.y; y < PATCH.y + PATCH.size; y++)
    for (let x = x0; x < x0 + PATCH.size; x++)
      if (rnd() < 0.7) {
        const p = (y * W + x) * 3;
        [data[p], data[p + 1], data[p + 2]] = [255, 120 + Math.round(rnd() * 90), 30];
      }
  return { width: W, height: H, data, t: i * 1000 };
}

function clip(frames: number): FrameSource {
  const rnd = prng(7);
  let stopped = false;
  let finish = () => {};
  return {
    ended: new Promise<void>((r) => (finish = r)),
    start(onFrame) {
      void (async () => {
        for (let i = 0; i < frames && !stopped; i++) await onFrame(frame(i, rnd));
        finish();
      })();
    },
    async stop() {
      stopped = true;
      finish();
    },
  };
}

async function watch(region: FrameRegion | null): Promise<{ events: SuspectedFire[]; drawn: RgbFrame[] }> {
  const events: SuspectedFire[] = [];
  const drawn: RgbFrame[] = [];
  const errors: unknown[] = [];
  const fw = new FireWatch({
    cameraId: "window",
    source: clip(12),
    detector: new ClassicFireDetector(),
    region,
    encoder: {
      encode: async (f) => {
        drawn.push(f);
        return Buffer.from("jpeg");
      },
    },
    onSuspectedFire: (e) => void events.push(e),
    onError: (e) => errors.push(e),
  });
  fw.start();
  await fw.ended;
  expect(errors).toEqual([]);
  expect(fw.stats.frames).toBe(12);
  return { events, drawn };
}

const overlaps = (b: Detection["box"], x0: number, y0: number, x1: number, y1: number) =>
  b.x < x1 && b.x + b.width > x0 && b.y < y1 && b.y + b.height > y0;

describe("detect region", () => {
  it("the whole picture: the flickering patch raises a suspected fire (the scene is a fire to the detector)", async () => {
    const { events } = await watch(null);
    expect(events).toHaveLength(1);
    expect(events[0]!.best.kind).toBe("flame");
  });

  it("a region leaving the patch out raises nothing", async () => {
    // the left two thirds and the lower part: everything but the upper right corner
    const { events } = await watch({ x: 0, y: 0.45, width: 1, height: 0.55 });
    expect(events).toEqual([]);
    const left = await watch({ x: 0, y: 0, width: 0.6, height: 1 });
    expect(left.events).toEqual([]);
  });

  it("a region around the patch raises one, with its box in full-frame pixels", async () => {
    const region = { x: 0.5, y: 0, width: 0.5, height: 0.5 }; // x 160..320, y 0..120
    const { events, drawn } = await watch(region);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({ cameraId: "window", detector: "classic", width: W, height: H });
    const b = e.best.box;
    // on the patch as it is in the full frame (it drifted right by at most 11 px), not at crop coordinates
    // (which would put it 160 px further left, at x 60..116)
    expect(overlaps(b, PATCH.x, PATCH.y, PATCH.x + PATCH.size + 12, PATCH.y + PATCH.size)).toBe(true);
    expect(b.x).toBeGreaterThanOrEqual(PATCH.x - 16);
    expect(b.x + b.width).toBeLessThanOrEqual(Math.min(W, PATCH.x + PATCH.size + 12 + 16));
    expect(b.y).toBeGreaterThanOrEqual(PATCH.y - 16);
    expect(b.y + b.height).toBeLessThanOrEqual(PATCH.y + PATCH.size + 16);
    for (const d of e.detections) expect(d.box.x).toBeGreaterThanOrEqual(160);
    // the marked frame is the full frame, the mark drawn at the full-frame box
    expect(drawn).toHaveLength(1);
    expect([drawn[0]!.width, drawn[0]!.height]).toEqual([W, H]);
    const p = (b.y * W + b.x + 1) * 3;
    expect([...drawn[0]!.data.subarray(p, p + 3)]).toEqual([0, 255, 0]);
  });

  it("maps boxes of any detector back by the crop's offset", async () => {
    const seen: RgbFrame[] = [];
    const inner = {
      detect: async (f: RgbFrame): Promise<Detection[]> => {
        seen.push(f);
        return [{ kind: "smoke", score: 0.9, box: { x: 1, y: 2, width: 3, height: 4 } }];
      },
    };
    const s = regionSession(inner, { x: 0.25, y: 0.5, width: 0.5, height: 0.25 });
    const full = frame(0, prng(1));
    const found = await s.detect(full);
    expect([seen[0]!.width, seen[0]!.height]).toEqual([160, 60]);
    // the crop's first pixel is the frame's pixel (80, 120)
    expect([...seen[0]!.data.subarray(0, 3)]).toEqual([
      ...full.data.subarray((120 * W + 80) * 3, (120 * W + 80) * 3 + 3),
    ]);
    expect(found[0]!.box).toEqual({ x: 81, y: 122, width: 3, height: 4 });
    // the whole frame is no region at all: the detector gets the frame itself
    expect(regionSession(inner, { x: 0, y: 0, width: 1, height: 1 })).toBe(inner);
  });
});

describe("region values", () => {
  it("refuses regions outside the picture, too small, or not numbers", () => {
    expect(regionProblem({ x: 0.1, y: 0.1, width: 0.5, height: 0.5 })).toBeNull();
    expect(regionProblem({ x: -0.1, y: 0, width: 0.5, height: 0.5 })).not.toBeNull();
    expect(regionProblem({ x: 0.6, y: 0, width: 0.5, height: 0.5 })).not.toBeNull();
    expect(regionProblem({ x: 0, y: 0, width: 0.01, height: 0.5 })).not.toBeNull();
    expect(regionProblem({ x: Number.NaN, y: 0, width: 0.5, height: 0.5 })).not.toBeNull();
    expect(() => regionSession({ detect: async () => [] }, { x: 0.9, y: 0, width: 0.5, height: 1 })).toThrow(
      RangeError,
    );
  });

  it("stores as JSON [x, y, w, h] and reads back; malformed stored text reads as the whole picture", () => {
    const stored = storeRegion({ x: 0.123456, y: 0, width: 0.5, height: 0.25 });
    expect(stored).toBe("[0.1235,0,0.5,0.25]");
    expect(readRegion(stored)).toEqual({ x: 0.1235, y: 0, width: 0.5, height: 0.25 });
    expect(storeRegion(null)).toBeNull();
    expect(storeRegion({ x: 0, y: 0, width: 1, height: 1 })).toBeNull();
    for (const bad of ["", "nope", "[1,2]", '{"x":0}', "[0.9,0,0.5,1]", '["0",0,1,1]', null])
      expect(readRegion(bad)).toBeNull();
  });

  it("rounds the region to whole pixels inside the frame", () => {
    expect(regionBox({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 }, 321, 241)).toEqual({
      x: 160,
      y: 120,
      width: 161,
      height: 121,
    });
    const f = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i), t: 5 };
    expect(cropFrame(f, { x: 1, y: 1, width: 2, height: 1 })).toEqual({
      width: 2,
      height: 1,
      data: Uint8Array.from([15, 16, 17, 18, 19, 20]),
      t: 5,
    });
  });
});
