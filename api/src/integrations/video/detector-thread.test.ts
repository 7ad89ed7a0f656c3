// The classic detector on its own thread gives exactly what it gives on the event loop, frame for frame,
// keeps each camera's state apart, and survives its worker dying.
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { createScene, type SceneName } from "../../../stand-ins/camera/scenes.ts";
import { ClassicFireDetector, type Detection, type FireDetector } from "../../modules/cameras/index.ts";
import { sourceWorker, ThreadedFireDetector } from "./detector-thread.ts";

const W = 320;
const H = 240;

/** one sample a second of a 10 fps scene, as the sampler delivers them */
async function run(detector: FireDetector, name: SceneName, samples = 10): Promise<Detection[][]> {
  const scene = createScene(name, { width: W, height: H }, 3);
  const session = detector.session();
  const out: Detection[][] = [];
  const total = samples * 10;
  for (let i = 0; i < total; i += 10)
    out.push(await session.detect({ width: W, height: H, data: scene(i, total), t: i * 100 }));
  return out;
}

let threaded: ThreadedFireDetector | null = null;
afterEach(async () => {
  await threaded?.close();
  threaded = null;
});

describe("ThreadedFireDetector", () => {
  it("finds the same flames as the detector on the event loop, and nothing in a plain scene", async () => {
    threaded = new ThreadedFireDetector();
    const here = await run(new ClassicFireDetector(), "flame");
    const there = await run(threaded, "flame");
    expect(there).toEqual(here);
    expect(there.flat().some((d) => d.kind === "flame")).toBe(true);
    expect((await run(threaded, "plain")).flat()).toEqual([]);
    expect(threaded.starts).toBe(1);
  }, 60_000);

  it("keeps two cameras' sessions apart when their frames interleave", async () => {
    threaded = new ThreadedFireDetector();
    const flame = createScene("flame", { width: W, height: H }, 3);
    const plain = createScene("plain", { width: W, height: H }, 3);
    const a = threaded.session();
    const b = threaded.session();
    const fromA: Detection[][] = [];
    const fromB: Detection[][] = [];
    for (let i = 0; i < 100; i += 10) {
      const [da, db] = await Promise.all([
        a.detect({ width: W, height: H, data: flame(i, 100), t: i * 100 }),
        b.detect({ width: W, height: H, data: plain(i, 100), t: i * 100 }),
      ]);
      fromA.push(da);
      fromB.push(db);
    }
    expect(fromA).toEqual(await run(new ClassicFireDetector(), "flame"));
    expect(fromB.flat()).toEqual([]);
  }, 60_000);

  it("refuses the frame in flight when its worker dies, and starts another for the next", async () => {
    const errors: Error[] = [];
    // the first worker dies on its first frame; the next ones are the real detector
    let first = true;
    threaded = new ThreadedFireDetector({
      start: () => {
        if (!first) return sourceWorker(new URL("./classic-detector-worker.ts", import.meta.url), {});
        first = false;
        return new Worker(`require("node:worker_threads").parentPort.on("message", () => process.exit(3));`, {
          eval: true,
        });
      },
      onError: (e) => errors.push(e),
    });
    const s = threaded.session();
    const frame = { width: W, height: H, data: new Uint8Array(W * H * 3), t: 0 };
    await expect(s.detect(frame)).rejects.toThrow(/exit code 3/);
    expect(errors.map((e) => e.message)).toEqual(["the detector thread stopped (exit code 3)"]);
    expect(await s.detect({ ...frame, t: 1000 })).toEqual([]);
    expect(threaded.starts).toBe(2);
  }, 60_000);

  it("refuses frames once closed", async () => {
    threaded = new ThreadedFireDetector();
    const s = threaded.session();
    await threaded.close();
    await expect(s.detect({ width: W, height: H, data: new Uint8Array(W * H * 3), t: 0 })).rejects.toThrow(/closed/);
  });
});
