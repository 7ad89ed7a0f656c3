// The monthly dispatch (每月调度) page for the supervisor, the leading group office, coordinators (their
// township) and sector regulators (their sector): every figure as a table (readable and printable without
// JavaScript; print CSS lays it out on A4 landscape), charts drawn by client/dispatch.ts with ECharts.
import { html, raw, type Html } from "../../server/render/html.ts";
import type {
  CoverageHistory,
  MonthlyDispatch,
  Progress,
  UnitScores,
} from "../../../../api/src/modules/dispatch/dispatch.schemas.ts";
import { SUBJECT_LABELS } from "../../../../api/src/modules/dispatch/dispatch.schemas.ts";
import { pct } from "./format.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

const jsonData = (id: string, v: unknown) =>
  raw(`<script type="application/json" id="${id}">${JSON.stringify(v).replace(/</g, "\\u003c")}</script>`);

const delta = (n: number | undefined) => (n === undefined ? "—" : n > 0 ? `+${n}` : n < 0 ? `${n}` : "0");

function progressTable(id: string, first: string, rows: readonly Progress[], total?: Progress): Html {
  const line = (p: Progress, strong = false) =>
    html`<tr${strong ? raw(' class="total"') : ""}><td>${p.name}</td><td class="num">${p.target}</td><td class="num">${p.done}</td><td class="num">${p.accepted}</td><td class="num ${p.behind ? "bad" : ""}">${p.behind}</td><td class="num">${delta(p.change?.done)}</td><td class="num">${delta(p.change?.accepted)}</td><td class="num">${delta(p.change?.behind)}</td></tr>`;
  return html`<table id="${id}">
    <thead>
      <tr>
        <th scope="col">${first}</th>
        <th scope="col" class="num">目标（家）</th>
        <th scope="col" class="num">已安装</th>
        <th scope="col" class="num">已验收</th>
        <th scope="col" class="num">滞后</th>
        <th scope="col" class="num">安装较上月</th>
        <th scope="col" class="num">验收较上月</th>
        <th scope="col" class="num">滞后较上月</th>
      </tr>
    </thead>
    <tbody>
      ${rows.length ? rows.map((r) => line(r)) : html`<tr><td colspan="8">暂无</td></tr>`}${total ? line(total, true) : ""}
    </tbody>
  </table>`;
}

const fmtDay = (iso: string) => countyLocaleString(iso, { hour12: false });

export interface DispatchPage {
  d: MonthlyDispatch;
  history: CoverageHistory | null;
  scores: UnitScores;
  canWrite: boolean;
}

