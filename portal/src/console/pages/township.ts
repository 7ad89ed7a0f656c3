// 我的乡镇 (issue 14): a township coordinator's page of their township. Its communities with households,
// devices online and coverage (the one rule, api/src/modules/dispatch/coverage.ts, stated on the page), the
// open alarms of its homes and networked units, its experience centres with the sessions ahead, and the
// township's group bookings. Every figure comes from services.reports.township (GET /api/reports/township),
// scoped on the server; rendered without JavaScript.
import { html, type Html } from "../../server/render/html.ts";
import type { TownshipReport } from "../../../../api/src/modules/reports/reports.schemas.ts";
import { GROUP_BOOKINGS_PATH } from "../../server/pages/group-booking.ts";
import { pct } from "./format.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

const ALARM_STATUS: Record<string, string> = { ACTIVE: "未处理", ACKNOWLEDGED: "处理中", RESOLVED: "已处置" };
const CENTRE_LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };
const BOOKING_STATUS: Record<string, string> = {
  CONFIRMED: "已确认",
  WAITLISTED: "候补中",
  OFFERED: "候补名额待确认",
  CHECKED_IN: "已签到",
};

const at = (iso: string) => countyLocaleString(iso, { hour12: false, dateStyle: "short", timeStyle: "short" });

export function townshipBody(r: TownshipReport): Html {
  const t = r.totals;
  const target = pct(r.coverageTarget);
  return html`<p id="township-name" class="lead">${r.township.name} · 共 ${t.communities} 个小区</p>
<div class="cards">
  <div class="card"><div class="n" id="total-households">${t.households}</div><div class="l">住户（户）</div></div>
  <div class="card"><div class="n" id="total-online">${t.devices.online}/${t.devices.total}</div><div class="l">设备在线 / 已登记</div></div>
  <div class="card"><div class="n ${t.coverage.households && t.coverage.rate < r.coverageTarget ? "bad" : ""}" id="total-coverage">${pct(t.coverage.rate)}</div><div class="l">老旧高层覆盖率：${t.coverage.covered}/${t.coverage.households} 户（目标 ${target}）</div></div>
  <div class="card"><div class="n ${t.openAlarms ? "bad" : ""}" id="total-open-alarms">${t.openAlarms}</div><div class="l">未处置报警</div></div>
</div>
<p><a class="btn" href="/console/units">本乡镇联网单位</a> <a class="btn" href="/console/dispatch">每月调度</a> <a class="btn" href="${GROUP_BOOKINGS_PATH}">团体预约</a></p>

<h2 id="communities-title">各小区住户、设备与覆盖</h2>
<table id="communities" aria-labelledby="communities-title">
  <thead><tr>
    <th scope="col">小区</th><th scope="col">物业公司</th><th scope="col" class="num">住户</th>
    <th scope="col" class="num">设备在线/已登记</th><th scope="col" class="num">老旧高层住户</th>
    <th scope="col" class="num">已覆盖</th><th scope="col" class="num">覆盖率</th><th scope="col" class="num">未处置报警</th>
  </tr></thead>
  <tbody>${
    r.communities.length
      ? r.communities.map(
          (c) =>
            html`<tr data-community="${c.id}"><td>${c.name}</td><td>${c.company ?? "—"}</td><td class="num">${c.households}</td><td class="num">${c.devices.online}/${c.devices.total}</td><td class="num">${c.coverage.households}</td><td class="num">${c.coverage.covered}</td><td class="num ${c.coverage.households && !c.meetsTarget ? "bad" : c.meetsTarget ? "ok" : ""}">${c.coverage.households ? html`${pct(c.coverage.rate)}（${c.meetsTarget ? "达标" : "未达标"}）` : "无老旧高层"}</td><td class="num ${c.openAlarms ? "bad" : ""}">${c.openAlarms}</td></tr>`,
        )
      : html`<tr><td colspan="8">本乡镇尚无小区</td></tr>`
  }</tbody>
</table>
<details id="coverage-rule"><summary>覆盖率怎么算</summary><p>${r.coverageRule} 目标：老旧高层住户覆盖率不低于 ${target}。</p></details>

<h2 id="alarms-title">未处置报警（${r.openAlarms.total}）</h2>
<table id="open-alarms" aria-labelledby="alarms-title">
  <thead><tr><th scope="col">类型</th><th scope="col">状态</th><th scope="col">地点</th><th scope="col">小区</th><th scope="col">开始时间</th></tr></thead>
  <tbody>${
    r.openAlarms.items.length
      ? r.openAlarms.items.map(
          (a) =>
            html`<tr data-alarm="${a.id}"><td class="${a.severity === "CRITICAL" ? "bad" : ""}">${a.kindLabel}</td><td>${ALARM_STATUS[a.status] ?? a.status}</td><td>${a.place || "—"}</td><td>${a.community ?? "联网单位"}</td><td>${at(a.startedAt)}</td></tr>`,
        )
      : html`<tr><td colspan="5">本乡镇当前没有未处置的报警</td></tr>`
  }</tbody>
</table>
${r.openAlarms.total > r.openAlarms.items.length ? html`<p>仅列出最紧急的 ${r.openAlarms.items.length} 条。</p>` : ""}

<h2 id="centres-title">消防体验馆（未来 ${r.centres.days} 天）</h2>
<table id="centres" aria-labelledby="centres-title">
  <thead><tr><th scope="col">体验馆</th><th scope="col">级别</th><th scope="col">地址</th><th scope="col">电话</th><th scope="col">开放时间</th><th scope="col" class="num">场次</th><th scope="col" class="num">已约/座位</th></tr></thead>
  <tbody>${
    r.centres.items.length
      ? r.centres.items.map(
          (c) =>
            html`<tr data-centre="${c.id}"><td>${c.name}</td><td>${CENTRE_LEVEL[c.level] ?? c.level}</td><td>${c.address}</td><td>${c.phone ?? "—"}</td><td>${c.openingHours}</td><td class="num">${c.sessionsAhead}</td><td class="num">${c.seatsBooked}/${c.seatsAhead}</td></tr>`,
        )
      : html`<tr><td colspan="7">本乡镇尚无体验馆</td></tr>`
  }</tbody>
</table>

<h2 id="bookings-title">本乡镇团体预约</h2>
<table id="group-bookings" aria-labelledby="bookings-title">
  <thead><tr><th scope="col">日期</th><th scope="col">体验馆</th><th scope="col">场次</th><th scope="col">团体</th><th scope="col" class="num">人数</th><th scope="col">状态</th></tr></thead>
  <tbody>${
    r.groupBookings.length
      ? r.groupBookings.map(
          (b) =>
            html`<tr data-booking="${b.id}"><td><a href="${GROUP_BOOKINGS_PATH}/${b.id}">${b.date} ${b.startTime}</a></td><td>${b.centre}</td><td>${b.title}</td><td>${b.groupName ?? "—"}</td><td class="num">${b.seats}</td><td>${BOOKING_STATUS[b.status] ?? b.status}</td></tr>`,
        )
      : html`<tr><td colspan="6">暂无待参加的团体预约</td></tr>`
  }</tbody>
</table>`;
}
