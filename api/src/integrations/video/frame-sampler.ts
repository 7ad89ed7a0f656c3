// Frames for the detectors: ffmpeg decodes a camera (or a clip) and writes raw RGB frames at a low rate
// (e.g. one a second) and a small size. Memory stays bounded: one frame being read, at most one waiting;
// when the detector is slower than the camera, the older waiting frame is dropped and counted.
import type { Clock } from "../../shared/clock.ts";
import { systemClock } from "../../shared/clock.ts";
import type { FrameSource, RgbFrame } from "../../modules/cameras/index.ts";
import { maskSecrets, sourceProblem, type VideoInput } from "./camera-source.ts";
import { inputArgs, startDecoder, stopProcess, type FfmpegSettings } from "./ffmpeg-process.ts";
import { VideoError } from "./video-errors.ts";

export interface SamplerOptions extends FfmpegSettings {
  input: VideoInput;
  /** frames a second to sample (0.05-10; default 1) */
  fps?: number;
  /** size the frames are scaled to (default 320x240) */
  width?: number;
  height?: number;
  /** read a file at its own pace instead of as fast as possible */
  realtime?: boolean;
  /** stop after this many frames (a bound for tools and benches) */
  maxFrames?: number;
  /** a camera that drops is reconnected after 1 s, doubling up to this (default 30000 ms) */
  maxBackoffMs?: number;
  clock?: Clock;
  logger?: SamplerLog;
  /**
   * How each ffmpeg run is started. Default: a child of this thread writing the frames to its stdout. The
   * sampler thread has the API's main thread start them instead, writing to a socket this thread reads
   * (sampler-thread.ts: why).
   */
  launch?: Launcher;
}

/** Starts one ffmpeg run; `args` end before the output, which the launcher chooses. */
export type Launcher = (args: string[], onData: (chunk: Buffer) => void) => Launched;

/** One ffmpeg run as the sampler sees it. */
export interface Launched {
  /** resolves with its last words (stderr, unmasked) once it has ended and every frame was handed over */
  readonly ended: Promise<string>;
  /** asks it to stop (SIGTERM), kills it after `graceMs`; resolves when it has ended */
  stop(graceMs: number): Promise<void>;
}

/** The default launcher: ffmpeg as a child of this thread, the frames on its stdout. */
export function childLauncher(settings: FfmpegSettings): Launcher {
  return (args, onData) => {
    const { child, ended } = startDecoder(settings, [...args, "pipe:1"], "pipe");
    child.stdout!.on("data", onData);
    return { ended, stop: (graceMs) => stopProcess(child, graceMs) };
  };
}

/** What the sampler says (the API's logger; a forwarder to it on the sampler thread). */
export interface SamplerLog {
  warn(detail: object, msg: string): void;
  error(detail: object, msg: string): void;
}

export interface SamplerStats {
  /** frames read from ffmpeg */
  received: number;
  /** frames handed to the detector */
  delivered: number;
  /** frames dropped because the detector was still busy */
  dropped: number;
  /** times the camera was reconnected */
  restarts: number;
}

type Handler = (frame: RgbFrame) => Promise<void> | void;

export class FrameSampler implements FrameSource {
  readonly stats: SamplerStats = { received: 0, delivered: 0, dropped: 0, restarts: 0 };
  readonly ended: Promise<void>;
  readonly fps: number;
  readonly width: number;
  readonly height: number;
  private finish!: () => void;
  private child: Launched | null = null;
  private stopped = false;
  private handler: Handler | null = null;
  private busy = false;
  private waiting: RgbFrame | null = null;
  private readonly clock: Clock;
  private readonly mask: (t: string) => string;

  constructor(private readonly opts: SamplerOptions) {
    if ("camera" in opts.input) {
      const problem = sourceProblem(opts.input.camera);
      if (problem) throw new VideoError("CAMERA_SOURCE_INVALID", problem);
    }
    this.fps = Math.min(10, Math.max(0.05, opts.fps ?? 1));
    this.width = 2 * Math.round(Math.min(1920, Math.max(16, opts.width ?? 320)) / 2);
    this.height = 2 * Math.round(Math.min(1080, Math.max(16, opts.height ?? 240)) / 2);
    this.clock = opts.clock ?? systemClock;
    const camera = "camera" in opts.input ? opts.input.camera : undefined;
    this.mask = (t) => maskSecrets(t, camera);
    this.ended = new Promise((resolve) => (this.finish = resolve));
  }

  start(onFrame: Handler): void {
    if (this.handler) throw new Error("sampler already started");
    this.handler = onFrame;
    void this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.child) await this.child.stop(1000);
    this.finish();
  }

  private async loop(): Promise<void> {
    let backoff = 1000;
    const isFile = "file" in this.opts.input;
    while (!this.stopped) {
      const before = this.stats.received;
      const detail = await this.runOnce();
      if (this.stopped || isFile || this.reachedMax()) break;
      if (this.stats.received > before) backoff = 1000;
      this.stats.restarts++;
      this.opts.logger?.warn({ detail, retryInMs: backoff }, "frame sampler: camera stream ended, reconnecting");
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(this.opts.maxBackoffMs ?? 30_000, backoff * 2);
    }
    // let the last frame be analysed before saying we are done
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
    this.finish();
  }

  private reachedMax(): boolean {
    return this.opts.maxFrames !== undefined && this.stats.received >= this.opts.maxFrames;
  }

  /** One ffmpeg run; resolves with its masked last words when it ends. */
  private async runOnce(): Promise<string> {
    const size = this.width * this.height * 3;
    const args = [
      ...["-hide_banner", "-nostdin", "-loglevel", "error"],
      ...inputArgs(this.opts.input, { realtime: this.opts.realtime ?? false }),
      ...["-an", "-vf", `fps=${this.fps},scale=${this.width}:${this.height}`],
      ...["-pix_fmt", "rgb24", "-f", "rawvideo"],
    ];
    let frame = Buffer.allocUnsafe(size);
    let filled = 0;
    let index = 0;
    let done = false;
    const run: Launched = (this.opts.launch ?? childLauncher(this.opts))(args, (chunk: Buffer) => {
      let off = 0;
      while (off < chunk.length && !done) {
        const n = Math.min(size - filled, chunk.length - off);
        chunk.copy(frame, filled, off, off + n);
        filled += n;
        off += n;
        if (filled < size) continue;
        // a clip keeps its own time line (for labels in seconds); a camera is stamped when the frame arrives
        const t = "file" in this.opts.input ? (index * 1000) / this.fps : this.clock.now().getTime();
        this.offer({ width: this.width, height: this.height, data: frame, t });
        index++;
        frame = Buffer.allocUnsafe(size);
        filled = 0;
        if (this.reachedMax()) {
          done = true;
          void run.stop(500);
        }
      }
    });
    this.child = run;
    const lastWords = await run.ended;
    this.child = null;
    return this.mask(lastWords.trim()).slice(-500);
  }

  private offer(frame: RgbFrame): void {
    this.stats.received++;
    if (this.busy) {
      if (this.waiting) this.stats.dropped++;
      this.waiting = frame;
      return;
    }
    void this.deliver(frame);
  }

  private async deliver(first: RgbFrame): Promise<void> {
    this.busy = true;
    let next: RgbFrame | null = first;
    while (next && !this.stopped) {
      this.stats.delivered++;
      try {
        await this.handler!(next);
      } catch (e) {
        this.opts.logger?.error({ err: e }, "frame sampler: frame handler failed");
      }
      next = this.waiting;
      this.waiting = null;
    }
    this.busy = false;
  }
}
