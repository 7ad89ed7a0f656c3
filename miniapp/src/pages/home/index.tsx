import { useCallback, useEffect, useRef, useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { DeviceCard } from "@/components/DeviceCard";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { deviceLabel, kindLabel } from "@/services/format";
import { homeHealth } from "@/services/health";
import { ROUTES, requireSignIn } from "@/services/session";
import { useAppState } from "@/services/store";
import type { HouseholdSummary } from "@anxin/contract";

/** 首页: every home, whether it is protected, and its devices at a glance. */
export default function HomePage() {
  const [homes, setHomes] = useState<HouseholdSummary[] | null>(null);
  const openAlarms = useAppState((s) => s.openAlarms);
  const user = useAppState((s) => s.user);
  const action = useAction();
  const { fail, clear } = action;

  const load = useCallback(async () => {
    try {
      const res = await api.households();
      setHomes(res.items);
      clear();
    } catch (err) {
      fail(err, "page");
    }
  }, [fail, clear]);

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
          role="button"
          onClick={() => Taro.switchTab({ url: ROUTES.alarm })}
        >
          <Text className="block">{`${kindLabel(active[0].kind)}！`}</Text>
          <Text className="block">
            {[deviceLabel(active[0].device), active[0].address].filter(Boolean).join(" · ")}
          </Text>
          <Text className="block">点这里查看并处理</Text>
        </View>
      )}

      <Message action={action} at="page" />
      {homes === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}

      {homes !== null && homes.length === 0 && (
        <View className="card">
          <Text className="txt-lg block">您还没有加入任何家庭。</Text>
          <Text className="txt muted block mb">请向家人或物业要一个邀请码。</Text>
          <Button className="btn btn-primary" onClick={() => Taro.navigateTo({ url: ROUTES.family })}>
            输入邀请码加入家庭
          </Button>
        </View>
      )}

      {homes?.map((h) => {
        const health = homeHealth(h.devices);
        return (
          <View key={h.id} className="mb" data-testid={`home-${h.id}`}>
            <Text className="section">{h.address}</Text>
            {health.key !== "alarm" && (
              <View
                className={`card ${health.tone === "ok" ? "card-ok" : health.tone === "danger" ? "card-danger" : ""}`}
                data-testid={`home-health-${h.id}`}
                data-health={health.key}
              >
                <Text className="txt-lg bold block">{health.title}</Text>
                <Text className="txt block">{health.detail}</Text>
                {health.key === "none" && (
                  <Button className="btn btn-primary mt" onClick={() => Taro.switchTab({ url: ROUTES.bind })}>
                    绑定报警器
                  </Button>
                )}
              </View>
            )}
            {h.devices.map((d) => (
              <DeviceCard
                key={d.id}
                device={d}
                onOpen={(id) => Taro.navigateTo({ url: `${ROUTES.device}?id=${encodeURIComponent(id)}` })}
              />
            ))}
          </View>
        );
      })}
    </Screen>
  );
}
