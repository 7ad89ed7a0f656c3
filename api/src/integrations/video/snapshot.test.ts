// Snapshots from the local camera stand-in (a real RTSP server speaking Digest and Basic auth).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../../stand-ins/camera/index.ts";
import { decodeToFrame } from "./jpeg.ts";
import { snapshot } from "./snapshot.ts";
import { VideoError } from "./video-errors.ts";

const account = { username: "admin", password: "Fire-Pa55word!" };
let digest: CameraStandIn;
let basic: CameraStandIn;

beforeAll(async () => {
  [digest, basic] = await Promise.all([
    startCameraStandIn({ paths: { "/live": { source: "testsrc" } }, auth: { scheme: "digest", ...account } }),
    startCameraStandIn({ paths: { "/live": { source: "flame" } }, auth: { scheme: "basic", ...account } }),
  ]);
});
afterAll(async () => {
  await Promise.all([digest?.stop(), basic?.stop()]);
});

async function failure(p: Promise<unknown>): Promise<VideoError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VideoError);
  return e as VideoError;
}

describe("snapshot", () => {
  it("returns a JPEG of the camera's picture (Digest account)", async () => {
    const jpeg = await snapshot({ url: digest.url("/live"), ...account }, { timeoutMs: 15_000 });
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const frame = await decodeToFrame(jpeg, 320, 240);
    // testsrc is a colourful pattern, not a blank picture: many distinct colours
    const colours = new Set<number>();
    for (let i = 0; i < frame.data.length; i += 3 * 97)
      colours.add((frame.data[i]! >> 4) * 256 + (frame.data[i + 1]! >> 4) * 16 + (frame.data[i + 2]! >> 4));
    expect(colours.size).toBeGreaterThan(10);
  });

  it("works with Basic auth and scales to the width asked for", async () => {
    const jpeg = await snapshot({ url: basic.url("/live"), ...account }, { timeoutMs: 15_000, width: 160 });
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    // the JPEG's SOF0 marker holds the size: 160x120
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(jpeg.readUInt16BE(sof + 7)).toBe(160);
    expect(jpeg.readUInt16BE(sof + 5)).toBe(120);
  });

  it("reports a wrong password as unauthorized, without the password in the error", async () => {
    const secret = "Wrong-Secret-42";
    const e = await failure(
      snapshot({ url: digest.url("/live"), username: "admin", password: secret }, { timeoutMs: 15_000 }),
    );
    expect(e.code).toBe("CAMERA_UNAUTHORIZED");
    expect(`${e.message} ${e.detail} ${e.stack}`).not.toContain(secret);
    expect(e.detail).toContain("***@");
  });

  it("tells a missing stream and a dead address apart", async () => {
    expect((await failure(snapshot({ url: digest.url("/nothing"), ...account }, { timeoutMs: 15_000 }))).code).toBe(
      "CAMERA_STREAM_NOT_FOUND",
    );
    const closed = await startCameraStandIn({ paths: {} });
    const url = closed.url("/live");
    await closed.stop();
    expect((await failure(snapshot({ url, ...account }, { timeoutMs: 15_000 }))).code).toBe("CAMERA_UNREACHABLE");
  });

  it("gives up within its time bound when the camera sends nothing", async () => {
    digest.freeze("/live");
    try {
      const e = await failure(snapshot({ url: digest.url("/live"), ...account }, { timeoutMs: 1500 }));
      expect(e.code).toBe("CAMERA_TIMEOUT");
    } finally {
      digest.freeze("/live", false);
    }
  });

  it("refuses a malformed source before starting ffmpeg", async () => {
    expect((await failure(snapshot({ url: "http://127.0.0.1/x" }))).code).toBe("CAMERA_SOURCE_INVALID");
    expect((await failure(snapshot({ url: "rtsp://a:b@127.0.0.1/x", username: "c" }))).code).toBe(
      "CAMERA_SOURCE_INVALID",
    );
  });
});
