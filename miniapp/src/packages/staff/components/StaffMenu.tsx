import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { staffApi } from "@/services/client";
import { ROUTES } from "@/services/session";
import { noScreenText, screensFor, type StaffScreenKey } from "../lib/screens";

/** The other staff screens this role may use (lib/screens.ts: the API's role sets), as large buttons. */
export function StaffMenu(props: { role: string; here: StaffScreenKey }) {
  const others = screensFor(props.role).filter((s) => s.key !== props.here);
  if (others.length === 0) return null;
  return (
    <View className="mt" data-testid="staff-menu">
      {others.map((s) => (
        <Button key={s.key} className="btn" onClick={() => void Taro.navigateTo({ url: s.url })}>
          {s.text}
        </Button>
      ))}
    </View>
  );
}

/** Sign the staff account out and go back to the staff sign-in page. */
export function staffSignOut(): void {
  void staffApi.logout();
  void Taro.redirectTo({ url: ROUTES.staffLogin });
}

/** What a staff account with no screen here sees: where its work is done instead, and a way out. */
export function NoStaffScreen() {
  return (
    <View className="card card-info" data-testid="staff-no-screen">
      <Text className="txt-lg bold block">手机上没有这个账号能用的页面</Text>
      <Text className="txt-lg block mb" selectable>
        {noScreenText()}
      </Text>
      <Button className="btn" onClick={staffSignOut}>
        换一个账号登录
      </Button>
    </View>
  );
}
