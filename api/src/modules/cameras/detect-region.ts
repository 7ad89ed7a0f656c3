// A camera's detect region (issue 23): only that part of the picture is analysed, whatever the detector.
// The frame is cropped before the detector sees it (the classic detector works on fewer pixels, a model
// gets the region at its input size), and the boxes found are moved back into full-frame pixels, so the
// marked frame, the gate and the stored detections all speak of the whole picture.
import type { Detection, DetectorSession } from "./fire-detector.ts";
import { checkFrame, cropFrame, isWholeFrame, regionBox, regionProblem, type FrameRegion } from "./frame.ts";

/** A session that sees only `region` of every frame; boxes come back in full-frame pixels. */
export function regionSession(inner: DetectorSession, region: FrameRegion | null | undefined): DetectorSession {
  if (!region || isWholeFrame(region)) return inner;
  const problem = regionProblem(region);
  if (problem) throw new RangeError(problem);
  return {
    async detect(frame): Promise<Detection[]> {
      checkFrame(frame);
      const box = regionBox(region, frame.width, frame.height);
      const found = await inner.detect(cropFrame(frame, box));
      return found.map((d) => ({ ...d, box: { ...d.box, x: d.box.x + box.x, y: d.box.y + box.y } }));
    },
  };
}

/** The stored form: JSON [x, y, width, height], shares of the frame (prisma/schema/88-cameras.prisma). */
export function storeRegion(region: FrameRegion | null): string | null {
  if (!region || isWholeFrame(region)) return null;
  const problem = regionProblem(region);
  if (problem) throw new RangeError(problem);
  const r4 = (n: number) => Math.round(n * 10_000) / 10_000;
  return JSON.stringify([r4(region.x), r4(region.y), r4(region.width), r4(region.height)]);
}

/** The stored form read back; anything malformed or unsound reads as null (the whole frame). */
export function readRegion(stored: string | null | undefined): FrameRegion | null {
  if (!stored || stored.length > 200) return null;
  let v: unknown;
  try {
    v = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length !== 4 || !v.every((n) => typeof n === "number")) return null;
  const [x, y, width, height] = v as [number, number, number, number];
  const region = { x, y, width, height };
  return regionProblem(region) ? null : region;
}
