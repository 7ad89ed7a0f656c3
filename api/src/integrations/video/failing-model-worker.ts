// Tests only (fire-pipeline.test.ts): the sampler thread with a county's model that loads and runs, then
// throws on every run after `failAfter` runs, as a model that breaks on some later input would. The real
// thread code and the real ONNX runtime; only the runner is wrapped.
import { workerData } from "node:worker_threads";
import { OnnxModelRunner } from "./onnx-runner.ts";
import { serveSampler } from "./sampler-serve.ts";

const failAfter = (workerData as { failAfter: number }).failAfter;
let runs = 0;

await serveSampler(async (model) => {
  const runner = await OnnxModelRunner.load({ model: model.path });
  return {
    inputWidth: runner.inputWidth,
    inputHeight: runner.inputHeight,
    run: (input) =>
      ++runs > failAfter ? Promise.reject(new Error("test model: inference failed")) : runner.run(input),
    close: () => runner.close(),
  };
});
