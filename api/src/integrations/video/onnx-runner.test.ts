// The model slot with a real ONNX model: a tiny graph written in the test (onnx-test-model.ts), loaded by
// onnxruntime-node, fed letterboxed frames, its YOLOv8-style output read back onto the frame.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FireWatch,
  ModelFireDetector,
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
