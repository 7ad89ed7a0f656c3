// GET /report: how to report a hazard, with the online form; POST /report: an anonymous report of a hazard
// in a residential community's shared places, to its property company (issue 18). Works without
// JavaScript: the form posts (multipart, with up to a few JPEG/PNG photos judged by content), a refusal
// re-renders it with the reasons, a report redirects (303) to the page saying it was received. Posts must
// come from this site; each address may send a few a minute.
import type Router from "@koa/router";
import type Koa from "koa";
import { type PortalServices, AppError, isLoopback, RateLimiter, sniffImage } from "@anxin/api";
import { reportPage } from "./pages/public/info.ts";
import {
  HAZARD_REPORT_LIMITS,
  hazardReportForm,
  type HazardReportErrors,
  type HazardReportValues,
} from "./pages/public/hazard-report.ts";
import { CACHE_PRIVATE, redirect, sendHtml } from "./http/respond.ts";
import { readForm } from "./http/forms.ts";
import { sameOrigin } from "./http/session.ts";

export function addHazardReport(r: Router, services: PortalServices, originOf: (ctx: Koa.Context) => string): void {
  const hazards = services.inspection.hazards;
  const perAddress = new RateLimiter("portal-hazard-reports", { capacity: 5, perMinute: 1 });

  r.get("/report", async (ctx) => {
    const sent = ctx.query.sent === "1";
    const form = hazardReportForm({ communities: await hazards.reportableCommunities(), sent });
    sendHtml(ctx, reportPage(originOf(ctx), form), sent ? { cache: CACHE_PRIVATE } : {});
  });

  r.post("/report", async (ctx) => {
    if (!sameOrigin(ctx)) throw new AppError("FORBIDDEN", "请求来源不正确");
    const communities = await hazards.reportableCommunities();
    const render = (
      status: number,
      o: { values?: HazardReportValues; errors?: HazardReportErrors; refused?: string },
    ) =>
      sendHtml(ctx, reportPage(originOf(ctx), hazardReportForm({ communities, ...o })), {
        cache: CACHE_PRIVATE,
        status,
      });
    if (!isLoopback(ctx.ip)) {
      const t = perAddress.take(ctx.ip);
      if (!t.ok) {
        ctx.set("Retry-After", String(t.retryAfterSec));
        return render(429, { refused: `提交太频繁，请 ${t.retryAfterSec} 秒后再试，或拨打 96119 举报。` });
      }
    }
    // the text fields and up to a few photos: bounded before and while the body is read
    const limit = HAZARD_REPORT_LIMITS.photos * HAZARD_REPORT_LIMITS.photoBytes + 64 * 1024;
    const tooLarge = { photos: `照片总共不能超过 ${Math.round(limit / 1024 / 1024)} MB，请少选几张或换小一些的照片` };
    if (Number(ctx.get("content-length") || 0) > limit) return render(413, { errors: tooLarge });
    let form;
    try {
      form = await readForm(ctx, limit);
    } catch (e) {
      if (e instanceof AppError && e.code === "PAYLOAD_TOO_LARGE") return render(413, { errors: tooLarge });
      throw e;
    }
    const values: HazardReportValues = {
      communityId: (form.get("communityId") ?? "").trim().slice(0, 64),
      place: (form.get("place") ?? "").trim(),
      description: (form.get("description") ?? "").trim(),
    };
    const errors: HazardReportErrors = {};
    if (!communities.some((c) => c.id === values.communityId)) errors.communityId = "请从列表中选择小区";
    if (!values.place) errors.place = "请写明在哪里";
    else if (values.place.length > HAZARD_REPORT_LIMITS.place)
      errors.place = `不超过 ${HAZARD_REPORT_LIMITS.place} 个字`;
    if (!values.description) errors.description = "请写明是什么问题";
    else if (values.description.length > HAZARD_REPORT_LIMITS.description)
      errors.description = `不超过 ${HAZARD_REPORT_LIMITS.description} 个字`;
    const photos = form.filesNamed("photos");
    if (photos.length > HAZARD_REPORT_LIMITS.photos) errors.photos = `最多 ${HAZARD_REPORT_LIMITS.photos} 张照片`;
    else if (photos.some((p) => p.data.length > HAZARD_REPORT_LIMITS.photoBytes))
      errors.photos = `每张照片不超过 ${HAZARD_REPORT_LIMITS.photoBytes / 1024 / 1024} MB`;
    // judged by content, whatever the name or type the browser gave
    else if (photos.some((p) => !["image/jpeg", "image/png"].includes(sniffImage(p.data)?.type ?? "")))
      errors.photos = "只能上传 JPEG 或 PNG 照片";
    if (Object.keys(errors).length) return render(400, { values, errors });
    const photoIds: string[] = [];
    for (const p of photos)
      photoIds.push((await services.inspection.photos.addAnonymous(values.communityId, p.data)).id);
    await hazards.reportByResident(null, { ...values, photoIds });
    redirect(ctx, "/report?sent=1#online-report");
  });
}
