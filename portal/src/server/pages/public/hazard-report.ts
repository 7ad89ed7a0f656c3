// The portal's online hazard report (issue 18): a plain form that works without JavaScript. Anyone may
// report anonymously a hazard in a residential community's shared places (the community picked from the
// list, where, what); it goes to that community's property company. Shown inside the /report page.
import { html, type Html } from "../../render/html.ts";

export const HAZARD_REPORT_LIMITS = { place: 100, description: 500, photos: 3, photoBytes: 5 * 1024 * 1024 } as const;

export interface HazardReportValues {
  communityId: string;
  place: string;
  description: string;
}
export type HazardReportErrors = Partial<Record<keyof HazardReportValues | "photos", string>>;

export function hazardReportForm(o: {
  communities: { id: string; name: string }[];
  values?: HazardReportValues;
  errors?: HazardReportErrors;
  /** the report was received */
  sent?: boolean;
  /** a refusal not tied to a field (too many reports from here) */
  refused?: string;
}): Html {
  const v = o.values ?? { communityId: "", place: "", description: "" };
  const e = o.errors ?? {};
  const err = (k: keyof HazardReportErrors) => (e[k] ? html`<p class="wrong" id="${k}-error">${e[k]}</p>` : "");
  const invalid = (k: keyof HazardReportErrors) =>
    e[k] ? html` aria-describedby="${k}-error" aria-invalid="true"` : "";
  return html`<section aria-labelledby="online-h" id="online-report"><h2 id="online-h">在网上报告小区里的隐患</h2>
${o.sent ? html`<div class="notice" role="status" id="report-sent"><p>已收到您的报告，已转给该小区的物业公司处理。谢谢！</p></div>` : ""}
${o.refused ? html`<div class="error" role="alert"><p>${o.refused}</p></div>` : ""}
<p>小区楼道、消防通道、电动车棚等公共部位的问题，可以在这里报告，不用登录，也不用留姓名。报告会直接交给小区的物业公司整改。</p>
<form method="post" action="/report#online-report" enctype="multipart/form-data" novalidate>
<label class="field" for="communityId">哪个小区</label>${err("communityId")}
<select id="communityId" name="communityId" required${invalid("communityId")}><option value="">请选择小区</option>${o.communities.map(
    (c) => html`<option value="${c.id}"${c.id === v.communityId ? html` selected` : ""}>${c.name}</option>`,
  )}</select>
<label class="field" for="place">在哪里</label><p class="meta" id="place-hint">例如：3 号楼 2 单元一楼楼梯间</p>${err("place")}
<input id="place" name="place" type="text" required maxlength="${HAZARD_REPORT_LIMITS.place}" value="${v.place}" aria-describedby="place-hint${e.place ? " place-error" : ""}"${e.place ? html` aria-invalid="true"` : ""}>
<label class="field" for="description">什么问题</label>${err("description")}
<textarea id="description" name="description" rows="4" required maxlength="${HAZARD_REPORT_LIMITS.description}"${invalid("description")}>${v.description}</textarea>
<label class="field" for="photos">照片（可不传）</label><p class="meta" id="photos-hint">最多 ${HAZARD_REPORT_LIMITS.photos} 张 JPEG 或 PNG 照片，每张不超过 ${HAZARD_REPORT_LIMITS.photoBytes / 1024 / 1024} MB。照片只给处理的物业公司看。${o.errors && Object.keys(o.errors).length ? "如已选过照片，请重新选择。" : ""}</p>${err("photos")}
<input id="photos" name="photos" type="file" multiple accept="image/jpeg,image/png" aria-describedby="photos-hint${e.photos ? " photos-error" : ""}"${e.photos ? html` aria-invalid="true"` : ""}>
<p><button type="submit">提交报告</button></p>
</form></section>`;
}
