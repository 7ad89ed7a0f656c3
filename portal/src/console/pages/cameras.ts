// 摄像头 (issue 23): the cameras the signed-in staff member may see, their status and latest snapshot, a
// snapshot on demand and the live view (client/cameras.ts plays HLS with hls.js), and the form to add or
// change one. Passwords are never shown: the form leaves the field empty and an empty field keeps it.
import { html, type Html } from "../../server/render/html.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

export interface CameraItem {
  id: string;
  name: string;
  unitId: string | null;
  unitName: string | null;
  communityId: string | null;
  communityName: string | null;
  keyPartId: string | null;
  buildingId: string | null;
  placeLabel: string | null;
  rtspUrl: string;
  hasAccount: boolean;
  floor: number | null;
  directionDeg: number | null;
  detectEnabled: boolean;
  detectFps: number;
  /** shares 0-1 of the picture; null: all of it */
  detectRegion?: { x: number; y: number; width: number; height: number } | null;
  status: string;
  statusLabel: string;
  lastCheckAt: string | null;
  lastError: string | null;
  latestSnapshot: { url: string; takenAt: string } | null;
  links: { page: string };
}

export interface PlaceOption {
  value: string;
  label: string;
}

const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");
const placeOf = (c: CameraItem) =>
  [c.unitName ?? c.communityName, c.placeLabel, c.floor !== null ? `${c.floor} 层` : null].filter(Boolean).join(" · ");
const statusClass = (s: string) => (s === "ONLINE" ? "ok" : s === "OFFLINE" ? "bad" : "");

export function camerasBody(items: CameraItem[], canManage: boolean, places: PlaceOption[]): Html {
  return html`<p class="lead">共 ${items.length} 个摄像头。点“实时画面”观看现场，点“抓拍”留下一张现场照片；离线的摄像头标红。</p>
<table id="camera-table"><thead><tr><th>名称</th><th>位置</th><th>状态</th><th>最近检测</th><th>火情识别</th><th>最近抓拍</th><th>操作</th></tr></thead>
<tbody>${items.map(
    (c) => html`<tr data-camera="${c.id}"><td><a href="${c.links.page}">${c.name}</a></td><td>${placeOf(c) || "—"}</td>
<td class="${statusClass(c.status)}">${c.statusLabel}</td><td>${when(c.lastCheckAt)}</td><td>${c.detectEnabled ? `开启（每秒 ${c.detectFps} 帧${c.detectRegion ? "，部分画面" : ""}）` : "关闭"}</td>
<td>${c.latestSnapshot ? html`<img class="thumb" src="${c.latestSnapshot.url}" alt="${c.name} 抓拍 ${when(c.latestSnapshot.takenAt)}" width="160" loading="lazy">` : "—"}</td>
<td><a class="btn primary" href="${c.links.page}?live=1">实时画面</a> <button type="button" class="btn" data-snapshot="${c.id}">抓拍</button></td></tr>`,
  )}</tbody></table>
${items.length ? "" : html`<p>还没有登记摄像头。</p>`}
${canManage ? html`<h2>添加摄像头</h2>${cameraForm(null, places)}` : ""}`;
}

