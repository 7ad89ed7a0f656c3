// A frame as a model input: resized with its aspect ratio kept and padded to the model's size with grey
// (114), channels first, RGB, 0-1 floats: the "letterbox" preprocessing YOLO-family detectors are trained
// with. The returned scale and padding map the model's boxes back onto the frame.
import type { Box, RgbFrame } from "../frame.ts";

export interface Letterbox {
  /** 1 x 3 x height x width, RGB planes, values 0-1 */
  tensor: Float32Array;
  width: number;
  height: number;
  scale: number;
  padX: number;
  padY: number;
}

export function letterbox(frame: RgbFrame, width: number, height: number): Letterbox {
  const scale = Math.min(width / frame.width, height / frame.height);
  const w = Math.max(1, Math.round(frame.width * scale));
  const h = Math.max(1, Math.round(frame.height * scale));
  const padX = Math.floor((width - w) / 2);
  const padY = Math.floor((height - h) / 2);
  const plane = width * height;
  const tensor = new Float32Array(3 * plane).fill(114 / 255);
  const src = frame.data;
  for (let y = 0; y < h; y++) {
    // bilinear sampling at pixel centres
    const sy = Math.min(frame.height - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(frame.height - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(frame.width - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(frame.width - 1, x0 + 1);
      const fx = sx - x0;
      const o = (y + padY) * width + (x + padX);
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * frame.width + x0) * 3 + c]!;
        const b = src[(y0 * frame.width + x1) * 3 + c]!;
        const d = src[(y1 * frame.width + x0) * 3 + c]!;
        const e = src[(y1 * frame.width + x1) * 3 + c]!;
        const v = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
        tensor[c * plane + o] = v / 255;
      }
    }
  }
  return { tensor, width, height, scale, padX, padY };
}

/** A box in model input pixels back onto the frame. */
export function unletterbox(box: Box, lb: Letterbox): Box {
  return {
    x: (box.x - lb.padX) / lb.scale,
    y: (box.y - lb.padY) / lb.scale,
    width: box.width / lb.scale,
    height: box.height / lb.scale,
  };
}
