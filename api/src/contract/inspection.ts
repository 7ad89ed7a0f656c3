// Facility inspection, hazards and rectification notices (transport/http/routes/inspection.routes.ts,
// notices.routes.ts, resident-hazards.routes.ts): hazards and their loop, checkpoints and their tags, patrol
// plans and checks, completion, facility tests, the supervisor's notice and residents' reports; and the limits
// these shapes carry.
import { z } from "zod";
import { instant, instantSpan, int, page } from "../shared/bounded.ts";
import { isClockTime } from "./county-time.ts";

/** photos one hazard, check or report may carry */
export const MAX_PHOTOS = 9;
/** A checkpoint tag's code longer than this is not one of ours: refused before any parsing. */
export const MAX_TAG_CHARS = 160;
/** the kinds of facility test: the yearly test and the monthly inspection (modules/inspection/facility-tests.ts) */
export const TEST_KIND_CODES = ["FACILITY_TEST", "MONTHLY_INSPECTION"] as const;
export const MAX_TEST_ITEMS = 100;
export const MAX_TEST_ITEM_CHARS = 80;
export const MAX_TEST_NOTE_CHARS = 200;
export const MAX_TEST_SUMMARY_CHARS = 500;
/** items one rectification notice may list */
export const MAX_NOTICE_ITEMS = 30;

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const photoIds = z.array(id).max(MAX_PHOTOS).default([]);
const clockTime = z.string().refine((s) => s === "24:00" || isClockTime(s), "应为 HH:MM（00:00 至 24:00）");
export const hazardSeverity = z.enum(["GENERAL", "MAJOR"]);
export const hazardStatus = z.enum(["REPORTED", "ASSIGNED", "RECTIFYING", "FIXED", "VERIFIED", "OVERDUE", "ESCALATED"]);

export const hazardItem = z.object({
  id: z.string(),
  // a unit's hazard names its unit; a residential community's (reported by residents) names the community
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  community: z.object({ id: z.string(), name: z.string() }).nullable(),
  place: z.string(),
  category: z.string(),
  description: z.string(),
  severity: z.string(),
  severityLabel: z.string(),
  source: z.string(),
  sourceLabel: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  overdue: z.boolean(),
  escalationLevel: z.number(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  deadline: z.string().nullable(),
  interimMeasures: z.string().nullable(),
  fixedBy: z.string().nullable(),
  fixedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const hazardDetail = hazardItem.extend({
  photos: z.array(z.string()),
  evidence: z.array(z.string()),
  events: z.array(z.object({ at: z.string(), action: z.string(), actor: z.string(), note: z.string().nullable() })),
});
export const checkpointView = z.object({
  id: z.string(),
  unitId: z.string(),
  name: z.string(),
  facilityKind: z.string().nullable(),
  checklist: z.array(z.string()),
  active: z.boolean(),
  tagVersion: z.number(),
  tag: z.string().nullable(),
});
export const done = z.object({ ok: z.literal(true) });
export const facilityKind = z.enum([
  "AUTO_FIRE_ALARM",
  "SPRINKLER",
  "HYDRANT_SYSTEM",
  "SMOKE_CONTROL",
  "FIRE_DOORS",
  "EXTINGUISHERS",
  "EMERGENCY_LIGHTING",
  "FIRE_PUMP",
  "WATER_TANK",
  "GAS_EXTINGUISHING",
  "FOAM",
  "FIRE_ELEVATOR",
  "PUBLIC_ADDRESS",
  "ELECTRICAL_FIRE_MONITOR",
  "GAS_DETECTION",
  "OTHER",
]);

export const planFields = {
  id: z.string(),
  name: z.string(),
  frequency: z.enum(["EVERY_N_HOURS", "DAILY", "MONTHLY"]),
  everyHours: z.number().nullable(),
  windowStart: z.string(),
  windowEnd: z.string(),
};
/** a plan as a unit's list shows it (PatrolService.plans) */
export const planView = z.object({
  ...planFields,
  unitId: z.string(),
  checkpointIds: z.array(z.string()),
  staffUserId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});

export const hazardQuery = z.object({
  unitId: id.optional(),
  status: hazardStatus.optional(),
  severity: hazardSeverity.optional(),
  view: z.enum(["open", "overdue", "all"]).default("open"),
  ...page(50, 200),
});

export const hazardList = z.object({ total: z.number(), overdue: z.number(), items: z.array(hazardItem) });

export const hazardBody = z.object({
  unitId: id,
  place: text(100),
  category: text(40),
  description: text(500),
  severity: hazardSeverity.default("GENERAL"),
  checkpointId: id.optional(),
  photoIds,
  interimMeasures: text(300).optional(),
});

export const created = z.object({ id: z.string() });

export const idParams = z.object({ id });

export const assigneeList = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});

export const assignBody = z.object({
  assigneeId: id,
  deadline: instant.optional(),
  interimMeasures: text(300).optional(),
});

export const fixBody = z.object({ evidenceIds: z.array(id).max(MAX_PHOTOS), note: text(500) });

export const rejectBody = z.object({ note: text(300) });

export const verifyBody = z.object({ note: text(300).optional() });

export const photoQuery = z
  .object({ unitId: id.optional(), communityId: id.optional() })
  .refine((q) => !!q.unitId !== !!q.communityId, "请给出单位或小区之一");

export const photoRef = z.object({ id: z.string(), url: z.string() });

export const unitQuery = z.object({ unitId: id });

export const checkpointList = z.object({ items: z.array(checkpointView) });

export const checkpointBody = z.object({
  unitId: id,
  name: text(60),
  keyPartId: id.optional(),
  facilityKind: z.string().max(40).optional(),
  checklist: z.array(text(60)).max(20).optional(),
});

export const planList = z.object({ items: z.array(planView) });

export const planBody = z.object({
  unitId: id,
  name: text(60),
  frequency: z.enum(["EVERY_N_HOURS", "DAILY", "MONTHLY"]),
  everyHours: int(1, 12).optional(),
  windowStart: clockTime.default("00:00"),
  windowEnd: clockTime.default("24:00"),
  checkpointIds: z.array(id).min(1).max(100),
  staffUserId: id.optional(),
});

export const planSummary = z.object(planFields);

export const myPlans = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      unit: z.object({ id: z.string(), name: z.string() }),
      slot: z.object({ start: z.string(), due: z.string(), late: z.boolean() }).nullable(),
      roundStatus: z.string().nullable(),
      checkpoints: z.array(
        z.object({ id: z.string(), name: z.string(), checklist: z.array(z.string()), done: z.boolean() }),
      ),
    }),
  ),
});

