// Live view: ffmpeg repackages a camera's RTSP video into HLS (RFC 8216) in a temporary folder while
// somebody watches. A viewer holds a lease and renews it every few seconds; when the last lease ends the
// ffmpeg process stops and the folder goes. At most `maxStreams` cameras are repackaged at once.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Clock } from "../../shared/clock.ts";
import { systemClock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { maskedUrl, maskSecrets, sourceProblem, type CameraSource } from "./camera-source.ts";
import {
  classifyFailure,
  exitOf,
  ffmpegPath,
  inputArgs,
  stopProcess,
  Tail,
  type FfmpegSettings,
} from "./ffmpeg-process.ts";
import { VideoError } from "./video-errors.ts";

export interface HlsOptions extends FfmpegSettings {
  /** cameras repackaged at once; one more viewer of a new camera is refused (default 4) */
  maxStreams?: number;
  /** a viewer who has not renewed for this long has left (default 15000 ms) */
  leaseMs?: number;
  /** target segment length; segments cut at the camera's key frames (default 1 s) */
  segmentSeconds?: number;
  /** how long a start may take before the camera counts as not answering (default 15000 ms) */
  startTimeoutMs?: number;
  /** re-encode to H.264 for cameras that send H.265, which browsers cannot play (costs a core each) */
  transcode?: boolean;
  /** how often leases are checked (default 1000 ms; 0: only when sweep() is called) */
  sweepMs?: number;
  /** where the temporary folders go (default the system's temp folder) */
  workDir?: string;
  clock?: Clock;
  logger?: Logger;
}

/** A file of a stream, for the HTTP layer to send as is. */
export interface HlsFile {
  contentType: string;
  cacheControl: string;
  body: Buffer;
}

export const PLAYLIST = "index.m3u8";
const STREAM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const FILE_NAME = /^(index\.m3u8|seg-\d{1,9}\.ts)$/;

interface Stream {
  id: string;
  camera: CameraSource;
  dir: string;
  child: ChildProcess | null;
  ready: Promise<void>;
  /** viewer id -> lease end (ms) */
  viewers: Map<string, number>;
  /** the first playlist is written: leases run from here, not while the camera is still starting */
  started: boolean;
  stopping: boolean;
}

export class HlsStreams {
  private readonly streams = new Map<string, Stream>();
  private readonly timer: NodeJS.Timeout | null;
  private readonly clock: Clock;
  readonly maxStreams: number;
  readonly leaseMs: number;

  constructor(private readonly opts: HlsOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.maxStreams = Math.max(1, Math.min(64, opts.maxStreams ?? 4));
    this.leaseMs = Math.max(1000, Math.min(300_000, opts.leaseMs ?? 15_000));
    const sweepMs = opts.sweepMs ?? 1000;
    this.timer = sweepMs > 0 ? setInterval(() => void this.sweep(), sweepMs) : null;
    this.timer?.unref();
  }

  /** Starts watching: resolves with a viewer id once the playlist exists. */
  async watch(streamId: string, camera: CameraSource): Promise<{ viewerId: string; leaseMs: number }> {
    if (!STREAM_ID.test(streamId))
      throw new VideoError("CAMERA_SOURCE_INVALID", "stream id must be 1-64 of A-Z a-z 0-9 _ -");
    const problem = sourceProblem(camera);
    if (problem) throw new VideoError("CAMERA_SOURCE_INVALID", problem);
    let stream = this.streams.get(streamId);
    if (!stream || stream.stopping) {
      await this.sweep();
      if (this.active() >= this.maxStreams)
        throw new VideoError("STREAM_LIMIT_REACHED", `${this.maxStreams} streams already running`);
      stream = await this.start(streamId, camera);
    }
    const viewerId = randomUUID();
    stream.viewers.set(viewerId, this.clock.now().getTime() + this.leaseMs);
    try {
      await stream.ready;
    } catch (e) {
      stream.viewers.delete(viewerId);
      throw e;
    }
    stream.viewers.set(viewerId, this.clock.now().getTime() + this.leaseMs);
    return { viewerId, leaseMs: this.leaseMs };
  }

  /** Extends a viewer's lease; false when the stream or the viewer is gone (watch again). */
  renew(streamId: string, viewerId: string): boolean {
    const s = this.streams.get(streamId);
    if (!s || s.stopping || !s.viewers.has(viewerId)) return false;
    s.viewers.set(viewerId, this.clock.now().getTime() + this.leaseMs);
    return true;
  }

  /** A viewer closes the view: the stream stops if nobody else watches. */
  async leave(streamId: string, viewerId: string): Promise<void> {
    const s = this.streams.get(streamId);
    if (!s) return;
    s.viewers.delete(viewerId);
    if (s.viewers.size === 0) await this.stop(s, "last viewer left");
  }

  /** The playlist or a segment of a running stream; null for anything else. */
  async get(streamId: string, fileName: string): Promise<HlsFile | null> {
    const s = this.streams.get(streamId);
    if (!s || s.stopping || !FILE_NAME.test(fileName)) return null;
    const body = await readFile(path.join(s.dir, fileName)).catch(() => null);
    if (!body) return null;
    return fileName === PLAYLIST
      ? { contentType: "application/vnd.apple.mpegurl", cacheControl: "no-cache", body }
      : { contentType: "video/mp2t", cacheControl: "private, max-age=60", body };
  }

  /** Ends expired leases and stops streams nobody watches. */
  async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const s of [...this.streams.values()]) {
      if (!s.started) continue;
      for (const [viewer, until] of s.viewers) if (until <= now) s.viewers.delete(viewer);
      if (s.viewers.size === 0 && !s.stopping) await this.stop(s, "leases ended");
    }
  }

  /** Ids of the streams being repackaged now. */
  running(): string[] {
    return [...this.streams.values()].filter((s) => !s.stopping).map((s) => s.id);
  }

  /** ffmpeg's process id per running stream (for operators' diagnostics and tests). */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const s of this.streams.values()) if (!s.stopping && s.child?.pid) out.set(s.id, s.child.pid);
    return out;
  }

  /** The temporary folder of a running stream. */
  folderOf(streamId: string): string | null {
    return this.streams.get(streamId)?.dir ?? null;
  }

  /** Viewers holding a lease on a stream. */
  viewers(streamId: string): number {
    return this.streams.get(streamId)?.viewers.size ?? 0;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.streams.values()].map((s) => this.stop(s, "shutting down")));
  }

  private active(): number {
    return this.running().length;
  }

  private async start(id: string, camera: CameraSource): Promise<Stream> {
    const dir = await mkdtemp(path.join(this.opts.workDir ?? os.tmpdir(), "anxin-hls-"));
    const seg = Math.max(1, Math.min(10, Math.round(this.opts.segmentSeconds ?? 1)));
    const video = this.opts.transcode
      ? ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p"]
      : ["-c:v", "copy"];
    const args = [
      ...["-hide_banner", "-nostdin", "-loglevel", "error"],
      ...inputArgs({ camera }, { timeoutMs: this.opts.startTimeoutMs ?? 15_000 }),
      ...["-an", ...video, "-f", "hls", "-hls_time", String(seg), "-hls_list_size", "6"],
      // temp_file: a segment appears under its name only when complete; old ones are deleted
      ...["-hls_flags", "delete_segments+temp_file+omit_endlist"],
      ...["-hls_segment_filename", path.join(dir, "seg-%06d.ts"), path.join(dir, PLAYLIST)],
    ];
    const child = spawn(ffmpegPath(this.opts), args, { stdio: ["ignore", "ignore", "pipe"] });
    const stderr = new Tail();
    child.stderr!.on("data", (b: Buffer) => stderr.push(b));
    const stream: Stream = {
      id,
      camera,
      dir,
      child,
      viewers: new Map(),
      started: false,
      stopping: false,
      ready: Promise.resolve(),
    };
    const exited = exitOf(child).then(() => {
      if (stream.stopping) return;
      const detail = maskSecrets(stderr.toString().trim(), camera).slice(-500);
      this.opts.logger?.warn({ stream: id, camera: maskedUrl(camera), detail }, "live view: ffmpeg ended by itself");
      void this.stop(stream, "ffmpeg ended");
      throw new VideoError(classifyFailure(detail), detail);
    });
    exited.catch(() => undefined);
    stream.ready = this.whenPlaylist(stream, exited).then(() => void (stream.started = true));
    stream.ready.catch(() => void this.stop(stream, "start failed"));
    this.streams.set(id, stream);
    this.opts.logger?.info({ stream: id, camera: maskedUrl(camera) }, "live view: started");
    return stream;
  }

  private async whenPlaylist(stream: Stream, exited: Promise<void>): Promise<void> {
    const limit = this.opts.startTimeoutMs ?? 15_000;
    const file = path.join(stream.dir, PLAYLIST);
    const started = Date.now();
    let ended: unknown = null;
    exited.catch((e: unknown) => (ended = e ?? new VideoError("CAMERA_NO_VIDEO")));
    while (!existsSync(file)) {
      if (ended) throw ended;
      if (stream.stopping) throw new VideoError("CAMERA_NO_VIDEO", "stopped before the first segment");
      if (Date.now() - started > limit) throw new VideoError("CAMERA_TIMEOUT", `no segment within ${limit} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async stop(s: Stream, why: string): Promise<void> {
    if (s.stopping) return;
    s.stopping = true;
    s.viewers.clear();
    if (s.child) await stopProcess(s.child);
    await rm(s.dir, { recursive: true, force: true });
    if (this.streams.get(s.id) === s) this.streams.delete(s.id);
    this.opts.logger?.info({ stream: s.id, why }, "live view: stopped");
  }
}
