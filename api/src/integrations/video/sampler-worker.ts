// The thread behind SamplerThread (sampler-thread.ts): it runs each analysed camera's ffmpeg, reads the
// raw frames from its pipe, runs the detector (classic, or a county's model) and the suspicion gate, and
// encodes the marked frame of a suspected fire. The API's event loop gets only small messages: a frame was
// analysed, a suspected fire (its JPEG), an error, a log line, and the pids of the decoders (so it can kill
// them should this thread die).
import type { ChildProcess } from "node:child_process";
import { parentPort, workerData } from "node:worker_threads";
import { ClassicFireDetector, FireWatch, ModelFireDetector, type FireDetector } from "../../modules/cameras/index.ts";
import { FrameSampler, type SamplerLog } from "./frame-sampler.ts";
import { FfmpegJpegEncoder } from "./jpeg.ts";
import { VideoError } from "./video-errors.ts";
import { OnnxModelRunner } from "./onnx-runner.ts";
import type { FromSampler, SamplerWorkerData, ToSampler } from "./sampler-thread.ts";

const port = parentPort;
if (!port) throw new Error("sampler-worker runs as a worker thread");
const post = (m: FromSampler, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const data = (workerData ?? { options: {} }) as SamplerWorkerData;
// a model that does not load ends the thread with its error (the API loaded it once before starting us);
// the port holds the API's messages until the listener below is attached
const detector: FireDetector = data.model
  ? new ModelFireDetector(
      await OnnxModelRunner.load({ model: data.model.path }),
      { layout: data.model.layout, classes: data.model.classes },
      data.model.name,
    )
  : new ClassicFireDetector(data.options);
const watches = new Map<number, FireWatch>();

/** Errors do not cross threads whole: their code and message do (already masked: video-errors.ts). */
function text(e: unknown): string {
  if (e instanceof VideoError) return `${e.code}: ${e.detail || e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function plain(detail: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, v instanceof Error ? text(v) : v]));
}

function logFor(id: number): SamplerLog {
  return {
    warn: (detail, msg) => post({ type: "log", id, level: "warn", detail: plain(detail), msg }),
    error: (detail, msg) => post({ type: "log", id, level: "error", detail: plain(detail), msg }),
  };
}

function reportProcess(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  post({ type: "process", pid, running: true });
  child.once("exit", () => post({ type: "process", pid, running: false }));
}

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
      onSpawn: reportProcess,
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
  else void stop(m.id);
});
