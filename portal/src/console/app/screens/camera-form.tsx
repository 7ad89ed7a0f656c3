// The camera register's words and its form (issue 23), shared by 摄像头 (the list, which adds) and one camera's
// screen (which changes it). An account is never shown back: the account fields stay empty, and an empty
// field keeps what is stored. The detect region is typed as percentages of the picture (all empty: the whole
// picture); the API checks it is inside the picture and large enough, and says so beside the fields.
import { useState, type FormEvent } from "react";
import type { CameraBody, CameraPlaces, CameraSnapshot, CameraView } from "@anxin/contract/cameras";
import { countyLocaleString } from "@anxin/contract/county-time";
import { api } from "../../client/api.ts";
import { Field } from "../components/Field.tsx";
import { ActionNotice } from "../components/Notice.tsx";
import { fieldErrors, useAction } from "../lib/hooks.ts";

export const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");
export const placeOf = (c: CameraView) =>
  [c.unitName ?? c.communityName, c.placeLabel, c.floor !== null ? `${c.floor} 层` : null].filter(Boolean).join(" · ");
export const statusClass = (s: string) => (s === "ONLINE" ? "ok" : s === "OFFLINE" ? "bad" : undefined);
export const cameraPath = (id: string) => `/console/cameras/${encodeURIComponent(id)}`;

/** The detect region's fields: name, label, the region's key, the smallest value (5 %: the API's minimum). */
const REGION_FIELDS = [
  ["regionLeft", "距左边", "x", 0],
  ["regionTop", "距上边", "y", 0],
  ["regionWidth", "宽", "width", 5],
  ["regionHeight", "高", "height", 5],
] as const;
const percent = (share: number | undefined) => (share === undefined ? "" : String(Math.round(share * 1000) / 10));

/** The detect region from its four percentage fields: all empty is the whole picture; a gap takes the rest. */
function region(num: (k: string) => number | null): CameraBody["detectRegion"] {
  const [left, top, width, height] = ["regionLeft", "regionTop", "regionWidth", "regionHeight"].map(num);
  if (left === null && top === null && width === null && height === null) return null;
  const x = left ?? 0;
  const y = top ?? 0;
  return { x: x / 100, y: y / 100, width: (width ?? 100 - x) / 100, height: (height ?? 100 - y) / 100 };
}

