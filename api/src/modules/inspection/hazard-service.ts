// Hazards (火灾隐患) and their loop: reported -> assigned -> rectifying -> fixed (with evidence) -> verified by
// someone other than the fixer (the fire supervisor for a major hazard); a rejected review sends it back.
// Every push goes through the notifications outbox (NoticeService: rows stored first, one per event,
// person and channel). The reminders and the overdue chain are durable timers (Timer rows, kind "hazard"):
// a step runs once across API instances because its outbox rows are keyed per step and it is recorded by
// raising Hazard.escalationLevel with a conditional update, so a step that half ran is completed, never
// repeated, and a re-assignment or a rejected fix never sends a step twice.
import type { HazardSeverity, HazardSource, HazardStatus, Prisma, PrismaNs, StaffRole } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { AppError } from "../../shared/errors.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import type { TimerRepository, TimerRow } from "../notifications/timer-repository.ts";
import type { Notice } from "../notifications/notices.ts";
import type { Recipient } from "../notifications/recipients.ts";
import type { Caller, UnitPrincipal, UnitScopes } from "../units/unit-scope.ts";
import type { InspectionPhotos } from "./photos.ts";
import { seesCommunity } from "./community-scope.ts";
import {
  ASSIGNEE_ROLES,
  COMMUNITY_ASSIGNEE_ROLES,
  COUNTY_HAZARD_ROLES,
  DEFAULT_DEADLINE_H,
  HAZARD_MANAGER_ROLES,
  MAJOR_VERIFIER_ROLES,
  MAX_DEADLINE_MS,
  MIN_DEADLINE_MS,
  OPEN_STATUSES,
  PROPERTY_ROLES,
  REPORTER_ROLES,
  residentStatusLabel,
  SEVERITY_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  UNCLOSED_STATUSES,
  mayMove,
  openStateAt,
  stepsFor,
  type HazardStep,
  type StepAudience,
  type Transition,
} from "./hazard-rules.ts";

export const HAZARD_TIMER_KIND = "hazard";
/** "2026-12-09 17:26", county time: how people read a deadline in a push or a timeline. */
const countyWhen = (d: Date) => `${countyDate(d)} ${countyClockTime(d)}`;
const TIMER_LOCK_MS = 60_000;

export interface NoticeSender {
  send(n: Notice): Promise<number>;
}

export interface HazardInput {
  unitId: string;
  place: string;
  category: string;
  description: string;
  severity: HazardSeverity;
  source?: HazardSource | undefined;
  checkpointId?: string | undefined;
  photoIds: string[];
  interimMeasures?: string | undefined;
}

/** A resident's report of a hazard in their community's shared places (a signed-in resident or anonymous). */
export interface ResidentHazardInput {
  communityId: string;
  place: string;
  description: string;
  category?: string | undefined;
  photoIds?: string[] | undefined;
}

/** The key photos of a community's hazards are stored under (InspectionPhoto.unitId holds a unit's id or this). */
export const communityPhotoKey = (communityId: string) => `community:${communityId}`;

export interface HazardListQuery {
  unitId?: string | undefined;
  status?: HazardStatus | undefined;
  severity?: HazardSeverity | undefined;
  /** "open": not yet verified; "overdue": past the deadline and not fixed */
  view?: "open" | "overdue" | "all" | undefined;
  offset: number;
  limit: number;
}

interface TimerPayload {
  hazardId: string;
  generation: number;
  level: number;
}

const has = (list: readonly string[], v: string) => list.includes(v);
const ids = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

const HAZARD_SELECT = {
  id: true,
  unitId: true,
  communityId: true,
  checkpointId: true,
  place: true,
  category: true,
  description: true,
  severity: true,
  source: true,
  status: true,
  reportedBy: true,
  assigneeId: true,
  deadline: true,
  interimMeasures: true,
  photoIds: true,
  evidenceIds: true,
  fixedBy: true,
  fixedAt: true,
  verifiedBy: true,
  verifiedAt: true,
  escalationLevel: true,
  generation: true,
  createdAt: true,
  updatedAt: true,
} as const;
type HazardRow = PrismaNs.HazardGetPayload<{ select: typeof HAZARD_SELECT }>;

export class HazardService {
  constructor(
    private readonly d: {
      prisma: Prisma;
      scopes: UnitScopes;
      photos: InspectionPhotos;
      notices: NoticeSender;
      timers: TimerRepository;
      clock: Clock;
      log: Logger;
      /** this instance's name for claiming timers */
      owner: string;
      kickTimers?: () => void;
    },
  ) {}

