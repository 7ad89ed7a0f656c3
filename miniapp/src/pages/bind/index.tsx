import { useState } from "react";
import Taro, { useDidHide, useDidShow, useLoad } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { RoomPicker, isRoomDefaultName, roomDeviceName } from "@/components/RoomPicker";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { isH5 } from "@/services/platform";
import { ROUTES, requireSignIn } from "@/services/session";
import { deviceHealth, type DeviceHealth } from "@/services/health";
import type { BindCheckResponse, HouseholdSummary } from "@anxin/contract";

type Step = "code" | "place" | "done";
type Code = { qr: string } | { serial: string; bindCode: string };

/**
 * 绑定: scan the alarm's code (or type serial and code), checked with the API at once so a wrong code is
 * corrected here (issue 22 item 6); then choose the home, room and name.
 */
export default function BindPage() {
  const [step, setStep] = useState<Step>("code");
  const [code, setCode] = useState<Code | null>(null);
  const [found, setFound] = useState<BindCheckResponse | null>(null);
  const [bound, setBound] = useState<DeviceHealth | null>(null);
  // the browser cannot scan: it starts with the typing form
  const [typing, setTyping] = useState(isH5);
  const [serial, setSerial] = useState("");
  const [bindCode, setBindCode] = useState("");
  const [homes, setHomes] = useState<HouseholdSummary[] | null>(null);
  const [householdId, setHouseholdId] = useState("");
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const action = useAction();

  /** Check the code with the API; only a right code moves on to step 2. */
  const check = (c: Code) =>
    action.run(
      async () => {
        setFound(await api.checkBinding(c));
        setCode(c);
        setStep("place");
      },
      { at: "code" },
    );

  // A plain-link QR code opens this page with `q` (URL-encoded text of the code).
  useLoad((options: Record<string, string | undefined>) => {
    if (options?.q) void check({ qr: decodeURIComponent(options.q) });
  });

  useDidShow(() => {
    if (!requireSignIn()) return;
    api
      .households()
      .then((res) => {
        setHomes(res.items);
        if (res.items.length > 0) setHouseholdId((cur) => cur || res.items[0].id);
      })
      .catch((err) => action.fail(err, "code"));
  });

  // Leaving the tab after a binding starts the next visit at step 1 (tab pages stay mounted, and in
  // H5 the hidden page's "绑定成功" would otherwise still be in the document).
  useDidHide(() => {
    if (step === "done") restart();
  });

  async function scan() {
    action.clear();
    let text = "";
    try {
      text = (await Taro.scanCode({ onlyFromCamera: false, scanType: ["qrCode", "barCode"] })).result;
    } catch {
      // cancelled, or the camera could not read it
    }
    if (!text) {
      action.say("没有扫到设备码。可以再扫一次，或者点“扫不了？手动输入”。", { at: "code" });
      return;
    }
    await check({ qr: text });
  }

  function confirmTyped() {
    const s = serial.trim();
    const c = bindCode.trim();
    if (!s || !c) {
      action.say("请填写设备编号和设备码", { at: "code" });
      return;
    }
    void check({ serial: s, bindCode: c });
  }

  function pickRoom(r: string) {
    setRoom(r);
    if (isRoomDefaultName(name)) setName(roomDeviceName(r));
  }

  function submit() {
    if (!code) return;
    if (!householdId) {
      action.say("请选择装在哪个家", { at: "bind" });
      return;
    }
    if (!room) {
      action.say("请选择装在哪个房间", { at: "bind" });
      return;
    }
    void action.run(
      async () => {
        const d = await api.bindDevice({ ...code, householdId, room, name: name.trim() || roomDeviceName(room) });
        setBound(deviceHealth({ state: d.state, lastSeenAt: d.status?.lastSeenAt ?? null, model: d.model }));
        setStep("done");
      },
      { at: "bind" },
    );
  }

  function restart() {
    setStep("code");
    setCode(null);
    setFound(null);
    setBound(null);
    setSerial("");
    setBindCode("");
    setRoom("");
    setName("");
    setTyping(isH5);
    action.clear();
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
          {isH5 && (
            <Text className="txt-lg block mb" data-testid="no-scan-in-browser">
              网页版不能扫码。请输入报警器背面印的设备编号和设备码。
            </Text>
          )}
          {!typing ? (
            <View>
              <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={scan}>
                扫码绑定
              </Button>
              <Message action={action} at="code" />
              <Button className="btn" onClick={() => setTyping(true)}>
                扫不了？手动输入
              </Button>
            </View>
          ) : (
            <View>
              <Field
                label="设备编号（SN）"
                value={serial}
                onInput={setSerial}
                placeholder="印在报警器背面，例如 SN2026110058"
                maxlength={32}
                testId="input-serial"
              />
              <Field
                label="设备码（印在编号旁边）"
                value={bindCode}
                onInput={setBindCode}
                placeholder="10位绑定码，例如 VFWJHNE9RP"
                maxlength={32}
                testId="input-bindcode"
              />
              <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={confirmTyped}>
                {action.busyAt === "code" ? "正在核对…" : "下一步"}
              </Button>
              <Message action={action} at="code" />
              {!isH5 && (
                <Button className="btn" onClick={() => setTyping(false)}>
                  返回扫码
                </Button>
              )}
            </View>
          )}
        </View>
      )}

      {step === "place" && (
        <View data-testid="bind-step-place">
          <Text className="title">第2步：装在哪里？</Text>
          {found && (
            <Text
              className="txt muted block mb"
              data-testid="bind-found"
            >{`设备编号 ${found.serial}（${found.modelName}），设备码正确。`}</Text>
          )}
          {homes && homes.length > 1 && (
            <Choices
              label="哪个家"
              options={homes.map((h) => ({ value: h.id, text: h.address }))}
              value={householdId}
              onChange={setHouseholdId}
            />
          )}
          {homes && homes.length === 1 && <Text className="txt-lg block mb">{homes[0].address}</Text>}
          <RoomPicker value={room} onChange={pickRoom} />
          <Field
            label="名称"
            value={name}
            onInput={setName}
            placeholder="例如 客厅烟感"
            maxlength={32}
            testId="input-name"
          />
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
            {action.busyAt === "bind" ? "正在绑定…" : "完成绑定"}
          </Button>
          <Message action={action} at="bind" />
          <Button className="btn" onClick={restart}>
            换一个报警器
          </Button>
        </View>
      )}

      {step === "done" && (
        <View data-testid="bind-step-done">
          <View className="card card-ok">
            <Text className="txt-xl bold ok-text block">绑定成功</Text>
            <Text className="txt-lg block">{name.trim() || roomDeviceName(room)}</Text>
            {bound && !bound.protects ? (
              <Text className="txt-lg bold block" data-testid="bound-health">
                {`${bound.label}。${bound.detail}`}
              </Text>
            ) : (
              <Text className="txt block" data-testid="bound-health">
                它已经联网，开始守护您的家。建议现在按一下报警器上的测试键，确认家人能收到报警。
              </Text>
            )}
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
    </Screen>
  );
}
