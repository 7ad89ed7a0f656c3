// The entry of the sampler thread (sampler-serve.ts does the work; sampler-thread.ts is the API's side):
// a county's model runs in the ONNX runtime.
import { OnnxModelRunner } from "./onnx-runner.ts";
import { serveSampler } from "./sampler-serve.ts";

await serveSampler((model) => OnnxModelRunner.load({ model: model.path }));