  // ---- reading ----

  private async visible(c: Caller): Promise<PrismaNs.HazardWhereInput> {
    const p = await this.d.scopes.principal(c);
    if (p.kind === "staff" && p.active && has(COUNTY_HAZARD_ROLES, p.role)) return {};
    if (p.kind === "staff" && p.active && has(PROPERTY_ROLES, p.role)) {
      const communities = await this.companyCommunities(p.propertyCompanyId);
      return { unitId: null, communityId: { in: communities } };
    }
    const v = await this.d.scopes.visibleIds(c);
    // a unit scope of the whole county still does not reach the communities' hazards (property companies')
    return v === "all" ? { unitId: { not: null } } : { unitId: { in: v } };
  }

  private async companyCommunities(companyId: string | null): Promise<string[]> {
    if (!companyId) return [];
    const rows = await this.d.prisma.community.findMany({
      where: { propertyCompanyId: companyId },
      select: { id: true },
      take: 10_000,
    });
    return rows.map((r) => r.id);
  }

  /** Throws unless the caller sees the hazard's unit or community (either way as "not found"). */
  private async assertPlace(c: Caller, h: { unitId: string | null; communityId: string | null }): Promise<void> {
    const notFound = () => new AppError("NOT_FOUND", "找不到该隐患");
    if (h.unitId) {
      await this.d.scopes.assertUnit(c, h.unitId).catch(() => {
        throw notFound();
      });
      return;
    }
    if (!h.communityId || !(await this.seesCommunity(c, h.communityId))) throw notFound();
  }

  /** Whether the caller sees a community's hazards: its property company's people, the supervisor, admins. */
  seesCommunity(c: Caller, communityId: string): Promise<boolean> {
    return seesCommunity(this.d.prisma, this.d.scopes, c, communityId);
  }

  async list(c: Caller, q: HazardListQuery) {
    const now = this.d.clock.now();
    const scope = await this.visible(c);
    const base: PrismaNs.HazardWhereInput = {
      AND: [
        scope,
        q.unitId ? { unitId: q.unitId } : {},
        q.status ? { status: q.status } : {},
        q.severity ? { severity: q.severity } : {},
        q.view === "open" ? { status: { in: [...UNCLOSED_STATUSES] } } : {},
      ],
    };
    // overdue first (the oldest deadline first), then the rest by deadline and newest report
    const overdue: PrismaNs.HazardWhereInput = {
      AND: [base, { status: { in: [...OPEN_STATUSES] } }, { deadline: { lt: now } }],
    };
    const rest: PrismaNs.HazardWhereInput = { AND: [base, { NOT: overdue }] };
    const [overdueTotal, restTotal] = await Promise.all([
      this.d.prisma.hazard.count({ where: overdue }),
      q.view === "overdue" ? Promise.resolve(0) : this.d.prisma.hazard.count({ where: rest }),
    ]);
    const rows: HazardRow[] = [];
    if (q.offset < overdueTotal)
      rows.push(
        ...(await this.d.prisma.hazard.findMany({
          where: overdue,
          orderBy: [{ deadline: "asc" }, { id: "asc" }],
          skip: q.offset,
          take: q.limit,
          select: HAZARD_SELECT,
        })),
      );
    if (rows.length < q.limit && q.view !== "overdue")
      rows.push(
        ...(await this.d.prisma.hazard.findMany({
          where: rest,
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          skip: Math.max(0, q.offset - overdueTotal),
          take: q.limit - rows.length,
          select: HAZARD_SELECT,
        })),
      );
    const names = await this.names(rows);
    return { total: overdueTotal + restTotal, overdue: overdueTotal, items: rows.map((h) => this.view(h, names, now)) };
  }

