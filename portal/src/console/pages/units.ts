// Networked units (issue 14): the register in the caller's scope with filters and counts, one unit's whole
// file (一单位一档), the unit team's invitations, and the public page where a new account sets its password.
// Rendered from the same services as /api/units with the signed-in caller's scope; the forms are sent by
// client/units.ts and client/invites.ts to the JSON API.
import { html, raw, type Html } from "../../server/render/html.ts";
import {
  FACILITY_LABELS,
  ROLLOUT_STAGE_LABELS,
  SECTOR_LABELS,
  UNIT_CATEGORY_LABELS,
  type UnitFileView,
  type UnitSummary,
} from "../../../../api/src/modules/units/index.ts";
import { STAFF_ROLE_LABELS, type StaffAccountView } from "../../../../api/src/modules/county-setup/index.ts";
import { query } from "./format.ts";
import { filePick } from "./file-pick.ts";

export interface UnitFilters {
  townshipId: string;
  category: string;
  sector: string;
  rolloutStage: string;
  keyUnit: string;
  q: string;
  offset: number;
}

const select = (name: string, label: string, current: string, opts: Record<string, string>, all = "全部") =>
  html`<label>${label} <select name="${name}"><option value="">${all}</option>${Object.entries(opts).map(
    ([k, v]) => html`<option value="${k}"${k === current ? raw(" selected") : ""}>${v}</option>`,
  )}</select></label>`;

const stageLabel = (s: string) => ROLLOUT_STAGE_LABELS[s as keyof typeof ROLLOUT_STAGE_LABELS] ?? s;

export function unitsBody(opts: {
  filters: UnitFilters;
  page: { total: number; items: UnitSummary[]; limit: number };
  counts: { all: number; keyUnits: number; pilots: number; withAlarmSystem: number };
  townships: { id: string; name: string }[];
  canRegister: boolean;
  /** the last yearly facility test per unit (a maintenance technician's register), county dates */
  lastTests?: Map<string, string>;
  today?: string;
}): Html {
  const f = opts.filters;
  const tests = opts.lastTests;
  const testCell = (id: string) => {
    const last = tests?.get(id);
    if (!last) return html`<td class="bad">未记录</td>`;
    return yearAgo(opts.today ?? last) > last
      ? html`<td class="bad">${last}（已超过一年）</td>`
      : html`<td>${last}</td>`;
  };
  const link = (offset: number) =>
    `/console/units?${query({ townshipId: f.townshipId, category: f.category, sector: f.sector, rolloutStage: f.rolloutStage, keyUnit: f.keyUnit, q: f.q, offset })}`;
  const { total, items, limit } = opts.page;
  return html`<div class="cards" id="unit-counts">
  <div class="card"><span class="n">${opts.counts.all}</span><span class="l">可查看的单位</span></div>
  <div class="card"><span class="n">${opts.counts.keyUnits}</span><span class="l">消防安全重点单位</span></div>
  <div class="card"><span class="n">${opts.counts.withAlarmSystem}</span><span class="l">设有火灾自动报警系统</span></div>
  <div class="card"><span class="n">${opts.counts.pilots}</span><span class="l">试点单位</span></div>
</div>
<form method="get" action="/console/units" class="filters" id="unit-filters">
  ${select("townshipId", "乡镇/街道", f.townshipId, Object.fromEntries(opts.townships.map((t) => [t.id, t.name])))}
  ${select("category", "单位类别", f.category, UNIT_CATEGORY_LABELS)}
  ${select("sector", "行业主管部门", f.sector, SECTOR_LABELS)}
  ${select("rolloutStage", "推进状态", f.rolloutStage, ROLLOUT_STAGE_LABELS)}
  ${select("keyUnit", "重点单位", f.keyUnit, { true: "是", false: "否" })}
  <label>名称、地址或信用代码 <input type="search" name="q" value="${f.q}" maxlength="40"></label>
  <button type="submit" class="btn primary">筛选</button>
  <a class="btn" href="/console/units">清除</a>
</form>
<p id="unit-total">符合条件的单位共 <strong>${total}</strong> 家。</p>
<table id="unit-table"><caption class="sr-only">联网单位列表</caption>
<thead><tr><th scope="col">单位名称</th><th scope="col">类别</th><th scope="col">重点单位</th><th scope="col">行业主管部门</th><th scope="col">乡镇/街道</th><th scope="col">推进状态</th><th scope="col" class="num">建筑</th><th scope="col" class="num">人员</th><th scope="col" class="num">设备</th>${tests ? html`<th scope="col">年度检测</th>` : ""}</tr></thead>
<tbody>${items.map(
    (u) =>
      html`<tr><td><a href="/console/units/${u.id}">${u.name}</a>${u.pilot ? html` <span class="tag">试点</span>` : ""}</td><td>${u.categoryLabel}</td><td>${u.keyUnit ? "是" : "否"}</td><td>${u.sectorLabel}</td><td>${u.township.name}</td><td>${stageLabel(u.rolloutStage)}</td><td class="num">${u.buildings}</td><td class="num">${u.people}</td><td class="num">${u.devices}</td>${tests ? testCell(u.id) : ""}</tr>`,
  )}</tbody></table>
<div class="pager">${f.offset > 0 ? html`<a href="${link(Math.max(0, f.offset - limit))}">上一页</a>` : ""} ${total ? html`第 ${f.offset + 1}–${Math.min(total, f.offset + limit)} 家` : "没有符合条件的单位"} ${f.offset + limit < total ? html`<a href="${link(f.offset + limit)}">下一页</a>` : ""}</div>
${opts.canRegister ? registerForm(opts.townships) : ""}`;
}

