// JPEG in and out of raw RGB frames through ffmpeg: the marked frame of a suspected fire is encoded here.
import { spawn } from "node:child_process";
import type { JpegEncoder, RgbFrame } from "../../modules/cameras/index.ts";
import { checkFrame, frameBytes } from "../../modules/cameras/index.ts";
import { exitOf, ffmpegPath, Tail, type FfmpegSettings } from "./ffmpeg-process.ts";
import { VideoError } from "./video-errors.ts";

async function pipeThrough(args: string[], input: Uint8Array, s: FfmpegSettings, maxOut: number): Promise<Buffer> {
  const child = spawn(ffmpegPath(s), ["-hide_banner", "-loglevel", "error", ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const out: Buffer[] = [];
  let size = 0;
  const stderr = new Tail();
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  child.stdout.on("data", (b: Buffer) => {
    size += b.length;
    if (size > maxOut) child.kill("SIGKILL");
    else out.push(b);
  });
  child.stdin.on("error", () => undefined);
  child.stdin.end(input);
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  try {
    const [code] = await exitOf(child);
    if (code !== 0) throw new VideoError("CAMERA_NO_VIDEO", `ffmpeg image conversion failed: ${stderr}`);
    return Buffer.concat(out);
  } finally {
    clearTimeout(timer);
  }
}

/** Encodes frames as JPEG with ffmpeg (quality 3 of 2-31: a clear picture for the person confirming). */
export class FfmpegJpegEncoder implements JpegEncoder {
  constructor(private readonly settings: FfmpegSettings = {}) {}
  async encode(frame: RgbFrame): Promise<Buffer> {
    checkFrame(frame);
    const size = `${frame.width}x${frame.height}`;
    const args = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-i", "pipe:0"];
    return pipeThrough(
      [...args, "-frames:v", "1", "-q:v", "3", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"],
      frame.data,
      this.settings,
      16 << 20,
    );
  }
}

/** Decodes a JPEG (or any picture ffmpeg reads) to a raw RGB frame of the given size. */
export async function decodeToFrame(
  picture: Buffer,
  width: number,
  height: number,
  settings: FfmpegSettings = {},
): Promise<RgbFrame> {
  const args = [
    "-f",
    "image2pipe",
    "-i",
    "pipe:0",
    "-vf",
    `scale=${width}:${height}`,
    "-pix_fmt",
    "rgb24",
    "-f",
    "rawvideo",
    "pipe:1",
  ];
  const data = await pipeThrough(args, picture, settings, frameBytes(width, height));
  return { width, height, data: new Uint8Array(data), t: 0 };
}
