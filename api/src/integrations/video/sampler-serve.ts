// What the sampler thread does (sampler-worker.ts is its entry; sampler-thread.ts the API's side): it reads
// each analysed camera's raw frames, runs the detector (classic, or a county's model) and the suspicion
// gate, and encodes the marked frame of a suspected fire. The API's event loop gets only small messages: a
// frame was analysed, a suspected fire (its JPEG), an error, a log line, a model that was given up.
//
// The decoders are not this thread's children: it asks the API's main thread to start each ffmpeg
// ("spawn"), and ffmpeg writes its frames to a Unix socket this thread listens on, so the frame bytes are
// read here and never on the main loop, while the process belongs to the main thread's loop, which reaps
// it whenever it ends, even after this thread has died (sampler-thread.ts: why).
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import {
  ClassicFireDetector,
  FireWatch,
  ModelFireDetector,
  type DetectorSession,
  type FireDetector,
  type ModelRunner,
} from "../../modules/cameras/index.ts";
import { FrameSampler, type Launched, type Launcher, type SamplerLog } from "./frame-sampler.ts";
import { FfmpegJpegEncoder } from "./jpeg.ts";
import { VideoError } from "./video-errors.ts";
import type { FromSampler, SamplerWorkerData, ThreadModel, ToSampler } from "./sampler-thread.ts";

/**
 * Consecutive failed model runs (any camera: the model is shared) after which the classic detector takes
 * over for the rest of the run. One failure may be a passing one (an allocation the runtime could not make
 * at that moment); a model that fails three frames in a row on well-formed input fails on every frame, and
 * keeping it would only leave the cameras blind. The frames of those failed runs go to the classic detector,
 * so none is left unanalysed meanwhile.
 */
export const MODEL_FAILURES_BEFORE_FALLBACK = 3;

