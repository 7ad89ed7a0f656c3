import { useDidShow } from "@tarojs/taro";
import { Text } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { StaffLoginForm } from "@/components/StaffLoginForm";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { BOOKING_ROUTES } from "../../lib/labels";
import { replace } from "../../lib/nav";

/** Where each role works in the booking subpackage. */
function homeOf(role: string): string | null {
  if (role === "CENTRE_STAFF") return BOOKING_ROUTES.today;
  if (role === "TOWNSHIP_COORDINATOR") return BOOKING_ROUTES.groups;
  return null;
}

/**
 * 工作人员入口: centre staff (today's sessions, check-in) and township coordinators (group bookings)
 * sign in with the account the county issued; the same staff session as the property staff pages.
 */
export default function BookingStaffLoginPage() {
  /** Opens the role's home; a message when this account has none here. */
  function route(role: string): string | void {
    const home = homeOf(role);
    if (!home) return "这个账号不是体验馆工作人员或乡镇协调员，请换一个账号登录";
    replace(home);
  }

  // already signed in (the staff session is shared with the property pages): go straight to this role's home
  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) return;
    staffApi
      .me()
      .then((me) => (me.kind === "staff" && homeOf(me.role) ? route(me.role) : undefined))
      .catch((err) => {
        if (err instanceof ApiError && err.status === 401) staffApi.client.signOut();
      });
  });

  return (
    <Screen back>
      <Text className="title">工作人员登录</Text>
      <Text className="txt muted block mb">体验馆工作人员签到用；乡镇协调员做团体预约用。</Text>
      <StaffLoginForm
        ids={{ username: "input-staff-username", password: "input-staff-password" }}
        onSignedIn={async (role) => route(role)}
      />
    </Screen>
  );
}
