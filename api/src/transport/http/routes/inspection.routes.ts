// Facility inspection and hazards over HTTP (issue 18): hazards and their loop, checkpoints with their QR
// labels, patrol plans, checks made by reading a checkpoint's tag, photos, and patrol completion per unit.
// Every route is scoped on the server by the caller's units (unit-scope.ts): another unit's id is "not found".
import type Koa from "koa";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import { countyDate } from "../../../shared/county-time.ts";
import { MAX_INSPECTION_PHOTO_BYTES, TEST_RECORDER_ROLES } from "../../../modules/inspection/index.ts";
import { MAX_DOCUMENT_BYTES } from "../../../modules/units/index.ts";
import { readRawUpload } from "./units.routes.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import {
  facilityTest,
  facilityTestBody,
  facilityTestList,
  facilityTestListQuery,
  facilityTestReportQuery,
  lastFacilityTests,
} from "../../../contract/units.ts";

import * as c from "../../../contract/inspection.ts";

async function readPhoto(ctx: Koa.Context): Promise<Buffer> {
  if (ctx.is("application/json", "multipart/*", "application/x-www-form-urlencoded", "text/*"))
    throw new AppError("VALIDATION_FAILED", "请直接上传图片内容（JPEG、PNG 或 WebP），不要用表单或 JSON");
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > MAX_INSPECTION_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INSPECTION_PHOTO_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "照片不能超过 8 MB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export const inspectionRoutes = [
  route({
    method: "get",
    path: "/api/hazards",
    summary: "Hazards in the caller's scope, overdue first (oldest deadline first), then newest; filters",
    tag: "inspection",
    access: ROLE_SETS.hazardReaders,
    query: c.hazardQuery,
    response: c.hazardList,
    handler: ({ services, principal, query }) => services.inspection.hazards.list(principal, query),
  }),
  route({
    method: "post",
    path: "/api/hazards",
    summary: "Report a hazard in a unit the caller sees (place, what, severity, photos uploaded first)",
    tag: "inspection",
    access: ROLE_SETS.hazardReporters,
    body: c.hazardBody,
    status: 201,
    response: c.created,
    handler: ({ services, principal, body }) => services.inspection.hazards.report(principal, body),
  }),
  route({
    method: "get",
    path: "/api/hazards/:id",
    summary: "One hazard with its photos, evidence and timeline",
    tag: "inspection",
    access: ROLE_SETS.hazardReaders,
    params: c.idParams,
    response: c.hazardDetail,
    handler: ({ services, principal, params }) => services.inspection.hazards.get(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/hazards/:id/assignees",
    summary:
      "Who may be named to fix this hazard: the unit's people and its maintenance technicians, or the community's property company",
    tag: "inspection",
    access: ROLE_SETS.hazardManagers,
    params: c.idParams,
    response: c.assigneeList,
    handler: async ({ services, principal, params }) => ({
      items: await services.inspection.hazards.assignees(principal, params.id),
    }),
  }),
  route({
    method: "post",
    path: "/api/hazards/:id/assign",
    summary:
      "Name who fixes it (the unit's people or its maintenance technicians) and by when (default by severity); pushes them",
    tag: "inspection",
    access: ROLE_SETS.hazardManagers,
    params: c.idParams,
    body: c.assignBody,
    response: c.done,
    handler: async ({ services, principal, params, body }) => {
      await services.inspection.hazards.assign(principal, params.id, body);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/hazards/:id/start",
    summary: "The person named starts the rectification",
    tag: "inspection",
    access: ROLE_SETS.hazardAssigneesAndProperty,
    params: c.idParams,
    response: c.done,
    handler: async ({ services, principal, params }) => {
      await services.inspection.hazards.start(principal, params.id);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/hazards/:id/fix",
    summary: "Rectified: at least one photo of the result (uploaded first) and what was done",
    tag: "inspection",
    access: ROLE_SETS.hazardWorkers,
    params: c.idParams,
    body: c.fixBody,
    response: c.done,
    handler: async ({ services, principal, params, body }) => {
      await services.inspection.hazards.fix(principal, params.id, body);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/hazards/:id/reject",
    summary: "The review finds the rectification wanting: back to the person with why",
    tag: "inspection",
    access: ROLE_SETS.hazardManagers,
    params: c.idParams,
    body: c.rejectBody,
    response: c.done,
    handler: async ({ services, principal, params, body }) => {
      await services.inspection.hazards.reject(principal, params.id, body);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/hazards/:id/verify",
    summary: "Sign off a rectification (not by the person who fixed it; a major hazard by the fire supervisor)",
    tag: "inspection",
    access: ROLE_SETS.hazardManagers,
    params: c.idParams,
    body: c.verifyBody,
    response: c.done,
    handler: async ({ services, principal, params, body }) => {
      await services.inspection.hazards.verify(principal, params.id, body);
      return { ok: true as const };
    },
  }),
  route({
    method: "post",
    path: "/api/inspection/photos",
    summary:
      "Upload a photo for a check or hazard of a unit: raw JPEG, PNG or WebP body (at most 8 MB, judged by content)",
    tag: "inspection",
    access: ROLE_SETS.hazardWorkers,
    // a unit's photo, or (communityId) one of a residential community's hazard, by its property company
    query: c.photoQuery,
    status: 201,
    response: c.photoRef,
    handler: async ({ services, principal, query, ctx }) => {
      if (query.communityId) {
        await services.inspection.photos.assertCommunity(principal, query.communityId);
        return services.inspection.photos.addForCommunity(principal, query.communityId, await readPhoto(ctx));
      }
      const unitId = query.unitId ?? "";
      await services.inspection.photos.assertUnit(principal, unitId); // out of scope: 404 before reading
      return services.inspection.photos.add(principal, unitId, await readPhoto(ctx));
    },
  }),
  route({
    method: "get",
    path: "/api/inspection/photos/:id",
    summary: "One inspection photo (to callers who see its unit or community; a resident their own)",
    tag: "inspection",
    access: ROLE_SETS.hazardReadersAndResidents,
    params: c.idParams,
    handler: async ({ services, principal, params, ctx }) => {
      const p = await services.inspection.photos.read(principal, params.id);
      ctx.set("Cache-Control", "private, max-age=3600");
      ctx.set("X-Content-Type-Options", "nosniff");
      ctx.type = p.contentType;
      ctx.body = p.data;
      return undefined;
    },
  }),
  route({
    method: "get",
    path: "/api/inspection/checkpoints",
    summary: "A unit's checkpoints with their checklists (the label's code only for managers, to print)",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    query: c.unitQuery,
    response: c.checkpointList,
    handler: async ({ services, principal, query }) => ({
      items: await services.inspection.patrols.checkpoints(principal, query.unitId),
    }),
  }),
  route({
    method: "post",
    path: "/api/inspection/checkpoints",
    summary: "Add a checkpoint at a key part or facility (checklist by facility kind unless given)",
    tag: "inspection",
    access: ROLE_SETS.unitManagersAndCounty,
    body: c.checkpointBody,
    status: 201,
    response: c.checkpointView,
    handler: ({ services, principal, body }) => services.inspection.patrols.addCheckpoint(principal, body),
  }),
  route({
    method: "post",
    path: "/api/inspection/checkpoints/:id/reissue",
    summary: "Print a new issue of the label: every earlier code is refused from now on",
    tag: "inspection",
    access: ROLE_SETS.unitManagersAndCounty,
    params: c.idParams,
    response: c.checkpointView,
    handler: ({ services, principal, params }) => services.inspection.patrols.reissueTag(principal, params.id),
  }),
  route({
    method: "get",
    path: "/api/inspection/plans",
    summary: "A unit's patrol and inspection plans",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    query: c.unitQuery,
    response: c.planList,
    handler: async ({ services, principal, query }) => ({
      items: await services.inspection.patrols.plans(principal, query.unitId),
    }),
  }),
  route({
    method: "post",
    path: "/api/inspection/plans",
    summary: "Add a plan: daily, every N hours within a window (a window past midnight for night patrols), or monthly",
    tag: "inspection",
    access: ROLE_SETS.unitManagersAndCounty,
    body: c.planBody,
    status: 201,
    response: c.planSummary,
    handler: ({ services, principal, body }) => services.inspection.patrols.addPlan(principal, body),
  }),
  route({
    method: "get",
    path: "/api/inspection/my-plans",
    summary: "The plans the caller patrols, with checklists and the current round's progress (no tag codes)",
    tag: "inspection",
    access: ROLE_SETS.patrollers,
    response: c.myPlans,
    handler: async ({ services, principal }) => ({ items: await services.inspection.patrols.myPlans(principal) }),
  }),
  route({
    method: "post",
    path: "/api/inspection/plans/:id/checks",
    summary:
      "Check one checkpoint of the plan's current round with the code read from its tag; a failed item becomes a hazard",
    tag: "inspection",
    access: ROLE_SETS.patrollers,
    params: c.idParams,
    body: c.checkBody,
    status: 201,
    response: c.checkResult,
    handler: ({ services, principal, params, body }) => services.inspection.patrols.check(principal, params.id, body),
  }),
  route({
    method: "get",
    path: "/api/inspections",
    summary: "Patrol rounds per unit in [from, to) (at most 92 days): due, on time, late, missed, completion rate",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    query: c.completionQuery,
    response: c.completion,
    handler: async ({ services, principal, query }) => ({
      items: await services.inspection.patrols.completion(principal, query.from, query.to),
    }),
  }),
  route({
    method: "get",
    path: "/api/units/:id/facility-tests",
    summary:
      "A unit's yearly facility tests (by its maintenance company) and monthly fire inspections, newest first, with items, hazards and reports; and the items to test",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    params: c.idParams,
    query: facilityTestListQuery,
    response: facilityTestList,
    handler: async ({ services, principal, params, query }) => ({
      items: await services.inspection.facilityTests.list(principal, params.id),
      template: await services.inspection.facilityTests.template(principal, params.id, query.kind),
      today: countyDate(services.clock.now()),
    }),
  }),
  route({
    method: "get",
    path: "/api/facility-tests/last",
    summary:
      "The date of the last yearly facility test of each unit the caller sees (a maintenance technician's register), and the county's date today",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    response: lastFacilityTests,
    handler: async ({ services, principal }) => ({
      today: countyDate(services.clock.now()),
      items: [...(await services.inspection.facilityTests.lastTests(principal))].map(([unitId, testedOn]) => ({
        unitId,
        testedOn,
      })),
    }),
  }),
  route({
    method: "post",
    path: "/api/units/:id/facility-tests",
    summary:
      "Record a yearly facility test (the unit's maintenance technician) or a monthly inspection: each failed item becomes a hazard assigned to the unit's manager",
    tag: "inspection",
    access: TEST_RECORDER_ROLES,
    params: c.idParams,
    body: facilityTestBody,
    status: 201,
    response: facilityTest,
    handler: ({ services, principal, params, body }) =>
      services.inspection.facilityTests.record(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/units/:id/facility-tests/:testId/report",
    summary:
      "Attach the test's report: raw PDF, Word (.docx), JPEG or PNG body (judged by content, at most 20 MB), ?title=; kept in the unit's file",
    tag: "inspection",
    access: TEST_RECORDER_ROLES,
    params: c.reportParams,
    query: facilityTestReportQuery,
    rateLimit: "uploads",
    status: 201,
    response: facilityTest,
    handler: async ({ services, principal, params, query, ctx }) => {
      await services.units.scopes.assertUnit(principal, params.id); // out of scope: 404 before reading the upload
      const data = await readRawUpload(ctx, MAX_DOCUMENT_BYTES, "报告");
      return services.inspection.facilityTests.attachReport(principal, params.id, params.testId, {
        title: query.title,
        data,
      });
    },
  }),
];
