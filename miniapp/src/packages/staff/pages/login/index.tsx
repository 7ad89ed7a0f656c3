import Taro from "@tarojs/taro";
import { Button, Text } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { StaffLoginForm } from "@/components/StaffLoginForm";
import { ROUTES } from "@/services/session";

/** 物业人员登录 (username and password issued by the property company). */
export default function StaffLoginPage() {
  return (
    <Screen back>
      <Text className="title">物业人员登录</Text>
      <StaffLoginForm
        ids={{ username: "staff-username", password: "staff-password" }}
        onSignedIn={async () => {
          await Taro.redirectTo({ url: ROUTES.staffAlarms });
        }}
      />
      <Button className="btn" onClick={() => void Taro.navigateTo({ url: ROUTES.staffAccept })}>
        新账号？用邀请码设置密码
      </Button>
    </Screen>
  );
}
