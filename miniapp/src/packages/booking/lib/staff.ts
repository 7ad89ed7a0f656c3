import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { BOOKING_ROUTES } from "./labels";
import { replace } from "./nav";

/** Who may do what in the booking subpackage (the API refuses everyone else too). */
export const COORDINATORS = ["TOWNSHIP_COORDINATOR"];
export const CENTRE_STAFF = ["CENTRE_STAFF"];

/** True when a staff session exists; otherwise goes to the staff sign-in page. */
export function requireStaff(): boolean {
  if (staffApi.client.isSignedIn()) return true;
  replace(BOOKING_ROUTES.staff);
  return false;
}

/**
 * Whether the signed-in staff member has one of `roles`: group bookings are offered only to township
 * coordinators (issue 22 item 9), not to whoever holds a staff session. "signed-out" has sent them to sign in.
 */
export async function staffRole(roles: string[]): Promise<"ok" | "other" | "signed-out"> {
  try {
    const me = await staffApi.me();
    return me.kind === "staff" && roles.includes(me.role) ? "ok" : "other";
  } catch (err) {
    if (staffAuthLost(err)) return "signed-out";
    throw err;
  }
}

/** A 401 means the staff session is gone: sign in again. Returns true when handled. */
export function staffAuthLost(err: unknown): boolean {
  if (err instanceof ApiError && err.status === 401) {
    staffApi.client.signOut();
    replace(BOOKING_ROUTES.staff);
    return true;
  }
  return false;
}

export function staffSignOut(): void {
  void staffApi.logout();
  replace(BOOKING_ROUTES.staff);
}
