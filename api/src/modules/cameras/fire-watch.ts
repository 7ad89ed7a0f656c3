// The recognition pipeline of one camera: frames from a source go through the detector and the gate; a
// new episode becomes ONE suspected fire, with the frame as a JPEG and the detected regions drawn on it.
// What happens to the event (an alarm for the monitoring centre and the unit's control room, never for
// residents or 119 before a person confirms it) is the listener's business.
import type { Clock } from "../../shared/clock.ts";
import { systemClock } from "../../shared/clock.ts";
import type { Detection, DetectorSession, FireDetector, FrameSource, JpegEncoder } from "./fire-detector.ts";
import { regionSession } from "./detect-region.ts";
import { drawBoxes, type FrameRegion, type RgbFrame } from "./frame.ts";
import { SuspicionGate, type GateOptions } from "./suspicion-gate.ts";

export interface SuspectedFire {
  cameraId: string;
  /** when the event was raised */
  at: Date;
  /** when the frame was taken (ms: wall clock for cameras, clip time for clips) */
  frameTime: number;
  detector: string;
  /** the detection that opened the episode */
  best: Detection;
  /** every detection of that frame at or above the gate's score */
  detections: Detection[];
  /** the frame, regions outlined, as JPEG */
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface FireWatchOptions {
  cameraId: string;
  source: FrameSource;
  detector: FireDetector;
  encoder: JpegEncoder;
  /** the part of the picture to analyse (the camera's detect region); null or omitted: all of it */
  region?: FrameRegion | null;
  gate?: GateOptions;
  clock?: Clock;
  onSuspectedFire: (event: SuspectedFire) => Promise<void> | void;
  onError?: (error: unknown) => void;
}

export interface FireWatchStats {
  frames: number;
  /** frames with at least one detection */
  framesWithDetections: number;
  events: number;
  /**
   * the detector analysing the camera's frames now, where the analyser says (the sampler thread: the
   * county's model, or "classic" once a model that failed on frames was replaced for the rest of the run)
   */
  detector?: string;
}

export class FireWatch {
  readonly stats: FireWatchStats = { frames: 0, framesWithDetections: 0, events: 0 };
  private readonly session: DetectorSession;
  private readonly gate: SuspicionGate;
  private readonly clock: Clock;

  constructor(private readonly o: FireWatchOptions) {
    this.session = regionSession(o.detector.session(), o.region);
    this.gate = new SuspicionGate(o.gate);
    this.clock = o.clock ?? systemClock;
  }

  start(): void {
    this.o.source.start((frame) => this.analyse(frame));
  }

  async stop(): Promise<void> {
    await this.o.source.stop();
  }

  /** Resolves when the source has ended (a clip) or the watch was stopped. */
  get ended(): Promise<void> {
    return this.o.source.ended;
  }

  private async analyse(frame: RgbFrame): Promise<void> {
    try {
      this.stats.frames++;
      const detections = await this.session.detect(frame);
      if (detections.length) this.stats.framesWithDetections++;
      const r = this.gate.observe(frame.t, detections);
      if (r.outcome !== "opened") return;
      const shown = detections.filter((d) => d.score >= this.gate.minScore);
      const jpeg = await this.o.encoder.encode(
        drawBoxes(
          frame,
          shown.map((d) => d.box),
        ),
      );
      this.stats.events++;
      await this.o.onSuspectedFire({
        cameraId: this.o.cameraId,
        at: this.clock.now(),
        frameTime: frame.t,
        detector: this.o.detector.name,
        best: r.best,
        detections: shown,
        jpeg,
        width: frame.width,
        height: frame.height,
      });
    } catch (e) {
      this.o.onError?.(e);
    }
  }
}
