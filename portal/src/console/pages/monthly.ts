// The monthly report page: printable (print CSS in console.css), with its xlsx beside it.
import { html, type Html } from "../../server/render/html.ts";
import type { MonthlyReport } from "../../../../api/src/contract/reports.ts";
import { duration, pct } from "./format.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

type Row = MonthlyReport["companies"][number] & { trainedPeople?: number | null };

function table(id: string, first: string, rows: Row[], total: Row, training: boolean): Html {
  const line = (r: Row, strong = false) =>
    html`<tr${strong ? html` class="total"` : ""}><td>${r.name}</td><td class="num">${r.coverage.households}</td><td class="num">${r.coverage.covered}</td><td class="num">${pct(r.coverage.rate)}</td><td class="num">${r.alarms.all}</td><td class="num">${r.alarms.fire}</td><td class="num">${duration(r.responseTimes.ackMedianSec)}</td><td class="num">${duration(r.responseTimes.ackP90Sec)}</td><td class="num">${duration(r.responseTimes.resolveMedianSec)}</td><td class="num">${duration(r.responseTimes.resolveP90Sec)}</td><td class="num">${r.openProblems}</td>${training ? html`<td class="num">${r.trainedPeople ?? "—"}</td>` : ""}</tr>`;
  return html`<table id="${id}">
    <thead>
      <tr>
        <th>${first}</th>
        <th class="num">老旧高层户数</th>
        <th class="num">已覆盖</th>
        <th class="num">覆盖率</th>
        <th class="num">报警</th>
        <th class="num">火警</th>
        <th class="num">确认中位数</th>
        <th class="num">九成火警确认用时</th>
        <th class="num">处置中位数</th>
        <th class="num">九成火警处置用时</th>
        <th class="num">未关闭问题</th>
        ${training ? html`<th class="num">培训人数</th>` : ""}
      </tr>
    </thead>
    <tbody>
      ${rows.map((r) => line(r))}${line(total, true)}
    </tbody>
  </table>`;
}

export function monthlyBody(r: MonthlyReport): Html {
  const county = r.scope === "county";
  return html`<form class="filters noprint" method="get" action="/console/monthly">
      <label>月份 <input type="month" lang="zh-CN" name="month" value="${r.month}" required /></label>
      <button class="btn" type="submit">查看</button>
      <a class="btn" id="xlsx" href="/console/monthly.xlsx?month=${r.month}">下载 Excel</a>
      <span class="live">打印：Ctrl+P（已排版为 A4 横向）</span>
    </form>
    <p>
      ${county ? "范围：全县" : `范围：${r.scope}`}；覆盖率目标
      ${pct(r.coverageTarget)}（老旧高层住户）。覆盖率为报告生成时的状态；报警与用时统计本月发生的报警（用时仅计火警）；未关闭问题为月末（本月为当前）仍未处置的报警。
    </p>
    ${
      county
        ? html`<div class="cards">
            <div class="card">
              <div class="n" id="sessions-held">${r.total.sessionsHeld ?? "—"}</div>
              <div class="l">体验馆场次</div>
            </div>
            <div class="card">
              <div class="n" id="trained-people">${r.total.trainedPeople ?? "—"}</div>
              <div class="l">培训人数</div>
            </div>
          </div>`
        : ""
    }
    <h2>按乡镇/街道</h2>
    ${table("monthly-townships", "乡镇/街道", r.townships, r.total, county)}
    <h2>按物业公司</h2>
    ${table("monthly-companies", "物业公司", r.companies, r.total, false)}
    <p class="live">
      生成时间：${countyLocaleString(r.generatedAt, { hour12: false })}
    </p>`;
}
