// Live view: HLS appears when someone watches, is shared by viewers of the same camera, is refused past
// the limit, and its ffmpeg process stops when the last viewer's lease ends.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../../stand-ins/camera/index.ts";
import { HlsStreams, PLAYLIST } from "./hls-streams.ts";
import { VideoError } from "./video-errors.ts";
import { until } from "../../../../tests/support/until.ts";

const account = { username: "admin", password: "Hls-S3cret" };
let cam: CameraStandIn;

beforeAll(async () => {
  cam = await startCameraStandIn({
    paths: { "/a": { source: "testsrc" }, "/b": { source: "plain" } },
    auth: { scheme: "digest", ...account },
  });
});
afterAll(() => cam?.stop());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("HlsStreams", () => {
  it("serves a playlist and segments while watched, and stops after the last lease ends", async () => {
    const hls = new HlsStreams({ leaseMs: 1500, sweepMs: 200, maxStreams: 2 });
    try {
      const source = { url: cam.url("/a"), ...account };
      const first = await hls.watch("cam-a", source);
      const second = await hls.watch("cam-a", source);
      expect(hls.running()).toEqual(["cam-a"]);
      expect(hls.viewers("cam-a")).toBe(2);
      const pid = hls.pids().get("cam-a")!;
      const folder = hls.folderOf("cam-a")!;

      const playlist = (await hls.get("cam-a", PLAYLIST))!;
      expect(playlist.contentType).toBe("application/vnd.apple.mpegurl");
      expect(playlist.body.toString()).toContain("#EXTM3U");
      const segment = await until(
        "a segment",
        async () => {
          const names = (await hls.get("cam-a", PLAYLIST))!.body.toString().match(/seg-\d+\.ts/g);
          return names ? hls.get("cam-a", names[names.length - 1]!) : null;
        },
        30_000,
      );
      expect(segment.contentType).toBe("video/mp2t");
      expect(segment.body[0]).toBe(0x47); // MPEG-TS sync byte
      expect(await hls.get("cam-a", "../../etc/passwd")).toBeNull();
      expect(await hls.get("cam-a", "index.m3u8.tmp")).toBeNull();

      // the first viewer leaves; the second keeps renewing, so the stream stays past several leases
      await hls.leave("cam-a", first.viewerId);
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 500));
        expect(hls.renew("cam-a", second.viewerId)).toBe(true);
      }
      expect(hls.running()).toEqual(["cam-a"]);
      expect(alive(pid)).toBe(true);

      // the second stops renewing: its lease runs out, ffmpeg stops and the folder goes
      await until("the stream to stop", () => hls.running().length === 0, 30_000);
      await until("ffmpeg to exit", () => !alive(pid), 30_000);
      await until("the folder to go", () => !existsSync(folder), 30_000); // removed after the exit, not with it
      expect(await hls.get("cam-a", PLAYLIST)).toBeNull();
      expect(hls.renew("cam-a", second.viewerId)).toBe(false);
    } finally {
      await hls.close();
    }
  });

  it("refuses a new camera beyond the limit, and takes it once a stream has stopped", async () => {
    const hls = new HlsStreams({ maxStreams: 1, sweepMs: 0 });
    try {
      const a = await hls.watch("cam-a", { url: cam.url("/a"), ...account });
      const refused = await hls.watch("cam-b", { url: cam.url("/b"), ...account }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(VideoError);
      expect((refused as VideoError).code).toBe("STREAM_LIMIT_REACHED");
      // another viewer of the running camera is fine
      await hls.watch("cam-a", { url: cam.url("/a"), ...account });
      await hls.leave("cam-a", a.viewerId);
      expect(hls.running()).toEqual(["cam-a"]);
      await hls.close();
      const b = new HlsStreams({ maxStreams: 1, sweepMs: 0 });
      await b.watch("cam-b", { url: cam.url("/b"), ...account });
      expect(b.running()).toEqual(["cam-b"]);
      await b.close();
    } finally {
      await hls.close();
    }
  });

  it("fails a start cleanly when the camera refuses the account, with the password masked", async () => {
    const hls = new HlsStreams({ sweepMs: 0 });
    try {
      const e = (await hls
        .watch("cam-a", { url: cam.url("/a"), username: "admin", password: "nope-nope" })
        .catch((x: unknown) => x)) as VideoError;
      expect(e).toBeInstanceOf(VideoError);
      expect(e.code).toBe("CAMERA_UNAUTHORIZED");
      expect(`${e.message} ${e.detail}`).not.toContain("nope-nope");
      await until("the failed stream to be gone", () => hls.running().length === 0, 30_000);
    } finally {
      await hls.close();
    }
  });
});
