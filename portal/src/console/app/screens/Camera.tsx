// One camera (issue 23): its status and place, 实时画面 (the server repackages the camera as HLS while a viewer
// holds a lease; client/live-view.ts plays it with hls.js and gives the lease back when the screen or the
// page goes), 抓拍 and the latest snapshot, and for those who manage cameras the form to change it and 停用
// (asked first). ?live=1 starts the live view at once, as the 119 hand-off's and the command view's links
// ask. GET /api/cameras/:id: another unit's camera is its 404, said here.
import { useEffect, useRef, useState } from "react";
import type { CameraPlaces, CameraSnapshot, CameraView } from "@anxin/contract/cameras";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { api } from "../../client/api.ts";
import { watchCamera, type LiveView } from "../../client/live-view.ts";
import { useConfirm } from "../components/ConfirmDialog.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { LoadError, Loading, Page, Pending } from "../components/Page.tsx";
import { useAction, useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate, pathId, useLocation } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { CameraForm, placeOf, SnapshotButton, statusClass, when } from "./camera-form.tsx";

export default function Camera() {
  const url = useLocation();
  const id = pathId(url.pathname);
  const session = useSession();
  const canManage = inRoleSet(ROLE_SETS.cameraManagers, session.role);
  const r = useResource<CameraView>(`/api/cameras/${encodeURIComponent(id)}`);
  const places = useResource<CameraPlaces>(canManage ? "/api/cameras/places" : null);
  useReady(Boolean(r.data) && (!canManage || Boolean(places.data ?? places.error)));
  if (r.error || !r.data)
    return (
      <>
        <p>
          <Link href="/console/cameras">返回摄像头列表</Link>
        </p>
        <Pending title="摄像头" error={r.error} />
      </>
    );
  const c = r.data;
  return (
    <Page title={`摄像头 · ${c.name}`}>
      <p>
        <Link href="/console/cameras">返回摄像头列表</Link>
      </p>
      <View key={c.id} camera={c} autoLive={url.searchParams.get("live") === "1"} />
      {canManage ? (
        <>
          <h2>修改摄像头</h2>
          {places.error ? (
            <LoadError error={places.error} />
          ) : places.data ? (
            <CameraForm camera={c} places={places.data} onSaved={() => r.reload()} />
          ) : (
            <Loading />
          )}
          <Retire camera={c} />
        </>
      ) : null}
    </Page>
  );
}

function View(props: { camera: CameraView; autoLive: boolean }) {
  const c = props.camera;
  const video = useRef<HTMLVideoElement>(null);
  const live = useRef<LiveView | null>(null);
  const [state, setState] = useState(props.autoLive ? "正在连接摄像头…" : "");
  const [snap, setSnap] = useState<CameraSnapshot | null>(null);
  const latest = snap ?? c.latestSnapshot;

  const play = () => {
    if (live.current || !video.current) return;
    live.current = watchCamera(c.id, video.current, setState);
  };
  const stop = () => {
    const v = live.current;
    live.current = null;
    if (v) void v.stop().then(() => setState("已停止观看"));
  };

  useEffect(() => {
    if (props.autoLive && video.current && !live.current) live.current = watchCamera(c.id, video.current, setState);
    // leaving the page gives the lease back at once (the server would end it when it expires anyway)
    const release = () => live.current?.release();
    window.addEventListener("pagehide", release);
    return () => {
      window.removeEventListener("pagehide", release);
      void live.current?.stop();
      live.current = null;
    };
    // once per camera (the screen is keyed by it)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section className="camera-view" aria-label={c.name}>
      <p className="big">
        {c.name} <span className={statusClass(c.status)}>{c.statusLabel}</span>
      </p>
      <p>
        {placeOf(c) || "—"}
        {c.lastError && c.status === "OFFLINE" ? (
          <>
            <br />
            <span className="bad">最近一次检测：{c.lastError.slice(0, 120)}</span>
          </>
        ) : null}
      </p>
      <div className="live" data-live-box={c.id}>
        <video ref={video} muted autoPlay playsInline width={640} aria-label={`${c.name} 实时画面`} />
        <p className="live-state" role="status">
          {state}
        </p>
        <p>
          <button type="button" className="btn primary big-button" data-live={c.id} onClick={play}>
            实时画面
          </button>{" "}
          <button type="button" className="btn" data-live-stop={c.id} onClick={stop}>
            停止观看
          </button>{" "}
          <SnapshotButton cameraId={c.id} onTaken={setSnap} />
        </p>
      </div>
      <figure className="snapshot">
        <img id={`snapshot-${c.id}`} src={latest?.url} alt={`${c.name} 最近抓拍`} hidden={!latest} width={640} />
        <figcaption>{latest ? `最近抓拍：${when(latest.takenAt)}` : "还没有抓拍"}</figcaption>
      </figure>
    </section>
  );
}

/** 停用: asked first; the snapshots stay with their alarms. */
function Retire(props: { camera: CameraView }) {
  const a = useAction();
  const { ask, dialog } = useConfirm();
  const retire = async () => {
    const yes = await ask(
      [`确定停用摄像头“${props.camera.name}”？`, "停用后不再检测和识别，已有抓拍保留。"],
      "停用此摄像头",
    );
    if (!yes) return;
    const done = await a.run(() => api<null>("DELETE", `/api/cameras/${encodeURIComponent(props.camera.id)}`));
    if (done !== undefined) navigate("/console/cameras");
  };
  return (
    <>
      <p>
        <button
          type="button"
          className="btn danger"
          data-retire={props.camera.id}
          disabled={a.busy}
          onClick={() => void retire()}
        >
          停用此摄像头
        </button>
      </p>
      <ActionNotice action={a} />
      {dialog}
    </>
  );
}
