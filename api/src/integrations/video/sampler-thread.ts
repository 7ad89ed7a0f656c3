// Camera recognition off the API's event loop (issue 23). Each analysed camera is one ffmpeg decoding its
// stream into raw frames (about 172 KB each at 320x240); read on the event loop, those pipe reads and the
// frames' copies to a detector thread cost the fire alarm path's tail (docs/cameras.md, "Capacity"). Here
// a worker thread (sampler-worker.ts) starts the decoders, reads their pipes, runs the detector (classic, or
// a county's model) and the suspicion gate, and sends back only what the API needs: a count per analysed
// frame, a suspected fire with its marked JPEG, errors and log lines, and the decoders' pids.
//
// Should the thread die, its decoders are killed here by pid (a thread's children outlive it), the cameras
// are logged and, after 1 s (doubling up to 30 s while it keeps dying before a frame is analysed), a new
// thread starts them again; their sessions begin afresh (a few frames before a flame is reported, as after
// a restart).
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Logger } from "../../shared/logger.ts";
import type {
  ClassicOptions,
  DetectionKind,
  FireWatchStats,
  OutputLayout,
  FrameRegion,
  GateOptions,
  SuspectedFire,
} from "../../modules/cameras/index.ts";
import type { AnalysisSpec, CameraAnalyser, CameraAnalysis } from "../../modules/cameras/registry/index.ts";
import type { CameraSource } from "./camera-source.ts";
import type { FfmpegSettings } from "./ffmpeg-process.ts";

/** Messages to the sampler thread. */
export type ToSampler =
  | {
      type: "start";
      id: number;
      cameraId: string;
      source: CameraSource;
      fps: number;
      width: number;
      height: number;
      region: FrameRegion | null;
      gate?: GateOptions;
      ffmpegPath?: string;
    }
  | { type: "stop"; id: number };

/** Messages from the sampler thread: never a frame. */
export type FromSampler =
  /** a decoder started or ended */
  | { type: "process"; pid: number; running: boolean }
  /** a frame was analysed; hit: it had detections */
  | { type: "frame"; id: number; hit: boolean }
  | { type: "fire"; id: number; event: Omit<SuspectedFire, "jpeg"> & { jpeg: Uint8Array } }
  | { type: "error"; id: number; message: string }
  | { type: "log"; id: number; level: "warn" | "error"; detail: Record<string, unknown>; msg: string }
  /** the camera's decoder has stopped */
  | { type: "stopped"; id: number };

/** A county's ONNX model, loaded on the thread in place of the classic detector. */
export interface ThreadModel {
  /** the model file */
  path: string;
  layout: OutputLayout;
  classes: (DetectionKind | null)[];
  /** shown with every suspected fire ("onnx:<file>") */
  name: string;
}

/** What the thread is started with. */
export interface SamplerWorkerData {
  options: ClassicOptions;
  model?: ThreadModel;
}

export interface SamplerThreadOptions extends FfmpegSettings {
  /** size the frames are scaled to (default 320x240) */
  width?: number;
  height?: number;
  classic?: ClassicOptions;
  /** a model instead of the classic detector (load it here first: a model that fails on the thread kills it) */
  model?: ThreadModel;
  log?: Logger;
  /** how the thread is started (tests watch or break it); default: the sampler worker */
  start?: (workerData: SamplerWorkerData) => Worker;
  /** the first wait before a dead thread is replaced (default 1000 ms; doubles up to 30 s) */
  restartMs?: number;
}

/** The sampler's worker: the built file beside the running entry (dist/), else the source with tsx. */
export function startSamplerWorker(workerData: SamplerWorkerData): Worker {
  const built = path.join(path.dirname(process.argv[1] ?? "."), "camera-sampler.js");
  if (existsSync(built)) return new Worker(built, { workerData });
  return sourceWorker(new URL("./sampler-worker.ts", import.meta.url), workerData);
}

/** A worker from TypeScript source (tests, `tsx`), through ts-worker.mjs. */
export function sourceWorker(file: URL, workerData: object): Worker {
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), { workerData: { ...workerData, tsEntry: file.href } });
}

interface Active {
  spec: AnalysisSpec;
  stats: FireWatchStats;
}

const STOP_WAIT_MS = 5000;

