// The fire brigade's county view: the figures as tables (readable without JavaScript), charts and the map.
import { html, raw, type Html } from "../../server/render/html.ts";
import type { CountyQuery, CountyReport } from "../../../../api/src/modules/reports/reports.schemas.ts";
import { duration, pct, query } from "./format.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

const card = (id: string, n: string | number, label: string) =>
  html`<div class="card" id="${id}"><div class="n">${n}</div><div class="l">${label}</div></div>`;

/** JSON inside <script type="application/json">: "<" escaped so no "</script>" can end it early. */
const jsonData = (id: string, v: unknown) =>
  raw(`<script type="application/json" id="${id}">${JSON.stringify(v).replace(/</g, "\\u003c")}</script>`);

export function countyBody(r: CountyReport, q: CountyQuery, tiles: string | undefined): Html {
  const fa = r.falseAlarms;
  const link = (o: Partial<typeof q>) => `/console/county?${query({ ...q, ...o })}#false-alarms`;
  const cLink = (o: Partial<CountyQuery>) => `/console/county?${query({ ...q, ...o })}#response-community`;
  const cHead = (key: CountyQuery["cSort"], label: string) =>
    html`<th class="num"><a href="${cLink({ cSort: key, cOrder: q.cSort === key && q.cOrder === "desc" ? "asc" : "desc", cOffset: 0 })}">${label}${q.cSort === key ? (q.cOrder === "desc" ? " ▼" : " ▲") : ""}</a></th>`;
  const rc = r.responseByCommunity;
  const sortHead = (key: CountyQuery["sort"], label: string) =>
    html`<th class="num"><a href="${link({ sort: key, order: q.sort === key && q.order === "desc" ? "asc" : "desc", offset: 0 })}">${label}${q.sort === key ? (q.order === "desc" ? " ▼" : " ▲") : ""}</a></th>`;
  return html`<p class="live">统计时间：${countyLocaleString(r.generatedAt, { hour12: false })}（县域时间） · <a href="/console/county?wall=1">大屏模式（每分钟自动刷新）</a></p>
<div class="cards">
  ${card("alarms-today", r.alarms.today.all, `今日报警（火警 ${r.alarms.today.fire}）`)}
  ${card("alarms-week", r.alarms.week.all, `本周报警（火警 ${r.alarms.week.fire}）`)}
  ${card("alarms-month", r.alarms.month.all, `本月报警（火警 ${r.alarms.month.fire}）`)}
  ${card("devices-online", `${r.devices.online} / ${r.devices.total}`, "设备在线 / 总数")}
  ${card("coverage", pct(r.coverage.rate), `老旧高层覆盖（${r.coverage.covered} / ${r.coverage.households} 户，目标 ${pct(r.coverageTarget)}）`)}
  ${card("ack-median", duration(r.responseTimes.ackMedianSec), `火警确认用时中位数${r.responseTimes.ackP90Sec === null ? "" : `（九成火警在 ${duration(r.responseTimes.ackP90Sec)} 内确认）`}`)}
  ${card("false-rate", pct(fa.rate), `本月误报率（${fa.falseAlarms} / ${fa.fireAlarms}）`)}
</div>
<div class="grid2">
  <div id="chart-coverage" class="chart"></div>
  <div id="chart-response" class="chart"></div>
</div>
<h2>小区分布</h2>
<div id="map" data-tiles="${tiles ?? ""}" role="region" aria-label="小区分布图：红色有未关闭报警，绿色覆盖达标，橙色未达标"></div>
<div class="grid2">
<section>
<h2>老旧高层住户覆盖率（按乡镇）</h2>
<table id="coverage-table"><thead><tr><th>乡镇/街道</th><th class="num">户数</th><th class="num">已覆盖</th><th class="num">覆盖率</th><th>目标 ${pct(r.coverageTarget)}</th></tr></thead>
<tbody>${r.coverageByTownship.map((t) => html`<tr><td>${t.name}</td><td class="num">${t.households}</td><td class="num">${t.covered}</td><td class="num">${pct(t.rate)}</td><td class="${t.meetsTarget ? "ok" : "bad"}">${t.meetsTarget ? "达标" : "未达标"}</td></tr>`)}</tbody></table>
<h2>响应用时（按物业公司，本月火警）</h2>
<table id="response-company"><thead><tr><th>物业公司</th><th class="num">火警</th><th class="num">确认中位数</th><th class="num">九成火警确认用时</th><th class="num">处置中位数</th><th class="num">九成火警处置用时</th></tr></thead>
<tbody>${r.responseByCompany.map((c) => html`<tr><td>${c.name}</td><td class="num">${c.alarms}</td><td class="num">${duration(c.ackMedianSec)}</td><td class="num">${duration(c.ackP90Sec)}</td><td class="num">${duration(c.resolveMedianSec)}</td><td class="num">${duration(c.resolveP90Sec)}</td></tr>`)}</tbody></table>
</section>
<section>
<h2 id="response-community-title">响应用时（按小区，本月火警）</h2>
<table id="response-community"><thead><tr><th><a href="${cLink({ cSort: "name", cOrder: q.cOrder === "asc" ? "desc" : "asc", cOffset: 0 })}">小区</a></th><th>物业</th>${cHead("alarms", "火警")}${cHead("ackMedianSec", "确认中位数")}${cHead("ackP90Sec", "九成火警确认用时")}${cHead("resolveMedianSec", "处置中位数")}${cHead("resolveP90Sec", "九成火警处置用时")}</tr></thead>
<tbody>${rc.items.map((c) => html`<tr><td>${c.name}</td><td>${c.company ?? "—"}</td><td class="num">${c.alarms}</td><td class="num">${duration(c.ackMedianSec)}</td><td class="num">${duration(c.ackP90Sec)}</td><td class="num">${duration(c.resolveMedianSec)}</td><td class="num">${duration(c.resolveP90Sec)}</td></tr>`)}</tbody></table>
<div class="pager">共 ${rc.total} 个小区
${q.cOffset > 0 ? html`<a href="${cLink({ cOffset: Math.max(0, q.cOffset - q.cLimit) })}">上一页</a>` : ""}
${q.cOffset + q.cLimit < rc.total ? html`<a href="${cLink({ cOffset: q.cOffset + q.cLimit })}">下一页</a>` : ""}</div>
</section>
</div>
<h2 id="false-alarms">误报（本月；单日误报超过 ${fa.perDayLimit} 次标红）</h2>
<p>超标设备 <strong class="${fa.flaggedDevices ? "bad" : ""}">${fa.flaggedDevices}</strong> 台，超标住户 <strong class="${fa.flaggedHouseholds ? "bad" : ""}">${fa.flaggedHouseholds}</strong> 户。
按 <a href="${link({ by: "device", offset: 0 })}"${q.by === "device" ? raw(' aria-current="true"') : ""}>设备</a> · <a href="${link({ by: "household", offset: 0 })}"${q.by === "household" ? raw(' aria-current="true"') : ""}>住户</a></p>
<table id="false-table"><thead><tr><th><a href="${link({ sort: "name", order: q.order === "asc" ? "desc" : "asc", offset: 0 })}">${q.by === "device" ? "设备" : "住户"}</a></th>${sortHead("fireAlarms", "火警")}${sortHead("falseAlarms", "误报")}${sortHead("rate", "误报率")}${sortHead("maxPerDay", "单日最多")}</tr></thead>
<tbody>${fa.list.items.map((x) => html`<tr class="${x.flagged ? "bad" : ""}"><td>${x.name}</td><td class="num">${x.fireAlarms}</td><td class="num">${x.falseAlarms}</td><td class="num">${pct(x.rate)}</td><td class="num">${x.maxPerDay}${x.flagged ? " ⚠" : ""}</td></tr>`)}</tbody></table>
<div class="pager">共 ${fa.list.total} 条
${q.offset > 0 ? html`<a href="${link({ offset: Math.max(0, q.offset - q.limit) })}">上一页</a>` : ""}
${q.offset + q.limit < fa.list.total ? html`<a href="${link({ offset: q.offset + q.limit })}">下一页</a>` : ""}</div>
${jsonData("report-data", r)}`;
}
