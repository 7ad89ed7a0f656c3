// The camera register's video port (modules/cameras/registry) made of this integration: snapshots, health
// checks and live HLS through ffmpeg, with every VideoError turned into the API's own error codes.
import { AppError } from "../../shared/errors.ts";
import type { Logger } from "../../shared/logger.ts";
import type { CameraVideo } from "../../modules/cameras/registry/index.ts";
import { sourceProblem } from "./camera-source.ts";
import { checkCamera } from "./health.ts";
import { HlsStreams, type HlsOptions } from "./hls-streams.ts";
import { snapshot } from "./snapshot.ts";
import { VideoError } from "./video-errors.ts";

function toAppError(e: unknown): unknown {
  if (!(e instanceof VideoError)) return e;
  switch (e.code) {
    case "CAMERA_SOURCE_INVALID":
      return new AppError("VALIDATION_FAILED", e.message);
    case "CAMERA_TIMEOUT":
      return new AppError("CAMERA_TIMEOUT", e.message);
    case "STREAM_LIMIT_REACHED":
      return new AppError("STREAM_LIMIT_REACHED", e.message);
    case "VIDEO_TOOL_MISSING":
      return new AppError("INTERNAL", e.message);
    default:
      return new AppError("CAMERA_UNAVAILABLE", e.message);
  }
}

async function mapped<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw toAppError(e);
  }
}

export interface FfmpegCameraVideo extends CameraVideo {
  readonly hls: HlsStreams;
  close(): Promise<void>;
}

export function ffmpegCameraVideo(opts: HlsOptions & { logger?: Logger } = {}): FfmpegCameraVideo {
  const hls = new HlsStreams(opts);
  return {
    hls,
    problem: (src) => sourceProblem(src),
    snapshot: (src, timeoutMs) => mapped(snapshot(src, { timeoutMs })),
    async check(src) {
      const h = await checkCamera(src, { timeoutMs: 10_000, sampleMs: 1500 });
      return {
        online: h.status === "online",
        ...(h.detail || h.status !== "online" ? { detail: `${h.status}${h.detail ? `: ${h.detail}` : ""}` } : {}),
      };
    },
    watch: (id, src) => mapped(hls.watch(id, src)),
    renew: (id, viewer) => hls.renew(id, viewer),
    leave: (id, viewer) => hls.leave(id, viewer),
    file: (id, name) => hls.get(id, name),
    running: () => hls.running(),
    close: () => hls.close(),
  };
}