function registerForm(townships: { id: string; name: string }[]): Html {
  return html`<section aria-labelledby="register-title" class="noprint">
<h2 id="register-title">登记新单位</h2>
<p>带 * 的必须填写。登记后在单位档案页补充建筑、重点部位、消防设施和应急预案。</p>
<form id="unit-create" class="form-grid">
  <label>单位名称 *<input name="name" required maxlength="60" autocomplete="organization"></label>
  <label>统一社会信用代码 *<input name="creditCode" required maxlength="24" inputmode="latin"></label>
  <label>单位类别 *<select name="category" required>${Object.entries(UNIT_CATEGORY_LABELS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select></label>
  <label>乡镇/街道 *<select name="townshipId" required>${townships.map((t) => html`<option value="${t.id}">${t.name}</option>`)}</select></label>
  <label>地址 *<input name="address" required maxlength="120"></label>
  <label>单位电话<input name="phone" maxlength="20" inputmode="tel"></label>
  <label><input type="checkbox" name="keyUnit" value="1"> 消防安全重点单位</label>
  <button type="submit" class="btn primary">登记单位</button>
  <p id="unit-create-result" role="status" aria-live="polite"></p>
</form>
</section>`;
}

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));
const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** The county date a year before (the yearly test is due again then). */
const yearAgo = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;

export interface UnitTestsView {
  records: {
    id: string;
    kindLabel: string;
    testedOn: string;
    by: { name: string };
    ok: boolean;
    failed: number;
    items: { item: string; ok: boolean; note: string | null; hazardId: string | null }[];
    summary: string | null;
    reports: { id: string; title: string; bytes: number; url: string }[];
  }[];
  /** what the viewer may record here (the maintenance technician: the yearly test), with its items */
  record: { kind: string; label: string; template: { item: string; facilityKind: string | null }[] } | null;
  today: string;
}

