// The hazard loop as pure rules (Order 61 art. 31-35): who may move a hazard from which state to which,
// the default deadline by severity, and the reminders and escalation steps around the deadline.
import type { HazardSeverity, HazardStatus } from "../../db/client.ts";
import { HAZARD_SEVERITY_LABEL, HAZARD_STATUS_LABEL } from "../../contract/labels.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

const H = 3600_000;

export const STATUS_LABELS: Record<HazardStatus, string> = HAZARD_STATUS_LABEL;
export const SEVERITY_LABELS: Record<HazardSeverity, string> = HAZARD_SEVERITY_LABEL;
export const SOURCE_LABELS = {
  PATROL: "巡查发现",
  STAFF: "单位自查",
  RESIDENT: "群众举报",
  SUPERVISOR: "监督检查",
  ALARM: "设施报警",
} as const;

/** States in which somebody still has to fix the hazard (reminders and escalation apply). */
export const OPEN_STATUSES = ["ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"] as const satisfies HazardStatus[];
/** Not yet closed (lists' "open" filter). */
export const UNCLOSED_STATUSES = ["REPORTED", ...OPEN_STATUSES, "FIXED"] as const satisfies HazardStatus[];

/** Days to fix when the assigner names no deadline: a major hazard needs measures now, not next week. */
export const DEFAULT_DEADLINE_H: Record<HazardSeverity, number> = { GENERAL: 7 * 24, MAJOR: 3 * 24 };
export const MIN_DEADLINE_MS = H;
export const MAX_DEADLINE_MS = 90 * 24 * H;

/** Who may report a hazard in a unit they see. */
export const REPORTER_ROLES = ROLE_SETS.hazardReporters;
/** Who may name the person to fix it and the deadline, and review the rectification. */
export const MANAGER_ROLES = ROLE_SETS.unitManagersAndCounty;
/** Who may be told to fix a hazard (the unit's people, or its maintenance company's technicians). */
export const ASSIGNEE_ROLES = ROLE_SETS.hazardAssignees;
/** A major hazard is signed off by the fire supervisor (issue 18 item 3). */
export const MAJOR_VERIFIER_ROLES = ROLE_SETS.county;
/** Everyone who may read hazards (each within their unit scope). */
export const READER_ROLES = ROLE_SETS.inspectionReaders;

export type Transition = "assign" | "start" | "fix" | "reject" | "verify";

const FROM: Record<Transition, readonly HazardStatus[]> = {
  assign: ["REPORTED", "ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"],
  start: ["ASSIGNED", "OVERDUE", "ESCALATED"],
  fix: ["ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"],
  reject: ["FIXED"],
  verify: ["FIXED"],
};

export function mayMove(t: Transition, from: HazardStatus): boolean {
  return FROM[t].includes(from);
}

/**
 * Where a hazard goes back to when its rectification is rejected or it is started: rectifying while the
 * deadline holds, else the overdue state the escalation had reached.
 */
export function openStateAt(now: Date, deadline: Date | null, escalationLevel: number): HazardStatus {
  if (escalationLevel >= 2) return "ESCALATED";
  if (escalationLevel >= 1 || (deadline && now.getTime() >= deadline.getTime())) return "OVERDUE";
  return "RECTIFYING";
}

export type StepAudience = "assignee" | "managers" | "responsible" | "regulators";

export interface HazardStep {
  /** 0: the due-soon reminder; 1..3: the overdue chain (the Hazard.escalationLevel it raises to) */
  level: number;
  name: "due_soon" | "overdue" | "escalated_responsible" | "escalated_regulators";
  at: Date;
  to: readonly StepAudience[];
  label: string;
}

/**
 * The pushes around a deadline: a reminder a day before (half the time left when shorter), overdue at the
 * deadline to the person and the unit's managers, a day later to the responsible person, three days later to
 * the sector regulator and the fire supervisors. A major hazard climbs twice as fast.
 */
export function stepsFor(assignedAt: Date, deadline: Date, severity: HazardSeverity): HazardStep[] {
  const d = deadline.getTime();
  const window = Math.max(0, d - assignedAt.getTime());
  const major = severity === "MAJOR";
  return [
    {
      level: 0,
      name: "due_soon",
      at: new Date(d - Math.min(24 * H, window / 2)),
      to: ["assignee"],
      label: "整改期限将至",
    },
    { level: 1, name: "overdue", at: deadline, to: ["assignee", "managers"], label: "已逾期未整改" },
    {
      level: 2,
      name: "escalated_responsible",
      at: new Date(d + (major ? 12 : 24) * H),
      to: ["assignee", "managers", "responsible"],
      label: "逾期升级至消防安全责任人",
    },
    {
      level: 3,
      name: "escalated_regulators",
      at: new Date(d + (major ? 36 : 72) * H),
      to: ["responsible", "regulators"],
      label: "逾期升级至行业主管部门和消防监督员",
    },
  ];
}

// ---- hazards in a residential community's places (reported by residents, fixed by the property company) ----

/** Property company people: they see and fix the hazards of their company's communities. */
export const PROPERTY_ROLES = ROLE_SETS.propertyCompany;
/** Who sees every hazard of the county, a community's too. */
export const COUNTY_HAZARD_ROLES = ROLE_SETS.county;
/** Hazard readers: the unit readers and the property company's people. */
export const HAZARD_READER_ROLES = ROLE_SETS.hazardReaders;
/** Who assigns and reviews: the unit managers, and the property manager for a community's hazard. */
export const HAZARD_MANAGER_ROLES = ROLE_SETS.hazardManagers;
/** Who may be named to fix a community's hazard. */
export const COMMUNITY_ASSIGNEE_ROLES = PROPERTY_ROLES;

/** What a resident is told of their report. */
export function residentStatusLabel(s: HazardStatus): string {
  if (s === "REPORTED" || s === "ASSIGNED") return "已受理";
  if (s === "FIXED" || s === "VERIFIED") return "已整改";
  return "整改中";
}
