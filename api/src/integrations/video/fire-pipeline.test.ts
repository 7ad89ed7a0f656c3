// The recognition pipeline end to end: the stand-in camera streams generated video over RTSP, ffmpeg
// samples it, the classic detector and the gate decide. A clip with a moving, flickering flame raises ONE
// suspected fire whose JPEG shows the region outlined; a clip without one raises nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../../stand-ins/camera/index.ts";
import { ClassicFireDetector, FireWatch, MARK_COLOUR, type SuspectedFire } from "../../modules/cameras/index.ts";
import { FrameSampler } from "./frame-sampler.ts";
import { decodeToFrame, FfmpegJpegEncoder } from "./jpeg.ts";

const account = { username: "analyst", password: "Sm0ke-Watch" };
let cam: CameraStandIn;

beforeAll(async () => {
  cam = await startCameraStandIn({
    paths: { "/flame": { source: "flame", seconds: 10 }, "/plain": { source: "plain", seconds: 10 } },
    auth: { scheme: "digest", ...account },
  });
});
afterAll(() => cam?.stop());

async function until(what: string, probe: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Watches a path at two frames a second until `frames` frames are analysed; returns the events. */
async function watch(path: string, frames: number): Promise<{ events: SuspectedFire[]; watch: FireWatch }> {
  const events: SuspectedFire[] = [];
  const errors: unknown[] = [];
  const sampler = new FrameSampler({
    input: { camera: { url: cam.url(path), ...account } },
    fps: 2,
    width: 320,
    height: 240,
  });
  const fw = new FireWatch({
    cameraId: path.slice(1),
    source: sampler,
    detector: new ClassicFireDetector(),
    encoder: new FfmpegJpegEncoder(),
    gate: { hitsNeeded: 3, window: 5, coolDownMs: 10 * 60_000 },
    onSuspectedFire: (e) => void events.push(e),
    onError: (e) => errors.push(e),
  });
  fw.start();
  try {
    await until(`${frames} analysed frames`, () => fw.stats.frames >= frames);
  } finally {
    await fw.stop();
  }
  expect(errors).toEqual([]);
  return { events, watch: fw };
}

describe("fire pipeline over RTSP", () => {
  it("raises one suspected fire for a flickering, moving flame, with the region drawn on the frame", async () => {
    const { events, watch: fw } = await watch("/flame", 24);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({ cameraId: "flame", detector: "classic", width: 320, height: 240 });
    expect(e.best.kind).toBe("flame");
    // the flame sits on the floor in the lower part of the picture (scenes.ts: base at 82 % of the height)
    expect(e.best.box.y + e.best.box.height).toBeGreaterThan(240 * 0.6);
    // detections went on after the event: the episode stayed open instead of raising more events
    expect(fw.stats.framesWithDetections).toBeGreaterThan(3);

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
  });

  it("raises nothing for a room with a steady lamp and a person walking", async () => {
    const { events, watch: fw } = await watch("/plain", 24);
    expect(events).toEqual([]);
    expect(fw.stats.framesWithDetections).toBe(0);
  });
});
