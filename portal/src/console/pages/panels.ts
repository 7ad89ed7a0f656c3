// 用户信息传输装置 (issue 16): per unit, its transmission devices with their state and last frame, the
// components a panel reports out of their normal state, and the latest events. Server-rendered, with a
// refresh button (a timed reload would take the page from someone reading it).
import { html, raw, type Html } from "../../server/render/html.ts";
import { DEVICE_STATE_TEXT, type OverviewUnit } from "../../../../api/src/modules/panels/panel-overview.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

const when = (iso: string | null) => (iso ? countyLocaleString(iso, { hour12: false }) : "—");

/** what became of the last settings change on the device's live session (panel-overview.ts) */
const SETTINGS_TEXT: Record<NonNullable<OverviewUnit["devices"][number]["settings"]>["state"], string> = {
  pending: "新设置下发中",
  applied: "新设置已在线生效",
  refused: "新设置未生效：协议配置无效",
  at_connect: "装置未连接，连接时按新设置",
};

function settingsNote(d: OverviewUnit["devices"][number]): Html {
  if (!d.settings) return html``;
  const cls = d.settings.state === "refused" ? "bad" : "";
  return html`<br><small class="${cls}">${SETTINGS_TEXT[d.settings.state]}（${when(d.settings.at)}）</small>`;
}

const minutes = (sec: number) => (sec % 60 === 0 ? `${sec / 60} 分钟` : `${sec} 秒`);

function conditions(c: OverviewUnit["abnormal"][number]): string {
  return [c.fire && "火警", c.fault && "故障", c.supervision && "监管", c.shielded && "屏蔽"]
    .filter(Boolean)
    .join("、");
}

export function panelsBody(data: { units: { id: string; name: string }[]; selected: OverviewUnit | null }): Html {
  if (!data.selected)
    return html`<p class="notice">您可查看的单位中还没有登记用户信息传输装置。装置接入方法见 docs/gb26875.md。</p>`;
  const u = data.selected;
  return html`<form method="get" action="/console/panels" class="filters">
<label for="unit">单位</label>
<select id="unit" name="unit">${data.units.map(
    (x) => html`<option value="${x.id}"${x.id === u.id ? raw(" selected") : ""}>${x.name}</option>`,
  )}</select>
<button type="submit" class="btn primary">查看 / 刷新</button>
</form>
<h2>${u.name} · 传输装置</h2>
<table id="uitd-table"><thead><tr><th>装置地址</th><th>状态</th><th>最后心跳</th><th>巡检周期</th><th class="num">未处理报警</th><th>时钟同步</th><th>协议</th></tr></thead>
<tbody>${u.devices.map(
    (d) =>
      html`<tr><td>${d.address}</td><td class="${d.state === "normal" ? "ok" : "bad"}">${DEVICE_STATE_TEXT[d.state]}</td><td>${when(d.lastSeenAt)}</td><td>${minutes(d.patrolIntervalSec)}</td><td class="num">${d.openAlarms}</td><td>${when(d.lastClockSyncAt)}</td><td>${d.profile === "standard" ? "标准" : d.profile}${settingsNote(d)}</td></tr>`,
  )}</tbody></table>
<p class="hint">修改协议或巡检周期后，装置所连的网关（任一实例）立即按新设置读取，装置无需重连。</p>
<h2>异常部件</h2>
${
  u.abnormal.length
    ? html`<table id="component-table"><thead><tr><th>部件</th><th>位置</th><th>状态</th><th>变化时间</th></tr></thead>
<tbody>${u.abnormal.map(
        (c) =>
          html`<tr><td>${c.name}</td><td>${c.location ?? "—"}</td><td class="bad">${conditions(c)}</td><td>${when(c.changedAt)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>所有部件状态正常。</p>`
}
<h2>最近事件</h2>
${
  u.events.length
    ? html`<table id="event-table"><thead><tr><th>时间</th><th>装置</th><th>事件</th><th>位置</th></tr></thead>
<tbody>${u.events.map(
        (e) =>
          html`<tr><td>${when(e.at)}</td><td>${e.address}</td><td>${e.label}</td><td>${e.location ?? "—"}</td></tr>`,
      )}</tbody></table>`
    : html`<p>还没有收到事件。</p>`
}`;
}
