// Who sees a residential community's hazards (and their photos): the people of the community's property
// company, the fire supervisor and admins. Anyone else is told "not found", as for a unit out of scope.
import type { Prisma } from "../../db/client.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { COUNTY_HAZARD_ROLES, PROPERTY_ROLES } from "./hazard-rules.ts";

const has = (list: readonly string[], v: string) => list.includes(v);

export async function seesCommunity(
  prisma: Prisma,
  scopes: UnitScopes,
  c: Caller,
  communityId: string,
): Promise<boolean> {
  const p = await scopes.principal(c);
  if (p.kind !== "staff" || !p.active) return false;
  if (has(COUNTY_HAZARD_ROLES, p.role)) return true;
  if (!has(PROPERTY_ROLES, p.role) || !p.propertyCompanyId) return false;
  const n = await prisma.community.count({ where: { id: communityId, propertyCompanyId: p.propertyCompanyId } });
  return n === 1;
}
