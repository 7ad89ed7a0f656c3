// Clips for the stand-in: a scene (or ffmpeg's testsrc pattern) encoded once by ffmpeg into H.264 and kept
// in memory, then played in a loop. Encoding once keeps the stand-in cheap, so a bench with dozens of
// cameras measures the analysis, not the cameras.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { accessUnits, nalType, NAL, splitAnnexB, type AccessUnit } from "./h264.ts";
import { createScene, type SceneName } from "./scenes.ts";

export const FFMPEG = process.env.FFMPEG_PATH ?? "ffmpeg";

export interface ClipOptions {
  /** a generated scene, or ffmpeg's test pattern */
  source: SceneName | "testsrc";
  width?: number;
  height?: number;
  fps?: number;
  /** clip length; rounded to whole seconds so every loop starts on a key frame */
  seconds?: number;
  seed?: number;
}

export interface Clip {
  width: number;
  height: number;
  fps: number;
  units: AccessUnit[];
  sps: Buffer;
  pps: Buffer;
}

function resolved(o: ClipOptions): Required<ClipOptions> {
  return {
    source: o.source,
    width: o.width ?? 320,
    height: o.height ?? 240,
    fps: o.fps ?? 10,
    seconds: Math.max(1, Math.round(o.seconds ?? 8)),
    seed: o.seed ?? 1,
  };
}

/** x264 settings a browser and ffmpeg both take: baseline, no B-frames, one key frame a second. */
function encoderArgs(fps: number): string[] {
  return [
    ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline"],
    ...["-pix_fmt", "yuv420p", "-g", String(fps), "-keyint_min", String(fps), "-sc_threshold", "0", "-threads", "1"],
  ];
}

function inputArgs(o: Required<ClipOptions>): string[] {
  const size = `${o.width}x${o.height}`;
  return o.source === "testsrc"
    ? ["-f", "lavfi", "-i", `testsrc=size=${size}:rate=${o.fps}`]
    : ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", size, "-r", String(o.fps), "-i", "pipe:0"];
}

/** Runs ffmpeg with the scene's frames on stdin; resolves with stdout. */
async function runEncoder(o: Required<ClipOptions>, output: string[]): Promise<Buffer> {
  const total = o.fps * o.seconds;
  const child = spawn(
    FFMPEG,
    [
      "-hide_banner",
      "-loglevel",
      "error",
      ...inputArgs(o),
      "-frames:v",
      String(total),
      ...encoderArgs(o.fps),
      ...output,
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => out.push(b));
  child.stderr.on("data", (b: Buffer) => err.length < 64 && err.push(b));
  child.stdin.on("error", () => undefined); // ffmpeg may close stdin first on an error, reported below
  const exited = once(child, "close") as Promise<[number | null]>;
  if (o.source !== "testsrc") {
    const scene = createScene(o.source, o, o.seed);
    for (let i = 0; i < total; i++) {
      if (!child.stdin.write(scene(i, total))) await Promise.race([once(child.stdin, "drain"), exited]);
      if (child.exitCode !== null) break;
    }
  }
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`ffmpeg could not encode the ${o.source} clip: ${Buffer.concat(err).toString()}`);
  return Buffer.concat(out);
}

/** Encodes a clip into access units kept in memory. */
export async function encodeClip(options: ClipOptions): Promise<Clip> {
  const o = resolved(options);
  const stream = await runEncoder(o, ["-bsf:v", "h264_metadata=aud=insert", "-f", "h264", "pipe:1"]);
  const units = accessUnits(splitAnnexB(stream));
  const all = units.flatMap((u) => u.nals);
  const sps = all.find((n) => nalType(n) === NAL.SPS);
  const pps = all.find((n) => nalType(n) === NAL.PPS);
  if (!sps || !pps || !units[0]?.key) throw new Error("ffmpeg's stream has no parameter sets or key frame");
  return { width: o.width, height: o.height, fps: o.fps, units, sps, pps };
}

/** Writes a clip as a file (the container follows the extension: .mp4, .mkv), for the evaluation tool. */
export async function writeClipFile(file: string, options: ClipOptions): Promise<void> {
  const o = resolved(options);
  await runEncoder(o, ["-y", file]);
}
