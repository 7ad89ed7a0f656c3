// Camera health against the stand-in: online, frozen, refused account, missing stream, nothing there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCameraStandIn, type CameraStandIn } from "../../../stand-ins/camera/index.ts";
import { checkCamera } from "./health.ts";

const account = { username: "viewer", password: "h3alth-Check" };
let cam: CameraStandIn;

beforeAll(async () => {
  cam = await startCameraStandIn({
    paths: { "/main": { source: "testsrc", width: 352, height: 288 } },
    auth: { scheme: "digest", ...account },
  });
});
afterAll(() => cam?.stop());

describe("checkCamera", () => {
  it("finds a working camera online, with its size and codec", async () => {
    const h = await checkCamera({ url: cam.url("/main"), ...account }, { sampleMs: 1000 });
    expect(h).toMatchObject({
      status: "online",
      reachable: true,
      framesArriving: true,
      width: 352,
      height: 288,
      codec: "h264",
    });
    expect(h.frames).toBeGreaterThan(1);
  });

  it("flags a camera that answers but sends no pictures", async () => {
    cam.freeze("/main");
    try {
      const h = await checkCamera({ url: cam.url("/main"), ...account }, { timeoutMs: 3000 });
      expect(h).toMatchObject({ status: "no_video", reachable: true, framesArriving: false, frames: 0 });
    } finally {
      cam.freeze("/main", false);
    }
  });

  it("names a refused account and a missing stream, and masks the account", async () => {
    const bad = await checkCamera({ url: cam.url("/main"), username: "viewer", password: "not-the-one" });
    expect(bad).toMatchObject({ status: "unauthorized", reachable: true, framesArriving: false });
    expect(bad.detail).not.toContain("not-the-one");
    expect((await checkCamera({ url: cam.url("/elsewhere"), ...account })).status).toBe("stream_not_found");
  });

  it("finds nothing at a closed port, and refuses a malformed address", async () => {
    const gone = await startCameraStandIn({ paths: {} });
    const url = gone.url("/main");
    await gone.stop();
    expect(await checkCamera({ url })).toMatchObject({ status: "unreachable", reachable: false });
    expect((await checkCamera({ url: "ftp://127.0.0.1/x" })).status).toBe("invalid");
  });
});
