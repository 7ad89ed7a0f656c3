import { useCallback, useEffect, useState } from "react";
import Taro, { useDidHide, useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { api } from "@/services/client";
import { errorText } from "@/services/errors";
import {
  ALARM_STATUS_LABEL,
  RESOLUTION_LABEL,
  channelLabel,
  deviceLabel,
  formatTime,
  kindLabel,
  notifyStatusLabel,
  personLabel,
  timeAgo,
  timeLeft,
  type PeopleNames,
} from "@/services/format";
import { alarmWatcher, requireSignIn } from "@/services/session";
import { setState, useAppState } from "@/services/store";
import type { AlarmDetail, AlarmResolution, AlarmSummary } from "@/services/types";

const DETAIL_REFRESH_MS = 3000;

/** 报警: the full-screen alarm: what, where, when, and what to do. */
export default function AlarmPage() {
  const router = useRouter();
  const openAlarms = useAppState((s) => s.openAlarms);
  const focusId = useAppState((s) => s.focusAlarmId);
  const meId = useAppState((s) => s.user?.id);
  const [visible, setVisible] = useState(true);
  const [detail, setDetail] = useState<AlarmDetail | null>(null);
  const [names, setNames] = useState<PeopleNames>({});
  const [confirming, setConfirming] = useState<AlarmResolution | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [error, setError] = useState("");
  const [handled, setHandled] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [history, setHistory] = useState<AlarmSummary[]>([]);

  // A subscribe message opens "pages/alarm/index?id=...".
  const paramId = router.params?.id;
  useEffect(() => {
    if (paramId) setState({ focusAlarmId: paramId });
  }, [paramId]);

  const focus: AlarmSummary | AlarmDetail | null =
    openAlarms.find((a) => a.id === focusId) ??
    openAlarms.find((a) => a.status === "ACTIVE") ??
    openAlarms[0] ??
    (detail && detail.id === focusId && detail.status !== "RESOLVED" ? detail : null);
  const alarmId = focus?.id ?? null;
  const deviceId = focus?.device.id ?? null;
  const householdId = focus?.householdId ?? null;

  const loadDetail = useCallback(async (id: string) => {
    try {
      const d = await api.alarm(id);
      setDetail(d);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);

  useDidShow(() => {
    setVisible(true);
    if (!requireSignIn()) return;
    void alarmWatcher.tick();
    void api
      .alarms("all")
      .then((r) => setHistory(r.items.filter((a) => a.status === "RESOLVED").slice(0, 5)))
      .catch(() => undefined);
  });
  useDidHide(() => setVisible(false));

  // Details (who has been told, the next escalation step) of the alarm on screen.
  useEffect(() => {
    setConfirming(null);
    setError("");
    if (!alarmId) return undefined;
    void loadDetail(alarmId);
    if (!visible) return undefined;
    const t = setInterval(() => void loadDetail(alarmId), DETAIL_REFRESH_MS);
    return () => clearInterval(t);
  }, [alarmId, visible, loadDetail]);

  // Names of the family members and contacts, to say who has been told.
  useEffect(() => {
    if (!householdId) return;
    api
      .household(householdId)
      .then((h) =>
        setNames({
          residents: Object.fromEntries(
            h.members.filter((m) => m.residentId).map((m) => [m.residentId as string, m.nickname || "家人"]),
          ),
          contacts: Object.fromEntries(
            h.emergencyContacts.map((c) => [c.id, c.relation ? `${c.name}（${c.relation}）` : c.name]),
          ),
        }),
      )
      .catch(() => undefined);
  }, [householdId]);

  // The countdown to the next escalation step.
  useEffect(() => {
    if (!alarmId || !visible) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [alarmId, visible]);

  async function act(fn: () => Promise<unknown>, done: string) {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      await fn();
      setNotice(done);
      setHandled(true);
      await alarmWatcher.tick();
      if (alarmId) await loadDetail(alarmId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const onAck = () => alarmId && act(() => api.ackAlarm(alarmId), "已通知大家：您正在处理。请注意安全！");
  const onResolve = (resolution: AlarmResolution) =>
    alarmId &&
    act(async () => {
      await api.resolveAlarm(alarmId, { resolution });
      setConfirming(null);
      setState({ focusAlarmId: null });
    }, `报警已结束（${RESOLUTION_LABEL[resolution]}）。谢谢您！`);
  const onMute = () =>
    deviceId && act(() => api.deviceCommand(deviceId, "mute"), "已发出消音请求。如果仍有烟雾，报警器会继续响。");
  const onCall = () => {
    Taro.makePhoneCall({ phoneNumber: "119" }).catch(() => undefined);
  };

  if (!focus) {
    return (
      <Screen>
        <View className="card card-ok" data-testid="no-alarm">
          <Text className="txt-xl bold ok-text block">目前没有报警</Text>
          <Text className="txt block">家里的报警器都在守护您。一有报警，这里会马上显示。</Text>
        </View>
        {notice && <Text className="notice">{notice}</Text>}
        {handled && <SubscribePrompt reason="下次报警时，我们会第一时间发微信提醒给您，不用一直开着小程序。" />}
        {history.length > 0 && (
          <View>
            <Text className="section">最近的报警</Text>
            {history.map((a) => (
              <View key={a.id} className="card">
                <Text className="txt-lg bold block">{kindLabel(a.kind)}</Text>
                <Text className="txt block">{deviceLabel(a.device)}</Text>
                <Text className="txt muted block">{formatTime(a.startedAt)}</Text>
              </View>
            ))}
          </View>
        )}
      </Screen>
    );
  }

  const fire = focus.kind === "FIRE";
  const mine = detail?.id === focus.id ? detail : null;
  const status = mine ? mine.status : focus.status;
  const notifications = mine ? mine.notifications : [];
  const nextStep = mine ? (mine.escalation?.nextStep ?? null) : null;
  const who = { ...names, meId };
  const handlers = mine
    ? mine.actions.filter((a) => a.action === "acknowledged").map((a) => personLabel(a.actor, who))
    : [];
  const supportsMute = fire && !!mine?.device.supportsMute;
  const smokeHigh = !!mine?.device.smokeAlarm;
  const others = openAlarms.filter((a) => a.id !== focus.id);

  return (
    <Screen tone={fire ? "alarm" : undefined}>
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
          <Button className={`btn ${fire ? "btn-ok" : "btn-primary"}`} disabled={busy || undefined} onClick={onAck}>
            我来处理
          </Button>
        )}
        {handlers.length > 0 && (
          <Text className="txt-lg block mb">{`${[...new Set(handlers)].join("、")} 正在处理`}</Text>
        )}

        {confirming ? (
          <View className="card" data-testid="confirm-resolve">
            <Text className="txt-lg bold block mb">{`确定是“${RESOLUTION_LABEL[confirming]}”吗？报警将会结束。`}</Text>
            <Button className="btn btn-danger" disabled={busy || undefined} onClick={() => onResolve(confirming)}>
              {`确定，${RESOLUTION_LABEL[confirming]}`}
            </Button>
            <Button className="btn btn-plain" onClick={() => setConfirming(null)}>
              返回
            </Button>
          </View>
        ) : fire ? (
          <View className="row between">
            <Button className="btn btn-plain btn-half" onClick={() => setConfirming("FALSE_ALARM")}>
              误报
            </Button>
            <Button className="btn btn-plain btn-half" onClick={() => setConfirming("TEST")}>
              是测试
            </Button>
          </View>
        ) : (
          <Button className="btn btn-plain" onClick={() => setConfirming("DEVICE_FAULT")}>
            已处理好
          </Button>
        )}

        {supportsMute && (
          <View className="card" data-testid="mute-section">
            {smokeHigh ? (
              <Text className="txt-lg bold block">烟雾浓度仍然很高，不能消音。请先确认安全！</Text>
            ) : (
              <Button className="btn btn-plain" disabled={busy || undefined} onClick={onMute}>
                请求报警器消音
              </Button>
            )}
          </View>
        )}

        {notice && <Text className="notice">{notice}</Text>}
        {error && <Text className="error">{error}</Text>}
        {handled && <SubscribePrompt reason="下次报警时，我们会第一时间发微信提醒给您。" />}

        <View className="card" data-testid="alarm-notified">
          <Text className="txt-lg bold block">已通知</Text>
          {notifications.length === 0 ? (
            <Text className="txt block">正在通知您的家人和物业…</Text>
          ) : (
            notifications.map((n, i) => (
              <Text key={i} className="txt block">
                {`${personLabel(n.recipient, who)}：${channelLabel(n.channel)}，${notifyStatusLabel(n.status)}${n.sentAt ? ` ${formatTime(n.sentAt)}` : ""}`}
              </Text>
            ))
          )}
        </View>

        <View className="card" data-testid="alarm-next-step">
          <Text className="txt-lg bold block">下一步</Text>
          {nextStep ? (
            <Text className="txt block">{`${nextStep.label}（还剩 ${timeLeft(nextStep.at, now)}）`}</Text>
          ) : (
            <Text className="txt block">{status === "ACTIVE" ? "正在安排" : "无需再通知"}</Text>
          )}
        </View>

        {others.length > 0 && (
          <View>
            <Text className="section">{`还有 ${others.length} 个报警`}</Text>
            {others.map((a) => (
              <Button key={a.id} className="btn btn-plain" onClick={() => setState({ focusAlarmId: a.id })}>
                {`${kindLabel(a.kind)} · ${a.device.room || a.device.name || "报警器"}`}
              </Button>
            ))}
          </View>
        )}
      </View>
    </Screen>
  );
}
