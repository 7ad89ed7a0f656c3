import { useCallback, useEffect, useRef, useState } from "react";
import Taro, { useDidHide, useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { useAction } from "@/hooks/useAction";
import { useNow } from "@/hooks/useNow";
import { api } from "@/services/client";
import {
  ALARM_STATUS_LABEL,
  RESOLUTION_LABEL,
  commandSaid,
  deviceLabel,
  formatTime,
  kindLabel,
  timeAgo,
} from "@/services/format";
import { alarmWatcher, requireSignIn } from "@/services/session";
import { setState, useAppState } from "@/services/store";
import { namesOf, personName } from "@/services/told";
import type { AlarmDetail, AlarmResolution, AlarmSummary, HouseholdSummary } from "@anxin/contract";
import { NextStep } from "./NextStep";
import { NoAlarm } from "./NoAlarm";
import { Resolve } from "./Resolve";
import { Told } from "./Told";
import { useAlarmDetail } from "./useAlarmDetail";

/** 报警: the full-screen alarm: what, where, when, and what to do. */
export default function AlarmPage() {
  const router = useRouter();
  const openAlarms = useAppState((s) => s.openAlarms);
  const focusId = useAppState((s) => s.focusAlarmId);
  const meId = useAppState((s) => s.user?.id);
  const [visible, setVisible] = useState(true);
  const [handled, setHandled] = useState(false);
  const [history, setHistory] = useState<AlarmSummary[]>([]);
  const [homes, setHomes] = useState<HouseholdSummary[] | null>(null);
  const action = useAction();

  // A subscribe message opens "pages/alarm/index?id=...".
  const paramId = router.params?.id;
  useEffect(() => {
    if (paramId) setState({ focusAlarmId: paramId });
  }, [paramId]);

  const focusOpen =
    openAlarms.find((a) => a.id === focusId) ?? openAlarms.find((a) => a.status === "ACTIVE") ?? openAlarms[0] ?? null;
  const { detail, lastDetail, stale, reload } = useAlarmDetail(focusOpen?.id ?? focusId, visible);
  // an alarm opened from a message may not be in the open list yet: its detail stands in
  const focus: AlarmSummary | AlarmDetail | null =
    focusOpen ?? (lastDetail && lastDetail.id === focusId && lastDetail.status !== "RESOLVED" ? lastDetail : null);
  const now = useNow(30_000, visible && !!focus);

  // the homes' health for the no-alarm card, and the last alarms ended
  const loadHomes = useCallback(async () => {
    const [homesRes, all] = await Promise.allSettled([api.households(), api.alarms("all")]);
    setHomes(homesRes.status === "fulfilled" ? homesRes.value.items : null);
    if (all.status === "fulfilled") setHistory(all.value.items.filter((a) => a.status === "RESOLVED").slice(0, 5));
  }, []);

  useDidShow(() => {
    setVisible(true);
    if (!requireSignIn()) return;
    void alarmWatcher.tick();
    void loadHomes();
  });

  // a device's state changes with its alarms: when the open alarms change, the homes' health is read again
  const alarmKey = openAlarms.map((a) => `${a.id}:${a.status}`).join(",");
  const seenKey = useRef(alarmKey);
  useEffect(() => {
    if (alarmKey === seenKey.current) return;
    seenKey.current = alarmKey;
    void loadHomes();
  }, [alarmKey, loadHomes]);
  useDidHide(() => setVisible(false));

  async function act<T>(fn: () => Promise<T>, at: string | undefined, done: string | ((value: T) => string)) {
    const ok = await action.run(fn, { at, done });
    if (!ok) return;
    setHandled(true);
    await alarmWatcher.tick();
    await reload();
  }

  if (!focus) {
    return (
      <Screen>
        <Message action={action} />
        <NoAlarm homes={homes} history={history} />
        {handled && <SubscribePrompt reason="下次报警时，我们会第一时间发微信提醒给您，不用一直开着小程序。" />}
      </Screen>
    );
  }

  const alarmId = focus.id;
  const fire = focus.kind === "FIRE";
  const mine = detail?.id === focus.id ? detail : null;
  const status = mine ? mine.status : focus.status;
  const notifications = mine ? mine.notifications : null;
  const names = notifications ? namesOf(notifications) : {};
  const handlers = mine
    ? [...new Set(mine.actions.filter((a) => a.action === "acknowledged").map((a) => personName(a.actor, names, meId)))]
    : [];
  const supportsMute = fire && !!mine?.device.supportsMute;
  const smokeHigh = !!(mine?.device.smokeHigh ?? mine?.device.smokeAlarm);
  const others = openAlarms.filter((a) => a.id !== focus.id);

  const onAck = () => act(() => api.ackAlarm(alarmId), "ack", "已通知大家：您正在处理。请注意安全！");
  // A refusal is said next to the confirmation, where the resident is looking; the thanks are a toast over
  // what the screen shows next (the alarm has left it).
  const resolve = (resolution: AlarmResolution) =>
    void action
      .run(
        async () => {
          await api.resolveAlarm(alarmId, { resolution });
        },
        { at: "resolve" },
      )
      .then(async (ok) => {
        if (!ok) return;
        setHandled(true);
        setState({ focusAlarmId: null });
        action.say(`报警已结束（${RESOLUTION_LABEL[resolution]}）。谢谢您！`, { tone: "ok" });
        await alarmWatcher.tick();
      });
  const onMute = () =>
    act(
      () => api.deviceCommand(focus.device.id, "mute"),
      "mute",
      (res) => commandSaid(res, "已发出消音请求。", "消音请求", "如果仍有烟雾，报警器会继续响。"),
    );
  const onCall = () => {
    Taro.makePhoneCall({ phoneNumber: "119" }).catch(() => undefined);
  };

  return (
    <Screen tone={fire ? "alarm" : undefined}>
      <Message action={action} />
      <View data-testid="alarm-screen">
        <Text className="txt-lg block">{ALARM_STATUS_LABEL[status] ?? status}</Text>
        <Text className="txt-xxl bold block" data-testid="alarm-what">
          {kindLabel(focus.kind)}
        </Text>
        <Text className="txt-xl bold block" data-testid="alarm-where">
          {deviceLabel(focus.device)}
        </Text>
        {focus.address && <Text className="txt-lg block">{focus.address}</Text>}
        <Text className="txt-lg block mb" data-testid="alarm-when">
          {`${formatTime(focus.startedAt)} 开始（${timeAgo(focus.startedAt, now)}）`}
        </Text>

        {fire && (
          <Button className="btn btn-call" onClick={onCall}>
            拨打119
          </Button>
        )}

        {status === "ACTIVE" && (
          <Button
            className={`btn ${fire ? "btn-ok" : "btn-primary"}`}
            disabled={action.busy || undefined}
            onClick={onAck}
          >
            我来处理
          </Button>
        )}
        <Message action={action} at="ack" />
        {handlers.length > 0 && <Text className="txt-lg block mb">{`${handlers.join("、")}正在处理`}</Text>}

        <Resolve key={alarmId} fire={fire} smokeHigh={smokeHigh} action={action} onResolve={resolve} />

        {supportsMute && (
          <View className="card" data-testid="mute-section">
            {smokeHigh ? (
              <Text className="txt-lg bold block">烟雾还很浓，不能远程消音。请先确认安全！</Text>
            ) : (
              <Button className="btn btn-plain" disabled={action.busy || undefined} onClick={onMute}>
                请求报警器消音
              </Button>
            )}
            <Message action={action} at="mute" />
          </View>
        )}

        {handled && <SubscribePrompt reason="下次报警时，我们会第一时间发微信提醒给您。" />}

        {stale && <Text className="txt block mb">网络不好，下面的信息可能不是最新的，正在重试…</Text>}
        <Told notifications={notifications} meId={meId} />
        <NextStep escalation={mine?.escalation ?? null} active={status === "ACTIVE"} visible={visible} />

        {others.length > 0 && (
          <View>
            <Text className="section">{`还有 ${others.length} 个报警`}</Text>
            {others.map((a) => (
              <Button key={a.id} className="btn btn-plain" onClick={() => setState({ focusAlarmId: a.id })}>
                {`${kindLabel(a.kind)} · ${deviceLabel(a.device)}`}
              </Button>
            ))}
          </View>
        )}
      </View>
    </Screen>
  );
}
