// Which roll-out subjects a caller sees (issue 19): units through the units module's scope (an installer
// its company's units, a unit's people their own unit, a regulator their sector, a coordinator their
// township, the county roles the county); old high-rise buildings by their community (a property company
// its communities, a coordinator their township, the county roles the county) and, for an installer, the
// buildings being installed that no other installer has claimed by submitting an acceptance. An id outside
// the scope is "not found".
import type { PrismaNs, Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { COUNTY_UNIT_ROLES, type Caller, type UnitPrincipal, type UnitScopes } from "../units/unit-scope.ts";
import type { StageSubject } from "./catalogue.ts";

export type BuildingScope =
  | { kind: "county" }
  | { kind: "company"; propertyCompanyId: string }
  | { kind: "township"; townshipId: string }
  | { kind: "installer"; serviceCompanyId: string }
  | { kind: "none" };

export function buildingScopeOf(p: UnitPrincipal): BuildingScope {
  if (p.kind !== "staff" || !p.active || p.role === "RESIDENT") return { kind: "none" };
  if ((COUNTY_UNIT_ROLES as readonly string[]).includes(p.role)) return { kind: "county" };
  switch (p.role) {
    case "PROPERTY_MANAGER":
    case "PROPERTY_STAFF":
      return p.propertyCompanyId ? { kind: "company", propertyCompanyId: p.propertyCompanyId } : { kind: "none" };
    case "TOWNSHIP_COORDINATOR":
      return p.townshipId ? { kind: "township", townshipId: p.townshipId } : { kind: "none" };
    case "INSTALLER":
      return p.serviceCompanyId ? { kind: "installer", serviceCompanyId: p.serviceCompanyId } : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

export class RolloutScopes {
  constructor(
    private readonly prisma: Prisma,
    readonly units: UnitScopes,
  ) {}

  principal(c: Caller): Promise<UnitPrincipal> {
    return this.units.principal(c);
  }

  /** The filter for the old high-rise buildings a caller sees. */
  async buildingWhere(c: Caller): Promise<PrismaNs.BuildingWhereInput> {
    const s = buildingScopeOf(await this.units.principal(c));
    const base: PrismaNs.BuildingWhereInput = { oldHighRise: true };
    switch (s.kind) {
      case "county":
        return base;
      case "company":
        return { ...base, community: { is: { propertyCompanyId: s.propertyCompanyId } } };
      case "township":
        return { ...base, community: { is: { townshipId: s.townshipId } } };
      case "installer": {
        const others = await this.prisma.acceptance.findMany({
          where: { subject: "BUILDING", installerCompanyId: { not: s.serviceCompanyId } },
          select: { subjectId: true },
          take: 10_000,
        });
        return {
          ...base,
          rolloutStage: { in: ["INSTALLING", "INSTALLED", "ACCEPTED"] },
          id: { notIn: [...new Set(others.map((o) => o.subjectId))] },
        };
      }
      case "none":
        return { id: { in: [] } };
    }
  }

  /** Throws NOT_FOUND unless the caller sees the subject. */
  async assertSubject(c: Caller, subject: StageSubject, id: string): Promise<void> {
    if (id.length > 64) throw new AppError("NOT_FOUND", "找不到该对象");
    if (subject === "UNIT") {
      await this.units.assertUnit(c, id);
      return;
    }
    const n = await this.prisma.building.count({ where: { AND: [{ id }, await this.buildingWhere(c)] } });
    if (n !== 1) throw new AppError("NOT_FOUND", "找不到该楼栋");
  }

  /** Whether the caller sees the subject (for filtering lists without throwing). */
  async sees(c: Caller, subject: StageSubject, id: string): Promise<boolean> {
    return this.assertSubject(c, subject, id).then(
      () => true,
      () => false,
    );
  }
}
