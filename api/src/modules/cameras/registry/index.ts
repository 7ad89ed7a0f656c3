// The camera register, its alarm snapshots and health, and the recognition workers (issue 23).
export { CameraSecrets, DEV_CAMERA_SECRET_KEY } from "./camera-secrets.ts";
export { CameraService, CAMERA_STATUS_LABEL, type CameraInput } from "./camera-service.ts";
export { type CameraServiceDeps, type CameraSourceRef, type CameraVideo } from "./camera-deps.ts";
export { CAMERA_MODEL, cameraDeviceId } from "./camera-health.ts";
export { cameraLinks, jpegSize, snapshotView } from "./camera-pictures.ts";
export {
  CameraWatches,
  type AnalysisSpec,
  type CameraAnalyser,
  type CameraAnalysis,
  type CameraWatchesDeps,
} from "./camera-watches.ts";
