import { useCallback, useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Switch, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import { requireSignIn } from "@/services/session";
import type { MembershipFlag, MembershipFlags } from "@anxin/contract";

/** Each switch in words a resident understands: what happens, and what to do about it. */
const SWITCHES: { key: MembershipFlag; title: string; explain: string }[] = [
  { key: "notifyLowBattery", title: "电池快没电", explain: "报警器电量低时提醒您换电池，没电的报警器着火时不会响。" },
  {
    key: "notifyOffline",
    title: "报警器失去联系",
    explain: "报警器很久没有和我们联系（可能没电、坏了或被拿走）时提醒您。",
  },
  { key: "notifyTamper", title: "报警器被拆动", explain: "报警器被从底座上拆下或打开时提醒您。" },
  { key: "notifyFault", title: "报警器故障", explain: "报警器自己检查出故障、需要维修时提醒您。" },
  {
    key: "neighbourAlerts",
    title: "邻居家报警没人管",
    explain: "同单元邻居家报警 3 分钟没人处理时通知您，请您去看一看、敲敲门。",
  },
];

interface HomeFlags {
  id: string;
  address: string;
  flags: MembershipFlags;
}

function flagsOf(m: Partial<MembershipFlags>): MembershipFlags {
  return {
    neighbourAlerts: m.neighbourAlerts === true,
    notifyLowBattery: m.notifyLowBattery !== false,
    notifyOffline: m.notifyOffline !== false,
    notifyTamper: m.notifyTamper !== false,
    notifyFault: m.notifyFault !== false,
  };
}

/** 提醒设置: for each home, which device problems I hear about. Each switch is saved as soon as it moves. */
export default function AlertsPage() {
  const [homes, setHomes] = useState<HomeFlags[] | null>(null);
  const action = useAction();
  const { fail, clear } = action;

  const load = useCallback(async () => {
    try {
      const list = await api.households();
      const details = await Promise.all(list.items.map((h) => api.household(h.id)));
      setHomes(
        details.map((d) => ({ id: d.id, address: d.address, flags: flagsOf(d.members.find((m) => m.isMe) ?? {}) })),
      );
      clear();
    } catch (err) {
      fail(err, "page");
    }
  }, [fail, clear]);

  useDidShow(() => {
    if (requireSignIn()) void load();
  });

  function put(id: string, flags: MembershipFlags) {
    setHomes((hs) => hs?.map((h) => (h.id === id ? { ...h, flags } : h)) ?? hs);
  }

  /** Saved at once; put back, with why, if the API refuses. The words appear under the switch that moved. */
  function change(home: HomeFlags, key: MembershipFlag, on: boolean) {
    const before = home.flags;
    const title = SWITCHES.find((s) => s.key === key)?.title ?? "";
    put(home.id, { ...before, [key]: on });
    void action.run(
      async () => {
        put(home.id, flagsOf(await api.updateMembership(home.id, { [key]: on })));
      },
      {
        at: `${home.id}-${key}`,
        done: on ? `已保存：“${title}”会提醒您` : `已保存：“${title}”不再提醒您`,
        error: (err) => {
          put(home.id, before);
          return `没有保存：${errorText(err)}`;
        },
      },
    );
  }

  return (
    <Screen back>
      <Text className="title">提醒设置</Text>
      <View className="card card-danger" data-testid="fire-always">
        <Text className="txt-lg bold block">着火报警一定会通知您</Text>
        <Text className="txt block">报警器发现烟雾时，我们会马上通知全家人，没人处理还会打电话。这一项不能关闭。</Text>
      </View>
      <Text className="txt muted block mb">
        下面这些是报警器的小问题，您可以选择要不要提醒您。改动会马上保存，只对您自己有效。
      </Text>

      <Message action={action} at="page" />
      {homes === null && !action.feedback && <Text className="txt muted block">正在加载…</Text>}
      {homes !== null && homes.length === 0 && <Text className="txt-lg block">您还没有加入任何家庭。</Text>}

      {homes?.map((h) => (
        <View key={h.id} className="card" data-testid={`alerts-home-${h.id}`}>
          <Text className="section">{h.address}</Text>
          {SWITCHES.map((s) => (
            <View key={s.key} className="list-item">
              <View className="row between">
                <Text className="txt-lg bold">{s.title}</Text>
                <Switch
                  className="switch"
                  checked={h.flags[s.key]}
                  disabled={action.busy || undefined}
                  onChange={(e) => change(h, s.key, e.detail.value)}
                  nativeProps={{ "aria-label": s.title }}
                  data-testid={`alert-${s.key}`}
                />
              </View>
              <Text className="txt muted block">{s.explain}</Text>
              <Text className="txt block" data-testid={`alert-${s.key}-state`}>
                {h.flags[s.key] ? "现在：会提醒" : "现在：不提醒"}
              </Text>
              <Message action={action} at={`${h.id}-${s.key}`} testId="alerts-notice" />
            </View>
          ))}
        </View>
      ))}
    </Screen>
  );
}