export function dispatchBody({ d, history, scores, canWrite }: DispatchPage): Html {
  const phaseState = { done: "已结束", running: "进行中", upcoming: "未开始" } as const;
  const c = d.coverage.county;
  return html`<form class="filters noprint" method="get" action="/console/dispatch">
      <label>月份 <input type="month" name="month" value="${d.month}" required /></label>
      <button class="btn" type="submit">查看</button>
      <a class="btn" id="dispatch-xlsx" href="/console/dispatch.xlsx?month=${d.month}">下载 Excel</a>
      <button class="btn" type="button" id="print">打印 / 存为 PDF</button>
      <span class="live">打印：Ctrl+P（已排版为 A4 横向）</span>
    </form>
    <p id="dispatch-scope">
      范围：<strong>${d.scope}</strong>；${d.live ? "当前进度" : "往月存档"}，生成时间 ${fmtDay(d.generatedAt)}；${d.previousMonth ? `与 ${d.previousMonth} 相比` : "没有上月记录可比"}。
    </p>
    <div class="cards">
      <div class="card"><div class="n" id="total-target">${d.total.target}</div><div class="l">应接入单位</div></div>
      <div class="card"><div class="n" id="total-done">${d.total.done}</div><div class="l">已安装（较上月 ${delta(d.total.change?.done)}）</div></div>
      <div class="card"><div class="n" id="total-accepted">${d.total.accepted}</div><div class="l">已验收（较上月 ${delta(d.total.change?.accepted)}）</div></div>
      <div class="card"><div class="n ${d.total.behind ? "bad" : ""}" id="total-behind">${d.total.behind}</div><div class="l">进度滞后单位</div></div>
      <div class="card"><div class="n" id="coverage-rate">${pct(c.rate)}</div><div class="l">老旧高层覆盖（${c.covered} / ${c.households} 户，应达 ${pct(c.required)}）</div></div>
    </div>
    <h2>推进阶段${d.phasesFromPlan ? "（尚未设置，按实施方案默认日期）" : ""}</h2>
    <table id="phases">
      <thead><tr><th scope="col">阶段</th><th scope="col">起止</th><th scope="col">目标</th><th scope="col">状态</th></tr></thead>
      <tbody>
        ${d.phases.map((p) => html`<tr><td>${p.name}</td><td>${p.startsOn} 至 ${p.endsOn}</td><td>${p.target ?? "—"}${p.targetPct !== null ? `（${p.targetPct}%）` : ""}</td><td>${phaseState[p.state]}</td></tr>`)}
      </tbody>
    </table>
    <div class="grid2">
      <div id="chart-coverage-history" class="chart" role="img" aria-label="老旧高层覆盖率每日曲线"></div>
      <div id="chart-townships" class="chart" role="img" aria-label="各乡镇应接入单位安装与验收进度"></div>
    </div>
    <h2>按阶段</h2>
    ${progressTable("by-phase", "阶段", d.byPhase)}
    <h2>按乡镇/街道</h2>
    ${progressTable("by-township", "乡镇/街道", d.byTownship, d.total)}
    <h2>按行业主管部门</h2>
    ${progressTable("by-sector", "行业部门", d.bySector, d.total)}
    <h2>按安装单位</h2>
    ${progressTable("by-installer", "安装单位", d.byInstaller, d.total)}
    <h2>老旧高层住户覆盖（按小区）</h2>
    <p class="rule">${d.coverageRule}</p>
    <table id="coverage-communities">
      <thead><tr><th scope="col">小区</th><th scope="col">乡镇/街道</th><th scope="col" class="num">户数</th><th scope="col" class="num">已覆盖</th><th scope="col" class="num">覆盖率</th><th scope="col" class="num">应达到</th><th scope="col">进度</th></tr></thead>
      <tbody>
        ${d.coverage.communities.length ? d.coverage.communities.map((x) => html`<tr><td>${x.name}</td><td>${x.township}</td><td class="num">${x.households}</td><td class="num">${x.covered}</td><td class="num">${pct(x.rate)}</td><td class="num">${pct(x.required)}</td><td class="${x.behind ? "bad" : "ok"}">${x.behind ? "滞后" : "正常"}</td></tr>`) : html`<tr><td colspan="7">本范围没有老旧高层小区</td></tr>`}
      </tbody>
    </table>
    <h2 id="laggards">进度滞后名单</h2>
    <p class="rule">${d.behindRule}</p>
    <table id="laggard-units">
      <thead><tr><th scope="col">单位</th><th scope="col">乡镇/街道</th><th scope="col">行业部门</th><th scope="col">当前进度</th><th scope="col">应达到</th><th scope="col">依据</th></tr></thead>
      <tbody>
        ${d.laggards.units.length ? d.laggards.units.map((u) => html`<tr><td><a href="/console/units/${u.id}">${u.name}</a></td><td>${u.township}</td><td>${u.sector}</td><td>${u.stage}</td><td class="bad">${u.required}</td><td>${u.reason}</td></tr>`) : html`<tr><td colspan="6">没有滞后单位</td></tr>`}
      </tbody>
    </table>
    <p>滞后小区：${d.laggards.communities.length ? d.laggards.communities.map((x) => `${x.name}（${pct(x.rate)}，应达 ${pct(x.required)}）`).join("；") : "无"}</p>
    <h2>约谈记录</h2>
    <table id="talks">
      <thead><tr><th scope="col">对象</th><th scope="col">时间</th><th scope="col">参加人员</th><th scope="col">原因</th><th scope="col">承诺事项</th><th scope="col">回访日期</th><th scope="col">回访</th></tr></thead>
      <tbody>
        ${d.talks.length ? d.talks.map((t) => html`<tr data-talk="${t.id}"><td>${SUBJECT_LABELS[t.subject]}：${t.subjectName}</td><td>${fmtDay(t.heldAt)}</td><td>${t.attendees}</td><td>${t.reason}</td><td>${t.promises}</td><td>${t.followUpOn ?? "—"}</td><td>${t.followUpDone ? "已回访" : canWrite ? html`<button class="btn noprint" type="button" data-follow="${t.id}">标记已回访</button><span class="print-only">未回访</span>` : "未回访"}</td></tr>`) : html`<tr><td colspan="7">暂无约谈</td></tr>`}
      </tbody>
    </table>
    ${canWrite ? talkForm(d) : ""}
    <h2>表扬（${d.month}）</h2>
    <ul id="commendations">
      ${d.commendations.length ? d.commendations.map((x) => html`<li>${SUBJECT_LABELS[x.subject]}：<strong>${x.subjectName}</strong>，${x.reason}</li>`) : html`<li>本月暂无</li>`}
    </ul>
    ${canWrite ? commendForm(d) : ""}
    <h2>体验馆建设（每个乡镇、每个社区各一处并投入使用）</h2>
    <p id="centres-met">乡镇达标 <strong>${d.centres.townshipsMet}</strong> / ${d.centres.townships.length}；社区达标 <strong>${d.centres.communitiesMet}</strong> / ${d.centres.communities.length}（近 30 天有开放场次视为在用）。</p>
    <table id="centres">
      <thead><tr><th scope="col">层级</th><th scope="col">名称</th><th scope="col" class="num">体验馆</th><th scope="col" class="num">在用</th><th scope="col">达标</th></tr></thead>
      <tbody>
        ${d.centres.townships.map((x) => html`<tr><td>乡镇</td><td>${x.name}</td><td class="num">${x.centres}</td><td class="num">${x.inUse}</td><td class="${x.meets ? "ok" : "bad"}">${x.meets ? "达标" : "未达标"}</td></tr>`)}
        ${d.centres.communities.map((x) => html`<tr><td>社区</td><td>${x.name}</td><td class="num">${x.centres}</td><td class="num">${x.inUse}</td><td class="${x.meets ? "ok" : "bad"}">${x.meets ? "达标" : "未达标"}</td></tr>`)}
      </tbody>
    </table>
    <h2 id="scores">单位评分（近 ${scores.days} 天）</h2>
    <table id="score-rule">
      <caption>评分规则（满分 100）</caption>
      <thead><tr><th scope="col">项目</th><th scope="col" class="num">分值</th><th scope="col">计算方法</th></tr></thead>
      <tbody>${scores.rule.map((r) => html`<tr><td>${r.label}</td><td class="num">${r.max}</td><td>${r.rule}</td></tr>`)}</tbody>
    </table>
    <div id="chart-scores" class="chart noprint" role="img" aria-label="单位评分排名"></div>
    <table id="score-table">
      <thead><tr><th scope="col" class="num">名次</th><th scope="col">单位</th><th scope="col">乡镇/街道</th><th scope="col">行业部门</th><th scope="col" class="num">得分</th>${scores.rule.map((r) => html`<th scope="col" class="num">${r.label}</th>`)}</tr></thead>
      <tbody>
        ${scores.units.slice(0, 200).map((u) => html`<tr><td class="num">${u.rank}</td><td><a href="/console/units/${u.id}">${u.name}</a></td><td>${u.township}</td><td>${u.sector}</td><td class="num"><strong>${u.score}</strong></td>${u.parts.map((p) => html`<td class="num">${p.points}</td>`)}</tr>`)}
      </tbody>
    </table>
    ${jsonData("dispatch-data", { byTownship: d.byTownship, history, scores: scores.units.slice(0, 30).map((u) => ({ name: u.name, score: u.score })), target: d.phases.find((p) => p.code === "FULL")?.targetPct ?? null })}`;
}

