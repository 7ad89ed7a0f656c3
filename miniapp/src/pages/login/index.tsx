import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { isWeapp } from "@/services/platform";
import { ROUTES, demoCode, signInWithCode, signInWithWechat } from "@/services/session";

/** The demo residents `npm start` creates (their sign-in codes are demo-h5:<id>). */
const DEMO_RESIDENTS = [
  { name: "张三", id: "zhangsan" },
  { name: "李四", id: "lisi" },
  { name: "王五", id: "wangwu" },
  { name: "赵六", id: "zhaoliu" },
];

export default function LoginPage() {
  const [name, setName] = useState("");
  const action = useAction();

  const run = (fn: () => Promise<unknown>) =>
    action.run(
      async () => {
        await fn();
        await Taro.switchTab({ url: ROUTES.home });
      },
      { at: "login" },
    );

  const demo = (typed: string) => {
    if (!typed.trim() || typed.trim() === "demo-h5:") {
      action.say("请输入演示账号", { at: "login" });
      return;
    }
    void run(() => signInWithCode(demoCode(typed)));
  };

  return (
    <Screen>
      <View className="center mb">
        <Text className="txt-xxl bold danger-text block">安心消防</Text>
        <Text className="txt-lg block">家里报警器有情况，第一时间告诉您和家人</Text>
      </View>

      {isWeapp ? (
        <View>
          <Button
            className="btn btn-primary"
            disabled={action.busy || undefined}
            onClick={() => void run(signInWithWechat)}
          >
            {action.busy ? "正在登录…" : "微信一键登录"}
          </Button>
          <Message action={action} at="login" />
        </View>
      ) : (
        <View data-testid="demo-login">
          <Text className="txt muted block mb">网页体验版：不用微信，选一个演示居民，或输入演示账号登录。</Text>
          <Choices
            label="选一个演示居民"
            options={DEMO_RESIDENTS.map((r) => ({ value: r.id, text: r.name }))}
            value=""
            onChange={demo}
          />
          <Field
            label="或输入演示账号"
            value={name}
            onInput={setName}
            placeholder="例如 zhangsan"
            maxlength={40}
            testId="input-demo-name"
          />
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={() => demo(name)}>
            {action.busy ? "正在登录…" : "登录"}
          </Button>
          <Message action={action} at="login" />
        </View>
      )}

      <Button className="btn mt" onClick={() => Taro.navigateTo({ url: ROUTES.staffLogin })}>
        工作人员登录
      </Button>
    </Screen>
  );
}
