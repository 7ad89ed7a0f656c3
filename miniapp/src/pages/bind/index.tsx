import { useState } from "react";
import Taro, { useDidHide, useDidShow, useLoad } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import { ROUTES, requireSignIn } from "@/services/session";
import { ROOMS } from "@/services/format";
import type { HouseholdSummary } from "@/services/types";

type Step = "code" | "place" | "done";
type Code = { qr: string } | { serial: string; bindCode: string };

/** 绑定: scan the alarm's code (or type serial and code), then choose the home, room and name. */
export default function BindPage() {
  const [step, setStep] = useState<Step>("code");
  const [code, setCode] = useState<Code | null>(null);
  const [typing, setTyping] = useState(false);
  const [serial, setSerial] = useState("");
  const [bindCode, setBindCode] = useState("");
  const [homes, setHomes] = useState<HouseholdSummary[] | null>(null);
  const [householdId, setHouseholdId] = useState("");
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  // A plain-link QR code opens this page with `q` (URL-encoded text of the code).
  useLoad((options: Record<string, string | undefined>) => {
    if (options?.q) {
      setCode({ qr: decodeURIComponent(options.q) });
      setStep("place");
    }
  });

  useDidShow(() => {
    if (!requireSignIn()) return;
    api
      .households()
      .then((res) => {
        setHomes(res.items);
        if (res.items.length > 0) setHouseholdId((cur) => cur || res.items[0].id);
      })
      .catch((err) => setError(errorText(err)));
  });

  // Leaving the tab after a binding starts the next visit at step 1 (tab pages stay mounted, and in
  // H5 the hidden page's "绑定成功" would otherwise still be in the document).
  useDidHide(() => {
    if (step === "done") restart();
  });

  async function scan() {
    setError("");
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ["qrCode", "barCode"] });
      if (!res.result) throw new Error("empty");
      setCode({ qr: res.result });
      setStep("place");
    } catch {
      setError("没有扫到设备码。可以再扫一次，或者手动输入。");
    }
  }

  function confirmTyped() {
    const s = serial.trim();
    const c = bindCode.trim();
    if (!s || !c) {
      setError("请填写设备编号和设备码");
      return;
    }
    setError("");
    setCode({ serial: s, bindCode: c });
    setStep("place");
  }

  function pickRoom(r: string) {
    setRoom(r);
    if (!name || ROOMS.some((x) => name === `${x}烟感`)) setName(`${r}烟感`);
  }

  async function submit() {
    if (!code) return;
    if (!householdId) {
      setError("请选择装在哪个家");
      return;
    }
    if (!room) {
      setError("请选择装在哪个房间");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api.bindDevice({ ...code, householdId, room, name: name.trim() || `${room}烟感` });
      setStep("done");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  function restart() {
    setStep("code");
    setCode(null);
    setSerial("");
    setBindCode("");
    setRoom("");
    setName("");
    setTyping(false);
    setError("");
  }

  if (homes !== null && homes.length === 0) {
    return (
      <Screen>
        <Text className="title">绑定报警器</Text>
        <Text className="txt-lg block mb">您还没有加入家庭。请先用邀请码加入家庭，再绑定报警器。</Text>
        <Button className="btn btn-primary" onClick={() => Taro.navigateTo({ url: ROUTES.family })}>
          加入家庭
        </Button>
      </Screen>
    );
  }

  return (
    <Screen>
      {step === "code" && (
        <View data-testid="bind-step-code">
          <Text className="title">第1步：找到报警器上的二维码</Text>
          {!typing ? (
            <View>
              <Button className="btn btn-primary" onClick={scan}>
                扫码绑定
              </Button>
              <Button className="btn" onClick={() => setTyping(true)}>
                扫不了？手动输入
              </Button>
            </View>
          ) : (
            <View>
              <Text className="label">设备编号（SN）</Text>
              <Input
                className="input"
                value={serial}
                placeholder="印在报警器背面，例如 SN2026110058"
                onInput={(e) => setSerial(e.detail.value)}
                data-testid="input-serial"
              />
              <Text className="label">设备码（印在编号旁边）</Text>
              <Input
                className="input"
                value={bindCode}
                placeholder="10位绑定码，例如 VFWJHNE9RP"
                onInput={(e) => setBindCode(e.detail.value)}
                data-testid="input-bindcode"
              />
              <Button className="btn btn-primary" onClick={confirmTyped}>
                下一步
              </Button>
              <Button className="btn" onClick={() => setTyping(false)}>
                返回扫码
              </Button>
            </View>
          )}
        </View>
      )}

      {step === "place" && (
        <View data-testid="bind-step-place">
          <Text className="title">第2步：装在哪里？</Text>
          {homes && homes.length > 1 && (
            <View>
              <Text className="label">哪个家</Text>
              <View className="chips">
                {homes.map((h) => (
                  <Text
                    key={h.id}
                    className={`chip ${householdId === h.id ? "chip-on" : ""}`}
                    onClick={() => setHouseholdId(h.id)}
                  >
                    {h.address}
                  </Text>
                ))}
              </View>
            </View>
          )}
          {homes && homes.length === 1 && <Text className="txt-lg block mb">{homes[0].address}</Text>}
          <Text className="label">哪个房间</Text>
          <View className="chips">
            {ROOMS.map((r) => (
              <Text key={r} className={`chip ${room === r ? "chip-on" : ""}`} onClick={() => pickRoom(r)}>
                {r}
              </Text>
            ))}
          </View>
          <Text className="label">名称</Text>
          <Input
            className="input"
            value={name}
            placeholder="例如 客厅烟感"
            onInput={(e) => setName(e.detail.value)}
            data-testid="input-name"
          />
          <Button className="btn btn-primary" disabled={busy || undefined} onClick={submit}>
            {busy ? "正在绑定…" : "完成绑定"}
          </Button>
          <Button className="btn" onClick={restart}>
            重新扫码
          </Button>
        </View>
      )}

      {step === "done" && (
        <View data-testid="bind-step-done">
          <View className="card card-ok">
            <Text className="txt-xl bold ok-text block">绑定成功</Text>
            <Text className="txt-lg block">{`${room} · ${name || `${room}烟感`}`}</Text>
            <Text className="txt block">建议现在按一下报警器上的测试键，确认能收到报警。</Text>
          </View>
          <SubscribePrompt reason="这个报警器响的时候，我们会马上发微信提醒给您。" />
          <Button className="btn btn-primary" onClick={() => Taro.switchTab({ url: ROUTES.home })}>
            回到首页
          </Button>
          <Button className="btn" onClick={restart}>
            再绑定一个
          </Button>
        </View>
      )}

      {error && <Text className="error">{error}</Text>}
    </Screen>
  );
}
