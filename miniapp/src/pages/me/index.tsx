import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Switch, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { api } from "@/services/client";
import { useAction } from "@/hooks/useAction";
import { maskPhone } from "@/services/format";
import { isWeapp } from "@/services/platform";
import { ROUTES, requireSignIn, setElderlyMode, signOut } from "@/services/session";
import { getState, setState, useAppState } from "@/services/store";

/** 我的: phone, elderly mode, family and contacts, reminders, safety. */
export default function MePage() {
  const user = useAppState((s) => s.user);
  const elder = useAppState((s) => s.elderlyMode);
  const action = useAction();

  useDidShow(() => {
    if (!requireSignIn()) return;
    api
      .me()
      .then((me) => {
        if (me.kind === "resident") setState({ user: me, elderlyMode: me.elderlyMode });
      })
      .catch((err) => action.fail(err, "page"));
  });

  const toggleElder = (on: boolean) =>
    action.run(() => setElderlyMode(on), {
      at: "elder",
      done: on ? "长辈模式已打开：字更大，更清楚。" : "长辈模式已关闭。",
    });

  function onPhone(e: { detail: { code?: string; errMsg?: string } }) {
    const code = e.detail?.code;
    if (!code) {
      action.say("没有拿到手机号。您可以稍后再试。", { at: "phone" });
      return;
    }
    void action.run(
      async () => {
        const { phone } = await api.confirmPhone(code);
        const u = getState().user;
        if (u) setState({ user: { ...u, phone } });
      },
      { at: "phone", done: "手机号已确认。" },
    );
  }

  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen>
      <Text className="title">{user?.nickname ?? "我的"}</Text>
      <Message action={action} at="page" />

      <View className="card">
        <Text className="txt-lg bold block">手机号</Text>
        <Text className="txt-lg block mb" data-testid="me-phone">
          {maskPhone(user?.phone)}
        </Text>
        {!user?.phone &&
          (isWeapp ? (
            <Button className="btn btn-primary" openType="getPhoneNumber" onGetPhoneNumber={onPhone}>
              确认手机号
            </Button>
          ) : (
            <Text className="txt muted block">网页版不能读取微信手机号，请在微信小程序里确认。</Text>
          ))}
        <Text className="txt muted block">报警时我们会给这个号码发短信、打电话。</Text>
        <Message action={action} at="phone" />
      </View>

      <View className="card">
        <View className="row between">
          <Text className="txt-lg bold">长辈模式（大字）</Text>
          <Switch
            className="switch"
            checked={elder}
            onChange={(e) => void toggleElder(e.detail.value)}
            nativeProps={{ "aria-label": "长辈模式（大字）" }}
            data-testid="elder-switch"
          />
        </View>
        <Text className="txt muted block">打开后字更大、颜色更清楚。家人也可以帮您打开。</Text>
        <Message action={action} at="elder" />
      </View>

      <Button className="btn" onClick={go(ROUTES.family)}>
        家人和紧急联系人
      </Button>
      <Button className="btn" onClick={go(ROUTES.alerts)}>
        提醒设置（电量低、离线等）
      </Button>
      <Button className="btn" onClick={go(ROUTES.safety)}>
        每月测试和安全自查
      </Button>
      <Button className="btn" onClick={go(ROUTES.hazardReport)} data-testid="go-hazard-report">
        隐患随手拍（报告小区里的隐患）
      </Button>

      <View className="card">
        <Text className="txt-lg bold block">为什么要开启微信提醒？</Text>
        <Text className="txt block">
          报警器响的时候，我们会通过微信、短信和电话通知您和紧急联系人。微信提醒需要您每次点“允许”才能收到一条，
          所以在绑定设备和处理完报警后，我们会请您点一下。不同意也没关系，短信和电话照样会通知。
        </Text>
        {!isWeapp && <Text className="txt muted block">网页版没有微信提醒。</Text>}
      </View>
      <SubscribePrompt reason="现在开启，下一次报警时马上收到微信提醒。" />

      <Button className="btn" onClick={go(ROUTES.booking)}>
        体验馆预约
      </Button>
      <Button className="btn" onClick={go(ROUTES.staffLogin)}>
        工作人员入口
      </Button>
      <Button className="btn mt" onClick={signOut}>
        退出登录
      </Button>
    </Screen>
  );
}
