// The classic detector on generated scenes, frame by frame in memory (one sample a second of a 10 fps
// clip): flame and smoke are found where they are, a steady lamp and a walking person are not.
import { describe, expect, it } from "vitest";
import { createScene, type SceneName } from "../../../../stand-ins/camera/scenes.ts";
import type { Detection } from "../fire-detector.ts";
import { ClassicFireDetector } from "./classic-detector.ts";
import { isFlameColour, isSmokeColour } from "./pixel-rules.ts";

const W = 320;
const H = 240;

async function run(name: SceneName, samples = 12): Promise<Detection[][]> {
  const scene = createScene(name, { width: W, height: H }, 3);
  const session = new ClassicFireDetector().session();
  const out: Detection[][] = [];
  const total = samples * 10;
  for (let i = 0; i < total; i += 10)
    out.push(await session.detect({ width: W, height: H, data: scene(i, total), t: i * 100 }));
  return out;
}

describe("flame and smoke colour rules", () => {
  it("take flame orange and yellow, not grey, blue or dull red", () => {
    expect(isFlameColour(255, 140, 30)).toBe(true);
    expect(isFlameColour(255, 235, 150)).toBe(true);
    expect(isFlameColour(120, 60, 20)).toBe(false); // too dark
    expect(isFlameColour(200, 200, 200)).toBe(false);
    expect(isFlameColour(40, 60, 200)).toBe(false);
    expect(isSmokeColour(160, 162, 165, 162)).toBe(true);
    expect(isSmokeColour(160, 100, 60, 115)).toBe(false);
    expect(isSmokeColour(30, 30, 30, 30)).toBe(false);
  });
});

describe("ClassicFireDetector", () => {
  it("needs a few frames before it reports a flame, then finds it on the floor", async () => {
    const frames = await run("flame");
    expect(frames.slice(0, 2).flat()).toEqual([]);
    const later = frames.slice(3);
    expect(later.filter((d) => d.some((x) => x.kind === "flame")).length).toBeGreaterThanOrEqual(later.length - 1);
    for (const d of later.flat()) {
      expect(d.kind).toBe("flame");
      expect(d.score).toBeGreaterThan(0.5);
      expect(d.box.y + d.box.height).toBeGreaterThan(H * 0.6);
    }
  });

  it("finds rising, spreading smoke", async () => {
    const frames = await run("smoke");
    const smoke = frames.flat().filter((d) => d.kind === "smoke");
    expect(smoke.length).toBeGreaterThan(3);
    expect(frames.flat().some((d) => d.kind === "flame")).toBe(false);
  });

  it("reports nothing for a steady lamp and a person walking", async () => {
    expect((await run("plain")).flat()).toEqual([]);
  });

  it("ignores a flame-coloured region that does not flicker", async () => {
    const session = new ClassicFireDetector().session();
    const data = new Uint8Array(W * H * 3).fill(60);
    for (let y = 100; y < 160; y++)
      for (let x = 100; x < 160; x++)
        [data[(y * W + x) * 3], data[(y * W + x) * 3 + 1], data[(y * W + x) * 3 + 2]] = [255, 150, 40];
    for (let t = 0; t < 10; t++) expect(await session.detect({ width: W, height: H, data, t: t * 1000 })).toEqual([]);
  });

  it("refuses a frame whose buffer does not match its size", async () => {
    await expect(
      new ClassicFireDetector().session().detect({ width: 10, height: 10, data: new Uint8Array(5), t: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
