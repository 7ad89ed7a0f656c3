// The roll-out in the console (issue 19 part A): 推进计划 (the county's phases with dates and where it stands,
// units and old high-rise buildings by stage, pilots and their demonstration meetings) and 验收 (the list,
// the installer's submission, one acceptance with the system's checks and the parties' actions, and the
// printable record with the three signatures). Rendered from the rollout services with the caller's scope;
// the forms and buttons are sent by client/rollout.ts to /api/rollout.
import { filePick } from "./file-pick.ts";
import { html, raw, type Html } from "../../server/render/html.ts";
import { ROLLOUT_STAGE_LABELS } from "../../../../api/src/modules/units/index.ts";
import {
  PHASE_LABELS,
  PLAN_KIND_LABELS,
  STAGE_ORDER,
  type AcceptanceSummary,
  type AcceptanceView,
  type ProgrammeOverview,
  type SubjectHistory,
} from "../../../../api/src/modules/rollout/index.ts";
import { countyLocaleDateString, countyMinute } from "../../../../api/src/contract/county-time.ts";

const stage = (s: string) => ROLLOUT_STAGE_LABELS[s as keyof typeof ROLLOUT_STAGE_LABELS] ?? s;
const when = countyMinute;
const dayOf = (iso: string | null) => (iso ? countyLocaleDateString(iso) : "—");
const PHASE_STATUS = { DONE: "已结束", CURRENT: "进行中", UPCOMING: "未开始" } as const;

export function programmeBody(o: ProgrammeOverview, opts: { canEditPhases: boolean }): Html {
  const b = o.buildings;
  const behind = b.targetPct !== null && b.pct < b.targetPct;
  return html`<p id="current-phase" class="notice">${
    o.current
      ? html`今天是 ${o.today}，当前阶段：<strong>${o.current.name}</strong>（${o.current.startsOn} 至 ${o.current.endsOn}）。${o.current.target ?? ""}`
      : html`今天是 ${o.today}，当前不在任何阶段内。`
  }</p>
<section aria-labelledby="phases-title">
<h2 id="phases-title">阶段与目标</h2>
<table id="phase-table"><thead><tr><th scope="col">阶段</th><th scope="col">开始</th><th scope="col">截止</th><th scope="col">目标</th><th scope="col">状态</th></tr></thead>
<tbody>${o.phases.map(
    (p) =>
      html`<tr data-code="${p.code}"${p.status === "CURRENT" ? raw(' class="current"') : ""}><td>${p.name}</td><td>${p.startsOn}</td><td>${p.endsOn}</td><td>${p.target ?? "—"}${p.targetPct !== null ? `（目标 ${p.targetPct}%）` : ""}</td><td><span class="tag">${PHASE_STATUS[p.status]}</span></td></tr>`,
  )}</tbody></table>
${opts.canEditPhases ? phaseForm(o) : ""}
</section>
<section aria-labelledby="stages-title">
<h2 id="stages-title">推进情况</h2>
<div class="cards" id="rollout-cards">
  <div class="card"><span class="n">${o.units.byStage.ACCEPTED}/${o.units.total}</span><span class="l">联网单位已验收</span></div>
  <div class="card"><span class="n">${o.units.byStage.INSTALLED + o.units.byStage.ACCEPTED}</span><span class="l">联网单位已安装</span></div>
  <div class="card"><span class="n">${b.pct}%</span><span class="l">老旧高层住户已覆盖（烟感在线可用）${b.targetPct !== null ? `（目标 ${b.targetPct}%）` : ""}</span></div>
  <div class="card"><span class="n">${o.pilots.length}</span><span class="l">试点单位</span></div>
</div>
${behind ? html`<p class="notice error" id="target-behind">老旧高层住户覆盖率 ${b.pct}%，低于全面推开阶段目标 ${b.targetPct}%（已覆盖 ${b.householdsDone} 户，共 ${b.households} 户；覆盖按每月调度页写明的规则计算）。</p>` : ""}
<table id="stage-table"><caption>按推进状态统计</caption><thead><tr><th scope="col">推进状态</th><th scope="col" class="num">联网单位</th><th scope="col" class="num">老旧高层住宅楼</th></tr></thead>
<tbody>${STAGE_ORDER.map(
    (s) =>
      html`<tr data-stage="${s}"><td>${stage(s)}</td><td class="num">${o.units.byStage[s]}</td><td class="num">${b.byStage[s]}</td></tr>`,
  )}<tr><th scope="row">合计</th><td class="num">${o.units.total}</td><td class="num">${b.total}</td></tr></tbody></table>
</section>
<section aria-labelledby="pilots-title" id="pilots">
<h2 id="pilots-title">试点单位与现场观摩会</h2>
${
  o.pilots.length
    ? html`<ul class="plain">${o.pilots.map(
        (p) =>
          html`<li><strong>${p.name}</strong>（${p.township}，${stage(p.stage)}）${
            p.demonstrations.length
              ? html`<ul>${p.demonstrations.map((d) => html`<li>${when(d.heldAt)} 现场观摩会，地点：${d.place}，参加 ${d.attendees} 人${d.notes ? `。${d.notes}` : ""}</li>`)}</ul>`
              : html`<p>尚未召开现场观摩会。</p>`
          }</li>`,
      )}</ul>`
    : html`<p>还没有确定试点单位。</p>`
}
</section>
<section aria-labelledby="units-title">
<h2 id="units-title">联网单位（${o.unitList.length}）</h2>
<table id="rollout-units"><thead><tr><th scope="col">单位</th><th scope="col">乡镇/街道</th><th scope="col">推进状态</th><th scope="col">更新日期</th></tr></thead>
<tbody>${o.unitList.map(
    (u) =>
      html`<tr><td><a href="/console/rollout/UNIT/${u.id}">${u.name}</a>${u.pilot ? html` <span class="tag">试点</span>` : ""}</td><td>${u.township}</td><td data-stage="${u.stage}">${stage(u.stage)}</td><td>${dayOf(u.stageAt)}</td></tr>`,
  )}</tbody></table>
</section>
<section aria-labelledby="buildings-title">
<h2 id="buildings-title">老旧高层住宅楼（${o.buildingList.length}）</h2>
<table id="rollout-buildings"><thead><tr><th scope="col">楼栋</th><th scope="col" class="num">住户</th><th scope="col">推进状态</th><th scope="col">更新日期</th></tr></thead>
<tbody>${o.buildingList.map(
    (x) =>
      html`<tr><td><a href="/console/rollout/BUILDING/${x.id}">${x.community} ${x.name}</a></td><td class="num">${x.households}</td><td data-stage="${x.stage}">${stage(x.stage)}</td><td>${dayOf(x.stageAt)}</td></tr>`,
  )}</tbody></table>
</section>`;
}

