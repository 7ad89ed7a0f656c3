// Reading hazards and who sees them: a unit's hazards are seen within the caller's unit scope, a community's
// by its property company's people, the county's roles see all; anything else is "not found". The list puts
// the overdue first. HazardService reads through this and checks its callers' roles here (who()).
import type { HazardSeverity, HazardStatus, PrismaNs, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitPrincipal } from "../units/unit-scope.ts";
import { seesCommunity } from "./community-scope.ts";
import {
  ASSIGNEE_ROLES,
  COMMUNITY_ASSIGNEE_ROLES,
  COUNTY_HAZARD_ROLES,
  OPEN_STATUSES,
  PROPERTY_ROLES,
  SEVERITY_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  UNCLOSED_STATUSES,
} from "./hazard-rules.ts";
import { HAZARD_SELECT, has, ids, type HazardDeps, type HazardRow } from "./hazard-rows.ts";

export interface HazardListQuery {
  unitId?: string | undefined;
  status?: HazardStatus | undefined;
  severity?: HazardSeverity | undefined;
  /** "open": not yet verified; "overdue": past the deadline and not fixed */
  view?: "open" | "overdue" | "all" | undefined;
  offset: number;
  limit: number;
}

export class HazardReads {
  constructor(private readonly d: Pick<HazardDeps, "prisma" | "scopes" | "clock">) {}

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
  async load(c: Caller, id: string): Promise<HazardRow> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id }, select: HAZARD_SELECT });
    if (!h) throw new AppError("NOT_FOUND", "找不到该隐患");
    await this.assertPlace(c, h);
    return h;
  }

  async who(c: Caller, roles: readonly StaffRole[], why: string): Promise<UnitPrincipal & { role: StaffRole }> {
    const p = await this.d.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || p.role === "RESIDENT" || !has(roles, p.role))
      throw new AppError("FORBIDDEN", why);
    return p as UnitPrincipal & { role: StaffRole };
  }
}
