// What a caller may see, decided on the server for every request:
// a resident only the households they belong to; property staff only their company's communities;
// a township coordinator only their township's communities; the fire brigade and admins the whole county.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { inRoleSet, ROLE_SETS } from "../../contract/roles.ts";

export type Scope =
  | { kind: "county" }
  | { kind: "communities"; communityIds: string[] }
  | { kind: "households"; householdIds: string[] }
  | { kind: "none" };

export class ScopeService {
  constructor(private readonly prisma: Prisma) {}

  async of(p: Principal): Promise<Scope> {
    if (p.kind === "resident") {
      const rows = await this.prisma.householdMember.findMany({
        where: { residentId: p.id },
        select: { householdId: true },
      });
      return { kind: "households", householdIds: rows.map((r) => r.householdId) };
    }
    // the role sets of contract/roles.ts: the county sees every place, a company its communities
    if (inRoleSet(ROLE_SETS.county, p.role)) return { kind: "county" };
    if (inRoleSet(ROLE_SETS.propertyCompany, p.role)) {
      if (!p.propertyCompanyId) return { kind: "none" };
      const rows = await this.prisma.community.findMany({
        where: { propertyCompanyId: p.propertyCompanyId },
        select: { id: true },
      });
      return { kind: "communities", communityIds: rows.map((r) => r.id) };
    }
    if (inRoleSet(ROLE_SETS.townshipCoordinator, p.role)) {
      if (!p.townshipId) return { kind: "none" };
      const rows = await this.prisma.community.findMany({
        where: { townshipId: p.townshipId },
        select: { id: true },
      });
      return { kind: "communities", communityIds: rows.map((r) => r.id) };
    }
    return { kind: "none" };
  }

  /** Whether something placed in a household and community (a device, an alarm) lies within a scope. */
  covers(s: Scope, place: { householdId: string | null; communityId: string | null }): boolean {
    if (s.kind === "county") return true;
    if (s.kind === "households") return place.householdId !== null && s.householdIds.includes(place.householdId);
    if (s.kind === "communities") return place.communityId !== null && s.communityIds.includes(place.communityId);
    return false;
  }

  /** Prisma filter for communities visible in a scope. */
  communityWhere(s: Scope): { id?: { in: string[] } } {
    if (s.kind === "county") return {};
    if (s.kind === "communities") return { id: { in: s.communityIds } };
    return { id: { in: [] } };
  }

  /** Throws NOT_FOUND (not FORBIDDEN: do not confirm that someone else's household exists). */
  async assertHousehold(p: Principal, householdId: string): Promise<void> {
    const s = await this.of(p);
    if (s.kind === "county") {
      // the county sees every household that exists; one that does not is a 404, not a failed write later
      if (await this.prisma.household.count({ where: { id: householdId } })) return;
      throw new AppError("NOT_FOUND", "找不到该住户");
    }
    if (s.kind === "households") {
      if (s.householdIds.includes(householdId)) return;
      throw new AppError("NOT_FOUND", "找不到该住户");
    }
    if (s.kind === "communities") {
      const h = await this.prisma.household.findUnique({
        where: { id: householdId },
        select: { unit: { select: { building: { select: { communityId: true } } } } },
      });
      if (h && s.communityIds.includes(h.unit.building.communityId)) return;
    }
    throw new AppError("NOT_FOUND", "找不到该住户");
  }

  async assertCommunity(p: Principal, communityId: string): Promise<void> {
    const s = await this.of(p);
    if (s.kind === "county") {
      if (await this.prisma.community.count({ where: { id: communityId } })) return;
      throw new AppError("NOT_FOUND", "找不到该小区");
    }
    if (s.kind === "communities" && s.communityIds.includes(communityId)) return;
    throw new AppError("NOT_FOUND", "找不到该小区");
  }
}