/** 年度检测与防火检查: the records with their reports, and the form to record one (client/units.ts sends it). */
function testsSection(unitId: string, t: UnitTestsView): Html {
  const lastYearly = t.records.find((r) => r.kindLabel === "年度消防设施检测");
  return html`<section aria-labelledby="tests-title" id="unit-tests">
<h2 id="tests-title">年度检测与防火检查（${t.records.length}）</h2>
${lastYearly && lastYearly.testedOn >= yearAgo(t.today) ? "" : html`<p class="notice error" id="no-yearly-test">近一年没有维保单位的年度消防设施检测记录。</p>`}
<table id="unit-test-records"><thead><tr><th scope="col">日期</th><th scope="col">类别</th><th scope="col">记录人</th><th scope="col">结果</th><th scope="col">不合格项（已转为隐患）</th><th scope="col">报告</th></tr></thead>
<tbody>${t.records.map(
    (r) =>
      html`<tr><td>${r.testedOn}</td><td>${r.kindLabel}</td><td>${r.by.name}</td><td>${r.ok ? "全部合格" : html`<span class="bad">${r.failed} 项不合格</span>`}${r.summary ? html`<br>${r.summary}` : ""}</td><td>${r.items
        .filter((i) => !i.ok)
        .map(
          (i) =>
            html`<div>${i.item}${i.note ? `（${i.note}）` : ""}${i.hazardId ? html` <a href="/console/hazards/${i.hazardId}">查看隐患</a>` : ""}</div>`,
        )}</td><td>${r.reports.length ? r.reports.map((d) => html`<div><a href="${d.url}">${d.title}</a>（${size(d.bytes)}）</div>`) : html`<span class="bad">未附报告</span>`}${t.record ? html`<form class="test-report-upload noprint" data-test="${r.id}"><label>报告名称<input name="title" required maxlength="60" value="${r.kindLabel}报告"></label>${filePick({ id: `test-report-file-${r.id}`, name: "file", label: "报告文件（PDF、Word、JPEG、PNG）", accept: ".pdf,.docx,.jpg,.jpeg,.png" })}<button type="submit" class="btn">附上报告</button></form>` : ""}</td></tr>`,
  )}</tbody></table>
${
  t.record
    ? html`<form id="facility-test-add" class="noprint" data-unit="${unitId}" data-kind="${t.record.kind}">
<h3>记录${t.record.label}</h3>
<label>检测日期 <input name="testedOn" type="date" required max="${t.today}" value="${t.today}"></label>
<table><thead><tr><th scope="col">项目</th><th scope="col">结果</th><th scope="col">说明</th></tr></thead>
<tbody>${t.record.template.map(
        (x, i) =>
          html`<tr><td>${x.item}<input type="hidden" name="item${i}" value="${x.item}" data-facility="${x.facilityKind ?? ""}"></td><td><select name="ok${i}" aria-label="${x.item} 结果"><option value="1">合格</option><option value="0">不合格</option></select></td><td><input name="note${i}" maxlength="200" aria-label="${x.item} 说明"></td></tr>`,
      )}</tbody></table>
${t.record.template.length ? "" : html`<p class="notice">该单位档案中还没有消防设施，请先在“消防设施”中添加。</p>`}
<label>结论与说明 <input name="summary" maxlength="500"></label>
${filePick({ id: "facility-test-file", name: "file", label: "报告文件（PDF、Word、JPEG、PNG，20 MB 以内）", accept: ".pdf,.docx,.jpg,.jpeg,.png", required: false })}
<button type="submit" class="btn primary"${t.record.template.length ? "" : raw(" disabled")}>保存记录</button>
</form>`
    : ""
}
</section>`;
}

