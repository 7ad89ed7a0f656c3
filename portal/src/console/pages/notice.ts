// 责令改正通知书, printable (issue 18 item 5): the notice a fire supervisor issued to a unit, read from any of
// its hazards. Server-rendered; the console's print rules hide the bar, so the browser's print gives the
// paper notice (the unit signs for it on receipt).
import { html, type Html } from "../../server/render/html.ts";
import type { RectificationNotice } from "@anxin/api";
import { countyLocaleDateString } from "@anxin/contract/county-time";

const day = (iso: string) => countyLocaleDateString(iso, { year: "numeric", month: "long", day: "numeric" });
export function noticeBody(n: RectificationNotice, backTo: string): Html {
  return html`<p class="noprint"><a href="${backTo}">返回隐患</a> · 用浏览器的“打印”（Ctrl+P）打印本通知书</p>
<article class="notice-paper" id="rectification-notice" aria-labelledby="notice-title">
<h1 id="notice-title">责令改正通知书</h1>
<p class="notice-no">${n.no}</p>
<p><strong>${n.unit.name}</strong>（统一社会信用代码 ${n.unit.creditCode}）：</p>
<p>根据《中华人民共和国消防法》和《机关、团体、企业、事业单位消防安全管理规定》，${day(n.issuedAt)}对你单位（${n.unit.address}）进行了消防监督检查${n.checked ? `，检查了${n.checked}` : ""}，发现你单位存在下列消防安全违法行为和火灾隐患：</p>
<ol id="notice-items">${n.items.map((i) => html`<li>${i.place}：${i.description}（${i.severityLabel}）</li>`)}</ol>
<p>责令你单位于 <strong id="notice-deadline">${n.deadline}</strong> 前改正。改正期间，应当采取措施确保消防安全${n.interimMeasures ? `：${n.interimMeasures}` : ""}。</p>
<p>改正完成后，请在“安心消防”中逐项提交整改照片，由本机构复查验收；逾期不改正的，将依法予以处罚。</p>
<p class="notice-sign">消防监督员：${n.issuedBy}&#12288;&#12288;${day(n.issuedAt)}</p>
<p class="notice-sign">被检查单位签收：＿＿＿＿＿＿＿＿&#12288;&#12288;年&#12288;&#12288;月&#12288;&#12288;日</p>
</article>`;
}