function phaseForm(o: ProgrammeOverview): Html {
  const rows = Object.entries(PHASE_LABELS).map(([code, label]) => {
    const p = o.phases.find((x) => x.code === code);
    return html`<fieldset data-code="${code}"><legend>${label}</legend>
<label>名称<input name="name" maxlength="40" value="${p?.name ?? label}"></label>
<label>开始日期<input name="startsOn" type="date" value="${p?.startsOn ?? ""}"></label>
<label>截止日期<input name="endsOn" type="date" value="${p?.endsOn ?? ""}"></label>
<label>目标<input name="target" maxlength="200" value="${p?.target ?? ""}"></label>
<label>目标比例（%）<input name="targetPct" type="number" min="0" max="100" step="1" value="${p?.targetPct ?? ""}"></label>
</fieldset>`;
  });
  return html`<details class="noprint"><summary>调整阶段日期和目标</summary>
<form id="phase-form" class="form-grid">${rows}
<button type="submit" class="btn primary">保存推进计划</button>
<p id="phase-result" role="status" aria-live="polite"></p>
</form></details>`;
}

export interface SubmitTarget {
  value: string; // "UNIT:<id>" or "BUILDING:<id>"
  label: string;
}

export function acceptancesBody(list: AcceptanceSummary[], opts: { targets: SubmitTarget[] | null }): Html {
  return html`${opts.targets ? submitForm(opts.targets) : ""}
<section aria-labelledby="list-title">
<h2 id="list-title">验收记录（${list.length}）</h2>
${
  list.length
    ? html`<table id="acceptance-table"><thead><tr><th scope="col">对象</th><th scope="col">类型</th><th scope="col">状态</th><th scope="col" class="num">提交次数</th><th scope="col">提交人</th><th scope="col">最近更新</th></tr></thead>
<tbody>${list.map(
        (a) =>
          html`<tr data-status="${a.status}"><td><a href="/console/acceptance/${a.id}">${a.subjectName}</a></td><td>${a.subjectLabel}</td><td>${a.statusLabel}${a.problems ? `（${a.problems} 项未通过）` : ""}</td><td class="num">${a.attempt}</td><td>${a.submitted.name}</td><td>${when(a.updatedAt)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>暂无验收记录。</p>`
}
</section>`;
}

function submitForm(targets: SubmitTarget[]): Html {
  const kindOptions = (selected: string) =>
    html`<option value="">（不填）</option>${Object.entries(PLAN_KIND_LABELS).map(
      ([k, v]) => html`<option value="${k}"${k === selected ? raw(" selected") : ""}>${v}</option>`,
    )}`;
  return html`<section aria-labelledby="submit-title" class="noprint">
<h2 id="submit-title">提交验收</h2>
${
  targets.length
    ? html`<p>安装完成后提交。提交后系统会立即检测：每台设备都在线，并且自安装开始以来监控中心收到过它的测试报警。</p>
<form id="acceptance-submit" class="form-grid">
<label>验收对象<select name="target" required>${targets.map((t) => html`<option value="${t.value}">${t.label}</option>`)}</select></label>
${[0, 1, 2].map(
  (i) =>
    html`<fieldset class="installed-row"><legend>安装的设备 ${i + 1}</legend><label>设备种类<select name="kind${i}">${kindOptions(i === 0 ? "SMOKE_ALARM" : "")}</select></label><label>数量<input name="count${i}" type="number" min="1" max="100000"></label><label>说明<input name="note${i}" maxlength="200"></label></fieldset>`,
)}
${filePick({ id: "acceptance-photo-files", name: "photos", label: "安装照片（最多 9 张）", accept: "image/jpeg,image/png,image/webp", required: false, multiple: true })}
<button type="submit" class="btn primary">提交验收</button>
<p id="submit-result" role="status" aria-live="polite"></p>
</form>`
    : html`<p>目前没有正在安装、等待提交验收的单位或楼栋。</p>`
}
</section>`;
}

export interface AcceptanceActions {
  resubmit: boolean;
  confirm: boolean;
  decide: boolean;
}

export function acceptanceBody(a: AcceptanceView, can: AcceptanceActions): Html {
  const failed = a.status === "CHECKS_FAILED";
  return html`<p class="filters noprint"><a class="btn" href="/console/acceptance">返回验收列表</a><a class="btn" id="record-link" href="/console/acceptance/${a.id}/record">打印验收记录</a></p>
<dl class="facts" id="acceptance-facts">
  <dt>验收对象</dt><dd>${a.subjectName}（${a.subjectLabel}）</dd>
  <dt>地址</dt><dd>${a.address || "—"}</dd>
  <dt>安装单位</dt><dd>${a.installerCompany ?? "—"}</dd>
  <dt>状态</dt><dd id="acceptance-status" data-status="${a.status}"><strong>${a.statusLabel}</strong>（第 ${a.attempt} 次提交）</dd>
  <dt>系统检测时间</dt><dd>${when(a.checkedAt)}</dd>
</dl>
${
  a.returned && a.status === "RETURNED"
    ? html`<p class="notice error" id="returned-reason">${a.returned.name} 于 ${when(a.returned.at)} 退回：${a.returned.reason}</p>`
    : ""
}
<section aria-labelledby="checks-title">
<h2 id="checks-title">系统检测</h2>
${
  a.checks.problems.length
    ? html`<div class="notice error" id="check-problems" role="alert"><p><strong>检测未通过，共 ${a.checks.problems.length} 项：</strong></p><ul>${a.checks.problems.map((p) => html`<li>${p}</li>`)}</ul><p>整改后请重新提交。</p></div>`
    : html`<p class="notice" id="check-passed">检测通过：${a.checks.devices.length} 台设备全部在线，并且都收到过测试报警。</p>`
}
<table id="check-table"><caption>测试报警自 ${when(a.checks.since)} 安装开始起计</caption><thead><tr><th scope="col">设备</th><th scope="col">在线</th><th scope="col">测试报警</th></tr></thead>
<tbody>${a.checks.devices.map(
    (d) =>
      html`<tr data-device="${d.deviceId}"${d.problems.length ? raw(' class="bad"') : ""}><td>${d.name}</td><td>${d.online ? "在线" : "不在线"}</td><td>${d.testAlarmSeen ? "已收到" : "未收到"}</td></tr>`,
  )}</tbody></table>
</section>
<section aria-labelledby="installed-title">
<h2 id="installed-title">安装内容</h2>
<table id="installed-table"><thead><tr><th scope="col">设备种类</th><th scope="col" class="num">数量</th><th scope="col">说明</th></tr></thead>
<tbody>${a.installed.map((i) => html`<tr><td>${i.label}</td><td class="num">${i.count}</td><td>${i.note ?? "—"}</td></tr>`)}</tbody></table>
${a.photos.length ? html`<div class="photos" id="acceptance-photos">${a.photos.map((p, n) => html`<img data-src="${p}" alt="安装照片 ${n + 1}" width="180">`)}</div>` : html`<p>未上传照片。</p>`}
</section>
${signatures(a)}
<section aria-labelledby="actions-title" class="noprint" id="acceptance-actions" data-id="${a.id}" data-subject="${a.subject}" data-subject-id="${a.subjectId}" data-installed="${JSON.stringify(a.installed.map((i) => ({ kind: i.kind, count: i.count, ...(i.note ? { note: i.note } : {}) })))}">
<h2 id="actions-title">办理</h2>
${can.resubmit && (failed || a.status === "RETURNED") ? html`<p><button type="button" class="btn primary" id="resubmit">整改完成，重新提交</button></p>` : ""}
${can.confirm && a.status === "SUBMITTED" ? html`<p><button type="button" class="btn primary" id="confirm">确认安装无误</button></p>` : ""}
${
  can.decide && (a.status === "SUBMITTED" || a.status === "UNIT_CONFIRMED")
    ? html`<form id="decide-form">${a.status === "UNIT_CONFIRMED" ? html`<p><button type="button" class="btn primary" id="accept">验收通过</button></p>` : html`<p>单位确认后才能验收通过。</p>`}
<label>退回原因<textarea name="reason" maxlength="500" rows="2"></textarea></label>
<button type="button" class="btn danger" id="return">退回</button></form>`
    : ""
}
<p id="action-error" class="notice error" role="alert" hidden></p>
</section>`;
}

function signatures(a: AcceptanceView): Html {
  const row = (party: string, role: string, s: { name: string; at: string } | null) =>
    html`<tr><th scope="row">${party}</th><td>${role}</td><td>${s?.name ?? "（待签）"}</td><td>${s ? when(s.at) : "—"}</td></tr>`;
  return html`<section aria-labelledby="sign-title">
<h2 id="sign-title">三方签字</h2>
<table id="signatures"><thead><tr><th scope="col">一方</th><th scope="col">职责</th><th scope="col">签字人</th><th scope="col">时间</th></tr></thead>
<tbody>${row("安装单位", "安装并提交验收", a.submitted)}${row(a.subject === "UNIT" ? "使用单位" : "物业服务企业", "监督并确认", a.unitConfirmed)}${row("消防救援机构", "验收", a.accepted)}</tbody></table>
</section>`;
}

/** The printable acceptance record: on one A4 page, with the three signatures. */
export function acceptanceRecordBody(a: AcceptanceView): Html {
  return html`<p class="filters noprint"><a class="btn" href="/console/acceptance/${a.id}">返回</a><button type="button" class="btn primary" id="print">打印</button></p>
${a.status !== "ACCEPTED" ? html`<p class="notice error" id="record-draft">尚未验收通过（${a.statusLabel}），本记录仅供核对。</p>` : ""}
<dl class="facts" id="record-facts">
  <dt>验收对象</dt><dd>${a.subjectName}（${a.subjectLabel}）</dd>
  <dt>地址</dt><dd>${a.address || "—"}</dd>
  <dt>安装单位</dt><dd>${a.installerCompany ?? "—"}</dd>
  <dt>验收结论</dt><dd>${a.status === "ACCEPTED" ? "验收合格" : a.statusLabel}</dd>
</dl>
<h2>安装内容</h2>
<table><thead><tr><th scope="col">设备种类</th><th scope="col" class="num">数量</th><th scope="col">说明</th></tr></thead>
<tbody>${a.installed.map((i) => html`<tr><td>${i.label}</td><td class="num">${i.count}</td><td>${i.note ?? "—"}</td></tr>`)}</tbody></table>
<h2>系统检测（${when(a.checkedAt)}）</h2>
<p>${a.checks.problems.length ? `未通过 ${a.checks.problems.length} 项：${a.checks.problems.join("；")}` : `${a.checks.devices.length} 台设备全部在线，均收到测试报警。`}</p>
${signatures(a)}`;
}

/** One unit's or building's roll-out: stage with history, device plan against what is installed, pilot. */
export function subjectBody(
  h: SubjectHistory,
  opts: {
    canEdit: boolean;
    pilot: { pilot: boolean; demonstrations: ProgrammeOverview["pilots"][number]["demonstrations"] } | null;
    canPilot: boolean;
  },
): Html {
  const planned = new Map(h.plan.map((p) => [p.deviceKind, p.planned]));
  return html`<p class="filters noprint"><a class="btn" href="/console/rollout">返回推进计划</a>${h.subject === "UNIT" ? html`<a class="btn" href="/console/units/${h.id}">单位档案</a>` : ""}</p>
<dl class="facts" id="subject-facts">
  <dt>对象</dt><dd>${h.name}（${h.subject === "UNIT" ? "联网单位" : "老旧高层住宅楼"}）</dd>
  <dt>推进状态</dt><dd id="subject-stage" data-stage="${h.stage}"><strong>${stage(h.stage)}</strong>（${dayOf(h.stageAt)}）</dd>
  ${opts.pilot ? html`<dt>试点单位</dt><dd id="subject-pilot">${opts.pilot.pilot ? "是" : "否"}</dd>` : ""}
</dl>
<section aria-labelledby="history-title">
<h2 id="history-title">推进记录</h2>
${
  h.changes.length
    ? html`<table id="stage-history"><thead><tr><th scope="col">时间</th><th scope="col">推进状态</th><th scope="col">记录人</th><th scope="col">说明</th></tr></thead>
<tbody>${h.changes.map((c) => html`<tr><td>${when(c.at)}</td><td>${c.stageLabel}</td><td>${c.by ?? "—"}</td><td>${c.note ?? "—"}</td></tr>`)}</tbody></table>`
    : html`<p>还没有推进记录。</p>`
}
${
  opts.canEdit && h.stage !== "ACCEPTED"
    ? html`<form id="stage-form" class="filters noprint" data-subject="${h.subject}" data-id="${h.id}"><label>新的推进状态<select name="stage">${STAGE_ORDER.filter((s) => s !== "ACCEPTED").map((s) => html`<option value="${s}"${s === h.stage ? raw(" selected") : ""}>${stage(s)}</option>`)}</select></label><label>说明<input name="note" maxlength="200"></label><button type="submit" class="btn primary">记录推进状态</button><span id="stage-result" role="status" aria-live="polite"></span></form>`
    : ""
}
</section>
<section aria-labelledby="plan-title">
<h2 id="plan-title">设备方案</h2>
${
  h.plan.length
    ? html`<table id="device-plan"><thead><tr><th scope="col">设备种类</th><th scope="col" class="num">计划</th><th scope="col" class="num">已登记</th></tr></thead>
<tbody>${h.plan.map((p) => html`<tr><td>${p.label}</td><td class="num">${p.planned}</td><td class="num">${p.installed}</td></tr>`)}</tbody></table>`
    : html`<p>还没有制定设备方案。</p>`
}
${
  opts.canEdit
    ? html`<details class="noprint"><summary>制定或修改设备方案</summary><form id="plan-form" class="form-grid" data-subject="${h.subject}" data-id="${h.id}">${Object.entries(PLAN_KIND_LABELS).map(([k, v]) => html`<label>${v}<input name="${k}" type="number" min="0" max="100000" value="${planned.get(k) ?? ""}"></label>`)}<button type="submit" class="btn primary">保存设备方案</button><span id="plan-result" role="status" aria-live="polite"></span></form></details>`
    : ""
}
</section>
${
  opts.pilot
    ? html`<section aria-labelledby="pilot-title">
<h2 id="pilot-title">试点与现场观摩会</h2>
${opts.pilot.demonstrations.length ? html`<ul id="demonstrations">${opts.pilot.demonstrations.map((d) => html`<li>${when(d.heldAt)}，${d.place}，参加 ${d.attendees} 人${d.notes ? `。${d.notes}` : ""}</li>`)}</ul>` : html`<p>没有现场观摩会记录。</p>`}
${
  opts.canPilot
    ? html`<p class="noprint"><button type="button" class="btn" id="pilot-toggle" data-id="${h.id}" data-pilot="${opts.pilot.pilot ? "1" : "0"}">${opts.pilot.pilot ? "取消试点" : "定为试点单位"}</button></p>
${opts.pilot.pilot ? html`<form id="demo-form" class="form-grid noprint" data-id="${h.id}"><label>时间<input name="heldAt" type="datetime-local" required></label><label>地点<input name="place" maxlength="100" required></label><label>参加人数<input name="attendees" type="number" min="1" max="10000" required></label><label>情况<input name="notes" maxlength="500"></label><button type="submit" class="btn primary">记录现场观摩会</button><span id="demo-result" role="status" aria-live="polite"></span></form>` : ""}`
    : ""
}
</section>`
    : ""
}`;
}
