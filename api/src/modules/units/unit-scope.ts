// Which networked units a caller sees, decided on the server for every request (issue 14):
//   unit people (responsible person, manager, safety officer, control-room operator): the units they work
//     for (StaffUnit rows);
//   a sector regulator: the units of their sector department;
//   a maintenance technician: the units their company maintains (the unit's maintenance company, or the
//     maintainer of one of its facilities); an installer: the units their company installs;
//   a township coordinator: their township's units;
//   the fire supervisor, the monitoring centre, the programme office and admins: the county;
//   everyone else (residents, property companies, experience-centre staff): none.
// An id outside the scope is "not found", never "forbidden": nobody learns that another unit exists.
import type { PrismaNs, Prisma, SectorDepartment, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

/** Who is asking, with every field a unit scope depends on (loaded fresh from the database). */
export interface UnitPrincipal {
  kind: "staff" | "resident";
  id: string;
  role: StaffRole | "RESIDENT";
  active: boolean;
  townshipId: string | null;
  propertyCompanyId: string | null;
  sector: SectorDepartment | null;
  serviceCompanyId: string | null;
  unitIds: readonly string[];
}

/** The part of a request's principal the scope needs to look the rest up (the token's principal fits). */
export interface Caller {
  kind: "staff" | "resident";
  id: string;
}

export type UnitScope =
  | { kind: "county" }
  | { kind: "units"; unitIds: readonly string[] }
  | { kind: "sector"; sector: SectorDepartment }
  | { kind: "maintainer"; serviceCompanyId: string }
  | { kind: "installer"; serviceCompanyId: string }
  | { kind: "township"; townshipId: string }
  | { kind: "none" };

export const UNIT_ROLES = ROLE_SETS.unitPeople;

export const COUNTY_UNIT_ROLES = ROLE_SETS.countyUnitViewers;

const has = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);

/** The scope of a principal: a pure function of the principal's own fields. */
export function unitScopeOf(p: UnitPrincipal): UnitScope {
  if (p.kind !== "staff" || !p.active || p.role === "RESIDENT") return { kind: "none" };
  if (has(COUNTY_UNIT_ROLES, p.role)) return { kind: "county" };
  if (has(UNIT_ROLES, p.role)) return p.unitIds.length ? { kind: "units", unitIds: p.unitIds } : { kind: "none" };
  switch (p.role) {
    case "SECTOR_REGULATOR":
      return p.sector ? { kind: "sector", sector: p.sector } : { kind: "none" };
    case "MAINTENANCE_TECH":
      return p.serviceCompanyId ? { kind: "maintainer", serviceCompanyId: p.serviceCompanyId } : { kind: "none" };
    case "INSTALLER":
      return p.serviceCompanyId ? { kind: "installer", serviceCompanyId: p.serviceCompanyId } : { kind: "none" };
    case "TOWNSHIP_COORDINATOR":
      return p.townshipId ? { kind: "township", townshipId: p.townshipId } : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

/** What the scope needs to know of a unit to decide. */
export interface UnitFacts {
  id: string;
  townshipId: string;
  sector: SectorDepartment;
  maintenanceCompanyId: string | null;
  installerCompanyId: string | null;
  /** maintenance companies named on the unit's facilities */
  facilityMaintainerIds: readonly string[];
}

export function scopeCovers(s: UnitScope, u: UnitFacts): boolean {
  switch (s.kind) {
    case "county":
      return true;
    case "units":
      return s.unitIds.includes(u.id);
    case "sector":
      return u.sector === s.sector;
    case "maintainer":
      return u.maintenanceCompanyId === s.serviceCompanyId || u.facilityMaintainerIds.includes(s.serviceCompanyId);
    case "installer":
      return u.installerCompanyId === s.serviceCompanyId;
    case "township":
      return u.townshipId === s.townshipId;
    case "none":
      return false;
  }
}

/** The Prisma filter for the units in a scope (the same rule as scopeCovers, for queries). */
export function unitWhere(s: UnitScope): PrismaNs.NetworkedUnitWhereInput {
  switch (s.kind) {
    case "county":
      return {};
    case "units":
      return { id: { in: [...s.unitIds] } };
    case "sector":
      return { sector: s.sector };
    case "maintainer":
      return {
        OR: [
          { maintenanceCompanyId: s.serviceCompanyId },
          { facilities: { some: { maintenanceCompanyId: s.serviceCompanyId } } },
        ],
      };
    case "installer":
      return { installerCompanyId: s.serviceCompanyId };
    case "township":
      return { townshipId: s.townshipId };
    case "none":
      return { id: { in: [] } };
  }
}

/**
 * The filter for rows placed in a unit (Device, Alarm: both have a `unit` relation) that lie in a scope;
 * rows of no unit never match. For plugging unit scope into the alarm and device queries.
 */
export function unitPlacedWhere(s: UnitScope): { unit: { is: PrismaNs.NetworkedUnitWhereInput } } {
  return { unit: { is: unitWhere(s) } };
}

const NOBODY = (c: Caller): UnitPrincipal => ({
  kind: c.kind,
  id: c.id,
  role: "RESIDENT",
  active: false,
  townshipId: null,
  propertyCompanyId: null,
  sector: null,
  serviceCompanyId: null,
  unitIds: [],
});

/** The database side: loads principals, answers "which units" and "may they see this one". */
export class UnitScopes {
  constructor(private readonly prisma: Prisma) {}

  /** The caller's principal with its unit links, read now (a changed role or unit applies at once). */
  async principal(c: Caller): Promise<UnitPrincipal> {
    if (c.kind !== "staff") return { ...NOBODY(c), active: true };
    const s = await this.prisma.staffUser.findUnique({
      where: { id: c.id },
      select: {
        role: true,
        active: true,
        townshipId: true,
        propertyCompanyId: true,
        sector: true,
        serviceCompanyId: true,
        units: { select: { unitId: true } },
      },
    });
    if (!s) return NOBODY(c);
    return {
      kind: "staff",
      id: c.id,
      role: s.role,
      active: s.active,
      townshipId: s.townshipId,
      propertyCompanyId: s.propertyCompanyId,
      sector: s.sector,
      serviceCompanyId: s.serviceCompanyId,
      unitIds: s.units.map((u) => u.unitId),
    };
  }

  async of(c: Caller): Promise<UnitScope> {
    return unitScopeOf(await this.principal(c));
  }

  /** Filter for queries over units (combine with other filters by AND). */
  async where(c: Caller): Promise<PrismaNs.NetworkedUnitWhereInput> {
    return unitWhere(await this.of(c));
  }

  /** The ids of the units a caller sees, or "all" for the county (for scoping alarms and devices by unitId). */
  async visibleIds(c: Caller, limit = 10_000): Promise<"all" | string[]> {
    const s = await this.of(c);
    if (s.kind === "county") return "all";
    if (s.kind === "units") return [...s.unitIds];
    if (s.kind === "none") return [];
    const rows = await this.prisma.networkedUnit.findMany({ where: unitWhere(s), select: { id: true }, take: limit });
    return rows.map((r) => r.id);
  }

  /** Throws NOT_FOUND unless the unit exists and the caller sees it; returns the scope it was seen in. */
  async assertUnit(c: Caller, unitId: string): Promise<UnitScope> {
    const s = await this.of(c);
    if (s.kind !== "none" && unitId.length <= 64) {
      const n = await this.prisma.networkedUnit.count({ where: { AND: [{ id: unitId }, unitWhere(s)] } });
      if (n === 1) return s;
    }
    throw new AppError("NOT_FOUND", "找不到该单位");
  }
}
