// The model slot with a real ONNX model: a tiny graph written in the test (onnx-test-model.ts), loaded by
// onnxruntime-node, fed letterboxed frames, its YOLOv8-style output read back onto the frame.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FireWatch,
  ModelFireDetector,
  regionSession,
  type FrameSource,
  type RgbFrame,
  type SuspectedFire,
} from "../../modules/cameras/index.ts";
import { OnnxModelRunner } from "./onnx-runner.ts";
import { TINY_MODEL_SIZE, tinyFireModel } from "./onnx-test-model.ts";

function solid(width: number, height: number, [r, g, b]: [number, number, number], t = 0): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) [data[i], data[i + 1], data[i + 2]] = [r, g, b];
  return { width, height, data, t };
}

let runner: OnnxModelRunner;
let detector: ModelFireDetector;

beforeAll(async () => {
  runner = await OnnxModelRunner.load({ model: tinyFireModel() });
  detector = new ModelFireDetector(runner, { layout: "yolov8", classes: ["flame", "smoke"] }, "tiny-onnx");
});
afterAll(() => detector?.close());

describe("ONNX model slot", () => {
  it("reads the input size from the model", () => {
    expect([runner.inputWidth, runner.inputHeight]).toEqual([TINY_MODEL_SIZE, TINY_MODEL_SIZE]);
  });

  it("finds flame in a red frame and maps the box back through the letterbox", async () => {
    // 64x48 -> scale 0.5 into 32x32, 4 grey rows above and below; the model's box (8..24 in both axes)
    // becomes x 16..48, y (8-4)/0.5 = 8 .. 40 on the frame; score = mean(R - B) = 24 of 32 rows red = 0.75
    const found = await detector.session().detect(solid(64, 48, [255, 0, 0]));
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe("flame");
    expect(found[0]!.score).toBeCloseTo(0.75, 3);
    expect(found[0]!.box).toEqual({ x: 16, y: 8, width: 32, height: 32 });
  });

  it("finds nothing in a grey frame", async () => {
    expect(await detector.session().detect(solid(64, 48, [128, 128, 128]))).toEqual([]);
  });

  it("sees only the camera's detect region, and reports the box in full-frame pixels", async () => {
    // 128x96, red in the left half, grey in the right half
    const frame = solid(128, 96, [128, 128, 128]);
    for (let y = 0; y < 96; y++) for (let x = 0; x < 64; x++) frame.data.set([255, 0, 0], (y * 128 + x) * 3);
    // the whole frame: the red half is seen
    expect(await detector.session().detect(frame)).not.toEqual([]);
    // the lower-right quarter: the model gets that 64x48 crop, all grey, and finds nothing
    const lowerRight = { x: 0.5, y: 0.5, width: 0.5, height: 0.5 };
    expect(await regionSession(detector.session(), lowerRight).detect(frame)).toEqual([]);
    // the upper-left quarter: a 64x48 red crop, as in the test above, so the model's box (16, 8, 32x32 on
    // the crop) comes back at the same place; moved to the lower-right quarter it comes back shifted by
    // the region's offset (64, 48)
    const upperLeft = { x: 0, y: 0, width: 0.5, height: 0.5 };
    const found = await regionSession(detector.session(), upperLeft).detect(frame);
    expect(found.map((d) => d.box)).toEqual([{ x: 16, y: 8, width: 32, height: 32 }]);
    const moved = solid(128, 96, [128, 128, 128]);
    for (let y = 48; y < 96; y++) for (let x = 64; x < 128; x++) moved.data.set([255, 0, 0], (y * 128 + x) * 3);
    const shifted = await regionSession(detector.session(), lowerRight).detect(moved);
    expect(shifted.map((d) => d.box)).toEqual([{ x: 80, y: 56, width: 32, height: 32 }]);
    expect(shifted[0]!.score).toBeCloseTo(0.75, 3);
  });

  it("raises one suspected fire through the pipeline", async () => {
    const frames = Array.from({ length: 8 }, (_, i) => solid(64, 48, [240, 60, 20], i * 1000));
    let stopped = false;
    let finish = () => {};
    const source: FrameSource = {
      ended: new Promise<void>((r) => (finish = r)),
      start(onFrame) {
        void (async () => {
          for (const f of frames) if (!stopped) await onFrame(f);
          finish();
        })();
      },
      async stop() {
        stopped = true;
        finish();
      },
    };
    const events: SuspectedFire[] = [];
    const fw = new FireWatch({
      cameraId: "cam-1",
      source,
      detector,
      encoder: { encode: async (f) => Buffer.from(f.data.subarray(0, 4)) },
      onSuspectedFire: (e) => void events.push(e),
    });
    fw.start();
    await fw.ended;
    expect(fw.stats.frames).toBe(8);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ detector: "tiny-onnx", best: { kind: "flame" } });
  });
});
