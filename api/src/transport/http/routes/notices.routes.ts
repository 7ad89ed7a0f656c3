// 责令改正通知书 over HTTP (issue 18 item 5): a fire supervisor issues a rectification notice after inspecting
// a unit; each item becomes a hazard of the unit given to its manager with the notice's deadline. The notice
// is read (to print) from any of its hazards, by whoever sees that hazard's unit.
import { route } from "../route.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as c from "../../../contract/inspection.ts";

export const noticeRoutes = [
  route({
    method: "post",
    path: "/api/inspection/notices",
    summary:
      "A fire supervisor's rectification notice (责令改正通知书) for a unit: each item becomes a hazard given to the unit's manager with the notice's deadline",
    tag: "inspection",
    access: ROLE_SETS.county,
    body: c.noticeBody,
    status: 201,
    response: c.noticeIssued,
    handler: ({ services, principal, body }) => services.inspection.notices.issue(principal, body),
  }),
  route({
    method: "get",
    path: "/api/hazards/:id/notice",
    summary: "The rectification notice a hazard was issued in (404 when it has none or is not the caller's)",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    params: c.idParams,
    response: c.rectificationNotice,
    handler: ({ services, principal, params }) => services.inspection.notices.get(principal, params.id),
  }),
];
