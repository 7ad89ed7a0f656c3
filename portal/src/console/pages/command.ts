// The monitoring centre's command view (issue 17 item 4): a wall display at 1920x1080, read from across a
// room. Left: the county's units on a map, coloured by state (火警 red, 故障 amber, 离线 grey, 未接入 an empty
// ring, 正常 green: green only when a device of the unit is online and nothing is open, centre/command-view.ts
// unitState), each with its name and the state in words (colour is never the only sign). Middle: the live feed of open
// unit alarms, fire signals first, each a link that selects it. Right: the selected alarm's unit file
// (building, floor, key part, people and phones, facilities, hydrants, cameras) and its timeline. The page
// is rendered on the server (readable without JavaScript); with JavaScript it brings itself up to date every
// few seconds in place (client/command.ts: no page reload, a button to pause it, WCAG 2.2.1), where a
// <meta http-equiv="refresh"> reloaded the whole page and could not be stopped.
import { html, raw, type Html } from "../../server/render/html.ts";
import { placeLabels } from "./map-labels.ts";
import type { AlarmFile, BoardAlarm, MapUnit } from "@anxin/api";
import { countyLocaleTimeString } from "@anxin/contract/county-time";
import { ALARM_SOURCE_LABEL, UNIT_STATE_LABEL } from "@anxin/contract/labels";

/** how often the wall brings itself up to date, seconds (?refresh=<2-300>; ?refresh=0: it holds still) */
export const COMMAND_REFRESH_SEC = 5;

type UnitState = keyof typeof UNIT_STATE_LABEL;
/** worst first: the legend's order, the list of units not normal, and which dot is drawn over which */
const STATES: UnitState[] = ["FIRE", "FAULT", "OFFLINE", "UNCONNECTED", "NORMAL"];
const RANK: Record<string, number> = Object.fromEntries(STATES.map((s, i) => [s, i]));
const STATE_CLASS: Record<UnitState, string> = {
  FIRE: "s-fire",
  FAULT: "s-fault",
  OFFLINE: "s-offline",
  UNCONNECTED: "s-unconnected",
  NORMAL: "s-normal",
};
/** a dot's fill and edge on the map: a unit not connected is an empty ring (nothing there to watch) */
const DOT: Record<UnitState, { fill: string; stroke: string; dash?: string }> = {
  FIRE: { fill: "#b71c1c", stroke: "#fff" },
  FAULT: { fill: "#ef6c00", stroke: "#fff" },
  OFFLINE: { fill: "#757575", stroke: "#fff" },
  UNCONNECTED: { fill: "#fff", stroke: "#37474f", dash: "4 3" },
  NORMAL: { fill: "#2e7d32", stroke: "#fff" },
};

const time = (iso: string | null) => (iso ? countyLocaleTimeString(iso, { hour12: false }) : "—");

