// The duty roster page: one week (Monday to Sunday, county time) with each person's shifts per day, who is on
// duty now highlighted, and for managers a form to add a shift and a button to remove one. The escalation
// chain's "property company on duty" step calls whoever this roster shows on duty.
import { html, raw, type Html } from "../../server/render/html.ts";
import {
  addDays,
  countyClockTime,
  countyDate,
  countyInstant,
  countyLocaleString,
  isoWeekday,
} from "../../../../api/src/contract/county-time.ts";
import type { RosterStaff, ShiftView } from "../../../../api/src/modules/roster/roster-service.ts";

const when = (iso: string) =>
  countyLocaleString(iso, { hour12: false, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
const WEEKDAY = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/** The Monday (county date) of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function weekRange(monday: string): { from: Date; to: Date; days: string[] } {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  return { from: countyInstant(monday, "00:00"), to: countyInstant(addDays(monday, 7), "00:00"), days };
}

/** A shift's part within one county day, as "08:00–16:00" (a shift past midnight shows "–24:00" and "00:00–"). */
function partOn(day: string, s: ShiftView, now: Date): { text: string; now: boolean } | null {
  const dayStart = countyInstant(day, "00:00").getTime();
  const dayEnd = countyInstant(addDays(day, 1), "00:00").getTime();
  const start = Math.max(new Date(s.startsAt).getTime(), dayStart);
  const end = Math.min(new Date(s.endsAt).getTime(), dayEnd);
  if (end <= start) return null;
  const text = `${start === dayStart ? "00:00" : countyClockTime(new Date(start))}–${end === dayEnd ? "24:00" : countyClockTime(new Date(end))}`;
  // only the part of the shift holding this moment is marked "on duty"
  return { text, now: start <= now.getTime() && now.getTime() < end };
}

export function rosterBody(opts: {
  monday: string;
  now: Date;
  shifts: ShiftView[];
  staff: RosterStaff[];
  canEdit: boolean;
  companies: { id: string; name: string }[];
  companyId: string | null;
}): Html {
  const { monday, shifts, staff, canEdit, companyId } = opts;
  const { days } = weekRange(monday);
  const today = countyDate(opts.now);
  const q = (week: string) =>
    `/console/roster?week=${week}${companyId && opts.companies.length > 1 ? `&company=${companyId}` : ""}`;
  const onDuty = staff.filter((s) => s.onDutyNow);
  // everyone on the company's staff gets a row, plus anyone with a shift this week who has since left
  const people = [
    ...staff.map((s) => ({ id: s.id, name: s.name })),
    ...shifts
      .filter((s) => !staff.some((p) => p.id === s.staffUserId))
      .map((s) => ({ id: s.staffUserId, name: s.staffName })),
  ].filter((p, i, all) => all.findIndex((x) => x.id === p.id) === i);
  const companyPicker =
    opts.companies.length > 1
      ? html`<form method="get" action="/console/roster" class="filters"><label>物业公司 <select name="company">${opts.companies.map((c) => html`<option value="${c.id}"${c.id === companyId ? raw(" selected") : ""}>${c.name}</option>`)}</select></label><input type="hidden" name="week" value="${monday}"><button type="submit" class="btn">查看</button></form>`
      : "";
  if (!companyId) return html`${companyPicker}<p class="notice">请选择物业公司。</p>`;
  return html`${companyPicker}
<p id="on-duty-now" class="notice on-duty-now">当前值班：${onDuty.length ? raw(onDuty.map((s) => html`<span class="name">${s.name}</span>（${s.phone}）`.value).join("、")) : "无人值班（升级通知将发给本公司全部物业人员）"}</p>
<nav class="filters noprint"><a class="btn" href="${q(addDays(monday, -7))}">上一周</a><a class="btn" href="${q(mondayOf(today))}">本周</a><a class="btn" href="${q(addDays(monday, 7))}">下一周</a><span>${monday} 至 ${addDays(monday, 6)}</span></nav>
${
  canEdit
    ? html`<form id="shift-form" class="noprint" data-company="${companyId}">
  <label>值班人员<select name="staffUserId" required>${staff.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select></label>
  <label>上班时间<input type="datetime-local" lang="zh-CN" name="startsAt" required value="${today}T08:00"></label>
  <label>下班时间<input type="datetime-local" lang="zh-CN" name="endsAt" required value="${today}T20:00"></label>
  <button type="submit" class="btn primary">添加班次</button>
  <span id="shift-error" class="bad" role="alert"></span>
</form>`
    : html`<p class="notice">排班由物业经理维护。</p>`
}
<table id="roster" class="roster"><caption class="sr-only">本周值班表</caption>
<thead><tr><th scope="col">人员</th>${days.map((d) => html`<th scope="col"${d === today ? raw(' class="today"') : ""}>${WEEKDAY[isoWeekday(d)]} ${d.slice(5)}</th>`)}</tr></thead>
<tbody>${people.map(
    (p) =>
      html`<tr data-staff="${p.id}"><th scope="row">${p.name}</th>${days.map((d) => {
        const parts = shifts
          .filter((s) => s.staffUserId === p.id)
          .flatMap((s) => {
            const part = partOn(d, s, opts.now);
            return part ? [{ s, part }] : [];
          });
        return html`<td${d === today ? raw(' class="today"') : ""}>${parts.map(
          ({ s, part }) =>
            html`<div class="shift${part.now ? " on-duty" : ""}" data-shift="${s.id}" title="${s.staffName}：${when(s.startsAt)} 至 ${when(s.endsAt)}"><span>${part.text}${part.now ? "（值班中）" : ""}</span>${canEdit ? html`<button type="button" class="del-shift" data-id="${s.id}" aria-label="删除 ${s.staffName} ${when(s.startsAt)} 至 ${when(s.endsAt)} 的班次">×</button>` : ""}</div>`,
        )}</td>`;
      })}</tr>`,
  )}</tbody></table>`;
}
