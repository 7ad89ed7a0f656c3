import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { ROUTES } from "@/services/session";

/**
 * 设置密码 (issue 14): a new staff account (a unit's operator, a regulator, a technician ...) has no password
 * until its person types the invitation code they were given and chooses their own. Then they sign in.
 */
export default function AcceptInvitePage() {
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [username, setUsername] = useState<string | null>(null);
  const action = useAction();

  function submit() {
    if (!code.trim() || !password) {
      action.say("请输入邀请码和新密码", { at: "accept" });
      return;
    }
    if (password.length < 8) {
      action.say("密码至少 8 位", { at: "accept" });
      return;
    }
    if (password !== again) {
      action.say("两次输入的密码不一样", { at: "accept" });
      return;
    }
    void action.run(
      async () => {
        const r = await staffApi.acceptInvite(code.trim(), password);
        setUsername(r.username);
        return r;
      },
      { at: "accept", done: (r) => `密码已设置。请用账号 ${r.username} 和新密码登录。` },
    );
  }

  return (
    <Screen back>
      <Text className="title">设置密码</Text>
      <Text className="txt muted block mb">输入管理员或单位负责人给您的邀请码，设置您自己的密码（至少 8 位）。</Text>
      {username === null ? (
        <View>
          <Field label="邀请码" value={code} onInput={setCode} maxlength={40} testId="input-invite-code" />
          <Field
            label="新密码"
            value={password}
            onInput={setPassword}
            password
            maxlength={128}
            testId="input-new-password"
          />
          <Field
            label="再输一次"
            value={again}
            onInput={setAgain}
            password
            maxlength={128}
            testId="input-new-password-again"
          />
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
            {action.busy ? "正在保存…" : "保存密码"}
          </Button>
        </View>
      ) : (
        <Button className="btn btn-primary" onClick={() => void Taro.redirectTo({ url: ROUTES.staffLogin })}>
          去登录
        </Button>
      )}
      <Message action={action} at="accept" />
    </Screen>
  );
}
