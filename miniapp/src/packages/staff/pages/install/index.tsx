import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffApi } from "@/services/client";
import { errorText } from "@/services/errors";
import { ROOMS } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { CommunityHouseholdsResponse, CommunitySummary } from "@/services/types";

type Home = CommunityHouseholdsResponse["items"][number];

/** 物业：扫码安装设备, then choose the community, the household and the room. */
export default function StaffInstallPage() {
  const [qr, setQr] = useState("");
  const [communities, setCommunities] = useState<CommunitySummary[]>([]);
  const [communityId, setCommunityId] = useState("");
  const [homes, setHomes] = useState<Home[]>([]);
  const [householdId, setHouseholdId] = useState("");
  const [room, setRoom] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

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
      .catch((err) => setError(errorText(err)));
  });

  async function pickCommunity(id: string) {
    setCommunityId(id);
    setHouseholdId("");
    setHomes([]);
    try {
      setHomes((await staffApi.communityHouseholds(id)).items);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function scan() {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false });
      setQr(res.result);
      setError("");
    } catch {
      setError("没有扫到设备码，请再试一次");
    }
  }

  async function submit() {
    if (!qr || !householdId || !room) {
      setError("请扫码，并选择住户和房间");
      return;
    }
    setBusy(true);
    setError("");
    try {
      const d = await staffApi.bindDevice({ qr, householdId, room, name: name.trim() || `${room}烟感` });
      const home = homes.find((h) => h.id === householdId);
      setNotice(`安装完成：${home?.address ?? ""} ${d.room ?? room} · ${d.name ?? name}`);
      setQr("");
      setRoom("");
      setName("");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Screen>
      <Text className="title">安装设备</Text>
      <Button className="btn btn-primary" onClick={scan}>
        {qr ? "重新扫码" : "扫描设备上的二维码"}
      </Button>
      {qr && <Text className="txt block mb">{`设备码：${qr}`}</Text>}

      {communities.length > 1 && (
        <View>
          <Text className="label">小区</Text>
          <View className="chips">
            {communities.map((c) => (
              <Text
                key={c.id}
                className={`chip ${communityId === c.id ? "chip-on" : ""}`}
                onClick={() => void pickCommunity(c.id)}
              >
                {c.name}
              </Text>
            ))}
          </View>
        </View>
      )}

      {homes.length > 0 && (
        <View>
          <Text className="label">住户</Text>
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

      <Text className="label">房间</Text>
      <View className="chips">
        {ROOMS.map((r) => (
          <Text key={r} className={`chip ${room === r ? "chip-on" : ""}`} onClick={() => setRoom(r)}>
            {r}
          </Text>
        ))}
      </View>
      <Text className="label">名称</Text>
      <Input className="input" value={name} placeholder="例如 厨房烟感" onInput={(e) => setName(e.detail.value)} />
      <Button className="btn btn-primary" disabled={busy || undefined} onClick={submit}>
        完成安装
      </Button>
      {notice && <Text className="notice">{notice}</Text>}
      {error && <Text className="error">{error}</Text>}
    </Screen>
  );
}
