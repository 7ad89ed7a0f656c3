// One interface for every way of recognising fire in camera frames (issue 23): the built-in classic
// detector and a county's trained model both take sampled frames and return regions with a kind and a score.
import type { Box, RgbFrame } from "./frame.ts";

/** What a detection shows. */
export type DetectionKind =
  /** visible flame */
  | "flame"
  /** smoke from something burning */
  | "smoke";

export interface Detection {
  kind: DetectionKind;
  /** 0-1: how sure the detector is; comparable within one detector only */
  score: number;
  /** where, in pixels of the analysed frame */
  box: Box;
}

/** The frames of one camera, in order. Detectors that look across time keep their state here. */
export interface DetectorSession {
  detect(frame: RgbFrame): Promise<Detection[]>;
}

export interface FireDetector {
  /** shown with every suspected fire, so a person knows which detector raised it */
  readonly name: string;
  /** A session per camera: frames of different cameras must never share one. */
  session(): DetectorSession;
  /** Releases what the detector holds (a model's runtime). */
  close(): Promise<void>;
}

/** Frames from somewhere (a camera through ffmpeg, a clip, a test), delivered one at a time. */
export interface FrameSource {
  start(onFrame: (frame: RgbFrame) => Promise<void> | void): void;
  stop(): Promise<void>;
  /** resolves when the source has no more frames (a clip ended) or was stopped */
  readonly ended: Promise<void>;
}

/** Turns a frame into a JPEG (ffmpeg in production; any encoder in tests). */
export interface JpegEncoder {
  encode(frame: RgbFrame): Promise<Buffer>;
}
