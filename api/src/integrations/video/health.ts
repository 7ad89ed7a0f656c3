// Is a camera working: does its address answer (TCP), does it let us in (RTSP), do pictures arrive
// (frames decoded within a short window)? Offline cameras are flagged like offline devices (issue 23).
import { spawn } from "node:child_process";
import net from "node:net";
import { maskSecrets, sourceProblem, type CameraSource } from "./camera-source.ts";
import {
  classifyFailure,
  exitOf,
  ffmpegPath,
  inputArgs,
  runNicer,
  stopProcess,
  Tail,
  type FfmpegSettings,
} from "./ffmpeg-process.ts";
import type { VideoErrorCode } from "./video-errors.ts";

/** What a health check found, worst first. */
export type CameraStatus =
  /** the address or account is malformed */
  | "invalid"
  /** nothing answers at the camera's address */
  | "unreachable"
  /** the camera answers but refuses the account */
  | "unauthorized"
  /** the camera has no stream at this path */
  | "stream_not_found"
  /** the camera lets us in but sends no pictures */
  | "no_video"
  /** pictures arrive */
  | "online";

export interface CameraHealth {
  status: CameraStatus;
  reachable: boolean;
  framesArriving: boolean;
  /** frames decoded during the check */
  frames: number;
  width?: number;
  height?: number;
  codec?: string;
  /** masked ffmpeg message when something failed */
  detail?: string;
}

export interface HealthOptions extends FfmpegSettings {
  /** once the first frame arrives, keep counting for this long (default 2000 ms) */
  sampleMs?: number;
  /** the whole check ends after this long (default 10000 ms) */
  timeoutMs?: number;
}

const STATUS_OF: Partial<Record<VideoErrorCode, CameraStatus>> = {
  CAMERA_UNAUTHORIZED: "unauthorized",
  CAMERA_STREAM_NOT_FOUND: "stream_not_found",
  CAMERA_UNREACHABLE: "unreachable",
};

export async function checkCamera(camera: CameraSource, opts: HealthOptions = {}): Promise<CameraHealth> {
  const problem = sourceProblem(camera);
  if (problem) return { status: "invalid", reachable: false, framesArriving: false, frames: 0, detail: problem };
  const timeoutMs = Math.min(60_000, Math.max(1000, opts.timeoutMs ?? 10_000));
  const sampleMs = Math.min(timeoutMs, Math.max(200, opts.sampleMs ?? 2000));
  const u = new URL(camera.url);
  const port = Number(u.port || (u.protocol === "rtsps:" ? 322 : 554));
  if (!(await tcpReachable(u.hostname, port, Math.min(timeoutMs, 5000))))
    return { status: "unreachable", reachable: false, framesArriving: false, frames: 0 };
  return countFrames(camera, { ...opts, timeoutMs, sampleMs });
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function countFrames(
  camera: CameraSource,
  opts: HealthOptions & { timeoutMs: number; sampleMs: number },
): Promise<CameraHealth> {
  const child = spawn(
    ffmpegPath(opts),
    ["-hide_banner", "-nostdin", "-loglevel", "info", "-nostats", "-progress", "pipe:1"].concat(
      inputArgs({ camera }, { timeoutMs: opts.timeoutMs }),
      ["-an", "-f", "null", "-"],
    ),
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  runNicer(child); // a background check: the fire path gets the CPU first
  const stderr = new Tail(8192);
  let frames = 0;
  let sampling: NodeJS.Timeout | null = null;
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  child.stdout.on("data", (b: Buffer) => {
    for (const m of b.toString().matchAll(/^frame=(\d+)$/gm)) frames = Math.max(frames, Number(m[1]));
    if (frames > 0 && !sampling) sampling = setTimeout(() => void stopProcess(child, 500), opts.sampleMs);
  });
  const deadline = setTimeout(() => void stopProcess(child, 500), opts.timeoutMs);
  try {
    const [code] = await exitOf(child);
    const text = maskSecrets(stderr.toString(), camera);
    const video = /Stream #\S+: Video: (\w+)[^\n]*?, (\d{2,5})x(\d{2,5})/.exec(text);
    const info = video ? { codec: video[1]!, width: Number(video[2]), height: Number(video[3]) } : {};
    if (frames > 1) return { status: "online", reachable: true, framesArriving: true, frames, ...info };
    const failed = code !== 0 && code !== null && !/Exiting normally|received signal/i.test(text);
    const status = (failed && STATUS_OF[classifyFailure(text)]) || "no_video";
    return { status, reachable: true, framesArriving: false, frames, ...info, detail: text.trim().slice(-500) };
  } finally {
    clearTimeout(deadline);
    if (sampling) clearTimeout(sampling);
  }
}
