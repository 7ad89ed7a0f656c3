import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { errorText } from "@/services/errors";
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function run(fn: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      await fn();
      await Taro.switchTab({ url: ROUTES.home });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const demo = (typed: string) => {
    if (!typed.trim() || typed.trim() === "demo-h5:") {
      setError("请输入演示账号");
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
        <Button className="btn btn-primary" disabled={busy || undefined} onClick={() => void run(signInWithWechat)}>
          {busy ? "正在登录…" : "微信一键登录"}
        </Button>
      ) : (
        <View data-testid="demo-login">
          <Text className="txt muted block mb">网页体验版：不用微信，选一个演示居民，或输入演示账号登录。</Text>
          <Text className="label">选一个演示居民</Text>
          <View className="chips mb">
            {DEMO_RESIDENTS.map((r) => (
              <Text key={r.id} className="chip" onClick={() => demo(r.id)}>
                {r.name}
              </Text>
            ))}
          </View>
          <Text className="label">或输入演示账号</Text>
          <Input
            className="input"
            value={name}
            placeholder="例如 zhangsan"
            onInput={(e) => setName(e.detail.value)}
            data-testid="input-demo-name"
          />
          <Button className="btn btn-primary" disabled={busy || undefined} onClick={() => demo(name)}>
            {busy ? "正在登录…" : "登录"}
          </Button>
        </View>
      )}

      {error && <Text className="error">{error}</Text>}

      <Button className="btn mt" onClick={() => Taro.navigateTo({ url: ROUTES.staffLogin })}>
        物业人员登录
      </Button>
    </Screen>
  );
}