  async get(c: Caller, id: string) {
    const h = await this.load(c, id);
    const events = await this.d.prisma.hazardEvent.findMany({
      where: { hazardId: id },
      orderBy: [{ at: "asc" }, { id: "asc" }],
      take: 500,
    });
    const staffIds = events.flatMap((e) => (e.actor.startsWith("staff:") ? [e.actor.slice(6)] : []));
    const names = await this.names([h], staffIds);
    return {
      ...this.view(h, names, this.d.clock.now()),
      photos: ids(h.photoIds).map((p) => `/api/inspection/photos/${p}`),
      evidence: ids(h.evidenceIds).map((p) => `/api/inspection/photos/${p}`),
      events: events.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actor === "system" ? "系统" : (names.staff.get(e.actor.slice(6)) ?? "住户"),
        note: e.note,
      })),
    };
  }

  /** Who may be named to fix a hazard: the unit's people and its maintenance company's technicians. */
  async assignees(c: Caller, id: string): Promise<{ id: string; name: string; role: StaffRole }[]> {
    const h = await this.load(c, id);
    if (!h.unitId) return this.companyPeople(h.communityId);
    const unit = await this.d.prisma.networkedUnit.findUnique({
      where: { id: h.unitId },
      select: { maintenanceCompanyId: true, facilities: { select: { maintenanceCompanyId: true } } },
    });
    const companies = [
      unit?.maintenanceCompanyId,
      ...(unit?.facilities ?? []).map((f) => f.maintenanceCompanyId),
    ].filter((x): x is string => !!x);
    return this.d.prisma.staffUser.findMany({
      where: {
        active: true,
        role: { in: [...ASSIGNEE_ROLES] },
        OR: [
          { units: { some: { unitId: h.unitId } } },
          ...(companies.length ? [{ role: "MAINTENANCE_TECH" as const, serviceCompanyId: { in: companies } }] : []),
        ],
      },
      select: { id: true, name: true, role: true },
      orderBy: { name: "asc" },
      take: 200,
    });
  }

  /** A community's property company people who may fix its hazards. */
  private async companyPeople(communityId: string | null) {
    const community = communityId
      ? await this.d.prisma.community.findUnique({ where: { id: communityId }, select: { propertyCompanyId: true } })
      : null;
    if (!community?.propertyCompanyId) return [];
    return this.d.prisma.staffUser.findMany({
      where: {
        active: true,
        role: { in: [...COMMUNITY_ASSIGNEE_ROLES] },
        propertyCompanyId: community.propertyCompanyId,
      },
      select: { id: true, name: true, role: true },
      orderBy: { name: "asc" },
      take: 200,
    });
  }

  private async names(rows: HazardRow[], more: string[] = []) {
    const staffIds = [
      ...new Set(
        [...rows.flatMap((r) => [r.assigneeId, r.fixedBy, r.verifiedBy]), ...more].filter((x): x is string => !!x),
      ),
    ];
    const unitIds = [...new Set(rows.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
    const communityIds = [...new Set(rows.flatMap((r) => (r.communityId ? [r.communityId] : [])))];
    const [staff, units, communities] = await Promise.all([
      this.d.prisma.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } }),
      this.d.prisma.networkedUnit.findMany({ where: { id: { in: unitIds } }, select: { id: true, name: true } }),
      this.d.prisma.community.findMany({ where: { id: { in: communityIds } }, select: { id: true, name: true } }),
    ]);
    return {
      staff: new Map(staff.map((s) => [s.id, s.name])),
      units: new Map(units.map((u) => [u.id, u.name])),
      communities: new Map(communities.map((u) => [u.id, u.name])),
    };
  }

  private view(
    h: HazardRow,
    names: { staff: Map<string, string>; units: Map<string, string>; communities: Map<string, string> },
    now: Date,
  ) {
    const overdue = has(OPEN_STATUSES, h.status) && !!h.deadline && h.deadline.getTime() < now.getTime();
    return {
      id: h.id,
      // a unit's hazard names its unit; a community's (reported by residents) names the community
      unit: h.unitId ? { id: h.unitId, name: names.units.get(h.unitId) ?? "" } : null,
      community: h.communityId ? { id: h.communityId, name: names.communities.get(h.communityId) ?? "" } : null,
      place: h.place,
      category: h.category,
      description: h.description,
      severity: h.severity,
      severityLabel: SEVERITY_LABELS[h.severity],
      source: h.source,
      sourceLabel: SOURCE_LABELS[h.source],
      status: h.status,
      statusLabel: STATUS_LABELS[h.status],
      overdue,
      escalationLevel: h.escalationLevel,
      assignee: h.assigneeId ? { id: h.assigneeId, name: names.staff.get(h.assigneeId) ?? "" } : null,
      deadline: h.deadline?.toISOString() ?? null,
      interimMeasures: h.interimMeasures,
      fixedBy: h.fixedBy ? (names.staff.get(h.fixedBy) ?? "") : null,
      fixedAt: h.fixedAt?.toISOString() ?? null,
      verifiedBy: h.verifiedBy ? (names.staff.get(h.verifiedBy) ?? "") : null,
      verifiedAt: h.verifiedAt?.toISOString() ?? null,
      createdAt: h.createdAt.toISOString(),
    };
  }

  /** The hazard if the caller sees its unit; anything else is "not found". */
  private async load(c: Caller, id: string): Promise<HazardRow> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id }, select: HAZARD_SELECT });
    if (!h) throw new AppError("NOT_FOUND", "找不到该隐患");
    await this.assertPlace(c, h);
    return h;
  }

  private async who(c: Caller, roles: readonly StaffRole[], why: string): Promise<UnitPrincipal & { role: StaffRole }> {
    const p = await this.d.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || p.role === "RESIDENT" || !has(roles, p.role))
      throw new AppError("FORBIDDEN", why);
    return p as UnitPrincipal & { role: StaffRole };
  }

  // ---- the loop ----

  /** A hazard found by a unit's people, its maintenance company or a supervisor (a round's failed item too). */
  async report(
    c: Caller,
    input: HazardInput,
    opts: { checkId?: string; autoAssign?: boolean; note?: string } = {},
  ): Promise<{ id: string }> {
    const p = await this.who(c, REPORTER_ROLES, "当前账号不能上报隐患");
    await this.d.scopes.assertUnit(c, input.unitId);
    await this.d.photos.assertOfUnit(input.unitId, input.photoIds);
    if (input.checkpointId) {
      const cp = await this.d.prisma.inspectionCheckpoint.count({
        where: { id: input.checkpointId, unitId: input.unitId },
      });
      if (!cp) throw new AppError("VALIDATION_FAILED", "巡查点不属于该单位");
    }
    const now = this.d.clock.now();
    const source: HazardSource = input.source ?? (p.role === "FIRE_SUPERVISOR" ? "SUPERVISOR" : "STAFF");
    const h = await this.d.prisma.hazard.create({
      data: {
        unitId: input.unitId,
        checkpointId: input.checkpointId ?? null,
        place: input.place,
        category: input.category,
        description: input.description,
        severity: input.severity,
        source,
        reportedBy: `staff:${p.id}`,
        interimMeasures: input.interimMeasures ?? null,
        photoIds: JSON.stringify(input.photoIds),
        events: {
          create: {
            at: now,
            actor: `staff:${p.id}`,
            action: "reported",
            note: opts.note ?? (opts.checkId ? `巡查发现（检查记录 ${opts.checkId}）` : SOURCE_LABELS[source]),
          },
        },
      },
      select: { id: true },
    });
    // a round's failed item goes to the unit's manager at once; otherwise the managers are told to assign it
    if (opts.autoAssign && (await this.assignToManager(h.id))) return h;
    await this.push(h.id, `hazard:${h.id}:reported`, ["managers"], "新隐患待派发", "隐患上报");
    return h;
  }

  private async companyOf(communityId: string | null): Promise<string | null> {
    if (!communityId) return null;
    const c = await this.d.prisma.community.findUnique({
      where: { id: communityId },
      select: { propertyCompanyId: true },
    });
    return c?.propertyCompanyId ?? null;
  }

  /** The community of one of a resident's households (not found unless they are a member of it). */
  async residentCommunity(residentId: string, householdId: string): Promise<string> {
    const m = await this.d.prisma.householdMember.findFirst({
      where: { residentId, householdId },
      select: { household: { select: { unit: { select: { building: { select: { communityId: true } } } } } } },
    });
    if (!m) throw new AppError("NOT_FOUND", "找不到该住户");
    return m.household.unit.building.communityId;
  }

  /**
   * A resident's report of a hazard in their community's shared places (the mini-program, signed in, or the
   * portal's form, anonymous: residentId null). It goes to the community's property company: its manager is
   * named at once with the default deadline, or its managers are told to assign it.
   */
  async reportByResident(residentId: string | null, input: ResidentHazardInput): Promise<{ id: string }> {
    const community = await this.d.prisma.community.findUnique({
      where: { id: input.communityId },
      select: { id: true },
    });
    if (!community) throw new AppError("NOT_FOUND", "找不到该小区");
    const photoIds = input.photoIds ?? [];
    await this.d.photos.assertOfUnit(communityPhotoKey(community.id), photoIds);
    const reporter = residentId ? `resident:${residentId}` : "public";
    const h = await this.d.prisma.hazard.create({
      data: {
        unitId: null,
        communityId: community.id,
        place: input.place,
        category: input.category ?? "OTHER",
        description: input.description,
        severity: "GENERAL",
        source: "RESIDENT",
        reportedBy: reporter,
        photoIds: JSON.stringify(photoIds),
        events: {
          create: {
            at: this.d.clock.now(),
            actor: reporter,
            action: "reported",
            note: residentId ? "住户在小程序报告" : "群众在门户网站匿名报告",
          },
        },
      },
      select: { id: true },
    });
    if (await this.assignToManager(h.id)) return h;
    await this.push(h.id, `hazard:${h.id}:reported`, ["managers"], "住户报告小区隐患，请派发", "隐患上报");
    return h;
  }

  /** The communities a public report may name (those with a property company to receive it), by name. */
  async reportableCommunities(): Promise<{ id: string; name: string }[]> {
    return this.d.prisma.community.findMany({
      where: { propertyCompanyId: { not: null } },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 1000,
    });
  }

  /** A resident's own reports, newest first, with what they are told of the progress. */
  async residentReports(residentId: string, limit = 50) {
    const rows = await this.d.prisma.hazard.findMany({
      where: { reportedBy: `resident:${residentId}` },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: limit,
      select: { id: true, communityId: true, place: true, description: true, status: true, createdAt: true },
    });
    const communityIds = [...new Set(rows.flatMap((r) => (r.communityId ? [r.communityId] : [])))];
    const names = new Map(
      (
        await this.d.prisma.community.findMany({
          where: { id: { in: communityIds } },
          select: { id: true, name: true },
        })
      ).map((c) => [c.id, c.name]),
    );
    return rows.map((r) => ({
      id: r.id,
      community: r.communityId ? (names.get(r.communityId) ?? "") : "",
      place: r.place,
      description: r.description,
      status: residentStatusLabel(r.status),
      createdAt: r.createdAt.toISOString(),
    }));
  }

  /** Names the unit's (first) fire-safety manager with the default deadline; false when it has none. */
  private async assignToManager(id: string): Promise<boolean> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id }, select: HAZARD_SELECT });
    if (!h || h.status !== "REPORTED") return false;
    const company = h.unitId ? null : await this.companyOf(h.communityId);
    if (!h.unitId && !company) return false;
    const manager = await this.d.prisma.staffUser.findFirst({
      where: h.unitId
        ? { role: "UNIT_MANAGER", active: true, units: { some: { unitId: h.unitId } } }
        : { role: "PROPERTY_MANAGER", active: true, propertyCompanyId: company },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (!manager) return false;
    const now = this.d.clock.now();
    const deadline = new Date(now.getTime() + DEFAULT_DEADLINE_H[h.severity] * 3600_000);
    const generation = h.generation + 1;
    const r = await this.d.prisma.hazard.updateMany({
      where: { id, status: "REPORTED", generation: h.generation },
      data: { assigneeId: manager.id, deadline, status: "ASSIGNED", generation },
    });
    if (r.count !== 1) return false;
    await this.event(
      id,
      "system",
      "assigned",
      h.unitId
        ? `巡查发现，自动派给单位消防安全管理人，整改期限 ${countyWhen(deadline)}`
        : `住户报告，自动派给小区物业经理，整改期限 ${countyWhen(deadline)}`,
    );
    await this.schedule(id, generation, now, deadline, h.severity);
    await this.push(
      id,
      `hazard:${id}:assigned:g${generation}`,
      ["assignee"],
      h.unitId ? "巡查发现隐患，请整改或指派他人" : "住户报告小区隐患，请整改或指派他人",
      "隐患派发",
    );
    return true;
  }

  /** Names who fixes it and by when; notifies them (and the responsible person for a major hazard). */
  async assign(
    c: Caller,
    id: string,
    body: { assigneeId: string; deadline?: Date | undefined; interimMeasures?: string | undefined },
  ): Promise<void> {
    const p = await this.who(c, HAZARD_MANAGER_ROLES, "只有单位消防安全责任人、管理人或监督员可以派发隐患");
    const h = await this.load(c, id);
    if (!mayMove("assign", h.status)) throw new AppError("CONFLICT", `隐患${STATUS_LABELS[h.status]}，不能派发`);
    const assignee = await this.d.scopes.principal({ kind: "staff", id: body.assigneeId });
    if (h.unitId) {
      const unitId = h.unitId;
      if (!assignee.active || !has(ASSIGNEE_ROLES, assignee.role))
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该单位人员或其维保单位技术人员");
      await this.d.scopes.assertUnit({ kind: "staff", id: body.assigneeId }, unitId).catch(() => {
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该单位人员或其维保单位技术人员");
      });
    } else {
      const company = await this.companyOf(h.communityId);
      if (!assignee.active || !has(COMMUNITY_ASSIGNEE_ROLES, assignee.role) || assignee.propertyCompanyId !== company)
        throw new AppError("VALIDATION_FAILED", "整改责任人必须是该小区物业公司的人员");
    }
    const now = this.d.clock.now();
    const deadline = body.deadline ?? h.deadline ?? new Date(now.getTime() + DEFAULT_DEADLINE_H[h.severity] * 3600_000);
    const span = deadline.getTime() - now.getTime();
    // a deadline given must lie ahead (an earlier one is kept as it was: re-assigning does not reset the clock)
    if (body.deadline && (span < MIN_DEADLINE_MS || span > MAX_DEADLINE_MS))
      throw new AppError("VALIDATION_FAILED", "整改期限须在 1 小时到 90 天之间");
    const generation = h.generation + 1;
    const status: HazardStatus = h.status === "REPORTED" ? "ASSIGNED" : h.status;
    const r = await this.d.prisma.hazard.updateMany({
      where: { id, generation: h.generation, status: h.status },
      data: {
        assigneeId: body.assigneeId,
        deadline,
        status,
        generation,
        ...(body.interimMeasures !== undefined ? { interimMeasures: body.interimMeasures } : {}),
      },
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "隐患刚被他人修改，请刷新后重试");
    await this.event(id, `staff:${p.id}`, "assigned", `整改期限 ${countyWhen(deadline)}`);
    await this.d.timers.cancel(`hazard:${id}:g${h.generation}:`, now);
    await this.schedule(id, generation, now, deadline, h.severity);
    const to: StepAudience[] = h.severity === "MAJOR" ? ["assignee", "responsible"] : ["assignee"];
    await this.push(id, `hazard:${id}:assigned:g${generation}`, to, "请按期整改隐患", "隐患派发");
  }

  async start(c: Caller, id: string): Promise<void> {
    const h = await this.load(c, id);
    if (h.assigneeId !== c.id) throw new AppError("FORBIDDEN", "只有整改责任人可以开始整改");
    await this.move(h, "start", { status: h.status === "ASSIGNED" ? "RECTIFYING" : h.status });
    await this.event(id, `staff:${c.id}`, "started", null);
  }

  /** Fixed, with at least one photo of the result (GB 25201 / Order 61 art. 34: a record of the rectification). */
  async fix(c: Caller, id: string, body: { evidenceIds: string[]; note: string }): Promise<void> {
    const h = await this.load(c, id);
    const p = await this.d.scopes.principal(c);
    if (h.assigneeId !== c.id && !has(HAZARD_MANAGER_ROLES, p.role))
      throw new AppError("FORBIDDEN", "只有整改责任人或单位管理人可以提交整改");
    if (!body.evidenceIds.length) throw new AppError("VALIDATION_FAILED", "请上传整改后的照片作为凭证");
    await this.d.photos.assertOfUnit(photoKeyOf(h), body.evidenceIds);
    const now = this.d.clock.now();
    await this.move(h, "fix", {
      status: "FIXED",
      fixedBy: c.id,
      fixedAt: now,
      evidenceIds: JSON.stringify([...new Set([...ids(h.evidenceIds), ...body.evidenceIds])]),
    });
    await this.event(id, `staff:${c.id}`, "fixed", body.note);
    await this.d.timers.cancel(`hazard:${id}:g${h.generation}:`, now);
    await this.push(id, `hazard:${id}:fixed:${now.getTime()}`, ["managers"], "隐患已整改，请验收", "隐患验收");
  }

  /** The review finds the fix wanting: back to the person, with the remaining steps of the chain. */
  async reject(c: Caller, id: string, body: { note: string }): Promise<void> {
    const p = await this.reviewer(c, id);
    const h = p.hazard;
    const now = this.d.clock.now();
    const generation = h.generation + 1;
    await this.move(h, "reject", {
      status: openStateAt(now, h.deadline, h.escalationLevel),
      generation,
      fixedBy: null,
      fixedAt: null,
    });
    await this.event(id, `staff:${c.id}`, "rejected", body.note);
    if (h.deadline) await this.schedule(id, generation, now, h.deadline, h.severity);
    await this.push(
      id,
      `hazard:${id}:rejected:g${generation}`,
      ["assignee"],
      `整改未通过验收：${body.note}`,
      "验收未过",
    );
  }

  async verify(c: Caller, id: string, body: { note?: string | undefined }): Promise<void> {
    const p = await this.reviewer(c, id);
    const h = p.hazard;
    if (h.severity === "MAJOR" && !has(MAJOR_VERIFIER_ROLES, p.role))
      throw new AppError("FORBIDDEN", "重大隐患须由消防监督员验收销案");
    await this.move(h, "verify", { status: "VERIFIED", verifiedBy: c.id, verifiedAt: this.d.clock.now() });
    await this.event(id, `staff:${c.id}`, "verified", body.note ?? null);
  }

  private async reviewer(c: Caller, id: string) {
    const p = await this.who(c, HAZARD_MANAGER_ROLES, "只有单位消防安全责任人、管理人或监督员可以验收");
    const hazard = await this.load(c, id);
    if (hazard.status === "FIXED" && hazard.fixedBy === c.id)
      throw new AppError("FORBIDDEN", "整改人不能验收自己的整改，请由他人验收");
    return { role: p.role, hazard };
  }

  private async move(h: HazardRow, t: Transition, data: PrismaNs.HazardUpdateManyMutationInput): Promise<void> {
    if (!mayMove(t, h.status)) throw new AppError("CONFLICT", `隐患${STATUS_LABELS[h.status]}，不能执行此操作`);
    const r = await this.d.prisma.hazard.updateMany({
      where: { id: h.id, status: h.status, generation: h.generation },
      data,
    });
    if (r.count !== 1) throw new AppError("CONFLICT", "隐患刚被他人修改，请刷新后重试");
  }

  private async event(hazardId: string, actor: string, action: string, note: string | null): Promise<void> {
    await this.d.prisma.hazardEvent.create({ data: { hazardId, at: this.d.clock.now(), actor, action, note } });
  }

  // ---- reminders and escalation ----

  private async schedule(id: string, generation: number, now: Date, deadline: Date, severity: HazardSeverity) {
    const h = await this.d.prisma.hazard.findUnique({
      where: { id },
      select: { escalationLevel: true, dueSoonSent: true },
    });
    const steps = stepsFor(now, deadline, severity).filter((s) =>
      s.level === 0 ? !h?.dueSoonSent && s.at.getTime() > now.getTime() : s.level > (h?.escalationLevel ?? 0),
    );
    await this.d.timers.scheduleMany(
      steps.map((s) => ({
        key: `hazard:${id}:g${generation}:${s.name}`,
        kind: HAZARD_TIMER_KIND,
        payload: { hazardId: id, generation, level: s.level } satisfies TimerPayload,
        dueAt: s.at,
      })),
    );
    this.d.kickTimers?.();
  }

  /** The timer loop's body: runs due reminder and escalation steps; returns how many ran. */
  readonly runDue = async (): Promise<number> => {
    const now = this.d.clock.now();
    const due = await this.d.timers.claimDue(this.d.owner, now, new Date(now.getTime() + TIMER_LOCK_MS), 20, [
      HAZARD_TIMER_KIND,
    ]);
    for (const t of due) await this.runClaimed(t);
    return due.length;
  };

  private async runClaimed(t: TimerRow): Promise<void> {
    try {
      await this.runStep(JSON.parse(t.payload) as TimerPayload);
      await this.d.timers.done(t.id, this.d.owner, this.d.clock.now());
    } catch (e) {
      // left locked: claimed again once the lock expires; the step is idempotent
      this.d.log.error({ err: e as Error, timer: t.key }, "hazard timer failed");
    }
  }

  private async runStep(t: TimerPayload): Promise<void> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id: t.hazardId }, select: HAZARD_SELECT });
    if (!h || h.generation !== t.generation || !has(OPEN_STATUSES, h.status) || !h.deadline) return;
    const step = stepsFor(h.createdAt, h.deadline, h.severity).find((s) => s.level === t.level) as HazardStep;
    if (step.level === 0) {
      const dueSoonSent = (
        await this.d.prisma.hazard.findUnique({ where: { id: h.id }, select: { dueSoonSent: true } })
      )?.dueSoonSent;
      if (dueSoonSent) return;
      // the rows first (keyed per step: a rerun adds none), then the mark that makes the step done
      await this.push(h.id, `hazard:${h.id}:step:0`, step.to, `${step.label}（${countyWhen(h.deadline)}）`, "隐患提醒");
      const r = await this.d.prisma.hazard.updateMany({
        where: { id: h.id, dueSoonSent: false },
        data: { dueSoonSent: true },
      });
      if (r.count === 1) await this.event(h.id, "system", step.name, step.label);
      return;
    }
    if (h.escalationLevel >= step.level) return;
    await this.push(h.id, `hazard:${h.id}:step:${step.level}`, step.to, step.label, "隐患逾期");
    const status: HazardStatus = step.level >= 2 ? "ESCALATED" : "OVERDUE";
    const r = await this.d.prisma.hazard.updateMany({
      where: { id: h.id, escalationLevel: { lt: step.level }, status: { in: [...OPEN_STATUSES] } },
      data: { escalationLevel: step.level, status },
    });
    if (r.count === 1) await this.event(h.id, "system", step.level >= 2 ? "escalated" : "overdue", step.label);
  }

  // ---- who is told ----

  private async audience(
    h: { unitId: string | null; communityId: string | null; assigneeId: string | null },
    to: readonly StepAudience[],
  ) {
    const people = new Map<string, Recipient>();
    const add = (rows: { id: string; name: string; phone: string | null }[]) => {
      for (const s of rows)
        people.set(s.id, {
          key: `staff:${s.id}`,
          residentId: null,
          name: s.name,
          phone: s.phone,
          openid: null,
          staffId: s.id,
        });
    };
    const sel = { id: true, name: true, phone: true } as const;
    const company = h.unitId ? null : await this.companyOf(h.communityId);
    // a community's hazard: its property manager stands for the unit's manager and responsible person
    const unitRole = (role: StaffRole) =>
      h.unitId
        ? this.d.prisma.staffUser.findMany({
            where: { role, active: true, units: { some: { unitId: h.unitId } } },
            select: sel,
            take: 50,
          })
        : company
          ? this.d.prisma.staffUser.findMany({
              where: { role: "PROPERTY_MANAGER", active: true, propertyCompanyId: company },
              select: sel,
              take: 50,
            })
          : Promise.resolve([]);
    for (const a of to) {
      if (a === "assignee" && h.assigneeId)
        add(await this.d.prisma.staffUser.findMany({ where: { id: h.assigneeId, active: true }, select: sel }));
      if (a === "managers") add(await unitRole("UNIT_MANAGER"));
      if (a === "responsible") add(await unitRole("UNIT_RESPONSIBLE"));
      if (a === "regulators") {
        const unit = h.unitId
          ? await this.d.prisma.networkedUnit.findUnique({ where: { id: h.unitId }, select: { sector: true } })
          : null;
        add(
          await this.d.prisma.staffUser.findMany({
            where: {
              active: true,
              OR: [
                { role: "FIRE_SUPERVISOR" },
                ...(unit ? [{ role: "SECTOR_REGULATOR" as const, sector: unit.sector }] : []),
              ],
            },
            select: sel,
            take: 100,
          }),
        );
      }
    }
    return [...people.values()];
  }

  /** Queues the push of one event (scope: unique per event, so a rerun queues nothing new). */
  private async push(id: string, scope: string, to: readonly StepAudience[], note: string, kindLabel: string) {
    const h = await this.d.prisma.hazard.findUnique({
      where: { id },
      select: { unitId: true, communityId: true, assigneeId: true, place: true, description: true },
    });
    if (!h) return 0;
    const people = await this.audience(h, to);
    const unit = h.unitId
      ? await this.d.prisma.networkedUnit.findUnique({ where: { id: h.unitId }, select: { name: true } })
      : h.communityId
        ? await this.d.prisma.community.findUnique({ where: { id: h.communityId }, select: { name: true } })
        : null;
    return this.d.notices.send({
      scope,
      kind: "hazard",
      kindLabel: kindLabel.slice(0, 5),
      address: `${unit?.name ?? ""} ${h.place}`.trim(),
      note: `${note}：${h.description}`.slice(0, 200),
      to: [{ people, channels: ["PUSH", "SMS"] }],
    });
  }
}

/** The key a hazard's photos are stored under: its unit, or its community. */
function photoKeyOf(h: { unitId: string | null; communityId: string | null }): string {
  return h.unitId ?? communityPhotoKey(h.communityId ?? "");
}
