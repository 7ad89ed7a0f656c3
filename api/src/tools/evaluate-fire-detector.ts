// Measures a fire detector on a folder of labelled clips: precision, recall and false alarms per
// camera-day (issue 23). Run it on the county's own recordings before trusting any detector.
//   npx tsx api/src/tools/evaluate-fire-detector.ts --dir ./clips
//   npx tsx api/src/tools/evaluate-fire-detector.ts --dir ./clips --model fire.onnx --layout yolov8 --classes flame,smoke
// Labels (docs/cameras.md): `<clip>.json` beside the clip, {"camera": "gate-1", "fire": [[startSec, endSec]]},
// or the clip's name: fire_* has fire throughout, nofire_* none. Clips without labels are skipped.
// Bounded: at most --max-clips clips, each read to its end (or --max-seconds of it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { FrameSampler } from "../integrations/video/index.ts";
import { OnnxModelRunner } from "../integrations/video/onnx-runner.ts";
import {
  ClassicFireDetector,
  FireWatch,
  labelsFromName,
  ModelFireDetector,
  parseLabels,
  summarise,
  type ClipLabels,
  type ClipResult,
  type DetectionKind,
  type EvaluationSummary,
  type FireDetector,
  type GateOptions,
  type OutputLayout,
} from "../modules/cameras/index.ts";

const VIDEO = /\.(mp4|mkv|avi|mov|ts|flv|webm)$/i;

export interface EvaluateOptions {
  dir: string;
  detector: FireDetector;
  fps?: number;
  width?: number;
  height?: number;
  gate?: GateOptions;
  maxClips?: number;
  maxSeconds?: number;
  onClip?: (r: ClipResult) => void;
  onSkip?: (clip: string, why: string) => void;
}

function labelsFor(dir: string, file: string): ClipLabels | "by-name" | null {
  const base = file.replace(VIDEO, "");
  for (const sidecar of [`${file}.json`, `${base}.json`]) {
    const full = path.join(dir, sidecar);
    if (existsSync(full)) return parseLabels(readFileSync(full, "utf8"), base);
  }
  return labelsFromName(file, base, 0) ? "by-name" : null;
}

/** Runs the detector and the gate over every labelled clip of the folder. */
export async function evaluateFolder(
  o: EvaluateOptions,
): Promise<{ results: ClipResult[]; summary: EvaluationSummary }> {
  const fps = o.fps ?? 1;
  const clips = readdirSync(o.dir)
    .filter((f) => VIDEO.test(f))
    .sort()
    .slice(0, Math.max(1, Math.min(10_000, o.maxClips ?? 1000)));
  const results: ClipResult[] = [];
  for (const file of clips) {
    let labels: ClipLabels | "by-name" | null;
    try {
      labels = labelsFor(o.dir, file);
    } catch (e) {
      o.onSkip?.(file, `bad labels: ${(e as Error).message}`);
      continue;
    }
    if (!labels) {
      o.onSkip?.(file, "no labels (add a .json sidecar or name it fire_* / nofire_*)");
      continue;
    }
    const eventsAtSec: number[] = [];
    let lastT = -1;
    const sampler = new FrameSampler({
      input: { file: path.join(o.dir, file) },
      fps,
      width: o.width ?? 320,
      height: o.height ?? 240,
      ...(o.maxSeconds ? { maxFrames: Math.ceil(o.maxSeconds * fps) } : {}),
    });
    const watch = new FireWatch({
      cameraId: file,
      source: {
        start: (onFrame) => sampler.start((f) => ((lastT = f.t), onFrame(f))),
        stop: () => sampler.stop(),
        ended: sampler.ended,
      },
      detector: o.detector,
      encoder: { encode: async () => Buffer.alloc(0) },
      gate: o.gate ?? {},
      onSuspectedFire: (e) => void eventsAtSec.push(e.frameTime / 1000),
    });
    watch.start();
    await watch.ended;
    const durationSec = lastT < 0 ? 0 : lastT / 1000 + 1 / fps;
    const resolved = labels === "by-name" ? labelsFromName(file, file.replace(VIDEO, ""), durationSec)! : labels;
    const r: ClipResult = { clip: file, labels: resolved, durationSec, eventsAtSec };
    results.push(r);
    o.onClip?.(r);
  }
  return { results, summary: summarise(results) };
}

async function detectorFrom(v: Record<string, string | boolean | undefined>): Promise<FireDetector> {
  if (!v.model) return new ClassicFireDetector();
  const layout = String(v.layout ?? "yolov8") as OutputLayout;
  if (layout !== "yolov8" && layout !== "yolov5") throw new Error("--layout must be yolov8 or yolov5");
  const classes = String(v.classes ?? "flame,smoke")
    .split(",")
    .map((c) => (c === "flame" || c === "smoke" ? (c as DetectionKind) : null));
  const runner = await OnnxModelRunner.load({ model: String(v.model), inputSize: Number(v["input-size"] ?? 640) });
  return new ModelFireDetector(
    runner,
    { layout, classes, scoreThreshold: Number(v.threshold ?? 0.25) },
    path.basename(String(v.model)),
  );
}

const fmt = (n: number) => (Number.isNaN(n) ? "—" : String(n));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: "string" },
      model: { type: "string" },
      layout: { type: "string" },
      classes: { type: "string" },
      threshold: { type: "string" },
      "input-size": { type: "string" },
      fps: { type: "string", default: "1" },
      width: { type: "string", default: "320" },
      height: { type: "string", default: "240" },
      "max-clips": { type: "string", default: "1000" },
      "max-seconds": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.dir || !existsSync(values.dir)) {
    console.error(
      "usage: evaluate-fire-detector --dir <folder of labelled clips> [--model m.onnx --layout yolov8 --classes flame,smoke]",
    );
    process.exit(2);
  }
  const detector = await detectorFrom(values);
  const { results, summary } = await evaluateFolder({
    dir: values.dir,
    detector,
    fps: Math.min(10, Math.max(0.1, Number(values.fps))),
    width: Number(values.width),
    height: Number(values.height),
    maxClips: Number(values["max-clips"]),
    ...(values["max-seconds"] ? { maxSeconds: Number(values["max-seconds"]) } : {}),
    onClip: (r) =>
      !values.json &&
      console.log(
        `${r.clip.padEnd(40)} ${r.durationSec.toFixed(0).padStart(6)} s  fire ${JSON.stringify(r.labels.fire)}  events at ${JSON.stringify(r.eventsAtSec)}`,
      ),
    onSkip: (clip, why) => console.error(`skipped ${clip}: ${why}`),
  });
  await detector.close();
  if (values.json) {
    console.log(JSON.stringify({ detector: detector.name, summary, results }, null, 2));
    return;
  }
  const s = summary;
  console.log(`\ndetector ${detector.name}: ${s.clips} clips, ${s.cameras} cameras, ${s.hours} h of video`);
  console.log(`precision ${fmt(s.precision)} (${s.trueEvents} of ${s.events} events were fires)`);
  console.log(
    `recall ${fmt(s.recall)} (${s.firesFound} of ${s.fires} fires raised an event); median ${fmt(s.medianSecondsToDetect)} s to detect`,
  );
  console.log(`false alarms ${fmt(s.falseAlarmsPerCameraDay)} per camera-day (${s.falseEvents} in fire-free video)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