export const checkBody = z.object({
  code: z.string().max(MAX_TAG_CHARS),
  results: z
    .array(z.object({ item: text(60), ok: z.boolean() }))
    .min(1)
    .max(20),
  note: text(300).optional(),
  photoIds,
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

export const checkResult = z.object({
  roundId: z.string(),
  checked: z.number(),
  total: z.number(),
  complete: z.boolean(),
  hazardId: z.string().nullable(),
  late: z.boolean(),
});

export const completionQuery = z.object({ from: instant, to: instant }).superRefine(instantSpan("from", "to", 92));

export const completion = z.object({
  items: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      due: z.number(),
      onTime: z.number(),
      late: z.number(),
      missed: z.number(),
      open: z.number(),
      rate: z.number().nullable(),
    }),
  ),
});

// the yearly tests' and monthly inspections' own shapes are in units.ts (the unit file shows them)
export const reportParams = z.object({ id, testId: id });

/** 责令改正通知书 as printed (GET /api/hazards/:id/notice) */
export const rectificationNotice = z.object({
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

export const noticeBody = z.object({
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
});

export const noticeIssued = z.object({ no: z.string(), hazardIds: z.array(z.string()) });

export const householdQuery = z.object({ householdId: id });

export const residentHazardBody = z.object({
  householdId: id,
  place: text(100),
  description: text(500),
  photoIds: z.array(id).max(MAX_PHOTOS).default([]),
});

export const residentHazardList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      community: z.string(),
      place: z.string(),
      description: z.string(),
      status: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export type HazardItem = z.output<typeof hazardItem>;
export type HazardDetail = z.output<typeof hazardDetail>;
export type HazardList = z.output<typeof hazardList>;
export type HazardQuery = z.input<typeof hazardQuery>;
export type HazardBody = z.input<typeof hazardBody>;
export type AssigneeList = z.output<typeof assigneeList>;
export type Assignee = AssigneeList["items"][number];
export type CheckpointView = z.output<typeof checkpointView>;
export type PlanView = z.output<typeof planView>;
export type MyPlans = z.output<typeof myPlans>;
export type CheckResult = z.output<typeof checkResult>;
export type Completion = z.output<typeof completion>;
export type RectificationNotice = z.output<typeof rectificationNotice>;
export type ResidentHazardList = z.output<typeof residentHazardList>;
