// The recognition pipeline end to end, as the API runs it: the stand-in camera streams generated video over
// RTSP, and on the sampler thread ffmpeg samples it, the classic detector and the gate decide. A clip with
// a moving, flickering flame raises ONE suspected fire whose JPEG shows the region outlined; a clip without
// one raises nothing. The frames never cross to this thread: only counts, the event's JPEG and the
// decoders' arguments do (this thread starts them; they write to the sampler thread's socket). Stopping a
// camera kills its ffmpeg; a thread that dies has its decoders killed, reaped (no zombie left) and is
// replaced, and the camera goes on being analysed. A county's model that fails on frames later is replaced
// by the classic detector, without the thread dying.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import nodePath from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../../stand-ins/camera/index.ts";
import { MARK_COLOUR, type SuspectedFire } from "../../modules/cameras/index.ts";
import type { CameraAnalysis } from "../../modules/cameras/registry/index.ts";
import { createLogger } from "../../shared/logger.ts";
import { sourceWorker } from "../../shared/worker-thread.ts";
import { decodeToFrame } from "./jpeg.ts";
import { tinyFireModel } from "./onnx-test-model.ts";
import { MODEL_FAILURES_BEFORE_FALLBACK } from "./sampler-serve.ts";
import {
  SamplerThread,
  startSamplerWorker,
  type FromSampler,
  type SamplerWorkerData,
  type ThreadModel,
} from "./sampler-thread.ts";
import { until } from "../../../../tests/support/until.ts";

const W = 320;
const H = 240;
const account = { username: "analyst", password: "Sm0ke-Watch" };
let cam: CameraStandIn;

beforeAll(async () => {
  cam = await startCameraStandIn({
    paths: { "/flame": { source: "flame", seconds: 10 }, "/plain": { source: "plain", seconds: 10 } },
    auth: { scheme: "digest", ...account },
  });
});
afterAll(() => cam?.stop());

/** The sizes of every binary a message carries (typed arrays, buffers), however deep. */
function binaries(v: unknown, depth = 0): number[] {
  if (ArrayBuffer.isView(v)) return [v.byteLength];
  if (v instanceof ArrayBuffer) return [v.byteLength];
  if (depth > 8 || v === null || typeof v !== "object") return [];
  return Object.values(v).flatMap((x) => binaries(x, depth + 1));
}

/** A process's state (/proc/<pid>/stat's third field: R, S, Z for a zombie...), or null once it is gone. */
function state(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] ?? null;
  } catch {
    return null;
  }
}

/** A running process that is not a zombie. */
function running(pid: number): boolean {
  const s = state(pid);
  return s !== null && s !== "Z";
}

/** Waits (bounded) until the process is gone, not merely dead: a zombie nobody reaps never gets there. */
async function reaped(pid: number): Promise<void> {
  await until(`process ${pid} to be reaped (state now ${state(pid)})`, () => state(pid) === null, 10_000);
}

/** The parent of a process (/proc/<pid>/stat's fourth field). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

interface Tapped {
  thread: SamplerThread;
  /** every message the sampler threads sent to this one */
  seen: FromSampler[];
  workers: Worker[];
  logs: string[];
}

function tappedThread(
  o: { ffmpegPath?: string; model?: ThreadModel; worker?: (data: SamplerWorkerData) => Worker } = {},
): Tapped {
  const seen: FromSampler[] = [];
  const workers: Worker[] = [];
  const logs: string[] = [];
  const thread = new SamplerThread({
    width: W,
    height: H,
    restartMs: 200,
    ...(o.ffmpegPath ? { ffmpegPath: o.ffmpegPath } : {}),
    ...(o.model ? { model: o.model } : {}),
    log: createLogger("info", {}, { write: (line) => void logs.push(line) }),
    start: (data) => {
      const w = (o.worker ?? startSamplerWorker)(data);
      w.on("message", (m: FromSampler) => seen.push(m));
      workers.push(w);
      return w;
    },
  });
  return { thread, seen, workers, logs };
}

function analyse(t: Tapped, path: string, events: SuspectedFire[], errors: unknown[]): CameraAnalysis {
  const a = t.thread.analyse({
    cameraId: path.slice(1),
    source: { url: cam.url(path), ...account },
    fps: 2,
    region: null,
    gate: { hitsNeeded: 3, window: 5, coolDownMs: 10 * 60_000 },
    onSuspectedFire: (e) => void events.push(e),
    onError: (e) => errors.push(e),
  });
  a.start();
  return a;
}

/** Watches a path at two frames a second until `frames` frames are analysed, then stops it. */
async function watch(path: string, frames: number) {
  const t = tappedThread();
  const events: SuspectedFire[] = [];
  const errors: unknown[] = [];
  try {
    const a = analyse(t, path, events, errors);
    await until(`${frames} analysed frames`, () => a.stats.frames >= frames, 60_000);
    const decoders = t.thread.decoders();
    await a.stop();
    expect(errors).toEqual([]);
    return { events, stats: a.stats, seen: t.seen, decoders, after: t.thread.decoders() };
  } finally {
    await t.thread.close();
  }
}