export function unitFileBody(
  u: UnitFileView,
  opts: { canEdit: boolean; canInvite: boolean; tests?: UnitTestsView },
): Html {
  return html`<p class="filters noprint"><a class="btn" href="/console/units">返回单位列表</a>${opts.canInvite ? html`<a class="btn" href="/console/invites?unit=${u.id}">人员与邀请</a>` : ""}</p>
<section aria-labelledby="basic-title" id="unit-basic">
<h2 id="basic-title">基本信息</h2>
<dl class="facts">
  <dt>统一社会信用代码</dt><dd>${u.creditCode}</dd>
  <dt>单位类别</dt><dd>${u.categoryLabel}${u.keyUnit ? "（消防安全重点单位）" : ""}</dd>
  <dt>行业主管部门</dt><dd>${u.sectorLabel}</dd>
  <dt>乡镇/街道</dt><dd>${u.township.name}</dd>
  <dt>地址</dt><dd>${u.address}</dd>
  <dt>单位电话</dt><dd>${dash(u.phone)}</dd>
  <dt>消防控制室</dt><dd>${dash(u.controlRoom.location)}，电话 ${dash(u.controlRoom.phone)}</dd>
  <dt>火警确认时限</dt><dd>${u.confirm.seconds} 秒（${u.confirm.source === "unit" ? "本单位设定" : u.confirm.source === "county" ? "全县按类别设定" : "默认"}）</dd>
  <dt>维保单位</dt><dd>${u.maintenanceCompany?.name ?? "—"}</dd>
  <dt>安装单位</dt><dd>${u.installerCompany?.name ?? "—"}</dd>
  <dt>推进状态</dt><dd>${stageLabel(u.rolloutStage)}${u.pilot ? "（试点单位）" : ""}</dd>
</dl>
</section>
<section aria-labelledby="buildings-title">
<h2 id="buildings-title">建筑（${u.buildings.length}）</h2>
<table id="unit-buildings"><thead><tr><th scope="col">名称</th><th scope="col" class="num">地上层数</th><th scope="col" class="num">地下层数</th><th scope="col" class="num">高度（米）</th><th scope="col" class="num">面积（平方米）</th><th scope="col">使用性质</th><th scope="col">高层</th><th scope="col" class="num">建成年份</th></tr></thead>
<tbody>${u.buildings.map((b) => html`<tr><td>${b.name}</td><td class="num">${b.floorsAbove}</td><td class="num">${b.floorsBelow}</td><td class="num">${dash(b.heightM)}</td><td class="num">${dash(b.areaM2)}</td><td>${dash(b.use)}</td><td>${b.highRise ? "是" : "否"}</td><td class="num">${dash(b.yearBuilt)}</td></tr>`)}</tbody></table>
${
  opts.canEdit
    ? html`<form id="building-add" class="filters noprint"><label>建筑名称<input name="name" required maxlength="40"></label><label>地上层数<input name="floorsAbove" type="number" min="1" max="200" required></label><label>建筑高度（米）<input name="heightM" type="number" min="0" max="700" step="0.1"></label><label>使用性质<input name="use" maxlength="30"></label><button type="submit" class="btn primary">添加建筑</button></form>`
    : ""
}
</section>
<section aria-labelledby="parts-title">
<h2 id="parts-title">重点部位（${u.keyParts.length}）</h2>
<table id="unit-key-parts"><thead><tr><th scope="col">部位</th><th scope="col">所在建筑</th><th scope="col" class="num">楼层</th><th scope="col">说明</th></tr></thead>
<tbody>${u.keyParts.map((k) => html`<tr><td>${k.name}</td><td>${dash(k.building)}</td><td class="num">${dash(k.floor)}</td><td>${dash(k.description)}</td></tr>`)}</tbody></table>
${
  opts.canEdit
    ? html`<form id="key-part-add" class="filters noprint"><label>部位名称<input name="name" required maxlength="40"></label><label>所在建筑<select name="building"><option value="">（不指定）</option>${u.buildings.map((b) => html`<option>${b.name}</option>`)}</select></label><label>楼层<input name="floor" type="number" min="-20" max="200"></label><button type="submit" class="btn primary">添加重点部位</button></form>`
    : ""
}
</section>
<section aria-labelledby="facilities-title">
<h2 id="facilities-title">消防设施（${u.facilities.length}）</h2>
<table id="unit-facilities"><thead><tr><th scope="col">设施</th><th scope="col" class="num">数量</th><th scope="col">说明</th><th scope="col">维保单位</th><th scope="col">安装日期</th></tr></thead>
<tbody>${u.facilities.map((x) => html`<tr><td>${x.label}</td><td class="num">${x.count}</td><td>${dash(x.description)}</td><td>${x.maintenanceCompany?.name ?? "—"}</td><td>${dash(x.installedOn)}</td></tr>`)}</tbody></table>
${
  opts.canEdit
    ? html`<form id="facility-add" class="filters noprint"><label>设施<select name="kind">${Object.entries(FACILITY_LABELS).map(([k, v]) => html`<option value="${k}">${v}</option>`)}</select></label><label>数量<input name="count" type="number" min="1" max="100000" value="1"></label><button type="submit" class="btn primary">添加或更新设施</button></form>`
    : ""
}
</section>
<section aria-labelledby="people-title">
<h2 id="people-title">人员（${u.people.length}）</h2>
<table id="unit-people"><thead><tr><th scope="col">姓名</th><th scope="col">职责</th><th scope="col">电话</th><th scope="col">状态</th></tr></thead>
<tbody>${u.people.map((p) => html`<tr><td>${p.name}</td><td>${STAFF_ROLE_LABELS[p.role as keyof typeof STAFF_ROLE_LABELS] ?? p.role}</td><td>${dash(p.phone)}</td><td>${p.active ? "在岗" : "已停用"}</td></tr>`)}</tbody></table>
</section>
<section aria-labelledby="docs-title">
<h2 id="docs-title">资料（${u.documents.length}）</h2>
<ul id="unit-documents">${u.documents.map((d) => html`<li><a href="/api/units/${u.id}/documents/${d.id}">${d.kindLabel}：${d.title}</a>（${size(d.bytes)}）</li>`)}</ul>
${u.documents.some((d) => d.kind === "EMERGENCY_PLAN") ? "" : html`<p class="notice error" id="no-plan">尚未上传灭火和应急疏散预案。</p>`}
${
  opts.canEdit
    ? html`<form id="document-upload" class="filters noprint"><label>资料类别<select name="kind"><option value="EMERGENCY_PLAN">灭火和应急疏散预案</option><option value="DRILL">演练记录</option><option value="TEST_REPORT">检测报告</option></select></label><label>资料名称<input name="title" required maxlength="60"></label>${filePick({ id: "document-file", name: "file", label: "文件（PDF、Word、JPEG、PNG，20 MB 以内）", accept: ".pdf,.docx,.jpg,.jpeg,.png" })}<button type="submit" class="btn primary">上传</button></form>`
    : ""
}
</section>
${opts.tests ? testsSection(u.id, opts.tests) : ""}
<p id="unit-edit-result" role="status" aria-live="polite"></p>`;
}

