/**
 * Entering a staff screen: who is signed in, and whether the screen is theirs (lib/screens.ts, the API's own
 * role sets). "here" when it is; otherwise they are sent on to their own first screen ("elsewhere"), or told
 * they have none in the mini-program ("none"). Signed out, or a session the API no longer knows: sign in.
 */
import Taro from "@tarojs/taro";
import type { StaffUser } from "@anxin/contract";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { ROUTES } from "@/services/session";
import { landingOf, mayUse, type StaffScreenKey } from "./screens";

export type StaffEntry = "checking" | "here" | "elsewhere" | "none";

export function enterStaffScreen(
  screen: StaffScreenKey,
  on: {
    me(user: StaffUser | null): void;
    entry(entry: Exclude<StaffEntry, "checking">): void;
    failed(err: unknown): void;
    /** default: to the staff sign-in page */
    signedOut?: () => void;
  },
): void {
  const signedOut = on.signedOut ?? (() => void Taro.redirectTo({ url: ROUTES.staffLogin }));
  if (!staffApi.client.isSignedIn()) return signedOut();
  staffApi
    .me()
    .then((u) => {
      const user = u.kind === "staff" ? u : null;
      on.me(user);
      if (user && mayUse(screen, user.role)) return on.entry("here");
      const landing = user ? landingOf(user.role) : null;
      on.entry(landing ? "elsewhere" : "none");
      if (landing) void Taro.redirectTo({ url: landing });
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) signedOut();
      else on.failed(err);
    });
}
