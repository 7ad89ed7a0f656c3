// Residents' hazard reports (issue 18): a signed-in resident reports a hazard in their community's shared
// places from the mini-program (place, what, photos uploaded first) and follows their reports. The report
// goes to the community's property company (modules/inspection/resident-hazards.ts reportByResident).
import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import { MAX_INSPECTION_PHOTO_BYTES } from "../../../modules/inspection/index.ts";
import * as c from "../../../contract/inspection.ts";

async function readPhoto(ctx: Koa.Context): Promise<Buffer> {
  if (ctx.is("application/json", "multipart/*", "application/x-www-form-urlencoded", "text/*"))
    throw new AppError("VALIDATION_FAILED", "请直接上传图片内容（JPEG、PNG 或 WebP）");
  if (Number(ctx.get("content-length") || 0) > MAX_INSPECTION_PHOTO_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INSPECTION_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const residentHazardRoutes = [
  route({
    method: "post",
    path: "/api/hazard-reports/photos",
    summary: "A resident uploads a photo of a hazard in the community of one of their households (raw image body)",
    tag: "inspection",
    access: ROLE_SETS.residents,
    query: c.householdQuery,
    rateLimit: "uploads",
    status: 201,
    response: c.photoRef,
    handler: async ({ services, principal, query, ctx }) => {
      const communityId = await services.inspection.hazards.residentCommunity(principal.id, query.householdId);
      return services.inspection.photos.addForCommunity(principal, communityId, await readPhoto(ctx));
    },
  }),
  route({
    method: "post",
    path: "/api/hazard-reports",
    summary:
      "A resident reports a hazard in their community (household they belong to, place, what, photos): to the property company",
    tag: "inspection",
    access: ROLE_SETS.residents,
    body: c.residentHazardBody,
    rateLimit: "hazardReports",
    status: 201,
    response: c.created,
    handler: async ({ services, principal, body }) => {
      const communityId = await services.inspection.hazards.residentCommunity(principal.id, body.householdId);
      return services.inspection.hazards.reportByResident(principal.id, {
        communityId,
        place: body.place,
        description: body.description,
        photoIds: body.photoIds,
      });
    },
  }),
  route({
    method: "get",
    path: "/api/hazard-reports",
    summary: "The resident's own hazard reports, newest first, with their progress (已受理 / 整改中 / 已整改)",
    tag: "inspection",
    access: ROLE_SETS.residents,
    response: c.residentHazardList,
    handler: async ({ services, principal }) => ({
      items: await services.inspection.hazards.residentReports(principal.id),
    }),
  }),
];
