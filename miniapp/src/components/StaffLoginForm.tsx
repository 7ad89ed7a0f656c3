import { useState } from "react";
import { Button, View } from "@tarojs/components";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { Field } from "./Field";
import { Message } from "./Message";

interface Props {
  /** what happens once the account is signed in; a returned message is shown under the form */
  onSignedIn: (role: string) => Promise<string | void>;
  /** test ids of the two inputs (the pages' end-to-end tests find them by these) */
  ids: { username: string; password: string };
}

/**
 * The staff sign-in form (account and password issued by the property company or the county), shared by the
 * property staff pages and the booking subpackage's staff entrance; each page decides where a role goes.
 */
export function StaffLoginForm({ onSignedIn, ids }: Props) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction();

  function submit() {
    if (!username.trim() || !password) {
      action.say("请输入账号和密码", { at: "login" });
      return;
    }
    let refusal: string | void = undefined;
    void action
      .run(
        async () => {
          const res = await staffApi.staffLogin(username.trim(), password);
          refusal = await onSignedIn(res.user.role);
        },
        { at: "login" },
      )
      .then((ok) => {
        if (ok && refusal) action.say(refusal, { at: "login" });
      });
  }

  return (
    <View>
      <Field label="账号" value={username} onInput={setUsername} maxlength={64} testId={ids.username} />
      <Field label="密码" value={password} onInput={setPassword} password maxlength={128} testId={ids.password} />
      <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
        {action.busy ? "正在登录…" : "登录"}
      </Button>
      <Message action={action} at="login" />
    </View>
  );
}
