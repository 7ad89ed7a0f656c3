// A still picture from a camera on demand (issue 23: snapshots attached to an alarm within 5 s), bounded
// in time and size; the first picture a decoder can show comes at the camera's next key frame.
import { maskSecrets, sourceProblem, type CameraSource } from "./camera-source.ts";
import { inputArgs, runFfmpeg, type FfmpegSettings } from "./ffmpeg-process.ts";
import { VideoError } from "./video-errors.ts";

export interface SnapshotOptions extends FfmpegSettings {
  /** give up after this long (default 5000 ms) */
  timeoutMs?: number;
  /** scale to this width, keeping the aspect ratio (default: the camera's own size) */
  width?: number;
}

/** Cameras send at most 4K pictures; a JPEG of one is well under this. */
const MAX_JPEG = 8 * 1024 * 1024;

export async function snapshot(camera: CameraSource, opts: SnapshotOptions = {}): Promise<Buffer> {
  const problem = sourceProblem(camera);
  if (problem) throw new VideoError("CAMERA_SOURCE_INVALID", problem);
  const timeoutMs = Math.min(60_000, Math.max(500, opts.timeoutMs ?? 5000));
  const width = opts.width === undefined ? null : Math.min(3840, Math.max(16, Math.round(opts.width)));
  const jpeg = await runFfmpeg(
    [
      ...inputArgs({ camera }, { timeoutMs }),
      ...["-an", "-frames:v", "1"],
      ...(width ? ["-vf", `scale=${width}:-2`] : []),
      ...["-q:v", "3", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"],
    ],
    { ...opts, timeoutMs, maxOutputBytes: MAX_JPEG, mask: (t) => maskSecrets(t, camera) },
  );
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8)
    throw new VideoError("CAMERA_NO_VIDEO", "ffmpeg produced no JPEG picture");
  return jpeg;
}