function bodyOf(form: HTMLFormElement): CameraBody {
  const f = new FormData(form);
  const text = (k: string) => String(f.get(k) ?? "").trim();
  const num = (k: string) => (text(k) === "" ? null : Number(text(k)));
  const [kind, placeId] = text("place").split(":");
  const body: CameraBody = {
    name: text("name"),
    unitId: kind === "unit" ? (placeId ?? null) : null,
    communityId: kind === "community" ? (placeId ?? null) : null,
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

export function CameraForm(props: {
  camera: CameraView | null;
  places: CameraPlaces;
  onSaved: (c: CameraView) => void;
}) {
  const c = props.camera;
  const a = useAction();
  const errors = fieldErrors(a.error);
  // the place is one choice here, two fields in the API
  const placeError = errors.unitId ?? errors.communityId;
  if (placeError) errors.place = placeError;
  const regionError = errors.detectRegion;
  const idp = c ? "camera-edit" : "camera-new";
  const place = c ? (c.unitId ? `unit:${c.unitId}` : `community:${c.communityId ?? ""}`) : "";
  const options = [
    ...props.places.units.map((u) => ({ value: `unit:${u.id}`, label: `单位：${u.name}` })),
    ...props.places.communities.map((x) => ({ value: `community:${x.id}`, label: `小区：${x.name}` })),
  ];
  const saved = c ? "已保存修改" : "已添加摄像头";
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const body = bodyOf(form);
    void a
      .run(
        () =>
          c
            ? api<CameraView>("PUT", `/api/cameras/${encodeURIComponent(c.id)}`, body)
            : api<CameraView>("POST", "/api/cameras", body),
        saved,
      )
      .then((r) => {
        if (!r) return;
        // the account is stored sealed: nothing typed stays in the page once saved
        for (const name of ["username", "password"]) {
          const input = form.elements.namedItem(name);
          if (input instanceof HTMLInputElement) input.value = "";
        }
        props.onSaved(r);
      });
  };
  const account = c?.hasAccount ? "已保存，留空不变" : undefined;
  return (
    <form
      className="form-grid camera-form"
      id={`${idp}-form`}
      aria-label={c ? "修改摄像头" : "添加摄像头"}
      onSubmit={submit}
    >
      <Field label="名称" name="name" errors={errors}>
        <input id={`${idp}-name`} required maxLength={60} defaultValue={c?.name ?? ""} />
      </Field>
      <Field label="所属单位或小区" name="place" errors={errors}>
        <select id={`${idp}-place`} required defaultValue={place || undefined}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="位置描述" name="placeLabel" errors={errors}>
        <input
          id={`${idp}-placeLabel`}
          maxLength={100}
          defaultValue={c?.placeLabel ?? ""}
          placeholder="如：门诊楼一层大厅东侧"
        />
      </Field>
      <Field label="楼层" name="floor" errors={errors}>
        <input id={`${idp}-floor`} type="number" min={-10} max={200} defaultValue={c?.floor ?? ""} />
      </Field>
      <Field label="朝向（度，正北为 0）" name="directionDeg" errors={errors}>
        <input id={`${idp}-directionDeg`} type="number" min={0} max={359} defaultValue={c?.directionDeg ?? ""} />
      </Field>
      <Field label="RTSP 地址（不含账号密码）" name="rtspUrl" errors={errors}>
        <input
          id={`${idp}-rtspUrl`}
          required
          maxLength={1024}
          defaultValue={c?.rtspUrl ?? ""}
          placeholder="rtsp://192.168.1.64:554/Streaming/Channels/102"
        />
      </Field>
      <Field label="账号" name="username" errors={errors}>
        <input id={`${idp}-username`} maxLength={128} autoComplete="off" placeholder={account} />
      </Field>
      <Field label="密码" name="password" errors={errors}>
        <input
          id={`${idp}-password`}
          type="password"
          maxLength={128}
          autoComplete="new-password"
          placeholder={account}
        />
      </Field>
      <Field label="识别帧率（每秒）" name="detectFps" errors={errors}>
        <input id={`${idp}-detectFps`} type="number" min={0.1} max={5} step={0.1} defaultValue={c?.detectFps ?? 1} />
      </Field>
      <label className="check">
        <input name="detectEnabled" type="checkbox" defaultChecked={c?.detectEnabled ?? false} />{" "}
        开启火焰和烟雾识别（疑似火情须人工确认）
      </label>
      <fieldset
        className="detect-region"
        aria-invalid={regionError ? true : undefined}
        aria-describedby={regionError ? `${idp}-region-error` : undefined}
      >
        <legend>识别区域（占画面的百分比，全部留空为整个画面；可避开夕阳照进的窗户、灯具）</legend>
        {REGION_FIELDS.map(([name, label, key, min]) => (
          <label key={name}>
            {label}{" "}
            <input
              name={name}
              type="number"
              min={min}
              max={100}
              step={0.1}
              inputMode="decimal"
              defaultValue={percent(c?.detectRegion?.[key])}
            />
          </label>
        ))}
        {regionError ? (
          <small id={`${idp}-region-error`} className="field-error" role="alert">
            {regionError}
          </small>
        ) : null}
      </fieldset>
      <p className="form-result">
        <button className="btn primary" type="submit" disabled={a.busy}>
          {c ? "保存修改" : "添加"}
        </button>{" "}
        {a.busy ? <span role="status">正在保存…</span> : null}
      </p>
      <ActionNotice action={a} />
    </form>
  );
}

/** 抓拍: a snapshot now (within 8 s); the button says how it went for a few seconds. */
export function SnapshotButton(props: { cameraId: string; onTaken: (s: CameraSnapshot) => void }) {
  const [state, setState] = useState<{ busy: boolean; text: string | null }>({ busy: false, text: null });
  const take = async () => {
    setState({ busy: true, text: "正在抓拍…" });
    try {
      const s = await api<CameraSnapshot>("POST", `/api/cameras/${encodeURIComponent(props.cameraId)}/snapshot`);
      props.onTaken(s);
      setState({ busy: false, text: "已抓拍" });
    } catch (e) {
      setState({ busy: false, text: `抓拍失败：${e instanceof Error ? e.message : String(e)}` });
    }
    setTimeout(() => setState((x) => (x.busy ? x : { busy: false, text: null })), 4000);
  };
  return (
    <button
      type="button"
      className="btn"
      data-snapshot={props.cameraId}
      disabled={state.busy}
      aria-live="polite"
      onClick={() => void take()}
    >
      {state.text ?? "抓拍"}
    </button>
  );
}
