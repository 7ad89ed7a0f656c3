// The classic detector on a thread of its own (issues 21 and 23). Its pixel work is about 3 ms a 320x240
// frame on this machine, so 32 cameras at one frame a second take ~100 ms of every second; on the API's
// event loop that is time a fire alarm waits behind (`npm run bench -- cameras`, docs/cameras.md). Here the
// frames go to a worker thread (the buffer is handed over, not copied twice) and only the detections come
// back. Each camera's session keeps its state (flicker, growth) in the worker, by session number; the
// sampler sends one frame a camera at a time, so a session never sees two at once. Should the worker
// die, the frames in flight are refused (the watch counts an error), the next frame starts a new worker
// and the sessions begin again (a few frames before a flame is reported, as after a restart).
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type {
  ClassicOptions,
  Detection,
  DetectorSession,
  FireDetector,
  RgbFrame,
} from "../../modules/cameras/index.ts";

interface Reply {
  id: number;
  detections?: Detection[];
  error?: string;
}

export interface DetectorThreadOptions {
  /** how the worker is started (tests inject a broken one); default: the classic detector's worker */
  start?: () => Worker;
  /** a frame not answered in this time is refused (default 10 s) */
  timeoutMs?: number;
  onError?: (error: Error) => void;
}

/** The classic detector's worker: the built file beside the running entry (dist/), else the source with tsx. */
export function startClassicDetectorWorker(options: ClassicOptions = {}): Worker {
  const built = path.join(path.dirname(process.argv[1] ?? "."), "camera-detector.js");
  if (existsSync(built)) return new Worker(built, { workerData: { options } });
  return sourceWorker(new URL("./classic-detector-worker.ts", import.meta.url), { options });
}

/** A worker from TypeScript source (tests, `tsx`), through ts-worker.mjs. */
export function sourceWorker(file: URL, workerData: Record<string, unknown>): Worker {
  return new Worker(new URL("./ts-worker.mjs", import.meta.url), { workerData: { ...workerData, tsEntry: file.href } });
}

export class ThreadedFireDetector implements FireDetector {
  readonly name = "classic";
  private worker: Worker | null = null;
  private readonly pending = new Map<
    number,
    { resolve: (d: Detection[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  private nextId = 1;
  private nextSession = 1;
  private closed = false;
  /** workers started so far (1 in a healthy life) */
  starts = 0;

  constructor(private readonly o: DetectorThreadOptions = {}) {}

  session(): DetectorSession {
    const session = this.nextSession++;
    return { detect: (frame) => this.detect(session, frame) };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error("the detector was closed"));
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private detect(session: number, frame: RgbFrame): Promise<Detection[]> {
    if (this.closed) return Promise.reject(new Error("the detector was closed"));
    const worker = this.ensure();
    const id = this.nextId++;
    // a copy of our own to hand over: the frame's buffer may be a view into the sampler's
    const data = new Uint8Array(frame.data);
    return new Promise<Detection[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("the detector thread did not answer in time"));
      }, this.o.timeoutMs ?? 10_000);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, session, width: frame.width, height: frame.height, t: frame.t, data }, [data.buffer]);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = (this.o.start ?? startClassicDetectorWorker)();
    this.starts++;
    w.unref(); // never keeps the process alive by itself
    w.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.detections ?? []);
    });
    const gone = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.failAll(e);
      this.o.onError?.(e);
    };
    w.on("error", (e: Error) => gone(e));
    w.on("exit", (code) => gone(new Error(`the detector thread stopped (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  private failAll(e: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(e);
    }
  }
}
