// The evaluation command on a folder of generated, labelled clips: the numbers it prints are checked
// against what the clips hold. (A test of the tool, not a claim about real fires.)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeClipFile } from "../../stand-ins/camera/index.ts";
import { ClassicFireDetector } from "../modules/cameras/index.ts";
import { evaluateFolder } from "./evaluate-fire-detector.ts";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "anxin-eval-"));
  await Promise.all([
    writeClipFile(path.join(dir, "fire_kitchen.mp4"), { source: "flame", seconds: 10, seed: 2 }),
    writeClipFile(path.join(dir, "nofire_hall.mp4"), { source: "plain", seconds: 10, seed: 3 }),
    writeClipFile(path.join(dir, "stairwell.mp4"), { source: "smoke", seconds: 10, seed: 4 }),
    writeClipFile(path.join(dir, "unlabelled.mp4"), { source: "plain", seconds: 2 }),
  ]);
  writeFileSync(path.join(dir, "stairwell.json"), JSON.stringify({ camera: "stairs-1", fire: [[0, 10]] }));
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

describe("evaluate-fire-detector", () => {
  it("scores labelled clips and skips unlabelled ones", async () => {
    const skipped: string[] = [];
    const { results, summary } = await evaluateFolder({
      dir,
      detector: new ClassicFireDetector(),
      fps: 2,
      onSkip: (clip) => skipped.push(clip),
    });
    expect(skipped).toEqual(["unlabelled.mp4"]);
    expect(results.map((r) => r.clip)).toEqual(["fire_kitchen.mp4", "nofire_hall.mp4", "stairwell.mp4"]);
    const byClip = Object.fromEntries(results.map((r) => [r.clip, r]));
    expect(byClip["fire_kitchen.mp4"]!.durationSec).toBe(10);
    expect(byClip["fire_kitchen.mp4"]!.eventsAtSec).toHaveLength(1);
    expect(byClip["stairwell.mp4"]!.eventsAtSec).toHaveLength(1);
    expect(byClip["nofire_hall.mp4"]!.eventsAtSec).toEqual([]);
    expect(summary).toMatchObject({
      clips: 3,
      fires: 2,
      firesFound: 2,
      events: 2,
      falseEvents: 0,
      precision: 1,
      recall: 1,
    });
    expect(summary.falseAlarmsPerCameraDay).toBe(0);
  });
});
