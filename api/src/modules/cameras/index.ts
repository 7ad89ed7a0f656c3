// Cameras: recognising flame and smoke in sampled frames (issue 23). Pure domain code: frames in,
// detections and suspected-fire events out; ffmpeg, the model runtime and storage are injected.
export * from "./frame.ts";
export * from "./fire-detector.ts";
export { ClassicFireDetector, type ClassicOptions } from "./classic/classic-detector.ts";
export { isFlameColour, isSmokeColour } from "./classic/pixel-rules.ts";
export { ModelFireDetector, type ModelRunner } from "./model/model-detector.ts";
export { letterbox, unletterbox, type Letterbox } from "./model/letterbox.ts";
export { decodeOutput, nms, type OutputContract, type OutputLayout } from "./model/yolo-output.ts";
export { SuspicionGate, type GateOptions, type GateOutcome } from "./suspicion-gate.ts";
export { FireWatch, type FireWatchOptions, type FireWatchStats, type SuspectedFire } from "./fire-watch.ts";
export * from "./evaluation.ts";
export { readRegion, regionSession, storeRegion } from "./detect-region.ts";
