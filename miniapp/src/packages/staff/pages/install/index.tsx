import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { RoomPicker, roomDeviceName } from "@/components/RoomPicker";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { isH5 } from "@/services/platform";
import { ROUTES } from "@/services/session";
import type { CommunityHouseholdsResponse, CommunitySummary } from "@anxin/contract";

type Home = CommunityHouseholdsResponse["items"][number];

/** 物业：扫码安装设备, then choose the community, the household and the room. */
export default function StaffInstallPage() {
  const [qr, setQr] = useState("");
  // the browser cannot scan: the serial number and binding code are typed instead
  const [serial, setSerial] = useState("");
  const [bindCode, setBindCode] = useState("");
  const [communities, setCommunities] = useState<CommunitySummary[]>([]);
  const [communityId, setCommunityId] = useState("");
  const [homes, setHomes] = useState<Home[]>([]);
  const [householdId, setHouseholdId] = useState("");
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const action = useAction();

  async function pickCommunity(id: string) {
    setCommunityId(id);
    setHouseholdId("");
    setHomes([]);
    try {
      setHomes((await staffApi.communityHouseholds(id)).items);
    } catch (err) {
      action.fail(err, "place");
    }
  }

  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) {
      void Taro.redirectTo({ url: ROUTES.staffLogin });
      return;
    }
    staffApi
      .communities()
      .then((r) => {
        setCommunities(r.items);
        if (r.items.length === 1) void pickCommunity(r.items[0].id);
      })
      .catch((err) => action.fail(err, "page"));
  });

  async function scan() {
    action.clear();
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false });
      setQr(res.result);
    } catch {
      action.say("没有扫到设备码，请再试一次", { at: "scan" });
    }
  }

  function submit() {
    const code = qr
      ? { qr }
      : serial.trim() && bindCode.trim()
        ? { serial: serial.trim(), bindCode: bindCode.trim() }
        : null;
    if (!code || !householdId || !room) {
      action.say(isH5 ? "请填写设备编号和设备码，并选择住户和房间" : "请扫码，并选择住户和房间", { at: "submit" });
      return;
    }
    const home = homes.find((h) => h.id === householdId);
    void action.run(
      async () => {
        const d = await staffApi.bindDevice({ ...code, householdId, room, name: name.trim() || roomDeviceName(room) });
        setQr("");
        setSerial("");
        setBindCode("");
        setRoom("");
        setName("");
        return d;
      },
      { at: "submit", done: (d) => `安装完成：${home?.address ?? ""} ${d.room ?? room} · ${d.name ?? name}` },
    );
  }

  return (
    <Screen back>
      <Text className="title">安装设备</Text>
      <Message action={action} at="page" />
      {isH5 ? (
        <View>
          <Text className="txt-lg block mb">网页版不能扫码。请输入设备背面印的设备编号和设备码。</Text>
          <Field label="设备编号（SN）" value={serial} onInput={setSerial} maxlength={32} testId="install-serial" />
          <Field label="设备码" value={bindCode} onInput={setBindCode} maxlength={32} testId="install-bindcode" />
        </View>
      ) : (
        <Button className="btn btn-primary" onClick={scan}>
          {qr ? "重新扫码" : "扫描设备上的二维码"}
        </Button>
      )}
      <Message action={action} at="scan" />
      {qr && <Text className="txt block mb">{`设备码：${qr}`}</Text>}

      {communities.length > 1 && (
        <Choices
          label="小区"
          options={communities.map((c) => ({ value: c.id, text: c.name }))}
          value={communityId}
          onChange={(id) => void pickCommunity(id)}
        />
      )}
      {homes.length > 0 && (
        <Choices
          label="住户"
          options={homes.map((h) => ({ value: h.id, text: h.address }))}
          value={householdId}
          onChange={setHouseholdId}
        />
      )}
      <Message action={action} at="place" />

      <RoomPicker value={room} onChange={setRoom} label="房间" />
      <Field label="名称" value={name} onInput={setName} placeholder="例如 厨房烟感" maxlength={32} />
      <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
        完成安装
      </Button>
      <Message action={action} at="submit" />
    </Screen>
  );
}
