// 实时画面 (issue 23), for the console app's camera screen and the command view alike: asks the API for a viewer
// lease, plays the camera's HLS stream in a <video> with hls.js (Safari plays HLS itself), renews the lease
// while watched (a refused renewal means the stream ended: it starts over) and gives it back when stopped.
// Nothing runs on import.
import Hls from "hls.js";
import type { LiveLease } from "@anxin/contract/cameras";
import { api, ApiError } from "./api.ts";

export interface LiveView {
  /** stops playing and gives the lease back */
  stop(): Promise<void>;
  /** gives the lease back as the page goes away (a keepalive request; nothing to wait for) */
  release(): void;
}

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));
const leasePath = (cameraId: string, viewerId: string) =>
  `/api/cameras/${encodeURIComponent(cameraId)}/live/${encodeURIComponent(viewerId)}`;

/** Plays the camera in the video; say() is told each state in words (connecting, playing, the error). */
export function watchCamera(cameraId: string, video: HTMLVideoElement, say: (text: string) => void): LiveView {
  let current: { lease: LiveLease; timer: number; hls: Hls | null } | null = null;
  let stopped = false;

  const end = async () => {
    const w = current;
    current = null;
    if (!w) return;
    clearInterval(w.timer);
    w.hls?.destroy();
    await api("DELETE", leasePath(cameraId, w.lease.viewerId)).catch(() => undefined);
  };

  const start = async (): Promise<void> => {
    say("正在连接摄像头…");
    try {
      const lease = await api<LiveLease>("POST", `/api/cameras/${encodeURIComponent(cameraId)}/live`);
      if (stopped) {
        await api("DELETE", leasePath(cameraId, lease.viewerId)).catch(() => undefined);
        return;
      }
      const renew = () =>
        api("PUT", leasePath(cameraId, lease.viewerId)).catch(() => {
          // the stream ended (the camera dropped): start over
          void end().then(() => (stopped ? undefined : start()));
        });
      const timer = window.setInterval(renew, Math.max(1000, lease.leaseMs / 3));
      let hls: Hls | null = null;
      if (Hls.isSupported()) {
        hls = new Hls({
          liveSyncDurationCount: 2,
          enableWorker: false,
          xhrSetup: (xhr) => xhr.setRequestHeader("x-anxin-csrf", "1"),
        });
        hls.on(Hls.Events.ERROR, (_e, d) => {
          if (d.fatal) say(`播放出错：${d.details}`);
        });
        hls.loadSource(lease.playlist);
        hls.attachMedia(video);
      } else video.src = lease.playlist;
      current = { lease, timer, hls };
      video.addEventListener("playing", () => say("实时画面播放中"), { once: true });
      await video.play().catch(() => undefined);
    } catch (e) {
      say(`无法打开实时画面：${message(e)}`);
    }
  };

  void start();
  return {
    stop: () => {
      stopped = true;
      return end();
    },
    release: () => {
      stopped = true;
      const w = current;
      if (!w) return;
      clearInterval(w.timer);
      void fetch(leasePath(cameraId, w.lease.viewerId), {
        method: "DELETE",
        credentials: "same-origin",
        keepalive: true,
        headers: { "x-anxin-csrf": "1" },
      });
    },
  };
}