const STYLE = raw(`<style>
:root { font-size: 24px; }
body[data-page="command"] { font-size: 1rem; }
body[data-page="command"] main { max-width: none; padding: 0.6rem 1rem; }
body[data-page="command"] h1 { font-size: 1.6rem; margin: 0 0 0.4rem; }
.cmd-refresh { margin: 0 0 0.4rem; display: flex; gap: 0.8rem; align-items: center; font-size: 1rem; }
.cmd-refresh .btn { font-size: 1rem; }
.cmd { display: grid; grid-template-columns: 34% 28% 1fr; gap: 0.6rem; height: calc(100vh - 6.4rem); min-height: 24rem; }
.cmd section { background: #fff; border: 1px solid #c5cad3; border-radius: 8px; padding: 0.6rem 0.8rem; overflow: auto; }
.cmd h2 { font-size: 1.3rem; margin: 0 0 0.5rem; }
.cmd svg { width: 100%; height: auto; background: #eef2f6; border-radius: 6px; }
.cmd svg text { font-size: 24px; fill: #111; paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.cmd svg text.fire-label { font-weight: 700; fill: #8e0000; stroke-width: 0; }
.cmd svg rect.fire-tag { fill: #fff; stroke: #b71c1c; stroke-width: 3px; }
.legend { display: flex; gap: 1rem; flex-wrap: wrap; margin: 0.4rem 0 0; padding: 0; list-style: none; font-size: 1.05rem; }
.chip { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-weight: 700; }
.s-fire { background: #b71c1c; color: #fff; }
.s-fault { background: #ffe0b2; color: #5d3200; }
.s-offline { background: #e0e0e0; color: #262626; }
.s-unconnected { background: #fff; color: #263238; border: 2px dashed #37474f; }
.s-normal { background: #dcefdc; color: #14451a; }
.feed { list-style: none; margin: 0; padding: 0; }
.feed li { margin: 0 0 0.5rem; }
.feed a { display: block; padding: 0.5rem 0.6rem; border-radius: 6px; border: 2px solid #c5cad3; color: #111; text-decoration: none; }
.feed a.fire { border-color: #b71c1c; background: #fdecea; }
.feed a[aria-current="true"] { outline: 4px solid #0d47a1; }
.feed .k { font-size: 1.25rem; font-weight: 700; }
.feed .u { font-size: 1.1rem; }
.feed .m { font-size: 0.95rem; color: #333; }
.file dl { display: grid; grid-template-columns: 5rem 1fr; gap: 0.2rem 0.6rem; margin: 0 0 0.6rem; }
.file dt { font-weight: 700; color: #333; }
.file dd { margin: 0; }
.file .big { font-size: 1.5rem; font-weight: 700; color: #8e0000; }
.file ul { margin: 0 0 0.5rem; padding-left: 1.2rem; }
.timeline { list-style: none; padding: 0; margin: 0; font-size: 0.85rem; }
.timeline li { border-left: 4px solid #90a4ae; padding: 0.15rem 0 0.15rem 0.6rem; margin-bottom: 0.25rem; }
.timeline time { font-weight: 700; margin-right: 0.4rem; }
</style>`);

