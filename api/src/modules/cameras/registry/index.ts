// The camera register, its alarm snapshots and health, and the recognition workers (issue 23).
export { CameraSecrets, DEV_CAMERA_SECRET_KEY } from "./camera-secrets.ts";
export {
  CameraService,
  CAMERA_MODEL,
  CAMERA_STATUS_LABEL,
  cameraDeviceId,
  cameraLinks,
  jpegSize,
  snapshotView,
  type CameraInput,
  type CameraServiceDeps,
  type CameraSourceRef,
  type CameraVideo,
} from "./camera-service.ts";
export {
  CameraWatches,
  type AnalysisSpec,
  type CameraAnalyser,
  type CameraAnalysis,
  type CameraWatchesDeps,
} from "./camera-watches.ts";
