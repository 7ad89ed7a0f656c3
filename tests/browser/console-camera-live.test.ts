// The live view in a real browser (issue 23): a camera (the local RTSP stand-in) is repackaged to HLS by
// the server when the page asks to watch; hls.js in headless Chromium plays it in a <video> element that
// really advances; when the page goes away its lease runs out and the ffmpeg process stops. The page here
// is a minimal stand-in for the console's camera panel, served with the same HlsStreams.get() interface
// the console route will use. Runs with the console's browser suite (portal/vitest.console.config.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext } from "playwright-core";
import { startCameraStandIn, type CameraStandIn } from "../../api/stand-ins/camera/index.ts";
import { HlsStreams } from "../../api/src/integrations/video/index.ts";
import { browserUnavailable, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS } from "./portal-browser.ts";

const unavailable = browserUnavailable();
if (unavailable && process.env.CI === "true")
  throw new Error(`camera browser test cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`camera browser test skipped: ${unavailable}`);

const hlsJs = readFileSync(createRequire(import.meta.url).resolve("hls.js/dist/hls.min.js"));
const account = { username: "console", password: "Live-V1ew" };

const PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>实时画面</title>
<body style="font-size:20px"><h1>1号楼 楼道 实时画面</h1><video id="v" muted autoplay playsinline width="640"></video>
<p id="state">正在连接…</p><script src="/hls.js"></script><script>
(async () => {
  const r = await fetch('/api/cameras/cam-1/live', { method: 'POST' });
  const { viewerId, leaseMs } = await r.json();
  setInterval(() => fetch('/api/cameras/cam-1/live/' + viewerId, { method: 'PUT' }), leaseMs / 3);
  const hls = new Hls({ liveSyncDurationCount: 2 });
  hls.loadSource('/api/cameras/cam-1/hls/index.m3u8');
  hls.attachMedia(document.getElementById('v'));
  hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) document.getElementById('state').textContent = '播放出错：' + d.details; });
})();
</script></body></html>`;

let cam: CameraStandIn;
let hls: HlsStreams;
let server: http.Server;
let base = "";

beforeAll(async () => {
  if (unavailable) return;
  cam = await startCameraStandIn({
    paths: { "/stair": { source: "testsrc" } },
    auth: { scheme: "digest", ...account },
  });
  hls = new HlsStreams({ leaseMs: 3000, sweepMs: 250, maxStreams: 2 });
  server = http.createServer((req, res) => void route(req, res));
  server.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await hls?.close();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  await cam?.stop();
});

async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  const send = (status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { "content-type": type });
    res.end(body);
  };
  if (url === "/") return send(200, "text/html; charset=utf-8", PAGE);
  if (url === "/hls.js") return send(200, "text/javascript", hlsJs);
  if (url === "/api/cameras/cam-1/live" && req.method === "POST") {
    const lease = await hls.watch("cam-1", { url: cam.url("/stair"), ...account });
    return send(200, "application/json", JSON.stringify(lease));
  }
  const renew = /^\/api\/cameras\/cam-1\/live\/([\w-]+)$/.exec(url);
  if (renew && req.method === "PUT") return send(hls.renew("cam-1", renew[1]!) ? 204 : 404, "text/plain", "");
  const file = /^\/api\/cameras\/cam-1\/hls\/([\w.-]+)$/.exec(url);
  const found = file ? await hls.get("cam-1", file[1]!) : null;
  if (found) {
    res.writeHead(200, { "content-type": found.contentType, "cache-control": found.cacheControl });
    return void res.end(found.body);
  }
  send(404, "text/plain", "not found");
}

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(unavailable !== null)("camera live view in Chromium", () => {
  it("plays the camera in a video element, and the stream stops after the page leaves", async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-camera-"));
    const context: BrowserContext = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(base);
      type State = { t: number; w: number; h: number; paused: boolean; frames: number };
      // page.$eval passes the element itself, so no DOM types are needed on this side
      const state = () =>
        page.$eval("#v", (el) => {
          const v = el as unknown as {
            currentTime: number;
            videoWidth: number;
            videoHeight: number;
            paused: boolean;
            getVideoPlaybackQuality(): { totalVideoFrames: number };
          };
          const frames = v.getVideoPlaybackQuality().totalVideoFrames;
          return { t: v.currentTime, w: v.videoWidth, h: v.videoHeight, paused: v.paused, frames };
        }) as Promise<State>;
      await until("the video to play for a second", async () => (await state()).t > 1);
      const first = await state();
      await until("the video to keep advancing", async () => (await state()).t > first.t + 1);
      const playing = await state();
      expect(playing).toMatchObject({ w: 320, h: 240, paused: false });
      expect(playing.frames).toBeGreaterThan(10);
      expect(await page.textContent("#state")).toBe("正在连接…");
      expect(errors).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, "camera-live-view.png") });
      expect(hls.running()).toEqual(["cam-1"]);
      await page.close();
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    // no page renews the lease any more: the stream and its ffmpeg process stop
    await until("the stream to stop", () => hls.running().length === 0);
  });
});
