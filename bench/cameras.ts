// Cameras analysed at one frame a second on this machine (issue 23). Stand-in cameras (640x360, 10 fps
// H.264, encoded once and replayed, so they cost little) are added in steps; each camera gets its own
// ffmpeg decoder sampling 1 fps at 320x180 and a classic-detector session, as in production. A step
// "keeps up" when every camera had at least 90 % of its frames analysed in the window. Then the alarm
// path's p99 (bench/alarm-latency.ts, in the same run) is measured with no cameras and with cameras
// running: the figure is the most cameras that keep up without the p99 getting worse by more than 10 %.
// Bounded: at most BENCH_CAMERAS_MAX cameras (default 32), BENCH_CAMERAS_WINDOW_MS per step (default
// 12 s); the alarm part (BENCH_CAMERAS_ALARM=0 skips it) takes 80 samples per run. 127.0.0.1 only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { FrameSampler } from "../api/src/integrations/video/index.ts";
import { ClassicFireDetector, FireWatch } from "../api/src/modules/cameras/index.ts";
import { startCameraStandIn, type CameraStandIn } from "../api/stand-ins/camera/index.ts";
import { alarmLatency } from "./alarm-latency.ts";
import type { Figure } from "./ingest.ts";

const MAX = Math.max(1, Math.min(64, Number(process.env.BENCH_CAMERAS_MAX ?? 32)));
const WINDOW_MS = Math.max(5000, Math.min(60_000, Number(process.env.BENCH_CAMERAS_WINDOW_MS ?? 12_000)));
const STEPS = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64].filter((n) => n <= MAX);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat, in clock ticks). */
function cpuTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface Running {
  watches: FireWatch[];
  stop(): Promise<void>;
}

/** Starts n analysed cameras and waits (bounded) until each has delivered its first frame. */
async function startCameras(cam: CameraStandIn, n: number): Promise<Running> {
  const detector = new ClassicFireDetector();
  const watches = Array.from({ length: n }, (_, i) => {
    const source = new FrameSampler({
      input: { camera: { url: cam.url(`/cam${i + 1}`) } },
      fps: 1,
      width: 320,
      height: 180,
    });
    const w = new FireWatch({
      cameraId: `cam${i + 1}`,
      source,
      detector,
      encoder: { encode: async () => Buffer.alloc(0) },
      onSuspectedFire: () => undefined,
    });
    w.start();
    return w;
  });
  const deadline = Date.now() + 30_000;
  while (watches.some((w) => w.stats.frames === 0) && Date.now() < deadline) await sleep(200);
  return { watches, stop: async () => void (await Promise.all(watches.map((w) => w.stop()))) };
}

interface Step {
  cameras: number;
  /** lowest share of expected frames analysed by any camera */
  worstShare: number;
  /** whole machine, 0-100 % of both cores */
  cpuPercent: number;
}

async function measureStep(cam: CameraStandIn, n: number): Promise<Step> {
  const run = await startCameras(cam, n);
  try {
    await sleep(2000); // let decoders settle
    const before = run.watches.map((w) => w.stats.frames);
    const cpu0 = cpuTicks();
    const t0 = performance.now();
    await sleep(WINDOW_MS);
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuTicks();
    const shares = run.watches.map((w, i) => (w.stats.frames - before[i]!) / seconds);
    return {
      cameras: n,
      worstShare: Math.round(Math.min(...shares) * 100) / 100,
      cpuPercent: Math.round(((cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total)) * 100),
    };
  } finally {
    await run.stop();
  }
}

export interface CameraCapacity {
  steps: Step[];
  /** most cameras at which every camera kept up */
  keptUp: number;
  alarm?: { baselineP99: number; runs: { cameras: number; p99: number }[]; withinTenPercent: number };
}

export async function cameraCapacity(opts: { alarm?: boolean } = {}): Promise<CameraCapacity> {
  const cam = await startCameraStandIn({ paths: {} });
  const clip = { source: "plain" as const, width: 640, height: 360, fps: 10, seconds: 6 };
  for (let i = 1; i <= MAX; i++) await cam.addPath(`/cam${i}`, clip);
  const steps: Step[] = [];
  let keptUp = 0;
  try {
    for (const n of STEPS) {
      const step = await measureStep(cam, n);
      steps.push(step);
      console.log(
        `  ${n} cameras: worst camera ${step.worstShare} frames/s analysed, machine CPU ${step.cpuPercent} %`,
      );
      if (step.worstShare < 0.9) break;
      keptUp = n;
    }
    if (opts.alarm === false || keptUp === 0) return { steps, keptUp };
    const p99 = async () => (await alarmLatency({ samples: 80, backgroundRate: 1000 })).p99Ms;
    const baselineP99 = await p99();
    console.log(`  alarm p99 without cameras: ${baselineP99} ms`);
    const runs: { cameras: number; p99: number }[] = [];
    let within = 0;
    for (const n of [...new Set([Math.max(1, Math.floor(keptUp / 4)), Math.max(1, Math.floor(keptUp / 2)), keptUp])]) {
      const running = await startCameras(cam, n);
      try {
        const p = await p99();
        runs.push({ cameras: n, p99: p });
        console.log(`  alarm p99 with ${n} cameras analysed: ${p} ms`);
        if (p > baselineP99 * 1.1) break;
        within = n;
      } finally {
        await running.stop();
      }
    }
    return { steps, keptUp, alarm: { baselineP99, runs, withinTenPercent: within } };
  } finally {
    await cam.stop();
  }
}

/** The figures for `npm run bench` (wire into bench/index.ts's optional parts as "cameras"). */
export async function bench(): Promise<Figure[]> {
  const r = await cameraCapacity({ alarm: process.env.BENCH_CAMERAS_ALARM !== "0" });
  const last = r.steps.find((s) => s.cameras === r.keptUp);
  const note = `stand-in 640x360 10 fps H.264, sampled 1 fps at 320x180; ${r.steps.map((s) => `${s.cameras}: ${s.worstShare}/s ${s.cpuPercent} % CPU`).join(", ")}`;
  const figures: Figure[] = [
    { name: "cameras analysed at 1 frame/s (every camera >= 0.9 frames/s)", value: r.keptUp, unit: "cameras", note },
    { name: "machine CPU at that many cameras", value: last?.cpuPercent ?? NaN, unit: "%" },
  ];
  if (r.alarm)
    figures.push({
      name: "cameras analysed before the alarm path's p99 worsens by > 10 %",
      value: r.alarm.withinTenPercent,
      unit: "cameras",
      note: `alarm p99 ${r.alarm.baselineP99} ms without cameras; ${r.alarm.runs.map((x) => `${x.p99} ms with ${x.cameras}`).join(", ")}`,
    });
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const f of await bench()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? `  (${f.note})` : ""}`);
  process.exit(0);
}