const subjectOptions = (d: MonthlyDispatch) => html`
  <optgroup label="单位">${[...new Map([...d.laggards.units].map((u) => [u.id, u.name]))].map(([id, name]) => html`<option value="UNIT:${id}">${name}</option>`)}</optgroup>
  <optgroup label="小区">${d.coverage.communities.map((x) => html`<option value="COMMUNITY:${x.id}">${x.name}</option>`)}</optgroup>
  <optgroup label="乡镇/街道">${d.byTownship.map((x) => html`<option value="TOWNSHIP:${x.id}">${x.name}</option>`)}</optgroup>`;

function talkForm(d: MonthlyDispatch): Html {
  return html`<form id="talk-form" class="noprint stack">
    <h3>登记约谈</h3>
    <label>对象 <select name="subject" required>${subjectOptions(d)}</select></label>
    <label>约谈时间 <input type="datetime-local" name="heldAt" required /></label>
    <label>参加人员 <input name="attendees" maxlength="500" required /></label>
    <label>约谈原因 <input name="reason" maxlength="1000" required /></label>
    <label>承诺事项 <textarea name="promises" maxlength="2000" required></textarea></label>
    <label>回访日期 <input type="date" name="followUpOn" /></label>
    <button class="btn primary" type="submit">保存约谈</button>
    <p class="live" id="talk-status" role="status"></p>
  </form>`;
}

function commendForm(d: MonthlyDispatch): Html {
  return html`<form id="commend-form" class="noprint stack" data-month="${d.month}">
    <h3>登记表扬</h3>
    <label>对象 <select name="subject" required>${subjectOptions(d)}</select></label>
    <label>表扬事由 <input name="reason" maxlength="1000" required /></label>
    <button class="btn primary" type="submit">保存表扬</button>
    <p class="live" id="commend-status" role="status"></p>
  </form>`;
}
