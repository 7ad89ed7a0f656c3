// ffmpeg as a child process: bounded in time and output, stopped for sure, and its messages masked before
// they reach an error or a log (they echo the URL, account included).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import os from "node:os";
import { urlWithAccount, type VideoInput } from "./camera-source.ts";
import { VideoError, type VideoErrorCode } from "./video-errors.ts";

export interface FfmpegSettings {
  /** the ffmpeg binary (default: `ffmpeg` on PATH, Debian's package) */
  ffmpegPath?: string;
}

export const ffmpegPath = (s: FfmpegSettings = {}) => s.ffmpegPath ?? "ffmpeg";

/**
 * Background decoders (the recognition sampler, health checks) run this much nicer than the API: each decodes
 * the camera's whole stream to keep a frame a second, and on a machine with fewer cores than decoders that
 * CPU would be taken from the fire path (`npm run bench -- cameras`: 8 analysed cameras cost the alarm p99
 * +38.8 % before). Linux CFS weighs nice +10 at about a tenth of nice 0. Snapshots (an alarm's pictures) and
 * live views (a commander watching) keep the API's priority.
 */
export const BACKGROUND_NICE = 10;

/** Lowers a child's priority; where the system refuses, it runs as it is (and says nothing: not a fault). */
export function runNicer(child: ChildProcess, nice: number = BACKGROUND_NICE): void {
  if (child.pid === undefined) return;
  try {
    os.setPriority(child.pid, Math.min(19, os.getPriority() + nice));
  } catch {
    // EACCES/ESRCH: a child that already ended, or a system that forbids it
  }
}

/** ffmpeg's input options for a camera (RTSP over TCP, short probing) or a file. */
export function inputArgs(input: VideoInput, opts: { timeoutMs?: number; realtime?: boolean } = {}): string[] {
  if ("file" in input) return [...(opts.realtime ? ["-re"] : []), "-i", input.file];
  return [
    // TCP: RTP over the RTSP connection passes firewalls and loses nothing (RFC 2326 10.12)
    ...["-rtsp_transport", "tcp"],
    // socket I/O timeout in microseconds (ffmpeg's rtsp demuxer option `timeout`)
    ...["-timeout", String(Math.round((opts.timeoutMs ?? 10_000) * 1000))],
    // the SDP names the codec and size: half a second of probing is plenty and saves seconds per start
    ...["-analyzeduration", "500000", "-probesize", "262144"],
    ...["-i", urlWithAccount(input.camera)],
  ];
}

/** Which error ffmpeg's last messages describe. */
export function classifyFailure(stderr: string): VideoErrorCode {
  if (/401 Unauthorized|authorization failed/i.test(stderr)) return "CAMERA_UNAUTHORIZED";
  if (/404 Not Found|Stream not found/i.test(stderr)) return "CAMERA_STREAM_NOT_FOUND";
  if (/Connection refused|No route to host|Network is unreachable|not known|Connection reset/i.test(stderr))
    return "CAMERA_UNREACHABLE";
  // not "timeout=": ffmpeg echoes its own option in connection messages
  if (/timed out/i.test(stderr)) return "CAMERA_TIMEOUT";
  if (/does not contain any stream|Output file #0 does not contain|could not find codec parameters/i.test(stderr))
    return "CAMERA_NO_VIDEO";
  return "CAMERA_UNREACHABLE";
}

/** Keeps the last few KB of a stream of text (ffmpeg's stderr). */
export class Tail {
  private text = "";
  constructor(private readonly max = 4096) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  toString(): string {
    return this.text;
  }
}

export interface RunOptions extends FfmpegSettings {
  timeoutMs: number;
  maxOutputBytes: number;
  mask: (text: string) => string;
}

/** Runs ffmpeg to completion and returns its stdout; a VideoError with masked details otherwise. */
export async function runFfmpeg(args: string[], opts: RunOptions): Promise<Buffer> {
  const child = spawn(ffmpegPath(opts), ["-hide_banner", "-nostdin", "-loglevel", "error", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  let size = 0;
  let failure: VideoError | null = null;
  const stderr = new Tail();
  child.stderr!.on("data", (b: Buffer) => stderr.push(b));
  child.stdout!.on("data", (b: Buffer) => {
    size += b.length;
    if (size > opts.maxOutputBytes) {
      failure ??= new VideoError("CAMERA_NO_VIDEO", `output larger than ${opts.maxOutputBytes} bytes`);
      child.kill("SIGKILL");
    } else out.push(b);
  });
  const timer = setTimeout(() => {
    failure ??= new VideoError("CAMERA_TIMEOUT", `no result within ${opts.timeoutMs} ms`);
    child.kill("SIGKILL");
  }, opts.timeoutMs);
  try {
    const [code] = await exitOf(child);
    if (failure) throw failure;
    if (code !== 0) {
      const text = opts.mask(stderr.toString().trim());
      throw new VideoError(classifyFailure(text), text.slice(-500));
    }
    return Buffer.concat(out);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * ffmpeg as a background decoder of this thread's loop (which reaps it): run nicer, so the fire path gets the
 * CPU first, and its stderr's last words kept; `ended` resolves with them once it has exited.
 */
export function startDecoder(
  settings: FfmpegSettings,
  args: string[],
  stdout: "pipe" | "ignore",
): { child: ChildProcess; ended: Promise<string> } {
  const child = spawn(ffmpegPath(settings), args, { stdio: ["ignore", stdout, "pipe"] });
  runNicer(child);
  const stderr = new Tail();
  child.stderr!.on("data", (b: Buffer) => stderr.push(b));
  const ended = exitOf(child).then(
    () => stderr.toString(),
    (e: unknown) => {
      stderr.push(String(e));
      return stderr.toString();
    },
  );
  return { child, ended };
}

/** Resolves when the child has exited; a missing binary becomes VIDEO_TOOL_MISSING. */
export async function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  const closed = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
  const failed = once(child, "error").then(([e]) => {
    const err = e as NodeJS.ErrnoException;
    throw err.code === "ENOENT" ? new VideoError("VIDEO_TOOL_MISSING", "ffmpeg not found") : err;
  });
  return Promise.race([closed, failed]);
}

/** Asks ffmpeg to stop (SIGTERM lets it finish its files), then kills it after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = once(child, "close");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await closed.catch(() => undefined);
  clearTimeout(timer);
}
