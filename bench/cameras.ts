// Cameras analysed at one frame a second on this machine (issue 23). Stand-in cameras (640x360, 10 fps
// H.264, encoded once and replayed, so they cost little; served by a child process of their own, so that
// packetising their video never delays the alarm probe's clocks in this one) are added in steps; each camera gets its own
// ffmpeg decoder sampling 1 fps at 320x180 and a classic-detector session, as in production. A step
// "keeps up" when every camera had at least 90 % of its frames analysed in the window.
// Then the alarm path (bench/alarm-latency.ts: device publish -> first WeChat/SMS request, under background
// heartbeats) is timed against ONE API process in stretches that alternate: no cameras, N1 cameras, no
// cameras, N2 cameras, ... no cameras. The cameras of these stretches are registered in that API
// (POST /api/cameras, recognition on) and analysed by it, as in production: sampled and detected on its
// sampler thread; their frames are read from its /metrics. Each camera stretch is judged against the p99 of the two no-camera
// stretches around it pooled, so a drift of the machine (other work, a warming JIT) shows in the baselines
// instead of being read as the cameras' cost. The answer is the largest camera count whose p99, and the
// p99 of every smaller count measured, stays within 10 % of its baseline.
// Bounded: at most BENCH_CAMERAS_MAX cameras (default 32), BENCH_CAMERAS_WINDOW_MS per step (default
// 12 s); the alarm part (BENCH_CAMERAS_ALARM=0 skips it) times BENCH_CAMERAS_ALARM_SAMPLES alarms a
// stretch (default 150, 50-400) for at most BENCH_CAMERAS_STRETCH_MS (default 90 s, 20-180 s), at up to 4
// camera counts, with BENCH_CAMERAS_ALARM_RATE background heartbeats a second (default 1000). 127.0.0.1 only.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SamplerThread } from "../api/src/integrations/video/index.ts";
import type { CameraAnalysis } from "../api/src/modules/cameras/registry/index.ts";
import { openAlarmProbe, summarise, type AlarmProbe } from "./alarm-latency.ts";
import { staffAuth } from "./lib/staff-auth.ts";
import { startStandInProcess, type CameraStandIn } from "./lib/camera-standin.ts";
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
  watches: CameraAnalysis[];
  stop(): Promise<void>;
}

/** Starts n analysed cameras and waits (bounded) until each has delivered its first frame. */
async function startCameras(cam: CameraStandIn, n: number): Promise<Running> {
  // as the API runs them: decoders read and frames analysed on a thread of their own
  const thread = new SamplerThread({ width: 320, height: 180 });
  const watches = Array.from({ length: n }, (_, i) => {
    const w = thread.analyse({
      cameraId: `cam${i + 1}`,
      source: { url: cam.url(`/cam${i + 1}`) },
      fps: 1,
      region: null,
      onSuspectedFire: () => undefined,
      onError: () => undefined,
    });
    w.start();
    return w;
  });
  const deadline = Date.now() + 30_000;
  while (watches.some((w) => w.stats.frames === 0) && Date.now() < deadline) await sleep(200);
  return {
    watches,
    stop: async () => {
      await Promise.all(watches.map((w) => w.stop()));
      await thread.close();
    },
  };
}

