import { Button, Text, View } from "@tarojs/components";
import { staffSignOut } from "../lib/staff";

/** What a staff account that is not a township coordinator sees instead of the group booking pages. */
export function NotCoordinator() {
  return (
    <View className="card card-info" data-testid="not-coordinator">
      <Text className="txt-lg bold block">团体预约只由乡镇（街道）协调员提交</Text>
      <Text className="txt block mb">这个账号不能做团体预约。家庭预约请在“体验馆预约”里选场次。</Text>
      <Button className="btn" onClick={staffSignOut}>
        换一个账号登录
      </Button>
    </View>
  );
}
