import { useCallback, useEffect, useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { DeviceCard } from "@/components/DeviceCard";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import { kindLabel } from "@/services/format";
import { ROUTES, requireSignIn } from "@/services/session";
import { useAppState } from "@/services/store";
import type { HouseholdSummary } from "@/services/types";

/** 首页: every home and its devices at a glance. */
export default function HomePage() {
  const [homes, setHomes] = useState<HouseholdSummary[] | null>(null);
  const [error, setError] = useState("");
  const openAlarms = useAppState((s) => s.openAlarms);
  const user = useAppState((s) => s.user);

  const load = useCallback(async () => {
    try {
      const res = await api.households();
      setHomes(res.items);
      setError("");
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  // A device's state changes with the alarms: reload when the set of open alarms changes.
  const alarmKey = openAlarms.map((a) => `${a.id}:${a.status}`).join(",");
  const firstKey = useRef(alarmKey);
  useEffect(() => {
    if (alarmKey === firstKey.current) return;
    firstKey.current = alarmKey;
    void load();
  }, [alarmKey, load]);

  const active = openAlarms.filter((a) => a.status !== "RESOLVED");

  return (
    <Screen>
      <Text className="title">{user?.nickname ? `${user.nickname}，您好` : "我的家"}</Text>

      {active.length > 0 && (
        <View
          className="banner-alarm"
          data-testid="home-alarm-banner"
          onClick={() => Taro.switchTab({ url: ROUTES.alarm })}
        >
          <Text className="block">{`${kindLabel(active[0].kind)}！`}</Text>
          <Text className="block">{[active[0].device.room, active[0].address].filter(Boolean).join(" · ")}</Text>
          <Text className="block">点这里查看并处理</Text>
        </View>
      )}

      {error && <Text className="error">{error}</Text>}
      {homes === null && !error && <Text className="txt muted">正在加载…</Text>}

      {homes !== null && homes.length === 0 && (
        <View className="card">
          <Text className="txt-lg block">您还没有加入任何家庭。</Text>
          <Text className="txt muted block mb">请向家人或物业要一个邀请码。</Text>
          <Button className="btn btn-primary" onClick={() => Taro.navigateTo({ url: ROUTES.family })}>
            输入邀请码加入家庭
          </Button>
        </View>
      )}

      {homes?.map((h) => (
        <View key={h.id} className="mb" data-testid={`home-${h.id}`}>
          <Text className="section">{h.address}</Text>
          {h.devices.length === 0 ? (
            <View className="card">
              <Text className="txt block mb">这个家还没有报警器。</Text>
              <Button className="btn btn-primary" onClick={() => Taro.switchTab({ url: ROUTES.bind })}>
                绑定报警器
              </Button>
            </View>
          ) : (
            h.devices.map((d) => (
              <DeviceCard
                key={d.id}
                device={d}
                onOpen={(id) => Taro.navigateTo({ url: `${ROUTES.device}?id=${encodeURIComponent(id)}` })}
              />
            ))
          )}
        </View>
      ))}
    </Screen>
  );
}