/** Roles a unit's responsible person or manager may invite (staff-rules.ts UNIT_TEAM; admins any unit role). */
export const INVITABLE: Record<string, readonly string[]> = {
  UNIT_RESPONSIBLE: ["UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  UNIT_MANAGER: ["UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  ADMIN: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
  PROGRAMME_OFFICE: ["UNIT_RESPONSIBLE", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"],
};

export function invitesBody(opts: {
  units: { id: string; name: string }[];
  current: { id: string; name: string } | null;
  team: StaffAccountView[];
  roles: readonly string[];
}): Html {
  const { current } = opts;
  const picker =
    opts.units.length > 1
      ? html`<form method="get" action="/console/invites" class="filters"><label>单位 <select name="unit">${opts.units.map((u) => html`<option value="${u.id}"${u.id === current?.id ? raw(" selected") : ""}>${u.name}</option>`)}</select></label><button type="submit" class="btn">查看</button></form>`
      : "";
  if (!current) return html`${picker}<p class="notice">请选择单位。</p>`;
  return html`${picker}
<p>新账号没有密码：把邀请码交给本人，由本人在 <a href="/console/accept-invite">设置密码页面</a> 用邀请码设置自己的密码（邀请码只显示一次，7 天内有效）。忘记密码时“重新生成邀请码”即可。</p>
<table id="team"><caption class="sr-only">${current.name}的人员账号</caption>
<thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">职责</th><th scope="col">电话</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
<tbody>${opts.team.map(
    (s) =>
      html`<tr><td>${s.username}</td><td>${s.name}</td><td>${STAFF_ROLE_LABELS[s.role]}</td><td>${dash(s.phone)}</td><td class="${s.hasPassword ? "ok" : "bad"}">${!s.active ? "已停用" : s.hasPassword ? "已设置密码" : "待接受邀请"}</td><td>${s.active ? html`<button type="button" class="btn reissue" data-staff="${s.id}" data-name="${s.name}">重新生成邀请码</button>` : ""}</td></tr>`,
  )}</tbody></table>
<section aria-labelledby="invite-title">
<h2 id="invite-title">添加人员</h2>
<form id="invite-form" class="form-grid" data-unit="${current.id}">
  <label>用户名 *<input name="username" required maxlength="32" pattern="[A-Za-z0-9_.\\-]{3,32}" title="3-32 位字母、数字、下划线" autocomplete="off"></label>
  <label>姓名 *<input name="name" required maxlength="20"></label>
  <label>手机号<input name="phone" maxlength="11" inputmode="tel"></label>
  <label>职责 *<select name="role" required>${opts.roles.map((r) => html`<option value="${r}">${STAFF_ROLE_LABELS[r as keyof typeof STAFF_ROLE_LABELS]}</option>`)}</select></label>
  <button type="submit" class="btn primary">创建账号并生成邀请码</button>
</form>
</section>
<div id="invite-result" role="status" aria-live="polite"></div>`;
}

export function acceptInviteBody(): Html {
  return html`<p>请输入管理员或单位负责人给您的邀请码，并设置您自己的密码（至少 8 位，不要用 12345678 这类常见密码）。</p>
<form id="accept-form" class="form-grid">
  <label>邀请码 *<input name="code" required maxlength="40" autocomplete="one-time-code"></label>
  <label>新密码 *<input name="password" type="password" required minlength="8" maxlength="128" autocomplete="new-password"></label>
  <label>再输一次 *<input name="again" type="password" required minlength="8" maxlength="128" autocomplete="new-password"></label>
  <button type="submit" class="btn primary">设置密码</button>
</form>
<div id="accept-result" role="status" aria-live="polite"></div>`;
}
