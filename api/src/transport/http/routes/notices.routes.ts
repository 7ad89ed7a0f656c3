// 责令改正通知书 over HTTP (issue 18 item 5): a fire supervisor issues a rectification notice after inspecting
// a unit; each item becomes a hazard of the unit given to its manager with the notice's deadline. The notice
// is read (to print) from any of its hazards, by whoever sees that hazard's unit.
import { z } from "zod";
import { route } from "../route.ts";
import { instant } from "../../../shared/bounded.ts";
import { MAX_NOTICE_ITEMS, MAX_PHOTOS } from "../../../modules/inspection/index.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

const notice = z.object({
  no: z.string(),
  unit: z.object({ id: z.string(), name: z.string(), address: z.string(), creditCode: z.string() }),
  issuedAt: z.string(),
  issuedBy: z.string(),
  deadline: z.string(),
  checked: z.string().nullable(),
  interimMeasures: z.string().nullable(),
  items: z.array(
    z.object({
      hazardId: z.string(),
      place: z.string(),
      description: z.string(),
      severity: z.string(),
      severityLabel: z.string(),
      status: z.string(),
    }),
  ),
});

export const noticeRoutes = [
  route({
    method: "post",
    path: "/api/inspection/notices",
    summary:
      "A fire supervisor's rectification notice (责令改正通知书) for a unit: each item becomes a hazard given to the unit's manager with the notice's deadline",
    tag: "inspection",
    access: ROLE_SETS.county,
    body: z.object({
      unitId: id,
      deadline: instant,
      checked: text(600).optional(),
      interimMeasures: text(300).optional(),
      items: z
        .array(
          z.object({
            place: text(100),
            category: text(40),
            description: text(500),
            severity: z.enum(["GENERAL", "MAJOR"]).default("GENERAL"),
            photoIds: z.array(id).max(MAX_PHOTOS).default([]),
          }),
        )
        .min(1)
        .max(MAX_NOTICE_ITEMS),
    }),
    status: 201,
    response: z.object({ no: z.string(), hazardIds: z.array(z.string()) }),
    handler: ({ services, principal, body }) => services.inspection.notices.issue(principal, body),
  }),
  route({
    method: "get",
    path: "/api/hazards/:id/notice",
    summary: "The rectification notice a hazard was issued in (404 when it has none or is not the caller's)",
    tag: "inspection",
    access: ROLE_SETS.inspectionReaders,
    params: z.object({ id }),
    response: notice,
    handler: ({ services, principal, params }) => services.inspection.notices.get(principal, params.id),
  }),
];
