// 火警确认 (issue 17): a unit's fire signals waiting for the control room's (or the centre's) verdict, the
// countdown to the deadline, and the four answers. Server-rendered; client/confirm.ts sends the verdict to
// POST /api/centre/alarms/:id/verdict after a confirmation that says what will happen.
import { html, type Html } from "../../server/render/html.ts";
import type { BoardAlarm } from "../../../../api/src/modules/centre/index.ts";
import { countyLocaleString } from "../../../../api/src/contract/county-time.ts";

export const CONFIRM_KINDS = new Set(["FIRE", "CALL_POINT", "GAS_LEAK", "SUSPECTED_FIRE"]);

const time = (iso: string | null) =>
  iso ? countyLocaleString(iso, { hour12: false, hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "—";

/** The common causes of a false fire alarm, in the words control rooms use; "其他" asks for words. */
export const FALSE_CAUSES = ["油烟", "水汽、粉尘", "吸烟", "施工、焊接", "探测器故障", "误碰手报按钮", "其他"];

function pendingCard(a: BoardAlarm): Html {
  const where = [a.unitName, a.location, a.floor !== null ? `${a.floor} 层` : null].filter(Boolean).join(" · ");
  const overdue = a.report119;
  return html`<article class="confirm-card" data-id="${a.id}" data-deadline="${a.confirmDeadlineAt ?? ""}" data-kind="${a.kind}">
<h2><span class="chip s-fire">待确认</span> ${a.kindLabel} · ${where}</h2>
<p class="meta">报警时间 ${time(a.startedAt)}${a.confirmDeadlineAt ? html` · 确认时限 ${time(a.confirmDeadlineAt)}` : ""}</p>
<p class="countdown" role="timer" aria-live="off">${overdue ? "已超时：按真实火警处置，已通知单位负责人和监控中心" : a.confirmDeadlineAt ? "剩余时间计算中…" : ""}</p>
<p class="hint">请立即到现场（或看监控画面）核实，再选择：</p>
<div class="verdicts">
<button type="button" class="btn danger verdict" data-verdict="REAL_FIRE">真实火警（立即报 119）</button>
<button type="button" class="btn verdict" data-verdict="FALSE_ALARM">误报</button>
<button type="button" class="btn verdict" data-verdict="TEST">测试</button>
<button type="button" class="btn verdict" data-verdict="FAULT">设备故障</button>
</div>
<p class="card-message" role="alert"></p>
</article>`;
}

function doneRow(a: BoardAlarm): Html {
  return html`<li>${time(a.startedAt)} ${a.kindLabel} · ${a.unitName}${a.location ? ` · ${a.location}` : ""}：<strong>${a.verdictLabel ?? (a.report119 ? "超时未确认，按真实火警处置" : "")}</strong>${a.report119 ? "（已报 119）" : ""}</li>`;
}

export function confirmBody(alarms: BoardAlarm[]): Html {
  const fire = alarms.filter((a) => CONFIRM_KINDS.has(a.kind));
  const pending = fire.filter((a) => !a.verdict);
  const done = fire.filter((a) => a.verdict || a.report119).slice(0, 20);
  return html`<p class="lead">本页每 10 秒自动刷新；有新的待确认火警时会响铃、标题闪烁。</p>
<section aria-labelledby="pending-h"><h2 id="pending-h" class="section-h">待确认（${pending.length}）</h2>
${pending.length ? pending.map(pendingCard) : html`<p class="notice">目前没有待确认的火警。</p>`}
</section>
<section aria-labelledby="done-h"><h2 id="done-h" class="section-h">最近已确认</h2>
${done.length ? html`<ul class="done-list">${done.map(doneRow)}</ul>` : html`<p class="notice">暂无。</p>`}
</section>
<dialog id="verdict-dialog" class="confirm" aria-label="请确认">
<form method="dialog">
<div class="confirm-text"></div>
<div class="cause" hidden>
<label for="cause-pick">误报原因</label>
<select id="cause-pick">${FALSE_CAUSES.map((c) => html`<option value="${c}">${c}</option>`)}</select>
<label for="cause-text">补充说明（选“其他”时必填）</label>
<input id="cause-text" type="text" maxlength="200">
</div>
<div class="actions">
<button value="no" class="btn confirm-no">返回</button>
<button value="yes" class="btn danger confirm-yes">确认</button>
</div>
</form>
</dialog>`;
}