export class SamplerThread implements CameraAnalyser {
  readonly name: string;
  /** threads started so far (1 in a healthy life) */
  starts = 0;
  private worker: Worker | null = null;
  private readonly active = new Map<number, Active>();
  private readonly stopping = new Map<number, () => void>();
  /** pids of the thread's running decoders */
  private readonly children = new Set<number>();
  private restart: NodeJS.Timeout | null = null;
  private deaths = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: SamplerThreadOptions = {}) {
    this.name = o.model?.name ?? "classic";
  }

  analyse(spec: AnalysisSpec): CameraAnalysis {
    const id = this.nextId++;
    const stats: FireWatchStats = { frames: 0, framesWithDetections: 0, events: 0 };
    return {
      stats,
      start: () => {
        if (this.closed) throw new Error("the sampler thread was closed");
        this.active.set(id, { spec, stats });
        this.send(id);
      },
      stop: () => this.stop(id),
    };
  }

  /** pids of the decoders running on the thread now */
  decoders(): number[] {
    return [...this.children];
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.restart) clearTimeout(this.restart);
    this.restart = null;
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
    this.killChildren();
  }

  private send(id: number): void {
    const a = this.active.get(id);
    if (!a || this.restart) return; // a thread about to be replaced: the new one gets every camera
    const { spec } = a;
    this.ensure().postMessage({
      type: "start",
      id,
      cameraId: spec.cameraId,
      source: spec.source,
      fps: spec.fps,
      width: this.o.width ?? 320,
      height: this.o.height ?? 240,
      region: spec.region,
      ...(spec.gate ? { gate: spec.gate } : {}),
      ...(this.o.ffmpegPath ? { ffmpegPath: this.o.ffmpegPath } : {}),
    } satisfies ToSampler);
  }

  private stop(id: number): Promise<void> {
    if (!this.active.delete(id)) return Promise.resolve();
    const w = this.worker;
    if (!w) return Promise.resolve(); // no thread: its decoders were killed when it died
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.stopping.delete(id);
        this.o.log?.error({ watch: id }, "cameras: the sampler thread did not confirm a decoder stopped");
        resolve();
      }, STOP_WAIT_MS);
      timer.unref();
      this.stopping.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      w.postMessage({ type: "stop", id } satisfies ToSampler);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = (this.o.start ?? startSamplerWorker)({
      options: this.o.classic ?? {},
      ...(this.o.model ? { model: this.o.model } : {}),
    });
    this.starts++;
    w.unref(); // never keeps the process alive by itself
    w.on("message", (m: FromSampler) => {
      if (this.worker === w) this.receive(m);
    });
    w.on("error", (e: Error) => this.o.log?.error({ err: e }, "cameras: the sampler thread failed"));
    w.on("exit", (code) => this.gone(w, code));
    this.worker = w;
    return w;
  }

  private receive(m: FromSampler): void {
    if (m.type === "process") {
      if (m.running) this.children.add(m.pid);
      else this.children.delete(m.pid);
      return;
    }
    if (m.type === "stopped") {
      const done = this.stopping.get(m.id);
      this.stopping.delete(m.id);
      done?.();
      return;
    }
    const a = this.active.get(m.id);
    if (!a) return; // a camera stopped meanwhile
    if (m.type === "frame") {
      this.deaths = 0;
      a.stats.frames++;
      if (m.hit) a.stats.framesWithDetections++;
    } else if (m.type === "fire") {
      a.stats.events++;
      const jpeg = Buffer.from(m.event.jpeg.buffer, m.event.jpeg.byteOffset, m.event.jpeg.byteLength);
      Promise.resolve()
        .then(() => a.spec.onSuspectedFire({ ...m.event, jpeg }))
        .catch((e: unknown) => a.spec.onError(e));
    } else if (m.type === "error") a.spec.onError(new Error(m.message));
    else this.o.log?.[m.level]({ ...m.detail, cameraId: a.spec.cameraId }, m.msg);
  }

  private gone(w: Worker, code: number): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.killChildren();
    for (const done of this.stopping.values()) done();
    this.stopping.clear();
    if (this.closed || this.active.size === 0) return;
    const wait = Math.min(30_000, (this.o.restartMs ?? 1000) * 2 ** this.deaths++);
    this.o.log?.error(
      { exitCode: code, cameras: this.active.size, restartInMs: wait },
      "cameras: the sampler thread stopped; its decoders were killed and it is being restarted",
    );
    this.restart = setTimeout(() => {
      this.restart = null;
      for (const id of this.active.keys()) this.send(id);
    }, wait);
    this.restart.unref();
  }

  /**
   * A thread's decoders outlive it: killed here by the pids it reported. Those killed after a crash stay as
   * zombie entries until the API exits (only the dead thread's loop could have reaped them): no CPU, no
   * camera connection, a pid each.
   */
  private killChildren(): void {
    for (const pid of this.children) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // ESRCH: it had already ended
      }
    }
    this.children.clear();
  }
}
