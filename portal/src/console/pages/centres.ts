// 体验馆 (issue 14 item 3): the experience centres a staff member runs. A centre's details (edit form), its
// weekly session templates (list + add), closures (add a date range with a reason) and the sessions ahead
// (generate from the templates, cancel one with a reason). Rendered from the bookings services with the
// caller's scope; every change goes through the JSON API (client/centres.ts), which checks the scope again.
import { html, raw, type Html } from "../../server/render/html.ts";
import type { CentreView, SessionView } from "../../../../api/src/modules/bookings/bookings.schemas.ts";
import { TOPIC_LABEL } from "../../server/pages/group-booking.ts";

const LEVEL: Record<string, string> = { COUNTY: "县级体验馆", TOWNSHIP: "乡镇体验站", COMMUNITY: "社区体验室" };
const WEEKDAY = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const SESSION_STATUS: Record<string, string> = { OPEN: "开放预约", CANCELLED: "已取消", CLOSED: "已结束" };

export interface CentreTemplate {
  id: string;
  topic: SessionView["topic"];
  title: string;
  weekdays: number[];
  startTime: string;
  endTime: string;
  capacity: number;
  minAge: number | null;
  maxAge: number | null;
  active: boolean;
}

export interface CentreClosure {
  id: string;
  startDate: string;
  endDate: string;
  reason: string;
}

export interface CentrePageData {
  centres: CentreView[];
  current: (CentreView & { upcomingClosures: CentreClosure[] }) | null;
  templates: CentreTemplate[];
  sessions: SessionView[];
  today: string;
  /** the last day the sessions list covers */
  until: string;
  /** why there is no centre to show (a centre staff account not tied to one) */
  notice?: string;
}

const topicOptions = () => Object.entries(TOPIC_LABEL).map(([k, v]) => html`<option value="${k}">${v}</option>`);

const ages = (min: number | null, max: number | null) =>
  min === null && max === null ? "不限" : `${min ?? 0}–${max ?? "不限"} 岁`;

