// Video from cameras through ffmpeg (issue 23): snapshots, health checks, live view as HLS, frames for
// the detectors, and the ONNX runtime of the model slot. Every message that leaves is masked.
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
export { OnnxModelRunner, type OnnxRunnerOptions } from "./onnx-runner.ts";
export { SamplerThread, type SamplerThreadOptions } from "./sampler-thread.ts";
export { VideoError, VIDEO_ERROR_CODES, type VideoErrorCode } from "./video-errors.ts";
export type { FfmpegSettings } from "./ffmpeg-process.ts";
