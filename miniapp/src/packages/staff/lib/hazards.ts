// 隐患整改's calls (api: /api/hazards, issue 18), on the staff session.
import { HAZARD_EVENT_LABEL, HAZARD_SEVERITY_LABEL } from "@anxin/contract/labels";
import { countyClockTime, countyDate } from "@anxin/contract/county-time";
import { ROLE_SETS, inRoleSet } from "@anxin/contract/roles";
import { staffClient } from "@/services/client";
import { countyDayText } from "@/services/format";

export interface HazardItem {
  id: string;
  /** a unit's hazard; null for a residential community's (then `community` names it) */
  unit: { id: string; name: string } | null;
  community?: { id: string; name: string } | null;
  place: string;
  category: string;
  description: string;
  severity: string;
  severityLabel: string;
  source: string;
  sourceLabel: string;
  status: string;
  statusLabel: string;
  overdue: boolean;
  escalationLevel: number;
  assignee: { id: string; name: string } | null;
  deadline: string | null;
  interimMeasures: string | null;
  fixedBy: string | null;
  fixedAt: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  createdAt: string;
}

export interface HazardDetail extends HazardItem {
  photos: string[];
  evidence: string[];
  events: { at: string; action: string; actor: string; note: string | null }[];
}

/** A hazard's severity as the report forms offer it, 一般 first (the default). */
export const SEVERITY_CHOICES = (["GENERAL", "MAJOR"] as const).map((value) => ({
  value,
  text: HAZARD_SEVERITY_LABEL[value],
}));

/** The roles that review a rectification (api: MANAGER_ROLES). */
export const REVIEWER_ROLES = new Set(["UNIT_RESPONSIBLE", "UNIT_MANAGER", "FIRE_SUPERVISOR", "ADMIN"]);
/**
 * The roles offered 上报隐患: the access of POST /api/hazards and of GET /api/units (the form's unit list),
 * the API's own role sets.
 */
export const REPORTER_ROLES: ReadonlySet<string> = new Set(
  ROLE_SETS.hazardReporters.filter((r) => inRoleSet(ROLE_SETS.unitViewers, r)),
);
/** States in which the person named still has to fix it (api: the "fix" transition's sources). */
export const FIXABLE = new Set(["ASSIGNED", "RECTIFYING", "OVERDUE", "ESCALATED"]);

export const EVENT_LABELS = HAZARD_EVENT_LABEL;

/** A hazard's category in words (facility kinds and the supervision checklist's); unknown ones are left out. */
export const CATEGORY_LABELS: Record<string, string> = {
  EVACUATION: "疏散通道和安全出口",
  FIRE_DOOR: "防火门",
  HYDRANT_SYSTEM: "消火栓系统",
  FIRE_PUMP: "消防水泵",
  FIRE_ALARM_SYSTEM: "火灾自动报警系统",
  SPRINKLER_SYSTEM: "自动喷水灭火系统",
  EXTINGUISHER: "灭火器",
  CONTROL_ROOM: "消防控制室",
  ELECTRICAL: "电气线路和用电",
  MANAGEMENT: "消防安全管理",
};

const enc = encodeURIComponent;

export const hazardApi = {
  list: () =>
    staffClient.request<{ total: number; overdue: number; items: HazardItem[] }>(
      "GET",
      "/api/hazards?view=open&limit=200",
    ),
  get: (id: string) => staffClient.request<HazardDetail>("GET", `/api/hazards/${enc(id)}`),
  start: (id: string) => staffClient.request<{ ok: true }>("POST", `/api/hazards/${enc(id)}/start`),
  fix: (id: string, body: { evidenceIds: string[]; note: string }) =>
    staffClient.request<{ ok: true }>("POST", `/api/hazards/${enc(id)}/fix`, body),
  reject: (id: string, note: string) =>
    staffClient.request<{ ok: true }>("POST", `/api/hazards/${enc(id)}/reject`, { note }),
  verify: (id: string, note?: string) =>
    staffClient.request<{ ok: true }>("POST", `/api/hazards/${enc(id)}/verify`, note ? { note } : {}),
  report: (body: {
    unitId: string;
    place: string;
    category: string;
    description: string;
    severity: "GENERAL" | "MAJOR";
    photoIds: string[];
    interimMeasures?: string;
  }) => staffClient.request<{ id: string }>("POST", "/api/hazards", body),
};

/** Mine first: overdue, then still to fix by the nearest deadline, then waiting for review. */
export function rankMine(items: HazardItem[]): HazardItem[] {
  const rank = (h: HazardItem) => (h.overdue ? 0 : FIXABLE.has(h.status) ? 1 : 2);
  const due = (h: HazardItem) => (h.deadline ? new Date(h.deadline).getTime() : Number.MAX_SAFE_INTEGER);
  return [...items].sort((a, b) => rank(a) - rank(b) || due(a) - due(b));
}

/** The reason of the last rejected review, while the hazard is back with the person to fix it. */
export function lastRejection(h: HazardDetail): string | null {
  const last = [...h.events].reverse().find((e) => e.action === "rejected" || e.action === "fixed");
  return last?.action === "rejected" ? (last.note ?? "") : null;
}

/** "12月9日 17:26" for a deadline, in county time (Asia/Shanghai) whatever the phone's zone. */
export function deadlineText(iso: string | null): string {
  if (!iso) return "未定";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "未定";
  return `${countyDayText(countyDate(t))} ${countyClockTime(t)}`;
}

/** 监督检查: what a fire supervisor checks in a unit (Order 61 / GB 25201 items, in inspectors' words). */
export const SUPERVISION_ITEMS: { item: string; category: string }[] = [
  { item: "疏散通道、安全出口畅通", category: "EVACUATION" },
  { item: "应急照明、疏散指示标志完好", category: "EVACUATION" },
  { item: "火灾自动报警系统运行正常", category: "FIRE_ALARM_SYSTEM" },
  { item: "消火栓、灭火器完好有效", category: "HYDRANT_SYSTEM" },
  { item: "常闭式防火门处于关闭状态", category: "FIRE_DOOR" },
  { item: "消防控制室双人持证值班", category: "CONTROL_ROOM" },
  { item: "电气线路、用电设备无违规", category: "ELECTRICAL" },
  { item: "防火巡查、检查记录齐全", category: "MANAGEMENT" },
];

export interface UnitSummary {
  id: string;
  name: string;
  address: string;
}

export const unitsApi = {
  search: (q: string) =>
    staffClient.request<{ total: number; items: UnitSummary[] }>(
      "GET",
      `/api/units?limit=20${q.trim() ? `&q=${enc(q.trim())}` : ""}`,
    ),
};

export const noticeApi = {
  /** 责令改正通知书: the items become hazards given to the unit's manager with the deadline */
  issue: (body: {
    unitId: string;
    deadline: string;
    checked?: string;
    interimMeasures?: string;
    items: {
      place: string;
      category: string;
      description: string;
      severity: "GENERAL" | "MAJOR";
      photoIds: string[];
    }[];
  }) => staffClient.request<{ no: string; hazardIds: string[] }>("POST", "/api/inspection/notices", body),
};
