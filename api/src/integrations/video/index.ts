// Video from cameras through ffmpeg (issue 23): snapshots, health checks, live view as HLS, frames for
// the detectors. Every message that leaves is masked. The ONNX runtime of the model slot (onnx-runner.ts) is
// not exported here: only the sampler's worker loads it, and a process that imports this index (the API)
// would otherwise load onnxruntime-node's native library at start (14 MB of RSS) without ever running a model.
export {
  maskedUrl,
  maskSecrets,
  sourceProblem,
  urlWithAccount,
  type CameraSource,
  type VideoInput,
} from "./camera-source.ts";
export { snapshot, type SnapshotOptions } from "./snapshot.ts";
export { checkCamera, type CameraHealth, type CameraStatus, type HealthOptions } from "./health.ts";
export { HlsStreams, PLAYLIST, type HlsFile, type HlsOptions } from "./hls-streams.ts";
export { FrameSampler, type SamplerLog, type SamplerOptions, type SamplerStats } from "./frame-sampler.ts";
export { FfmpegJpegEncoder, decodeToFrame } from "./jpeg.ts";
export { SamplerThread, type SamplerThreadOptions } from "./sampler-thread.ts";
export { VideoError, VIDEO_ERROR_CODES, type VideoErrorCode } from "./video-errors.ts";
export type { FfmpegSettings } from "./ffmpeg-process.ts";
