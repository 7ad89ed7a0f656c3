// Recognition on the cameras marked for it (issue 23): one FireWatch per camera (frames sampled at the
// camera's rate, one detector session each, one suspected fire per episode), at most `max` cameras. The
// set follows the register: refresh() starts new ones, stops removed ones and restarts changed ones.
import type { Logger } from "../../../shared/logger.ts";
import type { FireDetector, FrameSource, JpegEncoder } from "../fire-detector.ts";
import { FireWatch, type SuspectedFire } from "../fire-watch.ts";
import type { GateOptions } from "../suspicion-gate.ts";
import type { CameraSourceRef } from "./camera-deps.ts";
import type { CameraService } from "./camera-service.ts";

export interface CameraWatchesDeps {
  cameras: CameraService;
  detector: FireDetector;
  encoder: JpegEncoder;
  /** frames of one camera at `fps` (ffmpeg's sampler in production) */
  frames: (source: CameraSourceRef, fps: number) => FrameSource;
  log: Logger;
  max: number;
  gate?: GateOptions;
}

interface Running {
  watch: FireWatch;
  version: string;
}

export class CameraWatches {
  private readonly running = new Map<string, Running>();
  private refreshing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly d: CameraWatchesDeps) {}

  /** Uses another detector (a county's model) for cameras started from now on; the old one is closed. */
  async useDetector(detector: FireDetector): Promise<void> {
    const old = this.d.detector;
    this.d.detector = detector;
    for (const [id, r] of [...this.running]) {
      this.running.delete(id);
      await r.watch.stop();
    }
    await old.close();
    await this.refresh();
  }

  /** The detector new cameras get ("classic", "onnx:<file>"). */
  get detectorName(): string {
    return this.d.detector.name;
  }

  /** Ids of the cameras being analysed. */
  ids(): string[] {
    return [...this.running.keys()];
  }

  stats(id: string) {
    return this.running.get(id)?.watch.stats ?? null;
  }

  /** Brings the running set in line with the register (serialised: concurrent calls queue). */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.sync())
      .catch((e: unknown) => {
        this.d.log.error({ err: e }, "cameras: could not update the recognition workers");
      });
    return this.refreshing;
  }

  private async sync(): Promise<void> {
    if (this.closed) return;
    const want = await this.d.cameras.analysed(this.d.max);
    const wanted = new Map(want.map((c) => [c.id, c]));
    for (const [id, r] of [...this.running]) {
      const c = wanted.get(id);
      if (!c || r.version !== c.updatedAt.toISOString()) {
        this.running.delete(id);
        await r.watch.stop();
      }
    }
    for (const c of want) {
      if (this.running.has(c.id)) continue;
      const watch = new FireWatch({
        cameraId: c.id,
        source: this.d.frames(c.source, c.fps),
        detector: this.d.detector,
        region: c.region,
        encoder: this.d.encoder,
        ...(this.d.gate ? { gate: this.d.gate } : {}),
        onSuspectedFire: (e) => this.raise(e),
        onError: (e) => this.d.log.warn({ err: e, cameraId: c.id }, "cameras: frame analysis failed"),
      });
      this.running.set(c.id, { watch, version: c.updatedAt.toISOString() });
      watch.start();
    }
  }

  private async raise(e: SuspectedFire): Promise<void> {
    const r = await this.d.cameras.suspectedFire({
      cameraId: e.cameraId,
      at: e.at,
      detector: e.detector,
      jpeg: e.jpeg,
      width: e.width,
      height: e.height,
      detections: e.detections,
    });
    this.d.log.warn({ cameraId: e.cameraId, alarmId: r.alarmId, score: e.best.score }, "cameras: suspected fire");
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.refreshing;
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((r) => r.watch.stop()));
    await this.d.detector.close();
  }
}
