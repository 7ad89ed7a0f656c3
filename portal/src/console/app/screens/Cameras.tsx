// 摄像头 (issue 23): the cameras the signed-in staff member may see (GET /api/cameras: the API decides whose),
// their status and latest snapshot, 抓拍 for a snapshot now, 实时画面 (one camera's screen, playing at once),
// and for those who manage cameras the form to add one in the places GET /api/cameras/places offers.
import { useState } from "react";
import type { CameraPlaces, CameraSnapshot, CameraView } from "@anxin/contract/cameras";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { CardTable, Cell, EmptyRow, headCells, Row } from "../components/DataTable.tsx";
import { LoadError, Loading, Page, Pending } from "../components/Page.tsx";
import { useResource } from "../lib/hooks.ts";
import { useReady } from "../lib/ready.ts";
import { Link, navigate } from "../lib/router.tsx";
import { useSession } from "../session.ts";
import { CameraForm, cameraPath, placeOf, SnapshotButton, statusClass, when } from "./camera-form.tsx";

const TITLE = "摄像头";
const HEADS = ["名称", "位置", "状态", "最近检测", "火情识别", "最近抓拍", "操作"];

export default function Cameras() {
  const session = useSession();
  const canManage = inRoleSet(ROLE_SETS.cameraManagers, session.role);
  const list = useResource<{ items: CameraView[] }>("/api/cameras");
  const places = useResource<CameraPlaces>(canManage ? "/api/cameras/places" : null);
  useReady(Boolean(list.data) && (!canManage || Boolean(places.data ?? places.error)));
  if (list.error || !list.data) return <Pending title={TITLE} error={list.error} />;
  const items = list.data.items;
  return (
    <Page title={TITLE}>
      <p className="lead">
        共 {items.length} 个摄像头。点“实时画面”观看现场，点“抓拍”留下一张现场照片；离线的摄像头标红。
      </p>
      <CardTable id="camera-table" caption={<caption className="sr-only">摄像头列表</caption>} head={headCells(HEADS)}>
        {items.length ? (
          items.map((c) => <CameraRow key={c.id} camera={c} />)
        ) : (
          <EmptyRow span={HEADS.length}>还没有登记摄像头。</EmptyRow>
        )}
      </CardTable>
      {canManage ? (
        <>
          <h2>添加摄像头</h2>
          {places.error ? (
            <LoadError error={places.error} />
          ) : places.data ? (
            <CameraForm camera={null} places={places.data} onSaved={(c) => navigate(cameraPath(c.id))} />
          ) : (
            <Loading />
          )}
        </>
      ) : null}
    </Page>
  );
}

function CameraRow(props: { camera: CameraView }) {
  const c = props.camera;
  const [snap, setSnap] = useState<CameraSnapshot | null>(null);
  const latest = snap ?? c.latestSnapshot;
  return (
    <Row data-camera={c.id}>
      <Cell label="名称">
        <Link href={cameraPath(c.id)}>{c.name}</Link>
      </Cell>
      <Cell label="位置">{placeOf(c) || "—"}</Cell>
      <Cell label="状态" className={statusClass(c.status)}>
        {c.statusLabel}
      </Cell>
      <Cell label="最近检测">{when(c.lastCheckAt)}</Cell>
      <Cell label="火情识别">
        {c.detectEnabled ? `开启（每秒 ${c.detectFps} 帧${c.detectRegion ? "，部分画面" : ""}）` : "关闭"}
      </Cell>
      <Cell label="最近抓拍">
        {latest ? (
          <img
            className="thumb"
            src={latest.url}
            alt={`${c.name} 抓拍 ${when(latest.takenAt)}`}
            width={160}
            loading="lazy"
          />
        ) : (
          "—"
        )}
      </Cell>
      <Cell label="操作">
        <Link className="btn primary" href={`${cameraPath(c.id)}?live=1`}>
          实时画面
        </Link>{" "}
        <SnapshotButton cameraId={c.id} onTaken={setSnap} />
      </Cell>
    </Row>
  );
}