export function cameraBody(c: CameraItem, opts: { canManage: boolean; places: PlaceOption[]; live: boolean }): Html {
  return html`<section class="camera-view" aria-label="${c.name}">
<p class="big">${c.name} <span class="${statusClass(c.status)}">${c.statusLabel}</span></p>
<p>${placeOf(c) || "—"}${c.lastError && c.status === "OFFLINE" ? html`<br><span class="bad">最近一次检测：${c.lastError.slice(0, 120)}</span>` : ""}</p>
<div class="live" data-live-box="${c.id}"${opts.live ? html` data-autolive="1"` : ""}>
<video muted autoplay playsinline width="640" aria-label="${c.name} 实时画面"></video>
<p class="live-state" role="status">${opts.live ? "正在连接摄像头…" : ""}</p>
<p><button type="button" class="btn primary big-button" data-live="${c.id}">实时画面</button>
<button type="button" class="btn" data-live-stop="${c.id}">停止观看</button>
<button type="button" class="btn" data-snapshot="${c.id}">抓拍</button></p>
</div>
<figure class="snapshot"><img id="snapshot-${c.id}" src="${c.latestSnapshot?.url ?? ""}" alt="${c.name} 最近抓拍"${c.latestSnapshot ? "" : html` hidden`} width="640">
<figcaption>${c.latestSnapshot ? `最近抓拍：${when(c.latestSnapshot.takenAt)}` : "还没有抓拍"}</figcaption></figure>
</section>
${opts.canManage ? html`<h2>修改摄像头</h2>${cameraForm(c, opts.places)}<p><button type="button" class="btn danger" data-retire="${c.id}">停用此摄像头</button></p>` : ""}`;
}

/** The detect region's fields: name, label, the region's key, the smallest value (5 %: see MIN_REGION_SHARE). */
const REGION_FIELDS = [
  ["regionLeft", "距左边", "x", 0],
  ["regionTop", "距上边", "y", 0],
  ["regionWidth", "宽", "width", 5],
  ["regionHeight", "高", "height", 5],
] as const;
const percent = (share: number | undefined) => (share === undefined ? "" : String(Math.round(share * 1000) / 10));

function cameraForm(c: CameraItem | null, places: PlaceOption[]): Html {
  const place = c ? (c.unitId ? `unit:${c.unitId}` : `community:${c.communityId}`) : "";
  return html`<form class="camera-form" data-camera-form="${c?.id ?? ""}">
<label>名称 <input name="name" required maxlength="60" value="${c?.name ?? ""}"></label>
<label>所属单位或小区 <select name="place" required>${places.map((p) => html`<option value="${p.value}"${p.value === place ? html` selected` : ""}>${p.label}</option>`)}</select></label>
<label>位置描述 <input name="placeLabel" maxlength="100" value="${c?.placeLabel ?? ""}" placeholder="如：门诊楼一层大厅东侧"></label>
<label>楼层 <input name="floor" type="number" min="-10" max="200" value="${c?.floor ?? ""}"></label>
<label>朝向（度，正北为 0） <input name="directionDeg" type="number" min="0" max="359" value="${c?.directionDeg ?? ""}"></label>
<label>RTSP 地址（不含账号密码） <input name="rtspUrl" required maxlength="1024" value="${c?.rtspUrl ?? ""}" placeholder="rtsp://192.168.1.64:554/Streaming/Channels/102"></label>
<label>账号 <input name="username" maxlength="128" autocomplete="off" placeholder="${c?.hasAccount ? "已保存，留空不变" : ""}"></label>
<label>密码 <input name="password" type="password" maxlength="128" autocomplete="new-password" placeholder="${c?.hasAccount ? "已保存，留空不变" : ""}"></label>
<label><input name="detectEnabled" type="checkbox"${c?.detectEnabled ? html` checked` : ""}> 开启火焰和烟雾识别（疑似火情须人工确认）</label>
<label>识别帧率（每秒） <input name="detectFps" type="number" min="0.1" max="5" step="0.1" value="${c?.detectFps ?? 1}"></label>
<fieldset class="detect-region"><legend>识别区域（占画面的百分比，全部留空为整个画面；可避开夕阳照进的窗户、灯具）</legend>
${REGION_FIELDS.map(([name, label, key, min]) => html`<label>${label} <input name="${name}" type="number" min="${min}" max="100" step="0.1" inputmode="decimal" value="${percent(c?.detectRegion?.[key])}"></label>`)}
</fieldset>
<p><button class="btn primary" type="submit">${c ? "保存修改" : "添加"}</button> <span class="form-state" role="status"></span></p>
</form>`;
}
