import { useCallback, useEffect, useRef, useState } from "react";
import Taro, { useDidHide, useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffApi } from "@/services/client";
import { ApiError, errorText } from "@/services/errors";
import { ALARM_STATUS_LABEL, RESOLUTION_LABEL, deviceLabel, formatTime, kindLabel, timeAgo } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { AlarmResolution, AlarmSummary, StaffUser } from "@/services/types";
import { Dispatch, dispatchedLine } from "./Dispatch";
import { PhotoUpload } from "./PhotoUpload";

const RESOLUTIONS: AlarmResolution[] = ["REAL_FIRE", "FALSE_ALARM", "TEST", "DEVICE_FAULT"];

type ListKind = "open" | "mine";

/** 物业：我的小区的报警 and 派给我的. Acknowledge, dispatch (me or a colleague), resolve. */
export default function StaffAlarmsPage() {
  const [view, setView] = useState<ListKind>("open");
  const [me, setMe] = useState<StaffUser | null>(null);
  const [items, setItems] = useState<AlarmSummary[] | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const [visible, setVisible] = useState(true);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const shown = useRef<ListKind>(view);
  shown.current = view;

  const load = useCallback(async () => {
    try {
      const res = await (view === "mine" ? staffApi.alarmsDispatchedToMe() : staffApi.alarms("open"));
      if (shown.current !== view) return; // the other list was chosen meanwhile
      setItems(res.items);
      setError("");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        staffApi.client.signOut();
        void Taro.redirectTo({ url: ROUTES.staffLogin });
        return;
      }
      setError(errorText(err));
    }
  }, [view]);

  // a new list chosen: load it now, not at the next poll (the first load is useDidShow's)
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) void load();
    mounted.current = true;
  }, [load]);

  useDidShow(() => {
    setVisible(true);
    if (!staffApi.client.isSignedIn()) {
      void Taro.redirectTo({ url: ROUTES.staffLogin });
      return;
    }
    void load();
    staffApi
      .me()
      .then((u) => setMe(u.kind === "staff" ? u : null))
      .catch(() => setMe(null));
  });
  useDidHide(() => setVisible(false));

  useEffect(() => {
    if (!visible) return undefined;
    const t = setInterval(() => void load(), 2000);
    return () => clearInterval(t);
  }, [visible, load]);

  async function run(fn: () => Promise<unknown>, done: string) {
    setError("");
    try {
      await fn();
      setNotice(done);
      setResolving(null);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Screen>
      <Text className="title">小区报警</Text>
      {me && <Text className="txt muted block mb" data-testid="staff-me">{`${me.name}，已登录`}</Text>}
      <Button className="btn btn-primary" onClick={() => Taro.navigateTo({ url: ROUTES.staffInstall })}>
        扫码安装设备
      </Button>
      <View className="chips mb">
        {(["open", "mine"] as const).map((v) => (
          <Text
            key={v}
            className={`chip ${view === v ? "chip-on" : ""}`}
            onClick={() => {
              if (v === view) return;
              setItems(null);
              setView(v);
            }}
          >
            {v === "open" ? "全部未处理" : "派给我的"}
          </Text>
        ))}
      </View>
      {notice && <Text className="notice">{notice}</Text>}
      {error && <Text className="error">{error}</Text>}
      {items !== null && items.length === 0 && (
        <Text className="txt-lg ok-text block">
          {view === "mine" ? "现在没有派给您的报警" : "现在没有未处理的报警"}
        </Text>
      )}
      {items?.map((a) => (
        <View
          key={a.id}
          className={`card ${a.kind === "FIRE" ? "card-danger" : ""}`}
          data-testid={`staff-alarm-${a.id}`}
        >
          <Text className="txt-lg bold block">{`${kindLabel(a.kind)}（${ALARM_STATUS_LABEL[a.status] ?? a.status}）`}</Text>
          {a.address && <Text className="txt-lg block">{a.address}</Text>}
          <Text className="txt block">{deviceLabel(a.device)}</Text>
          <Text className="txt muted block mb">{`${formatTime(a.startedAt)}（${timeAgo(a.startedAt)}）`}</Text>
          {a.dispatchedTo && (
            <Text className="txt-lg bold block mb" data-testid={`dispatched-${a.id}`}>
              {dispatchedLine(a, me)}
            </Text>
          )}
          {a.status === "ACTIVE" && (
            <Button className="btn btn-ok" onClick={() => run(() => staffApi.ackAlarm(a.id), "已确认，正在处理")}>
              确认处理
            </Button>
          )}
          <Dispatch alarm={a} me={me} onDone={(text) => void run(async () => undefined, text)} />
          <PhotoUpload alarmId={a.id} />
          {resolving === a.id ? (
            <View>
              {RESOLUTIONS.map((r) => (
                <Button
                  key={r}
                  className="btn"
                  onClick={() =>
                    run(() => staffApi.resolveAlarm(a.id, { resolution: r }), `已结束：${RESOLUTION_LABEL[r]}`)
                  }
                >
                  {RESOLUTION_LABEL[r]}
                </Button>
              ))}
              <Button className="btn" onClick={() => setResolving(null)}>
                返回
              </Button>
            </View>
          ) : (
            <Button className="btn" onClick={() => setResolving(a.id)}>
              结束报警
            </Button>
          )}
        </View>
      ))}
      <Button
        className="btn mt"
        onClick={() => {
          staffApi.client.signOut();
          void Taro.redirectTo({ url: ROUTES.staffLogin });
        }}
      >
        退出物业账号
      </Button>
    </Screen>
  );
}
