// The printable three-party acceptance record (issue 19 part A): what was installed, the system's checks and
// the three signatures, on one A4 page. Server-rendered from the rollout service with the caller's scope (a
// document to print and file, whole without the console app); the roll-out and acceptance screens
// themselves are the React app's (app/screens/Rollout*.tsx, Acceptance*.tsx).
import { html, type Html } from "../../server/render/html.ts";
import type { AcceptanceView } from "@anxin/contract/rollout";
import { countyMinute as when } from "@anxin/contract/county-time";

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
