// A property company's own figures: coverage per building (paged, sorted on the server), device health, open alarms.
import { html, type Html } from "../../server/render/html.ts";
import type { CompanyReport } from "../../../../api/src/contract/reports.ts";
import { DEVICE_STATE_LABELS, type DeviceState } from "../../../../api/src/modules/devices/device-state.ts";
import { KIND_LABEL } from "../../../../api/src/modules/alarms/alarm.ts";
import { pct, query } from "./format.ts";

export function companyBody(r: CompanyReport, q: { sort: string; order: string; offset: number; limit: number }): Html {
  const link = (o: Partial<typeof q>) => `/console/company?${query({ ...q, ...o })}`;
  const head = (key: string, label: string) =>
    html`<th class="num"><a href="${link({ sort: key, order: q.sort === key && q.order === "asc" ? "desc" : "asc", offset: 0 })}">${label}${q.sort === key ? (q.order === "desc" ? " ▼" : " ▲") : ""}</a></th>`;
  return html`<div class="cards">
${r.communities.map((c) => html`<div class="card"><div class="n">${pct(c.coverage.rate)}</div><div class="l">${c.name}：${c.coverage.covered}/${c.coverage.households} 户有正常工作的烟感；未处置报警 ${c.openAlarms}</div></div>`)}
<div class="card"><div class="n" id="open-alarms">${r.openAlarms.total}</div><div class="l">未处置报警：${
    Object.entries(r.openAlarms.byKind)
      .map(([k, n]) => `${KIND_LABEL[k as keyof typeof KIND_LABEL] ?? k} ${n}`)
      .join("，") || "无"
  }</div></div>
</div>
<h2>设备健康</h2>
<p>${Object.entries(r.deviceHealth).map(([s, n]) => html`<a class="btn" href="/console/devices?state=${s === "normal" ? "" : s}">${DEVICE_STATE_LABELS[s as DeviceState] ?? s} ${n}</a> `)}</p>
<h2>各楼栋覆盖率</h2>
<table id="buildings"><thead><tr><th><a href="${link({ sort: "name", order: q.order === "asc" ? "desc" : "asc", offset: 0 })}">楼栋</a></th><th>老旧高层</th>${head("households", "户数")}${head("covered", "有正常烟感")}${head("rate", "覆盖率")}</tr></thead>
<tbody>${r.buildings.items.map((b) => html`<tr><td>${b.name}</td><td>${b.oldHighRise ? "是" : "否"}</td><td class="num">${b.households}</td><td class="num">${b.covered}</td><td class="num">${pct(b.rate)}</td></tr>`)}</tbody></table>
<div class="pager">共 ${r.buildings.total} 栋
${q.offset > 0 ? html`<a href="${link({ offset: Math.max(0, q.offset - q.limit) })}">上一页</a>` : ""}
${q.offset + q.limit < r.buildings.total ? html`<a href="${link({ offset: q.offset + q.limit })}">下一页</a>` : ""}</div>`;
}