export function centresBody(d: CentrePageData): Html {
  const c = d.current;
  const picker =
    d.centres.length > 1
      ? html`<form method="get" action="/console/centres" class="filters"><label>体验馆 <select name="centre">${d.centres.map((x) => html`<option value="${x.id}"${x.id === c?.id ? raw(" selected") : ""}>${x.name}（${LEVEL[x.level] ?? x.level}）</option>`)}</select></label><button type="submit" class="btn">查看</button></form>`
      : "";
  if (!c) return html`${picker}<p class="notice">${d.notice ?? "暂无可管理的体验馆。"}</p>`;
  return html`${picker}
<p id="centre-name" class="lead">${c.name} · ${LEVEL[c.level] ?? c.level}${c.townshipName ? ` · ${c.townshipName}` : ""}</p>
<p class="noprint"><a class="btn" href="#details-title">场馆信息</a> <a class="btn" href="#templates-title">每周场次模板</a> <a class="btn" href="#closures-title">闭馆</a> <a class="btn" href="#sessions-title">近期场次</a></p>
<p id="centre-result" role="status" aria-live="polite"></p>

<section aria-labelledby="details-title">
<h2 id="details-title">场馆信息</h2>
<form id="centre-edit" class="form-grid" data-centre="${c.id}" novalidate>
  <label>名称 *<input name="name" required maxlength="64" value="${c.name}"></label>
  <label>地址 *<input name="address" required maxlength="200" value="${c.address}"></label>
  <label>开放时间 *<input name="openingHours" required maxlength="200" value="${c.openingHours}"></label>
  <label>联系电话<input name="phone" maxlength="20" inputmode="tel" value="${c.phone ?? ""}"></label>
  <label>容纳人数 *<input name="capacity" type="number" required min="1" max="2000" value="${c.capacity}"></label>
  <label>设施（用顿号或逗号分隔）<input name="facilities" maxlength="600" value="${c.facilities.join("、")}"></label>
  <button type="submit" class="btn primary">保存场馆信息</button>
  <p class="form-result" role="status" aria-live="polite"></p>
</form>
</section>

<section aria-labelledby="templates-title">
<h2 id="templates-title">每周场次模板</h2>
<p>模板按星期重复；“按模板生成场次”会为所选日期里对应的星期几各建一场（已建的日期保留，闭馆日跳过）。</p>
<table id="templates" aria-labelledby="templates-title">
  <thead><tr><th scope="col">主题</th><th scope="col">名称</th><th scope="col">星期</th><th scope="col">时间</th><th scope="col" class="num">容量</th><th scope="col">年龄</th><th scope="col">状态</th></tr></thead>
  <tbody>${
    d.templates.length
      ? d.templates.map(
          (t) =>
            html`<tr data-template="${t.id}"><td>${TOPIC_LABEL[t.topic] ?? t.topic}</td><td>${t.title}</td><td>${t.weekdays.map((w) => WEEKDAY[w]).join("、")}</td><td>${t.startTime}–${t.endTime}</td><td class="num">${t.capacity}</td><td>${ages(t.minAge, t.maxAge)}</td><td>${t.active ? "启用" : "停用"}</td></tr>`,
        )
      : html`<tr><td colspan="7">尚无模板，请在下面添加</td></tr>`
  }</tbody>
</table>
<h3>添加模板</h3>
<form id="template-add" class="form-grid" data-centre="${c.id}" novalidate>
  <label>主题 *<select name="topic" required>${topicOptions()}</select></label>
  <label>场次名称 *<input name="title" required maxlength="64"></label>
  <fieldset class="weekdays"><legend>每周几 *</legend>${[1, 2, 3, 4, 5, 6, 7].map((w) => html`<label><input type="checkbox" name="weekdays" value="${w}"> ${WEEKDAY[w]}</label>`)}</fieldset>
  <label>开始时间 *<input name="startTime" type="time" required value="09:30"></label>
  <label>结束时间 *<input name="endTime" type="time" required value="10:30"></label>
  <label>每场人数 *<input name="capacity" type="number" required min="1" max="${c.capacity}" value="${Math.min(30, c.capacity)}"></label>
  <label>最小年龄<input name="minAge" type="number" min="0" max="120"></label>
  <label>最大年龄<input name="maxAge" type="number" min="0" max="120"></label>
  <button type="submit" class="btn primary">添加模板</button>
  <p class="form-result" role="status" aria-live="polite"></p>
</form>
</section>

<section aria-labelledby="closures-title">
<h2 id="closures-title">闭馆</h2>
<p>闭馆期间已开放的场次会被取消，已预约的人会收到通知。</p>
<table id="closures" aria-labelledby="closures-title">
  <thead><tr><th scope="col">开始日期</th><th scope="col">结束日期</th><th scope="col">原因</th></tr></thead>
  <tbody>${
    c.upcomingClosures.length
      ? c.upcomingClosures.map(
          (x) => html`<tr data-closure="${x.id}"><td>${x.startDate}</td><td>${x.endDate}</td><td>${x.reason}</td></tr>`,
        )
      : html`<tr><td colspan="3">近期没有闭馆安排</td></tr>`
  }</tbody>
</table>
<h3>添加闭馆</h3>
<form id="closure-add" class="form-grid" data-centre="${c.id}" novalidate>
  <label>开始日期 *<input name="startDate" type="date" required min="${d.today}" value="${d.today}"></label>
  <label>结束日期 *<input name="endDate" type="date" required min="${d.today}" value="${d.today}"></label>
  <label>原因 *<input name="reason" required maxlength="200" placeholder="如：设备检修"></label>
  <button type="submit" class="btn danger">闭馆并通知已预约的人</button>
  <p class="form-result" role="status" aria-live="polite"></p>
</form>
</section>

<section aria-labelledby="sessions-title">
<h2 id="sessions-title">近期场次（${d.today} 至 ${d.until}）</h2>
<form id="sessions-generate" class="form-grid" data-centre="${c.id}" novalidate>
  <label>从 *<input name="from" type="date" required min="${d.today}" value="${d.today}"></label>
  <label>到 *<input name="to" type="date" required min="${d.today}" value="${d.until}"></label>
  <button type="submit" class="btn primary">按模板生成场次</button>
  <p class="form-result" role="status" aria-live="polite"></p>
</form>
<table id="sessions" aria-labelledby="sessions-title">
  <thead><tr><th scope="col">日期</th><th scope="col">时间</th><th scope="col">主题</th><th scope="col">名称</th><th scope="col" class="num">已约/容量</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
  <tbody>${
    d.sessions.length
      ? d.sessions.map(
          (s) =>
            html`<tr data-session="${s.id}" data-status="${s.status}"><td>${s.date} ${WEEKDAY[new Date(`${s.date}T00:00:00Z`).getUTCDay() || 7]}</td><td>${s.startTime}–${s.endTime}</td><td>${TOPIC_LABEL[s.topic] ?? s.topic}</td><td>${s.title}</td><td class="num">${s.bookedSeats}/${s.capacity}</td><td class="${s.status === "CANCELLED" ? "bad" : ""}">${SESSION_STATUS[s.status] ?? s.status}${s.cancelReason ? `：${s.cancelReason}` : ""}</td><td>${
              s.status === "OPEN"
                ? html`<button type="button" class="btn danger cancel-session" data-id="${s.id}" aria-label="取消场次 ${s.date} ${s.startTime} ${s.title}">取消场次</button>`
                : "—"
            }</td></tr>`,
        )
      : html`<tr><td colspan="7">这段时间没有场次；添加模板后点“按模板生成场次”</td></tr>`
  }</tbody>
</table>
</section>

<dialog id="cancel-dialog" aria-labelledby="cancel-title">
<form id="cancel-form" method="dialog" novalidate>
  <h2 id="cancel-title">取消场次</h2>
  <p id="cancel-what"></p>
  <p>已预约的人会收到取消通知。</p>
  <label>取消原因 *<input name="reason" required maxlength="200"></label>
  <p class="form-result" role="status" aria-live="polite"></p>
  <p><button type="submit" class="btn danger" value="confirm">确定取消</button> <button type="button" class="btn" id="cancel-close">不取消</button></p>
</form>
</dialog>`;
}
