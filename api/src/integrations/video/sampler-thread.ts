// Camera recognition off the API's event loop (issue 23). Each analysed camera is one ffmpeg decoding its
// stream into raw frames (about 172 KB each at 320x240); read on the event loop, those reads and the
// frames' copies to a detector thread cost the fire alarm path's tail (docs/cameras.md, "Capacity"). Here
// a worker thread (sampler-serve.ts) reads the frames, runs the detector (classic, or a county's model)
// and the suspicion gate, and sends back only what the API needs: a count per analysed frame, a suspected
// fire with its marked JPEG, errors and log lines, and a model it gave up.
//
// Who starts the decoders. A child process is reaped (waitpid) only by the libuv loop that spawned it: a
// decoder the worker thread spawned and that ends after the thread died stays a zombie (<defunct>) until
// the API exits, killed or not. So the decoders are spawned here, on the main thread, whose loop lives as
// long as the process and reaps each one whenever it ends; ffmpeg writes its frames to a Unix socket the
// thread listens on (`unix:<dir>/<run>.sock`, in a directory of this process's, mode 0700), so the frame
// bytes are still read on the thread only. The main loop sees the spawn (a fork: a few ms on a process of
// the API's size, once per camera start or reconnect, as the health checks' ffmpeg already do), a few
// lines of ffmpeg's stderr and the exit. Weighed and not taken: handing a main-thread child's stdout to
// the thread (Node opens and starts reading a child's pipe on the spawning loop, and its fd is not public),
// and a wrapper that lets ffmpeg be reparented (orphans go to PID 1, which in a container may be the API
// itself, which reaps nothing it did not spawn; and a pid no longer ours cannot be killed safely).
//
// Should the thread die, its decoders are killed here (they are this thread's children, reaped as they
// end), the cameras are logged and, after 1 s (doubling up to 30 s while it keeps dying before a frame is
// analysed), a new thread starts them again; their sessions begin afresh (a few frames before a flame is
// reported, as after a restart).
//
// A county's model that loads but then fails on frames does not stop recognition: after
// MODEL_FAILURES_BEFORE_FALLBACK consecutive failed runs the thread hands the cameras to the classic
// detector and says so once; this side logs it at error level, shows "classic" as the analyser's name and
// in each camera's stats, and starts any later thread without the model, for the rest of the run. A model
// that does not load at all still ends the thread (the API loads it once before starting one).
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import type { Logger } from "../../shared/logger.ts";
import { startThread } from "../../shared/worker-thread.ts";
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
import { startDecoder, stopProcess, type FfmpegSettings } from "./ffmpeg-process.ts";

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
  | { type: "stop"; id: number }
  /** a decoder started for the thread has ended: its stderr's last words */
  | { type: "exited"; run: number; lastWords: string };

/** Messages from the sampler thread: never a frame. */
export type FromSampler =
  /** start a decoder: ffmpeg with these arguments (its output is the thread's socket) */
  | { type: "spawn"; run: number; args: string[] }
  /** stop a decoder: SIGTERM, SIGKILL after graceMs */
  | { type: "kill"; run: number; graceMs: number }
  /** the model failed on frames: the classic detector analyses the cameras from now on */
  | { type: "fallback"; model: string; detector: string; reason: string }
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
  /** where the thread puts the sockets its decoders write to (made by the thread if not given) */
  socketDir?: string;
}

export interface SamplerThreadOptions extends FfmpegSettings {
  /** size the frames are scaled to (default 320x240) */
  width?: number;
  height?: number;
  classic?: ClassicOptions;
  /** a model instead of the classic detector (load it here first: a model that does not load kills the thread) */
  model?: ThreadModel;
  log?: Logger;
  /** how the thread is started (tests watch or break it); default: the sampler worker */
  start?: (workerData: SamplerWorkerData) => Worker;
  /** the first wait before a dead thread is replaced (default 1000 ms; doubles up to 30 s) */
  restartMs?: number;
}

/** The sampler's worker: the built file beside the running entry (dist/), else the source with tsx. */
export function startSamplerWorker(workerData: SamplerWorkerData): Worker {
  return startThread("camera-sampler", new URL("./sampler-worker.ts", import.meta.url), workerData);
}

