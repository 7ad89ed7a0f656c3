// Hazards (隐患) and patrols in the console (issue 18): the list with filters, overdue first; one hazard with
// its photos and timeline; patrol completion per unit. Server-rendered from the inspection services with
// the signed-in caller's unit scope; plain links and GET forms, no script needed.
import { html, raw, type Html } from "../../server/render/html.ts";
import {
  STATUS_LABELS,
  type HazardListQuery,
  type HazardService,
  type PatrolService,
} from "../../../../api/src/modules/inspection/index.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

type HazardList = Awaited<ReturnType<HazardService["list"]>>;
type HazardDetail = Awaited<ReturnType<HazardService["get"]>>;
type Completion = Awaited<ReturnType<PatrolService["completion"]>>;

const when = (iso: string | null) =>
  iso
    ? countyLocaleString(iso, {
        hour12: false,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
    : "—";

const ACTIONS: Record<string, string> = {
  reported: "上报",
  assigned: "派发整改",
  started: "开始整改",
  fixed: "提交整改",
  rejected: "验收未通过",
  verified: "验收通过",
  due_soon: "期限将至提醒",
  overdue: "逾期推送",
  escalated: "逾期升级",
  notice: "下达责令改正通知书",
};

export interface HazardFilters {
  view: "open" | "overdue" | "all";
  status?: HazardListQuery["status"];
  severity?: HazardListQuery["severity"];
  offset: number;
  limit: number;
}

const selected = (a: string | undefined, b: string) => (a === b ? raw(" selected") : "");

export function hazardsBody(list: HazardList, f: HazardFilters): Html {
  const qs = (o: Partial<HazardFilters>) => {
    const q = { ...f, ...o };
    const p = new URLSearchParams({ view: q.view, offset: String(q.offset) });
    if (q.status) p.set("status", q.status);
    if (q.severity) p.set("severity", q.severity);
    return `/console/hazards?${p.toString()}`;
  };
  return html`<form method="get" action="/console/hazards" class="filters" aria-label="筛选隐患">
<label>范围 <select name="view"><option value="open"${selected(f.view, "open")}>未销案</option><option value="overdue"${selected(f.view, "overdue")}>已逾期</option><option value="all"${selected(f.view, "all")}>全部</option></select></label>
<label>状态 <select name="status"><option value="">全部状态</option>${Object.entries(STATUS_LABELS).map(([k, v]) => html`<option value="${k}"${selected(f.status, k)}>${v}</option>`)}</select></label>
<label>等级 <select name="severity"><option value="">全部等级</option><option value="MAJOR"${selected(f.severity, "MAJOR")}>重大隐患</option><option value="GENERAL"${selected(f.severity, "GENERAL")}>一般隐患</option></select></label>
<button type="submit" class="btn primary">筛选</button></form>
<p class="notice${list.overdue ? " error" : ""}" id="overdue-count">${list.overdue ? `逾期未整改 ${list.overdue} 条，已排在最前` : "没有逾期未整改的隐患"}</p>
<table id="hazard-table"><caption>隐患列表（共 ${list.total} 条）</caption><thead><tr><th scope="col">单位</th><th scope="col">部位</th><th scope="col">隐患</th><th scope="col">等级</th><th scope="col">状态</th><th scope="col">整改人</th><th scope="col">整改期限</th><th scope="col">上报时间</th></tr></thead>
<tbody>${list.items.map(
    (h) =>
      html`<tr${h.overdue ? raw(' class="overdue"') : ""}><td>${h.unit?.name ?? h.community?.name ?? ""}</td><td>${h.place}</td><td><a href="/console/hazards/${h.id}">${h.description}</a></td><td class="${h.severity === "MAJOR" ? "bad" : ""}">${h.severityLabel}</td><td class="${h.overdue ? "bad" : h.status === "VERIFIED" ? "ok" : ""}">${h.overdue && h.status !== "OVERDUE" && h.status !== "ESCALATED" ? "已逾期" : h.statusLabel}</td><td>${h.assignee?.name ?? "未派发"}</td><td>${when(h.deadline)}</td><td>${when(h.createdAt)}</td></tr>`,
  )}</tbody></table>
${list.items.length ? "" : html`<p class="notice">没有符合条件的隐患。</p>`}
<div class="pager">${f.offset > 0 ? html`<a href="${qs({ offset: Math.max(0, f.offset - f.limit) })}">上一页</a>` : ""} ${f.offset + f.limit < list.total ? html`<a href="${qs({ offset: f.offset + f.limit })}">下一页</a>` : ""}</div>`;
}

const ROLE_NAMES: Record<string, string> = {
  UNIT_RESPONSIBLE: "消防安全责任人",
  UNIT_MANAGER: "消防安全管理人",
  UNIT_SAFETY_OFFICER: "安全员",
  CONTROL_ROOM_OPERATOR: "控制室值班员",
  MAINTENANCE_TECH: "维保技术人员",
};
const ASSIGNABLE = ["REPORTED", "ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"];

/** The actions of a manager on this hazard: name who fixes it and by when; review a rectification. */
function actions(h: HazardDetail, people: { id: string; name: string; role: string }[]): Html {
  const assign = ASSIGNABLE.includes(h.status)
    ? html`<form id="assign-form" class="filters" data-hazard="${h.id}" aria-label="派发整改">
<label>整改责任人 <select name="assigneeId" required>${people.map((p) => html`<option value="${p.id}"${p.id === h.assignee?.id ? raw(" selected") : ""}>${p.name}（${ROLE_NAMES[p.role] ?? p.role}）</option>`)}</select></label>
<label>整改期限 <input type="datetime-local" lang="zh-CN" name="deadline"></label>
<label>临时措施 <input type="text" name="interimMeasures" maxlength="300" value="${h.interimMeasures ?? ""}"></label>
<button type="submit" class="btn primary">${h.assignee ? "重新派发" : "派发整改"}</button>
</form>`
    : "";
  const review =
    h.status === "FIXED"
      ? html`<form id="review-form" class="filters" data-hazard="${h.id}" aria-label="验收整改">
<label>验收意见 <input type="text" name="note" maxlength="300" placeholder="退回时必须填写原因"></label>
<button type="submit" class="btn primary" data-action="verify">验收通过</button>
<button type="submit" class="btn danger" data-action="reject">退回整改</button>
</form>`
      : "";
  return html`${assign}${review}<p id="action-error" class="notice error" role="alert" hidden></p>`;
}

export function hazardBody(
  h: HazardDetail,
  manage: { people: { id: string; name: string; role: string }[] } | null = null,
): Html {
  const photos = (urls: string[], label: string) =>
    urls.length
      ? html`<ul class="photos">${urls.map((u, i) => html`<li><a href="${u}"><img src="${u}" alt="${label}照片 ${i + 1}" width="160"></a></li>`)}</ul>`
      : html`<p>无</p>`;
  return html`<p><a href="/console/hazards">返回隐患列表</a></p>
${h.events.some((e) => e.action === "notice") ? html`<p class="noprint"><a href="/console/hazards/${h.id}/notice" id="notice-link">打印责令改正通知书</a></p>` : ""}
${manage ? actions(h, manage.people) : ""}
<dl class="facts" id="hazard-facts">
<dt>${h.unit ? "单位" : "小区"}</dt><dd>${h.unit?.name ?? h.community?.name ?? ""}</dd>
<dt>部位</dt><dd>${h.place}</dd>
<dt>隐患</dt><dd>${h.description}</dd>
<dt>等级</dt><dd class="${h.severity === "MAJOR" ? "bad" : ""}">${h.severityLabel}</dd>
<dt>来源</dt><dd>${h.sourceLabel}</dd>
<dt>状态</dt><dd id="hazard-status" class="${h.overdue ? "bad" : ""}">${h.statusLabel}${h.overdue ? "（已逾期）" : ""}</dd>
<dt>整改人</dt><dd>${h.assignee?.name ?? "未派发"}</dd>
<dt>整改期限</dt><dd>${when(h.deadline)}</dd>
<dt>临时措施</dt><dd>${h.interimMeasures ?? "—"}</dd>
<dt>整改人提交</dt><dd>${h.fixedBy ? `${h.fixedBy}（${when(h.fixedAt)}）` : "—"}</dd>
<dt>验收</dt><dd>${h.verifiedBy ? `${h.verifiedBy}（${when(h.verifiedAt)}）` : "—"}</dd>
</dl>
<h2>发现时照片</h2>${photos(h.photos, "发现时")}
<h2>整改凭证</h2>${photos(h.evidence, "整改后")}
<h2>处理经过</h2>
<ol class="timeline" id="hazard-timeline">${h.events.map((e) => html`<li><time datetime="${e.at}">${when(e.at)}</time> <strong>${ACTIONS[e.action] ?? e.action}</strong> ${e.actor}${e.note ? html`：${e.note}` : ""}</li>`)}</ol>`;
}

export function patrolsBody(rows: Completion, from: string, to: string): Html {
  return html`<form method="get" action="/console/patrols" class="filters" aria-label="统计时段">
<label>开始日期 <input type="date" lang="zh-CN" name="from" value="${from}" required></label>
<label>结束日期 <input type="date" lang="zh-CN" name="to" value="${to}" required></label>
<button type="submit" class="btn primary">查看</button></form>
<table id="patrol-table"><caption>各单位巡查完成情况（${from} 至 ${to}，完成率低的在前）</caption><thead><tr><th scope="col">单位</th><th scope="col" class="num">应巡查</th><th scope="col" class="num">按时完成</th><th scope="col" class="num">超时完成/超时中</th><th scope="col" class="num">漏巡</th><th scope="col" class="num">进行中</th><th scope="col" class="num">完成率</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.unitName}</td><td class="num">${r.due}</td><td class="num">${r.onTime}</td><td class="num">${r.late}</td><td class="num${r.missed ? " bad" : ""}">${r.missed}</td><td class="num">${r.open}</td><td class="num">${r.rate === null ? "—" : `${r.rate}%`}</td></tr>`)}</tbody></table>
${rows.length ? "" : html`<p class="notice">暂无巡查计划。</p>`}`;
}