/** Units placed by their coordinates inside the box that holds them all (no tiles needed on the wall). */
function mapSvg(units: MapUnit[]): Html {
  const placed = units.filter((u) => u.latitude !== null && u.longitude !== null);
  const W = 640;
  const H = 520;
  const pad = 60;
  const lats = placed.map((u) => u.latitude!);
  const lngs = placed.map((u) => u.longitude!);
  const [minLat, maxLat, minLng, maxLng] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  const x = (lng: number) => (maxLng > minLng ? pad + ((lng - minLng) / (maxLng - minLng)) * (W - 2 * pad) : W / 2);
  const y = (lat: number) => (maxLat > minLat ? H - pad - ((lat - minLat) / (maxLat - minLat)) * (H - 2 * pad) : H / 2);
  const summary = units.map((u) => `${u.name}：${u.stateLabel}`).join("；");
  const dots = placed.map((u) => ({
    x: x(u.longitude!),
    y: y(u.latitude!),
    r: u.state === "FIRE" ? 18 : 12,
    text: `${u.name} · ${u.stateLabel}`,
    rank: RANK[u.state] ?? STATES.length,
  }));
  const labels = new Map(placeLabels(dots, { w: W, h: H, fontPx: FONT_PX }).map((l) => [l.dot, l]));
  // the unit on fire last: drawn over its neighbours' dots, its name in a red-edged tag over everything
  const order = placed.map((_, i) => i).sort((a, b) => dots[b]!.rank - dots[a]!.rank || a - b);
  const fireTag = (i: number) => {
    const l = labels.get(i);
    if (!l || placed[i]!.state !== "FIRE") return "";
    const b = l.box;
    return html`<rect class="fire-tag" x="${(b.x0 - 4).toFixed(1)}" y="${(b.y0 - 2).toFixed(1)}" width="${(b.x1 - b.x0 + 8).toFixed(1)}" height="${(b.y1 - b.y0 + 4).toFixed(1)}" rx="6"></rect>`;
  };
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${`联网单位分布图。${summary || "暂无单位"}`}">
${order.map((i) => {
  const u = placed[i]!;
  const d = dots[i]!;
  const c = DOT[u.state];
  return html`<g data-state="${u.state}"><title>${d.text}</title><circle cx="${d.x.toFixed(1)}" cy="${d.y.toFixed(1)}" r="${d.r}" fill="${c.fill}" stroke="${c.stroke}" stroke-width="3"${c.dash ? raw(` stroke-dasharray="${c.dash}"`) : ""}></circle></g>`;
})}
${order.map((i) => {
  const d = dots[i]!;
  const l = labels.get(i);
  const fire = placed[i]!.state === "FIRE";
  return l
    ? html`${fireTag(i)}<text x="${l.x.toFixed(1)}" y="${l.y.toFixed(1)}" text-anchor="${l.anchor}"${fire ? raw(' class="fire-label" data-fire="1"') : ""}>${d.text}</text>`
    : "";
})}
</svg>`;
}

const FONT_PX = 24;

function feed(items: BoardAlarm[], selected: string | null): Html {
  if (!items.length) return html`<p>当前没有未关闭的单位报警。</p>`;
  return html`<ul class="feed">${items.map((a) => {
    const fire = a.kind === "FIRE" || a.kind === "CALL_POINT" || a.kind === "GAS_LEAK" || a.kind === "SUSPECTED_FIRE";
    const state = !fire
      ? a.status === "ACKNOWLEDGED"
        ? "已受理"
        : "未处理"
      : a.verdictLabel
        ? `已确认：${a.verdictLabel}`
        : a.report119
          ? "超时未确认，按火警处置"
          : a.confirmDeadlineAt
            ? `待确认（${time(a.confirmDeadlineAt)} 前）`
            : "待确认";
    return html`<li><a href="/console/command?alarm=${encodeURIComponent(a.id)}" class="${fire ? "fire" : ""}"${a.id === selected ? raw(' aria-current="true"') : ""}>
${fire ? html`<span class="chip s-fire">火警</span> ` : ""}<span class="k">${a.kindLabel}</span> <span class="m">${time(a.startedAt)}</span><br>
<span class="u">${a.unitName}</span>${a.location ? html` <span class="m">${a.location}</span>` : ""}<br>
<span class="m">${state}${a.report119 ? " · 已报 119" : ""}</span></a></li>`;
  })}</ul>`;
}

function file(f: AlarmFile | null, live: string | null = null): Html {
  if (!f) return html`<p>在中间列表中选择一条报警，查看单位档案和处置经过。</p>`;
  const x = f.facts;
  const where = [x.building?.name, x.floor !== null ? `${x.floor} 层` : null, x.keyPart?.name]
    .filter(Boolean)
    .join(" · ");
  return html`<div class="file">
<p class="big">${x.unit.name} · ${f.alarm.kindLabel}</p>
<dl>
<dt>地址</dt><dd>${x.unit.address}</dd>
<dt>位置</dt><dd>${where || x.trigger.location || "—"}</dd>
<dt>报警时间</dt><dd>${time(f.alarm.startedAt)}（来自${ALARM_SOURCE_LABEL[x.trigger.source] ?? "联网设备"}）</dd>
<dt>确认</dt><dd>${f.alarm.verdictLabel ?? (f.alarm.report119 ? "超时未确认，按真实火警处置" : `待确认，时限 ${time(f.alarm.confirmDeadlineAt)}`)}${f.alarm.verdictCause ? `（${f.alarm.verdictCause}）` : ""}</dd>
<dt>控制室</dt><dd>${x.unit.controlRoomLocation ?? "—"} · 电话 ${x.unit.controlRoomPhone ?? "—"}</dd>
<dt>建筑</dt><dd>${x.building ? `${x.building.name}：地上 ${x.building.floorsAbove} 层，地下 ${x.building.floorsBelow} 层${x.building.heightM ? `，高 ${x.building.heightM} 米` : ""}` : "—"}</dd>
</dl>
${cameraPanel(f, live)}
<h2>值班人员</h2>
<ul>${x.onDuty.length ? x.onDuty.map((p) => html`<li>${p.roleLabel}：${p.name} ${p.phone ?? "（无电话）"}</li>`) : html`<li>未登记</li>`}</ul>
<h2>消防设施与水源</h2>
<ul>${f.facilities.map((s) => html`<li>${s.label} ${s.count} 处</li>`)}${f.facilityAlarms.map((a) => html`<li>⚠ ${a.kindLabel}${a.location ? `（${a.location}）` : ""}</li>`)}
${x.hydrants.map((h) => html`<li>消火栓 ${h.name ?? h.id}：${h.distanceM} 米${h.pressureMpa !== null ? `，水压 ${h.pressureMpa} MPa` : ""}</li>`)}
${!f.facilities.length && !x.hydrants.length ? html`<li>未登记</li>` : ""}</ul>
<h2>处置经过</h2>
<ol class="timeline">${f.timeline.map((t) => html`<li><time datetime="${t.at}">${time(t.at)}</time> <strong>${t.what}</strong>${t.who ? ` ${t.who}` : ""}${t.detail ? `：${t.detail}` : ""}</li>`)}</ol>
</div>`;
}

/** A link the API built with its public base, as a path on this site (the wall display may be reached otherwise). */
const pathOf = (u: string) => {
  try {
    const x = new URL(u, "http://local");
    return x.pathname + x.search;
  } catch {
    return u;
  }
};

/** 现场视频: each nearby camera's snapshot taken for this alarm, and 实时画面 (client/cameras.ts plays it). */
function cameraPanel(f: AlarmFile, live: string | null): Html {
  const cams = f.facts.cameras;
  if (!cams.length) return html``;
  const here = (id: string) =>
    `/console/command?alarm=${encodeURIComponent(f.alarm.id)}&refresh=0&live=${encodeURIComponent(id)}`;
  return html`<h2>现场视频</h2><div class="camera-panel">${cams.map(
    (c) => html`<figure class="camera-card">
${
  c.id === live
    ? html`<div class="live" data-live-box="${c.id}" data-autolive="1"><video muted autoplay playsinline width="320" aria-label="${c.name ?? c.id} 实时画面"></video><p class="live-state" role="status">正在连接摄像头…</p></div>`
    : c.snapshotUrl
      ? html`<img src="${pathOf(c.snapshotUrl)}" alt="${c.name ?? c.id} 报警抓拍" width="320">`
      : html`<p class="muted">暂无抓拍</p>`
}
<figcaption>${c.name ?? c.id}${c.status === "OFFLINE" ? "（离线）" : ""}
${c.id === live ? html`<a class="btn" href="/console/command?alarm=${f.alarm.id}">返回大屏</a>` : html`<a class="btn primary" href="${here(c.id)}">实时画面</a>`}
<a class="btn" href="${pathOf(c.url)}">摄像头页</a></figcaption></figure>`,
  )}</div>`;
}

export function commandBody(d: {
  units: MapUnit[];
  alarms: BoardAlarm[];
  selected: AlarmFile | null;
  now: string;
  /** the camera whose live view plays in the panel (the page then holds still) */
  live?: string | null;
  /** seconds between updates in place; none: the page holds still */
  refreshSec?: number | null;
}): Html {
  const counts = (s: string) => d.units.filter((u) => u.state === s).length;
  // shown by client/command.ts, which does the updating: without JavaScript the page is as it was served
  const refresh = d.refreshSec
    ? html`<p class="cmd-refresh" data-refresh-sec="${d.refreshSec}" hidden><span class="cmd-refresh-state">每 ${d.refreshSec} 秒自动更新</span>
<button type="button" class="btn" data-refresh-toggle aria-pressed="false">暂停自动更新</button></p>`
    : html``;
  return html`${STYLE}
${refresh}
<div class="cmd">
<section aria-labelledby="map-title" tabindex="0">
<h2 id="map-title">单位态势 <span class="m">（${time(d.now)} 更新）</span></h2>
${mapSvg(d.units)}
<ul class="legend">${STATES.map(
    (s) =>
      html`<li><span class="chip ${STATE_CLASS[s]}" data-state="${s}">${UNIT_STATE_LABEL[s]} ${counts(s)}</span></li>`,
  )}</ul>
<ul class="legend unit-states">${STATES.filter((s) => s !== "NORMAL").flatMap((s) => {
    // the units not normal, one line a state (a county with many units not yet connected stays readable)
    const names = d.units.filter((u) => u.state === s).map((u) => u.name);
    return names.length
      ? [html`<li><span class="chip ${STATE_CLASS[s]}">${UNIT_STATE_LABEL[s]}</span> ${names.join("、")}</li>`]
      : [];
  })}</ul>
</section>
<section aria-labelledby="feed-title" tabindex="0">
<h2 id="feed-title">实时报警（${d.alarms.length}）</h2>
${feed(d.alarms, d.selected?.alarm.id ?? null)}
</section>
<section aria-labelledby="file-title" tabindex="0">
<h2 id="file-title">单位档案与处置</h2>
${file(d.selected, d.live ?? null)}
</section>
</div>`;
}