interface Active {
  spec: AnalysisSpec;
  stats: FireWatchStats;
}

const STOP_WAIT_MS = 5000;

export class SamplerThread implements CameraAnalyser {
  /** threads started so far (1 in a healthy life) */
  starts = 0;
  /** why the model was given up for this run (null: it was not, or there is none) */
  modelFailure: string | null = null;
  private worker: Worker | null = null;
  private socketDir: string | null = null;
  private readonly active = new Map<number, Active>();
  private readonly stopping = new Map<number, () => void>();
  /** the thread's running decoders, by the thread's run number */
  private readonly children = new Map<number, ChildProcess>();
  private restart: NodeJS.Timeout | null = null;
  private deaths = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: SamplerThreadOptions = {}) {}

  /** the detector the cameras get ("classic", "onnx:<file>"; "classic" once a failing model was given up) */
  get name(): string {
    return this.o.model && !this.modelFailure ? this.o.model.name : "classic";
  }

  analyse(spec: AnalysisSpec): CameraAnalysis {
    const id = this.nextId++;
    const stats: FireWatchStats = { frames: 0, framesWithDetections: 0, events: 0, detector: this.name };
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

  /** pids of the decoders running for the thread now */
  decoders(): number[] {
    return [...this.children.values()].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
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
    this.removeSockets();
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
    this.socketDir ??= mkdtempSync(path.join(os.tmpdir(), "anxin-sampler-"));
    const w = (this.o.start ?? startSamplerWorker)({
      options: this.o.classic ?? {},
      ...(this.o.model && !this.modelFailure ? { model: this.o.model } : {}),
      socketDir: this.socketDir,
    });
    this.starts++;
    w.unref(); // never keeps the process alive by itself
    w.on("message", (m: FromSampler) => {
      if (this.worker === w) this.receive(w, m);
    });
    w.on("error", (e: Error) => this.o.log?.error({ err: e }, "cameras: the sampler thread failed"));
    w.on("exit", (code) => this.gone(w, code));
    this.worker = w;
    return w;
  }

  private receive(w: Worker, m: FromSampler): void {
    if (m.type === "spawn") return this.spawn(w, m.run, m.args);
    if (m.type === "kill") {
      const child = this.children.get(m.run);
      if (child) void stopProcess(child, m.graceMs);
      else w.postMessage({ type: "exited", run: m.run, lastWords: "" } satisfies ToSampler);
      return;
    }
    if (m.type === "fallback") return this.fallback(m);
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

  /**
   * A decoder for the thread, as this loop's child (reaped here whenever it ends); its frames go to the
   * thread's socket, only its stderr (a few lines at -loglevel error) comes here.
   */
  private spawn(w: Worker, run: number, args: string[]): void {
    const { child, ended } = startDecoder(this.o, args, "ignore");
    this.children.set(run, child);
    void ended.then((lastWords) => {
      if (this.children.get(run) !== child) return; // killed with a dead thread
      this.children.delete(run);
      if (this.worker === w) w.postMessage({ type: "exited", run, lastWords } satisfies ToSampler);
    });
  }

  private fallback(m: Extract<FromSampler, { type: "fallback" }>): void {
    if (this.modelFailure !== null) return;
    this.modelFailure = m.reason;
    for (const a of this.active.values()) a.stats.detector = m.detector;
    this.o.log?.error(
      { model: m.model, detector: m.detector, reason: m.reason, cameras: this.active.size },
      "cameras: the model failed on frames; the classic detector analyses the cameras for the rest of this run",
    );
  }

  private gone(w: Worker, code: number): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.killChildren();
    this.removeSockets(); // the next thread numbers its runs afresh, in a directory of its own
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

  /** A dead or closed thread's decoders: killed, and reaped by this loop as they end. */
  private killChildren(): void {
    for (const child of this.children.values()) child.kill("SIGKILL");
    this.children.clear();
  }

  private removeSockets(): void {
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
    this.socketDir = null;
  }
}