/** Errors do not cross threads whole: their code and message do (already masked: video-errors.ts). */
function text(e: unknown): string {
  if (e instanceof VideoError) return `${e.code}: ${e.detail || e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function plain(detail: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, v instanceof Error ? text(v) : v]));
}

/** A county's model with the classic detector behind it, for when the model fails on frames. */
export class FallbackDetector implements FireDetector {
  private failures = 0;
  private failed = false;

  constructor(
    private readonly model: FireDetector,
    private readonly classic: FireDetector,
    private readonly onFallback: (reason: string) => void,
  ) {}

  /** the detector of the latest frames (the classic one while the model fails) */
  get name(): string {
    return this.failed || this.failures > 0 ? this.classic.name : this.model.name;
  }

  session(): DetectorSession {
    const model = this.model.session();
    let classic: DetectorSession | null = null;
    return {
      detect: async (frame) => {
        if (!this.failed) {
          try {
            const found = await model.detect(frame);
            this.failures = 0;
            return found;
          } catch (e) {
            if (++this.failures >= MODEL_FAILURES_BEFORE_FALLBACK && !this.failed) {
              this.failed = true;
              this.onFallback(text(e));
              void this.model.close().catch(() => undefined);
            }
          }
        }
        classic ??= this.classic.session();
        return classic.detect(frame);
      },
    };
  }

  async close(): Promise<void> {
    if (!this.failed) await this.model.close();
  }
}

/** Runs the sampler thread; `load` loads a county's model (the ONNX runtime; tests wrap it). */
export async function serveSampler(load: (model: ThreadModel) => Promise<ModelRunner>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("the sampler runs as a worker thread");
  const post = (m: FromSampler, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

  const data = (workerData ?? { options: {} }) as SamplerWorkerData;
  const classic = new ClassicFireDetector(data.options);
  // a model that does not load ends the thread with its error (the API loaded it once before starting us);
  // the port holds the API's messages until the listener below is attached
  const detector: FireDetector = data.model
    ? new FallbackDetector(
        new ModelFireDetector(
          await load(data.model),
          { layout: data.model.layout, classes: data.model.classes },
          data.model.name,
        ),
        classic,
        (reason) => post({ type: "fallback", model: data.model!.name, detector: classic.name, reason }),
      )
    : classic;
  const watches = new Map<number, FireWatch>();
  /** runs of ffmpeg the main thread was asked for, by number: their end, told by the main thread */
  const exits = new Map<number, (lastWords: string) => void>();
  let nextRun = 1;
  let socketDir = data.socketDir ?? null;
  const dir = () => (socketDir ??= mkdtempSync(path.join(os.tmpdir(), "anxin-sampler-")));

  function logFor(id: number): SamplerLog {
    return {
      warn: (detail, msg) => post({ type: "log", id, level: "warn", detail: plain(detail), msg }),
      error: (detail, msg) => post({ type: "log", id, level: "error", detail: plain(detail), msg }),
    };
  }

  /** ffmpeg started by the main thread, writing its frames to a socket of ours. */
  const launch: Launcher = (args, onData): Launched => {
    const run = nextRun++;
    const socket = path.join(dir(), `${run}.sock`);
    let conn: net.Socket | null = null;
    let lastWords: string | null = null;
    let asked = false; // the main thread was asked to start it
    let stopping = false;
    let finish!: (lastWords: string) => void;
    const ended = new Promise<string>((resolve) => (finish = resolve));
    const server = net.createServer((c) => {
      if (conn) return void c.destroy(); // one writer a run
      conn = c;
      c.on("data", onData);
      c.on("error", () => undefined); // its end is what counts, and the exit tells why
      c.on("close", settle);
    });
    function settle(): void {
      if (lastWords === null || (conn && !conn.closed)) return;
      exits.delete(run);
      server.close();
      rmSync(socket, { force: true });
      finish(lastWords);
    }
    exits.set(run, (words) => {
      lastWords = words;
      settle();
    });
    server.on("error", (e) => {
      lastWords ??= text(e);
      settle();
    });
    server.listen(socket, () => {
      if (stopping) {
        lastWords ??= "";
        return settle();
      }
      asked = true;
      post({ type: "spawn", run, args: [...args, `unix:${socket}`] });
    });
    return {
      ended,
      stop: async (graceMs) => {
        stopping = true;
        if (asked) post({ type: "kill", run, graceMs });
        else if (server.listening) {
          lastWords ??= "";
          settle();
        }
        await ended;
      },
    };
  };

  function start(m: Extract<ToSampler, { type: "start" }>): void {
    if (watches.has(m.id)) return;
    const id = m.id;
    const settings = m.ffmpegPath ? { ffmpegPath: m.ffmpegPath } : {};
    try {
      const sampler = new FrameSampler({
        input: { camera: m.source },
        fps: m.fps,
        width: m.width,
        height: m.height,
        logger: logFor(id),
        ...settings,
        launch,
      });
      const watch: FireWatch = new FireWatch({
        cameraId: m.cameraId,
        source: {
          // after each analysed frame the API counts it (/metrics, the register's stats)
          start: (onFrame) =>
            sampler.start(async (frame) => {
              const before = watch.stats.framesWithDetections;
              await onFrame(frame);
              post({ type: "frame", id, hit: watch.stats.framesWithDetections > before });
            }),
          stop: () => sampler.stop(),
          ended: sampler.ended,
        },
        detector,
        encoder: new FfmpegJpegEncoder(settings),
        region: m.region,
        ...(m.gate ? { gate: m.gate } : {}),
        onSuspectedFire: (e) => {
          const jpeg = new Uint8Array(e.jpeg); // a buffer of its own to hand over
          post({ type: "fire", id, event: { ...e, jpeg } }, [jpeg.buffer]);
        },
        onError: (e) => post({ type: "error", id, message: text(e) }),
      });
      watches.set(id, watch);
      watch.start();
    } catch (e) {
      post({ type: "error", id, message: text(e) });
    }
  }

  async function stop(id: number): Promise<void> {
    const watch = watches.get(id);
    watches.delete(id);
    await watch?.stop();
    post({ type: "stopped", id });
  }

  port.on("message", (m: ToSampler) => {
    if (m.type === "start") start(m);
    else if (m.type === "exited") exits.get(m.run)?.(m.lastWords);
    else void stop(m.id);
  });
}
