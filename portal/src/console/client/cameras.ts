// The camera pages' and the command view's browser side (issue 23): 抓拍 takes a snapshot and shows it,
// 实时画面 asks the API for a viewer lease and plays the HLS stream with hls.js (renewing the lease while
// the page is open and giving it back when the page goes), and the form adds or changes a camera.
import Hls from "hls.js";
import { api, ApiError } from "./api.ts";

interface Lease {
  viewerId: string;
  leaseMs: number;
  playlist: string;
}

const say = (box: Element | null, text: string) => {
  const s = box?.querySelector<HTMLElement>(".live-state");
  if (s) s.textContent = text;
};
const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

const watching = new Map<string, { lease: Lease; timer: number; hls: Hls | null }>();

async function stop(cameraId: string): Promise<void> {
  const w = watching.get(cameraId);
  if (!w) return;
  watching.delete(cameraId);
  clearInterval(w.timer);
  w.hls?.destroy();
  await api(
    "DELETE",
    `/api/cameras/${encodeURIComponent(cameraId)}/live/${encodeURIComponent(w.lease.viewerId)}`,
  ).catch(() => undefined);
}

async function play(cameraId: string): Promise<void> {
  const box = document.querySelector(`[data-live-box="${CSS.escape(cameraId)}"]`);
  const video = box?.querySelector("video");
  if (!box || !video || watching.has(cameraId)) return;
  say(box, "正在连接摄像头…");
  try {
    const lease = await api<Lease>("POST", `/api/cameras/${encodeURIComponent(cameraId)}/live`);
    const renew = () =>
      api("PUT", `/api/cameras/${encodeURIComponent(cameraId)}/live/${encodeURIComponent(lease.viewerId)}`).catch(
        () => {
          // the stream ended (the camera dropped): start over
          void stop(cameraId).then(() => play(cameraId));
        },
      );
    const timer = window.setInterval(renew, Math.max(1000, lease.leaseMs / 3));
    let hls: Hls | null = null;
    if (Hls.isSupported()) {
      hls = new Hls({
        liveSyncDurationCount: 2,
        enableWorker: false,
        xhrSetup: (xhr) => xhr.setRequestHeader("x-anxin-csrf", "1"),
      });
      hls.on(Hls.Events.ERROR, (_e, d) => {
        if (d.fatal) say(box, `播放出错：${d.details}`);
      });
      hls.loadSource(lease.playlist);
      hls.attachMedia(video);
    } else video.src = lease.playlist; // Safari plays HLS itself
    watching.set(cameraId, { lease, timer, hls });
    video.addEventListener("playing", () => say(box, "实时画面播放中"), { once: true });
    await video.play().catch(() => undefined);
  } catch (e) {
    say(box, `无法打开实时画面：${message(e)}`);
  }
}

async function snapshot(button: HTMLButtonElement): Promise<void> {
  const id = button.dataset.snapshot!;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = "正在抓拍…";
  try {
    const s = await api<{ url: string }>("POST", `/api/cameras/${encodeURIComponent(id)}/snapshot`);
    const img =
      document.querySelector<HTMLImageElement>(`#snapshot-${CSS.escape(id)}`) ??
      document.querySelector<HTMLImageElement>(`tr[data-camera="${CSS.escape(id)}"] img`);
    if (img) {
      img.src = s.url;
      img.hidden = false;
    } else location.reload();
    button.textContent = "已抓拍";
  } catch (e) {
    button.textContent = `抓拍失败：${message(e)}`;
  } finally {
    button.disabled = false;
    setTimeout(() => (button.textContent = label), 4000);
  }
}

/** The detect region from its four percentage fields: all empty is the whole picture; a gap takes the rest. */
function region(num: (k: string) => number | null): { x: number; y: number; width: number; height: number } | null {
  const [left, top, width, height] = ["regionLeft", "regionTop", "regionWidth", "regionHeight"].map(num);
  if (left === null && top === null && width === null && height === null) return null;
  const x = left ?? 0;
  const y = top ?? 0;
  return { x: x / 100, y: y / 100, width: (width ?? 100 - x) / 100, height: (height ?? 100 - y) / 100 };
}

function formBody(form: HTMLFormElement): Record<string, unknown> {
  const f = new FormData(form);
  const text = (k: string) => String(f.get(k) ?? "").trim();
  const num = (k: string) => (text(k) === "" ? null : Number(text(k)));
  const [kind, placeId] = text("place").split(":");
  const body: Record<string, unknown> = {
    name: text("name"),
    unitId: kind === "unit" ? placeId : null,
    communityId: kind === "community" ? placeId : null,
    placeLabel: text("placeLabel") || null,
    floor: num("floor"),
    directionDeg: num("directionDeg"),
    rtspUrl: text("rtspUrl"),
    detectEnabled: f.get("detectEnabled") === "on",
    detectFps: num("detectFps") ?? 1,
    detectRegion: region(num),
  };
  // an empty account field keeps what is stored (it is never shown back)
  if (text("username")) body.username = text("username");
  if (String(f.get("password") ?? "")) body.password = String(f.get("password"));
  return body;
}

document.addEventListener("click", (ev) => {
  const t = ev.target as HTMLElement;
  const live = t.closest<HTMLButtonElement>("[data-live]");
  if (live) void play(live.dataset.live!);
  const halt = t.closest<HTMLButtonElement>("[data-live-stop]");
  if (halt) {
    const box = halt.closest("[data-live-box]");
    void stop(halt.dataset.liveStop!).then(() => say(box, "已停止观看"));
  }
  const snap = t.closest<HTMLButtonElement>("[data-snapshot]");
  if (snap) void snapshot(snap);
  const retire = t.closest<HTMLButtonElement>("[data-retire]");
  if (retire && confirm("确定停用此摄像头？停用后不再检测和识别，已有抓拍保留。"))
    void api("DELETE", `/api/cameras/${encodeURIComponent(retire.dataset.retire!)}`).then(
      () => (location.href = "/console/cameras"),
      (e: unknown) => alert(message(e)),
    );
});

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-camera-form]")) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = form.dataset.cameraForm;
    const state = form.querySelector(".form-state");
    if (state) state.textContent = "正在保存…";
    const call = id
      ? api<{ id: string }>("PUT", `/api/cameras/${encodeURIComponent(id)}`, formBody(form))
      : api<{ id: string }>("POST", "/api/cameras", formBody(form));
    call.then(
      (c) => (location.href = `/console/cameras/${encodeURIComponent(c.id)}`),
      (e: unknown) => {
        if (state) state.textContent = `保存失败：${message(e)}`;
      },
    );
  });
}

for (const box of document.querySelectorAll<HTMLElement>("[data-autolive]")) void play(box.dataset.liveBox!);

// leaving the page gives the leases back at once (the server would end them when they expire anyway)
window.addEventListener("pagehide", () => {
  for (const [id, w] of watching)
    void fetch(`/api/cameras/${encodeURIComponent(id)}/live/${encodeURIComponent(w.lease.viewerId)}`, {
      method: "DELETE",
      credentials: "same-origin",
      keepalive: true,
      headers: { "x-anxin-csrf": "1" },
    });
});
