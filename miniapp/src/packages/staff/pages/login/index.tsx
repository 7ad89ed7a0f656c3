import Taro from "@tarojs/taro";
import { Button, Text } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { StaffLoginForm } from "@/components/StaffLoginForm";
import { staffApi } from "@/services/client";
import { ROUTES } from "@/services/session";
import { landingOf, noScreenText } from "../../lib/screens";

/**
 * 工作人员登录: every staff account signs in here (property companies, networked units, maintenance, the
 * county), with the account and password it was issued. Each role goes straight to the first screen it may
 * use (lib/screens.ts); a role with none here is told where its work is done instead and signed out again.
 */
export default function StaffLoginPage() {
  return (
    <Screen back>
      <Text className="title">工作人员登录</Text>
      <Text className="txt muted block mb">
        物业、联网单位、维保单位和消防监管的工作人员，用发给您的账号和密码登录。
      </Text>
      <StaffLoginForm
        ids={{ username: "staff-username", password: "staff-password" }}
        onSignedIn={async (role) => {
          const landing = landingOf(role);
          if (!landing) {
            await staffApi.logout();
            return noScreenText();
          }
          await Taro.redirectTo({ url: landing });
        }}
      />
      <Button className="btn" onClick={() => void Taro.navigateTo({ url: ROUTES.staffAccept })}>
        新账号？用邀请码设置密码
      </Button>
    </Screen>
  );
}
