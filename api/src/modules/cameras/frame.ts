// Frames as the detectors see them: packed 8-bit RGB (ffmpeg's rgb24), row after row, no padding.

/** One sampled video frame. */
export interface RgbFrame {
  width: number;
  height: number;
  /** width * height * 3 bytes, R G B per pixel */
  data: Uint8Array;
  /** when the frame was taken, in milliseconds (wall clock, or stream time for recorded clips) */
  t: number;
}

/** A rectangle in pixels of the frame it was found in. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Largest frame accepted anywhere in the pipeline (a 4K frame): bounds every per-pixel loop. */
export const MAX_FRAME_PIXELS = 3840 * 2160;

export function frameBytes(width: number, height: number): number {
  return width * height * 3;
}

/** Throws unless the frame's size is sane and its buffer matches it. */
export function checkFrame(frame: RgbFrame): void {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError(`frame size ${width}x${height} is not a positive integer size`);
  if (width * height > MAX_FRAME_PIXELS) throw new RangeError(`frame ${width}x${height} is larger than 4K`);
  if (data.length !== frameBytes(width, height))
    throw new RangeError(`frame ${width}x${height} needs ${frameBytes(width, height)} bytes, got ${data.length}`);
}

export function emptyFrame(width: number, height: number, t = 0): RgbFrame {
  return { width, height, data: new Uint8Array(frameBytes(width, height)), t };
}

/** Clips a box to the frame; a box wholly outside becomes zero-sized at the nearest edge. */
export function clipBox(box: Box, width: number, height: number): Box {
  const x0 = Math.max(0, Math.min(width, Math.floor(box.x)));
  const y0 = Math.max(0, Math.min(height, Math.floor(box.y)));
  const x1 = Math.max(x0, Math.min(width, Math.ceil(box.x + box.width)));
  const y1 = Math.max(y0, Math.min(height, Math.ceil(box.y + box.height)));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function boxArea(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

/** Intersection over union of two boxes (0 when they do not touch). */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

export const MARK_COLOUR: readonly [number, number, number] = [0, 255, 0];

/**
 * A copy of the frame with the boxes outlined, so the person who confirms a suspected fire sees where the
 * detector looked. Pure green is rare in fire scenes, so the mark stands out from flame and smoke.
 */
export function drawBoxes(
  frame: RgbFrame,
  boxes: readonly Box[],
  colour: readonly [number, number, number] = MARK_COLOUR,
): RgbFrame {
  const out: RgbFrame = { ...frame, data: new Uint8Array(frame.data) };
  const thickness = Math.max(2, Math.round(Math.min(frame.width, frame.height) / 120));
  const paint = (x: number, y: number) => {
    const i = (y * frame.width + x) * 3;
    out.data[i] = colour[0];
    out.data[i + 1] = colour[1];
    out.data[i + 2] = colour[2];
  };
  for (const raw of boxes) {
    const b = clipBox(raw, frame.width, frame.height);
    if (b.width === 0 || b.height === 0) continue;
    for (let k = 0; k < thickness; k++) {
      const top = Math.min(b.y + k, b.y + b.height - 1);
      const bottom = Math.max(b.y + b.height - 1 - k, b.y);
      const left = Math.min(b.x + k, b.x + b.width - 1);
      const right = Math.max(b.x + b.width - 1 - k, b.x);
      for (let x = b.x; x < b.x + b.width; x++) {
        paint(x, top);
        paint(x, bottom);
      }
      for (let y = b.y; y < b.y + b.height; y++) {
        paint(left, y);
        paint(right, y);
      }
    }
  }
  return out;
}

/**
 * The part of a camera's picture to analyse (per camera, e.g. to leave out a window that shows sunsets or
 * a lamp), as shares 0-1 of the frame's width and height, so it holds whatever size frames are sampled at.
 */
export interface FrameRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

// The region's checks are the contract's, so the API refuses at the door what the detectors would refuse.
export { regionProblem } from "../../contract/cameras.ts";

/** True when the region covers the whole frame (nothing to crop). */
export function isWholeFrame(r: FrameRegion): boolean {
  return r.x <= 0 && r.y <= 0 && r.x + r.width >= 0.9999 && r.y + r.height >= 0.9999;
}

/** The region in pixels of a frame of this size: whole pixels, inside the frame, at least 1x1. */
export function regionBox(r: FrameRegion, width: number, height: number): Box {
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(r.x * width)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(r.y * height)));
  const x1 = Math.max(x0 + 1, Math.min(width, Math.ceil((r.x + r.width) * width)));
  const y1 = Math.max(y0 + 1, Math.min(height, Math.ceil((r.y + r.height) * height)));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The pixels of `box` (inside the frame) as a frame of their own, taken at the same time. */
export function cropFrame(frame: RgbFrame, box: Box): RgbFrame {
  const b = clipBox(box, frame.width, frame.height);
  if (b.width === 0 || b.height === 0) throw new RangeError("crop box lies outside the frame");
  const out = new Uint8Array(frameBytes(b.width, b.height));
  const rowBytes = b.width * 3;
  for (let y = 0; y < b.height; y++) {
    const from = ((b.y + y) * frame.width + b.x) * 3;
    out.set(frame.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width: b.width, height: b.height, data: out, t: frame.t };
}
