// The slot for a trained model (issue 23): a county drops in an ONNX detector it bought or trained; this
// side prepares frames and reads boxes, the runner (onnxruntime-node, in integrations/video) runs it.
// The contract is documented in docs/cameras.md.
import { checkFrame, clipBox } from "../frame.ts";
import type { Detection, DetectorSession, FireDetector } from "../fire-detector.ts";
import { letterbox, unletterbox } from "./letterbox.ts";
import { decodeOutput, type OutputContract } from "./yolo-output.ts";

/** A loaded model: one float32 image input, one output tensor. */
export interface ModelRunner {
  /** the input size the model expects */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** runs the model on a 1 x 3 x H x W tensor; returns the first output */
  run(input: Float32Array): Promise<{ data: Float32Array; dims: readonly number[] }>;
  close(): Promise<void>;
}

export class ModelFireDetector implements FireDetector {
  constructor(
    private readonly runner: ModelRunner,
    private readonly contract: OutputContract,
    readonly name = "model",
  ) {}

  session(): DetectorSession {
    return { detect: (frame) => this.detect(frame) };
  }

  async close(): Promise<void> {
    await this.runner.close();
  }

  private async detect(frame: Parameters<DetectorSession["detect"]>[0]): Promise<Detection[]> {
    checkFrame(frame);
    const lb = letterbox(frame, this.runner.inputWidth, this.runner.inputHeight);
    const out = await this.runner.run(lb.tensor);
    return decodeOutput(out.data, out.dims, this.contract)
      .map((d) => ({ ...d, box: clipBox(unletterbox(d.box, lb), frame.width, frame.height) }))
      .filter((d) => d.box.width > 0 && d.box.height > 0);
  }
}