describe("fire pipeline over RTSP on the sampler thread", () => {
  it("raises one suspected fire for a flickering, moving flame, with the region drawn on the frame", async () => {
    const { events, stats, seen } = await watch("/flame", 24);
    expect(events).toHaveLength(1);
    expect(stats.events).toBe(1);
    const e = events[0]!;
    expect(e).toMatchObject({ cameraId: "flame", detector: "classic", width: W, height: H });
    expect(e.best.kind).toBe("flame");
    // the flame sits on the floor in the lower part of the picture (scenes.ts: base at 82 % of the height)
    expect(e.best.box.y + e.best.box.height).toBeGreaterThan(H * 0.6);
    // detections went on after the event: the episode stayed open instead of raising more events
    expect(stats.framesWithDetections).toBeGreaterThan(3);

    const frame = await decodeToFrame(e.jpeg, e.width, e.height);
    const { x, y, width } = e.best.box;
    let green = 0;
    for (let i = x + 2; i < x + width - 2; i++) {
      const p = ((y + 1) * frame.width + i) * 3;
      const [r, g, b] = [frame.data[p]!, frame.data[p + 1]!, frame.data[p + 2]!];
      if (g > 180 && r < 110 && b < 110) green++;
    }
    // the top edge of the box is painted in the mark colour (JPEG blurs it a little)
    expect(MARK_COLOUR).toEqual([0, 255, 0]);
    expect(green).toBeGreaterThan((width - 4) * 0.8);

    // what crossed to this thread: a count per frame and the event's JPEG, never a raw frame
    expect(seen.filter((m) => m.type === "frame").length).toBeGreaterThanOrEqual(24);
    const fires = seen.filter((m) => m.type === "fire");
    expect(fires).toHaveLength(1);
    expect([...fires[0]!.event.jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    for (const m of seen) {
      if (m.type === "fire") expect(binaries(m)).toEqual([m.event.jpeg.byteLength]);
      else expect(binaries(m)).toEqual([]);
    }
    expect(Math.max(...seen.flatMap((m) => binaries(m)))).toBeLessThan(W * H * 3);
  }, 90_000);

  it("raises nothing for a room with a steady lamp and a person walking, and only counts cross", async () => {
    const { events, stats, seen } = await watch("/plain", 24);
    expect(events).toEqual([]);
    expect(stats.framesWithDetections).toBe(0);
    expect(new Set(seen.map((m) => m.type))).toEqual(new Set(["spawn", "frame", "kill", "stopped"]));
    expect(seen.flatMap((m) => binaries(m))).toEqual([]);
  }, 90_000);

  it("reads the camera in a child ffmpeg of this thread, writing to the sampler's socket, killed on stop", async () => {
    const { decoders, after, seen } = await watch("/plain", 2);
    expect(decoders).toHaveLength(1);
    const pid = decoders[0]!;
    // the sampler thread asked for it; its output is the thread's socket, not a pipe read here
    const spawns = seen.filter((m) => m.type === "spawn");
    expect(spawns).toHaveLength(1);
    expect(spawns[0]!.args.at(-1)).toMatch(/^unix:.*\.sock$/);
    // the stop was confirmed only after the decoder had gone, and this thread's loop reaped it
    expect(running(pid)).toBe(false);
    await reaped(pid);
    expect(after).toEqual([]);
  }, 60_000);

  it("kills the decoders of a thread that dies and starts another that analyses the camera again", async () => {
    const t = tappedThread();
    const events: SuspectedFire[] = [];
    const errors: unknown[] = [];
    try {
      const a = analyse(t, "/plain", events, errors);
      await until("2 analysed frames", () => a.stats.frames >= 2, 60_000);
      const [pid] = t.thread.decoders();
      expect(pid).toBeDefined();
      expect(parentOf(pid!)).toBe(process.pid);
      await t.workers[0]!.terminate(); // as a crash looks from here
      await until("the old decoder to be killed", () => !running(pid!), 10_000);
      // and reaped: no <defunct> entry left behind by the dead thread
      await reaped(pid!);
      const before = a.stats.frames;
      await until("frames from a new thread", () => a.stats.frames >= before + 2, 60_000);
      expect(t.thread.starts).toBe(2);
      expect(t.workers).toHaveLength(2);
      expect(t.thread.decoders()).not.toContain(pid);
      expect(t.logs.some((l) => l.includes("the sampler thread stopped"))).toBe(true);
      await a.stop();
      expect(t.thread.decoders()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await t.thread.close();
    }
  }, 90_000);

  it("kills a dead thread's decoder that would not end by itself (no pipe write to fail)", async () => {
    // a decoder still connecting writes nothing, so closing its pipe would not end it: this one never writes
    const dir = mkdtempSync(nodePath.join(os.tmpdir(), "anxin-sampler-"));
    const fake = nodePath.join(dir, "ffmpeg");
    writeFileSync(fake, "#!/bin/sh\nexec sleep 300\n");
    chmodSync(fake, 0o755);
    const t = tappedThread({ ffmpegPath: fake });
    const pids: number[] = [];
    try {
      const a = analyse(t, "/plain", [], []);
      await until("the decoder to start", () => t.thread.decoders().length === 1, 60_000);
      pids.push(...t.thread.decoders());
      expect(parentOf(pids[0]!)).toBe(process.pid);
      await t.workers[0]!.terminate();
      await until("the old decoder to be killed", () => !running(pids[0]!), 20_000);
      await reaped(pids[0]!);
      // the new thread starts the camera again; stopping it ends that decoder too
      await until("a decoder on the new thread", () => t.thread.decoders().length === 1, 60_000);
      pids.push(...t.thread.decoders());
      expect(pids[1]).not.toBe(pids[0]);
      await a.stop();
      expect(running(pids[1]!)).toBe(false);
      await reaped(pids[1]!);
    } finally {
      await t.thread.close();
      for (const pid of pids) if (running(pid)) process.kill(pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("runs a county's model on the thread in place of the classic detector", async () => {
    const dir = mkdtempSync(nodePath.join(os.tmpdir(), "anxin-model-"));
    const file = nodePath.join(dir, "tiny.onnx");
    writeFileSync(file, tinyFireModel());
    const broken = nodePath.join(dir, "broken.onnx");
    writeFileSync(broken, "not a model");
    const model = (path: string): ThreadModel => ({
      path,
      layout: "yolov8",
      classes: ["flame", "smoke"],
      name: "onnx:tiny",
    });
    const t = tappedThread({ model: model(file) });
    const bad = tappedThread({ model: model(broken) });
    const events: SuspectedFire[] = [];
    const errors: unknown[] = [];
    try {
      expect(t.thread.name).toBe("onnx:tiny");
      // the tiny model scores the frame's mean red minus blue: the dim room with a small flame stays
      // below it (the classic detector finds this flame: the first test)
      const a = analyse(t, "/flame", events, errors);
      await until("12 analysed frames", () => a.stats.frames >= 12, 60_000);
      await a.stop();
      expect(errors).toEqual([]);
      expect(a.stats.framesWithDetections).toBe(0);
      expect(t.seen.flatMap((m) => binaries(m))).toEqual([]);
      // the model is loaded on the thread: one that does not load ends it (and it is restarted)
      analyse(bad, "/plain", [], errors);
      await until("the broken model's thread to die", () => bad.logs.some((l) => l.includes("thread stopped")), 60_000);
      expect(bad.logs.some((l) => l.includes("the sampler thread failed"))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await t.thread.close();
      await bad.thread.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("hands the cameras to the classic detector when the model fails on frames later, without a restart", async () => {
    const dir = mkdtempSync(nodePath.join(os.tmpdir(), "anxin-model-"));
    const file = nodePath.join(dir, "tiny.onnx");
    writeFileSync(file, tinyFireModel());
    // the real thread and ONNX runtime; the runner throws on every run after the fourth (failing-model-worker.ts)
    const t = tappedThread({
      model: { path: file, layout: "yolov8", classes: ["flame", "smoke"], name: "onnx:tiny" },
      worker: (data) => sourceWorker(new URL("./failing-model-worker.ts", import.meta.url), { ...data, failAfter: 4 }),
    });
    const events: SuspectedFire[] = [];
    const errors: unknown[] = [];
    try {
      expect(t.thread.name).toBe("onnx:tiny");
      const a = analyse(t, "/flame", events, errors);
      expect(a.stats.detector).toBe("onnx:tiny");
      // the tiny model finds nothing in this clip (the test above); the classic detector finds the flame
      await until("a suspected fire", () => events.length > 0, 60_000);
      await a.stop();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ cameraId: "flame", detector: "classic", best: { kind: "flame" } });
      // said once, at error level, with the reason; visible in the camera's stats and the analyser's name
      const fallbacks = t.seen.filter((m) => m.type === "fallback");
      expect(fallbacks).toEqual([
        { type: "fallback", model: "onnx:tiny", detector: "classic", reason: "test model: inference failed" },
      ]);
      const said = t.logs.filter((l) => l.includes("the classic detector analyses the cameras"));
      expect(said).toHaveLength(1);
      // pino writes levels as numbers: 50 is error
      expect(JSON.parse(said[0]!)).toMatchObject({
        level: 50,
        model: "onnx:tiny",
        reason: "test model: inference failed",
      });
      expect(a.stats.detector).toBe("classic");
      expect(t.thread.name).toBe("classic");
      expect(t.thread.modelFailure).toBe("test model: inference failed");
      // the failed runs' frames went to the classic detector: nothing reported as a failed analysis,
      // and the thread never died
      expect(errors).toEqual([]);
      expect(t.thread.starts).toBe(1);
      expect(MODEL_FAILURES_BEFORE_FALLBACK).toBeGreaterThan(1);
    } finally {
      await t.thread.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
