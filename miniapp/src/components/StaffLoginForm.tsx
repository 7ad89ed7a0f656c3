import { useState } from "react";
import { Button, Input, Text, View } from "@tarojs/components";
import { staffApi } from "@/services/client";
import { errorText } from "@/services/errors";

interface Props {
  /** what happens once the account is signed in; a returned message is shown as the form's error */
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function submit() {
    if (!username.trim() || !password) {
      setError("请输入账号和密码");
      return;
    }
    setBusy(true);
    setError("");
    try {
      const res = await staffApi.staffLogin(username.trim(), password);
      setError((await onSignedIn(res.user.role)) ?? "");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View>
      <Text className="label">账号</Text>
      <Input
        className="input"
        data-testid={ids.username}
        value={username}
        onInput={(e) => setUsername(e.detail.value)}
      />
      <Text className="label">密码</Text>
      <Input
        className="input"
        password
        data-testid={ids.password}
        value={password}
        onInput={(e) => setPassword(e.detail.value)}
      />
      <Button className="btn btn-primary" disabled={busy || undefined} onClick={submit}>
        {busy ? "正在登录…" : "登录"}
      </Button>
      {error && <Text className="error">{error}</Text>}
    </View>
  );
}