interface ApiCameras {
  /** frames the API has analysed so far, per camera (its /metrics) */
  frames(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * Registers n cameras for recognition in the API under test, the way a unit does (POST /api/cameras), so
 * the frames are sampled and analysed where production does it: in the API process beside its alarm path.
 * Waits (bounded) until the API has analysed a frame of each; stop() removes them and waits until it stops.
 */
async function startApiCameras(api: AlarmProbe["api"], cam: CameraStandIn, n: number): Promise<ApiCameras> {
  const admin = api.demo.staff.find((s) => s.role === "ADMIN");
  const unitId = api.demo.units?.[0]?.id;
  if (!admin || !unitId) throw new Error("the demo county has no admin or no unit to register cameras at");
  const headers = await staffAuth(api.url, admin);
  const ids: string[] = [];
  const frames = async (): Promise<number[]> => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    return ids.map((id) => {
      const m = new RegExp(`^anxin_camera_frames_analysed\\{camera="${id}"\\} (\\d+)`, "m").exec(text);
      return m ? Number(m[1]) : 0;
    });
  };
  const stop = async () => {
    for (const id of ids) await fetch(`${api.url}/api/cameras/${id}`, { method: "DELETE", headers });
    const deadline = Date.now() + 15_000;
    while (
      Date.now() < deadline &&
      /^anxin_camera_frames_analysed\{camera="/m.test(await (await fetch(`${api.url}/metrics`)).text())
    )
      await sleep(250);
  };
  try {
    for (let i = 1; i <= n; i++) {
      const res = await fetch(`${api.url}/api/cameras`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          name: `压测摄像头 ${i}`,
          unitId,
          rtspUrl: cam.url(`/cam${i}`),
          detectEnabled: true,
          detectFps: 1,
        }),
      });
      if (res.status !== 201) throw new Error(`registering camera ${i}: ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
    }
    const deadline = Date.now() + 40_000;
    while ((await frames()).some((f) => f === 0)) {
      if (Date.now() > deadline) throw new Error(`the API did not analyse a frame of each of ${n} cameras in 40 s`);
      await sleep(500);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { frames, stop };
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

interface Stretch {
  /** 0: the no-camera baseline */
  cameras: number;
  latencies: number[];
  /** the cameras' worst analysed frames a second during the stretch (null for a baseline) */
  worstShare: number | null;
}

interface AlarmStep {
  cameras: number;
  samples: number;
  p99: number;
  /** p99 of the no-camera stretches before and after, pooled */
  baselineP99: number;
  baselineSamples: number;
  /** p99 / baselineP99 - 1, in % */
  worsePercent: number;
  worstShare: number | null;
  within: boolean;
}

export interface CameraCapacity {
  steps: Step[];
  /** most cameras at which every camera kept up */
  keptUp: number;
  alarm?: {
    samplesPerStretch: number;
    /** p99 of each no-camera stretch, in order: how much the baseline itself moves */
    baselines: { p50: number; p99: number; samples: number }[];
    /** all no-camera samples pooled */
    baselineP99: number;
    steps: AlarmStep[];
    /** largest camera count whose p99, and every smaller count's, stayed within 10 % of its baseline */
    withinTenPercent: number;
  };
}

const envInt = (name: string, dflt: number, min: number, max: number) =>
  Math.max(min, Math.min(max, Math.round(Number(process.env[name] ?? dflt) || dflt)));
const ALARM_SAMPLES = envInt("BENCH_CAMERAS_ALARM_SAMPLES", 150, 50, 400);
const STRETCH_MS = envInt("BENCH_CAMERAS_STRETCH_MS", 90_000, 20_000, 180_000);
const ALARM_RATE = envInt("BENCH_CAMERAS_ALARM_RATE", 1000, 0, 3000);
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Up to four camera counts from the steps that kept up, spread out, always including the largest. */
function alarmCounts(keptUp: number): number[] {
  // BENCH_CAMERAS_ALARM_COUNTS=8,32: the camera counts to time, in order (those that kept up), at most 4
  const chosen = (process.env.BENCH_CAMERAS_ALARM_COUNTS ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= keptUp)
    .slice(0, 4);
  if (chosen.length > 0) return chosen;
  const ok = STEPS.filter((n) => n <= keptUp);
  if (ok.length <= 4) return ok;
  return [...new Set([0, 1, 2, 3].map((k) => ok[Math.round(((ok.length - 1) * k) / 3)]!))];
}

async function alarmPart(cam: CameraStandIn, keptUp: number): Promise<NonNullable<CameraCapacity["alarm"]>> {
  const counts = alarmCounts(keptUp);
  // the background load must outlast every stretch, the warm-up and the cameras' start-ups
  const loadMs = Math.min(30 * 60_000, (2 * counts.length + 2) * STRETCH_MS + counts.length * 40_000 + 60_000);
  // the API analyses the cameras itself (CAMERA_MAX_ANALYSED: room for the largest count)
  const probe = await openAlarmProbe({
    backgroundRate: ALARM_RATE,
    loadMs,
    env: { CAMERA_DETECT: "true", CAMERA_MAX_ANALYSED: String(Math.max(16, ...counts)) },
  });
  const stretches: Stretch[] = [];
  const baseline = async () => {
    const latencies = await probe.sample(ALARM_SAMPLES, STRETCH_MS);
    stretches.push({ cameras: 0, latencies, worstShare: null });
    const s = summarise(latencies);
    console.log(`  alarm, no cameras: p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms over ${s.samples} alarms`);
    return latencies;
  };
  try {
    await probe.sample(30, STRETCH_MS); // warm-up, not counted
    const steps: AlarmStep[] = [];
    let before = await baseline();
    for (const n of counts) {
      const running = await startApiCameras(probe.api, cam, n);
      let latencies: number[];
      let worstShare: number;
      try {
        await sleep(2000); // let decoders settle
        const frames0 = await running.frames();
        const t0 = performance.now();
        latencies = await probe.sample(ALARM_SAMPLES, STRETCH_MS);
        const seconds = (performance.now() - t0) / 1000;
        const frames1 = await running.frames();
        worstShare = Math.round(Math.min(...frames1.map((f, i) => (f - frames0[i]!) / seconds)) * 100) / 100;
      } finally {
        await running.stop();
      }
      stretches.push({ cameras: n, latencies, worstShare });
      const mine = summarise(latencies);
      console.log(
        `  alarm, ${n} cameras analysed (worst camera ${worstShare} frames/s): p50 ${mine.p50Ms} ms, p99 ${mine.p99Ms} ms over ${mine.samples} alarms`,
      );
      const after = await baseline();
      const pooled = [...before, ...after];
      const p99 = mine.p99Ms;
      const baselineP99 = summarise(pooled).p99Ms;
      const worsePercent = r1((p99 / baselineP99 - 1) * 100);
      const step = {
        cameras: n,
        samples: latencies.length,
        p99,
        baselineP99,
        baselineSamples: pooled.length,
        worsePercent,
        worstShare,
        within: p99 <= baselineP99 * 1.1,
      };
      steps.push(step);
      console.log(
        `    ${n} cameras against the no-camera stretches before and after: p99 ${p99} ms vs ${baselineP99} ms over ${pooled.length} alarms, ${worsePercent >= 0 ? "+" : ""}${worsePercent} %`,
      );
      before = after;
      if (!step.within) break; // bounded: larger counts would only be worse
    }
    let within = 0;
    for (const s of steps) {
      if (!s.within) break;
      within = s.cameras;
    }
    const bases = stretches.filter((s) => s.cameras === 0);
    return {
      samplesPerStretch: ALARM_SAMPLES,
      baselines: bases.map((b) => {
        const s = summarise(b.latencies);
        return { p50: s.p50Ms, p99: s.p99Ms, samples: s.samples };
      }),
      baselineP99: summarise(bases.flatMap((b) => b.latencies)).p99Ms,
      steps,
      withinTenPercent: within,
    };
  } finally {
    await probe.close();
  }
}

export async function cameraCapacity(opts: { alarm?: boolean } = {}): Promise<CameraCapacity> {
  const cam = await startStandInProcess();
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
    return { steps, keptUp, alarm: await alarmPart(cam, keptUp) };
  } finally {
    await cam.stop();
  }
}

/** The table the bench prints after the figures: one line a stretch pair, then the answer. */
function alarmTable(a: NonNullable<CameraCapacity["alarm"]>): string {
  const lines = [
    `  no-camera stretches, p99 in order: ${a.baselines.map((b) => `${b.p99} ms (${b.samples})`).join(", ")}; pooled ${a.baselineP99} ms`,
    "  cameras | alarms | p99 ms | baseline p99 ms (alarms) | change | worst camera frames/s | within 10 %",
  ];
  for (const s of a.steps)
    lines.push(
      `  ${String(s.cameras).padStart(7)} | ${String(s.samples).padStart(6)} | ${String(s.p99).padStart(6)} | ${`${s.baselineP99} (${s.baselineSamples})`.padStart(24)} | ${`${s.worsePercent >= 0 ? "+" : ""}${s.worsePercent} %`.padStart(6)} | ${String(s.worstShare).padStart(21)} | ${s.within ? "yes" : "no"}`,
    );
  const spread =
    a.baselines.length > 1
      ? Math.max(...a.baselines.map((b) => b.p99)) / Math.min(...a.baselines.map((b) => b.p99)) - 1
      : 0;
  lines.push(
    `  answer: ${a.withinTenPercent} cameras analysed at 1 frame/s before the alarm p99 worsens by more than 10 %` +
      (spread > 0.1
        ? ` (caution: the no-camera stretches themselves differ by ${r1(spread * 100)} %, so a 10 % line is within this run's noise)`
        : ""),
  );
  return lines.join("\n");
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
  if (r.alarm) {
    console.log(`\n  Alarm path p99 beside cameras (${r.alarm.samplesPerStretch} alarms a stretch):`);
    console.log(alarmTable(r.alarm));
    figures.push({
      name: "cameras analysed before the alarm path's p99 worsens by > 10 %",
      value: r.alarm.withinTenPercent,
      unit: "cameras",
      note: `alarm p99 without cameras ${r.alarm.baselines.map((b) => b.p99).join("/")} ms; ${r.alarm.steps.map((x) => `${x.cameras}: ${x.p99} ms vs ${x.baselineP99} ms`).join(", ")}`,
    });
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  for (const f of await bench()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? `  (${f.note})` : ""}`);
  process.exit(0);
}
