// Who is calling. Residents are WeChat users; staff carry one role and, for company or township roles,
// the company or township they belong to.
import type { StaffRole } from "../../db/client.ts";

export type Role = "RESIDENT" | StaffRole;

export const STAFF_ROLES = [
  "PROPERTY_MANAGER",
  "PROPERTY_STAFF",
  "TOWNSHIP_COORDINATOR",
  "CENTRE_STAFF",
  "FIRE_SUPERVISOR",
  "ADMIN",
  // the unit roles (issue 14), needed by inspection (issue 18); the units work adds them too
  "UNIT_RESPONSIBLE",
  "UNIT_MANAGER",
  "UNIT_SAFETY_OFFICER",
  "CONTROL_ROOM_OPERATOR",
  "SECTOR_REGULATOR",
  "MAINTENANCE_TECH",
  "INSTALLER",
  "CENTRE_OPERATOR",
  "PROGRAMME_OFFICE",
] as const satisfies readonly StaffRole[];

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
