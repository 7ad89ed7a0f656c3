// Who is calling. Residents are WeChat users; staff carry one role and, for company or township roles,
// the company or township they belong to.
import type { StaffRole } from "../../db/client.ts";
import { STAFF_ROLES as CONTRACT_STAFF_ROLES, type StaffRoleName } from "../../contract/roles.ts";

export type Role = "RESIDENT" | StaffRole;

/** Every staff role, from the contract's table (contract/roles.ts), checked against the database's enum both ways. */
export const STAFF_ROLES = CONTRACT_STAFF_ROLES satisfies readonly StaffRole[];
type Missing = Exclude<StaffRole, StaffRoleName>;
/** a database role the contract does not list makes this `false` and fails the type check */
const _staffRolesComplete: [Missing] extends [never] ? true : false = true;

export const ALL_ROLES: readonly Role[] = ["RESIDENT", ...STAFF_ROLES];

/** `sessionId`: the sign-in (AuthSession) the caller's access token belongs to, when known. */
export type Principal =
  | { kind: "resident"; id: string; role: "RESIDENT"; sessionId?: string }
  | {
      kind: "staff";
      id: string;
      role: StaffRole;
      propertyCompanyId: string | null;
      townshipId: string | null;
      sessionId?: string;
    };

export function subjectOf(p: Principal): string {
  return `${p.kind}:${p.id}`;
}

export function isCountyWide(p: Principal): boolean {
  return p.kind === "staff" && (p.role === "FIRE_SUPERVISOR" || p.role === "ADMIN");
}
