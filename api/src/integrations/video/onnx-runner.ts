// The model slot's runtime: onnxruntime-node (CPU build shipped in the npm package) runs a county's ONNX
// fire/smoke detector. The expected input and output are documented in docs/cameras.md; pre- and
// post-processing live in modules/cameras/model. Runs are serialised: one model run at a time per model,
// so the analysis never takes more than the threads it was given.
import { stat } from "node:fs/promises";
import ort from "onnxruntime-node";
import type { ModelRunner } from "../../modules/cameras/index.ts";

export interface OnnxRunnerOptions {
  /** the .onnx file, or its bytes */
  model: string | Uint8Array;
  /** input size when the model's input has symbolic dimensions (default 640) */
  inputSize?: number;
  /** CPU threads for one run (default 1: the alarm path keeps the other core) */
  threads?: number;
}

/** Models larger than this are refused (YOLO-family fire detectors are 5-150 MB). */
const MAX_MODEL_BYTES = 512 * 1024 * 1024;

export class OnnxModelRunner implements ModelRunner {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputWidth: number,
    readonly inputHeight: number,
  ) {}

  static async load(opts: OnnxRunnerOptions): Promise<OnnxModelRunner> {
    if (typeof opts.model === "string" && (await stat(opts.model)).size > MAX_MODEL_BYTES)
      throw new RangeError(`model file larger than ${MAX_MODEL_BYTES} bytes`);
    if (typeof opts.model !== "string" && opts.model.length > MAX_MODEL_BYTES)
      throw new RangeError(`model larger than ${MAX_MODEL_BYTES} bytes`);
    const threads = Math.max(1, Math.min(8, opts.threads ?? 1));
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ["cpu"],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    };
    const session =
      typeof opts.model === "string"
        ? await ort.InferenceSession.create(opts.model, sessionOptions)
        : await ort.InferenceSession.create(opts.model, sessionOptions);
    if (session.inputNames.length !== 1)
      throw new Error(`the model must have one input, it has ${session.inputNames.length}`);
    const meta = session.inputMetadata[0];
    const shape = meta && meta.isTensor ? meta.shape : [];
    const fallback = Math.max(32, Math.min(2048, opts.inputSize ?? 640));
    const dim = (d: number | string | undefined) => (typeof d === "number" && d > 0 ? d : fallback);
    if (shape.length === 4 && typeof shape[1] === "number" && shape[1] !== 3)
      throw new Error(`the model's input must be 1 x 3 x H x W (RGB), it is [${shape.join(", ")}]`);
    return new OnnxModelRunner(session, dim(shape[3]), dim(shape[2]));
  }

  run(input: Float32Array): Promise<{ data: Float32Array; dims: readonly number[] }> {
    const next = this.queue.then(async () => {
      const tensor = new ort.Tensor("float32", input, [1, 3, this.inputHeight, this.inputWidth]);
      const results = await this.session.run({ [this.session.inputNames[0]!]: tensor });
      const out = results[this.session.outputNames[0]!]!;
      if (out.type !== "float32") throw new Error(`the model's first output must be float32, it is ${out.type}`);
      return { data: out.data as Float32Array, dims: out.dims };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.session.release();
  }
}
