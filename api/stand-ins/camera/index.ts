// A local camera for tests, the demo and the bench: an RTSP server on 127.0.0.1 with generated video.
export { CameraStandIn, startCameraStandIn, type CameraStandInOptions } from "./rtsp-server.ts";
export { encodeClip, writeClipFile, type Clip, type ClipOptions } from "./clip.ts";
export { createScene, prng, SCENES, type Scene, type SceneName, type SceneSize } from "./scenes.ts";
export type { AuthScheme, Credentials } from "./rtsp-auth.ts";
