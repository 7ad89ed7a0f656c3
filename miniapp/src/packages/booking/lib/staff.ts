import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { BOOKING_ROUTES } from "./labels";
import { replace } from "./nav";

/** True when a staff session exists; otherwise goes to the staff sign-in page. */
export function requireStaff(): boolean {
  if (staffApi.client.isSignedIn()) return true;
  replace(BOOKING_ROUTES.staff);
  return false;
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
