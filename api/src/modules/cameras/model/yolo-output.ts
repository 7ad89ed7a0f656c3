// Reading a detector's output tensor. Two layouts cover the YOLO family most fire/smoke models come from:
// - "yolov8" (also v9-v11): [1, 4 + classes, N] (or its transpose [1, N, 4 + classes]); rows cx, cy, w, h
//   in input pixels, then one score per class (already sigmoid);
// - "yolov5" (also v7): [1, N, 5 + classes]: cx, cy, w, h, objectness, then class scores; a box's score
//   is objectness times class score.
// Boxes are then filtered by score and by non-maximum suppression per class.
import { iou, type Box } from "../frame.ts";
import type { Detection, DetectionKind } from "../fire-detector.ts";

export type OutputLayout = "yolov8" | "yolov5";

export interface OutputContract {
  layout: OutputLayout;
  /** what each of the model's classes means, in its class order; null for classes to ignore */
  classes: (DetectionKind | null)[];
  /** default 0.25 */
  scoreThreshold?: number;
  /** default 0.45 */
  iouThreshold?: number;
  /** at most this many boxes kept (default 50) */
  maxDetections?: number;
}

/** Boxes in model input pixels (before un-letterboxing). */
export function decodeOutput(data: Float32Array, dims: readonly number[], c: OutputContract): Detection[] {
  const nc = c.classes.length;
  const extra = c.layout === "yolov5" ? 5 : 4;
  const stride = extra + nc;
  if (dims.length !== 3 || dims[0] !== 1) throw new RangeError(`expected output [1, a, b], got [${dims.join(", ")}]`);
  const [, a, b] = dims as [number, number, number];
  // attribute-major ([1, stride, N]) or box-major ([1, N, stride])
  const boxMajor = c.layout === "yolov5" || (b === stride && a !== stride);
  const n = boxMajor ? a : b;
  if ((boxMajor ? b : a) !== stride || data.length < n * stride)
    throw new RangeError(`output [${dims.join(", ")}] does not fit ${nc} classes in the ${c.layout} layout`);
  const at = (box: number, attr: number) => (boxMajor ? data[box * stride + attr]! : data[attr * n + box]!);
  const threshold = c.scoreThreshold ?? 0.25;
  const found: Detection[] = [];
  for (let i = 0; i < n; i++) {
    const objectness = c.layout === "yolov5" ? at(i, 4) : 1;
    let cls = -1;
    let score = 0;
    for (let k = 0; k < nc; k++) {
      const s = objectness * at(i, extra + k);
      if (s > score) {
        score = s;
        cls = k;
      }
    }
    const kind = cls >= 0 ? c.classes[cls] : null;
    if (!kind || score < threshold || !Number.isFinite(score)) continue;
    const w = at(i, 2);
    const h = at(i, 3);
    found.push({
      kind,
      score: Math.min(1, score),
      box: { x: at(i, 0) - w / 2, y: at(i, 1) - h / 2, width: w, height: h },
    });
  }
  return nms(found, c.iouThreshold ?? 0.45, c.maxDetections ?? 50);
}

/** Greedy non-maximum suppression within each kind. */
export function nms(detections: Detection[], iouThreshold: number, max: number): Detection[] {
  const sorted = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (kept.length >= max) break;
    if (!kept.some((k) => k.kind === d.kind && iou(k.box, d.box) > iouThreshold)) kept.push(d);
  }
  return kept;
}

export type { Box };
