// Recognition on the cameras marked for it (issue 23): one analysis per camera (frames sampled at the
// camera's rate, one detector session each, one suspected fire per episode), at most `max` cameras. The
// set follows the register: refresh() starts new ones, stops removed ones and restarts changed ones. Where
// the frames are read and analysed is the analyser's business: in the API, on a thread of their own
// (integrations/video/sampler-thread.ts), so the event loop that carries fire alarms sees only detections.
import type { Logger } from "../../../shared/logger.ts";
import type { FireWatchStats, SuspectedFire } from "../fire-watch.ts";
import type { FrameRegion } from "../frame.ts";
import type { GateOptions } from "../suspicion-gate.ts";
import type { CameraSourceRef } from "./camera-deps.ts";
import type { CameraService } from "./camera-service.ts";

/** What one camera's analysis needs. */
export interface AnalysisSpec {
  cameraId: string;
  source: CameraSourceRef;
  /** frames a second to sample */
  fps: number;
  region: FrameRegion | null;
  gate?: GateOptions;
  onSuspectedFire: (event: SuspectedFire) => Promise<void> | void;
  onError: (error: unknown) => void;
}

/** One camera's analysis. */
export interface CameraAnalysis {
  readonly stats: FireWatchStats;
  start(): void;
  /** resolves when the camera's decoder has stopped */
  stop(): Promise<void>;
}

/** Where and with which detector the cameras are analysed. */
export interface CameraAnalyser {
  /** the detector's name ("classic", "onnx:<file>"), shown with every suspected fire */
  readonly name: string;
  analyse(spec: AnalysisSpec): CameraAnalysis;
  close(): Promise<void>;
}

export interface CameraWatchesDeps {
  cameras: CameraService;
  analyser: CameraAnalyser;
  log: Logger;
  max: number;
  gate?: GateOptions;
}

interface Running {
  watch: CameraAnalysis;
  version: string;
}

export class CameraWatches {
  private readonly running = new Map<string, Running>();
  private refreshing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly d: CameraWatchesDeps) {}

  /** Uses another analyser (a county's model) for every camera; the old one is closed. */
  async useAnalyser(analyser: CameraAnalyser): Promise<void> {
    const old = this.d.analyser;
    this.d.analyser = analyser;
    for (const [id, r] of [...this.running]) {
      this.running.delete(id);
      await r.watch.stop();
    }
    await old.close();
    await this.refresh();
  }

  /** The detector the cameras get ("classic", "onnx:<file>"). */
  get detectorName(): string {
    return this.d.analyser.name;
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
      const watch = this.d.analyser.analyse({
        cameraId: c.id,
        source: c.source,
        fps: c.fps,
        region: c.region,
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
    await this.d.analyser.close();
  }
}
