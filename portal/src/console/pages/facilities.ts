// 消防设施 (issue 15): a community's or unit's fire facilities — water tanks and pools, pumps, hydrants, pipe
// ends, electrical fire monitors, gas detectors, call points, sounders — each with its current values against
// their limits, whether it is online, its open alarms, and a chart per measurement (drawn by the page script
// from the readings API); hydrants with coordinates on a map, green when they work, red when not.
import { html, raw, type Html } from "../../server/render/html.ts";
import type { FacilityDevice } from "../../../../api/src/modules/sensors/sensor-queries.ts";
import { KIND_LABEL } from "../../../../api/src/modules/alarms/alarm.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

const KIND: Record<string, string> = {
  WATER_LEVEL: "消防水箱/水池液位",
  PUMP: "消防水泵",
  HYDRANT_PRESSURE: "消火栓水压",
  PIPE_PRESSURE: "管网末端压力",
  ELECTRICAL_FIRE: "电气火灾监控",
  GAS_DETECTOR: "可燃气体探测器",
  MANUAL_CALL_POINT: "手动报警按钮",
  SOUND_LIGHT: "声光警报器",
};
const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");

export interface FacilityPlace {
  kind: "community" | "unit";
  id: string;
  name: string;
}

export function facilitiesBody(
  places: FacilityPlace[],
  current: FacilityPlace | null,
  devices: FacilityDevice[],
  tiles: string | undefined,
): Html {
  const hydrants = devices
    .filter((d) => d.kind === "HYDRANT_PRESSURE" && d.latitude !== null && d.longitude !== null)
    .map((d) => ({
      id: d.id,
      name: d.name ?? d.place,
      latitude: d.latitude,
      longitude: d.longitude,
      working: d.online && d.openAlarms.length === 0 && d.points.every((p) => p.within),
    }));
  const alarmCount = devices.reduce((n, d) => n + d.openAlarms.length, 0);
  return html`<form class="filters" method="get" action="/console/facilities">
<label for="place">场所</label>
<select id="place" name="place">${places.map((p) => html`<option value="${p.kind}:${p.id}"${current && p.id === current.id ? raw(" selected") : ""}>${p.kind === "unit" ? "单位" : "小区"} · ${p.name}</option>`)}</select>
<button type="submit" class="btn primary">查看</button>
</form>
${current ? "" : html`<p class="notice">没有可查看的场所。</p>`}
<p class="summary">共 ${devices.length} 台设施设备，${alarmCount ? html`<strong class="bad">${alarmCount} 条未关闭报警</strong>` : html`<span class="ok">无未关闭报警</span>`}</p>
<table id="facility-table"><thead><tr><th>设备</th><th>类型</th><th>位置</th><th>在线</th><th>当前值</th><th>未关闭报警</th><th>最后上报</th></tr></thead>
<tbody>${devices.map(
    (d) => html`<tr><td>${d.name ?? d.id}</td><td>${KIND[d.kind] ?? d.kind}</td><td>${d.place || "—"}</td>
<td class="${d.online ? "ok" : "bad"}">${d.online ? "在线" : "离线"}</td>
<td>${d.points.length ? d.points.map((p) => html`<div class="${p.within ? "ok" : "bad"}">${p.label} ${p.text}${p.within ? "" : "（超限）"}</div>`) : "—"}</td>
<td>${d.openAlarms.length ? d.openAlarms.map((a) => html`<div class="bad">${KIND_LABEL[a.kind as keyof typeof KIND_LABEL] ?? a.kind}</div>`) : "无"}</td>
<td>${when(d.lastSeenAt)}</td></tr>`,
  )}</tbody></table>
<h2>消火栓分布</h2>
<div id="hydrant-map" class="map" data-tiles="${tiles ?? ""}" role="region" aria-label="消火栓分布图：绿色可用，红色不可用（离线、水压超限或有报警）"></div>
<ul class="hydrant-list">${hydrants.map((h) => html`<li class="${h.working ? "ok" : "bad"}">${h.name}：${h.working ? "可用" : "不可用"}</li>`)}</ul>
<script type="application/json" id="hydrant-data">${raw(JSON.stringify(hydrants).replace(/</g, "\\u003c"))}</script>
<h2>监测曲线（近 24 小时）</h2>
<div class="grid2">${devices.flatMap((d) =>
    d.points.map(
      (p) => html`<section class="chart-card"><h3>${d.name ?? d.id} · ${p.label}（${p.unit || "—"}）</h3>
<div class="chart" data-series="/api/sensors/devices/${encodeURIComponent(d.id)}/points/${encodeURIComponent(p.point)}/series?range=24h" role="img" aria-label="${d.name ?? d.id} ${p.label} 近 24 小时曲线"></div></section>`,
    ),
  )}</div>`;
}
