import { useCallback, useState } from "react";
import Taro, { useDidHide, useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { usePolling } from "@/hooks/usePolling";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { ALARM_STATUS_LABEL, RESOLUTION_LABEL, deviceLabel, formatTime, kindLabel, timeAgo } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { AlarmResolution, AlarmSummary, StaffUser } from "@anxin/contract";
import { Dispatch, dispatchedLine, maySendSelf } from "./Dispatch";
import { PhotoUpload } from "./PhotoUpload";
import { NoStaffScreen, StaffMenu, staffSignOut } from "../../components/StaffMenu";
import { enterStaffScreen, type StaffEntry } from "../../lib/entry";

const RESOLUTIONS: AlarmResolution[] = ["REAL_FIRE", "FALSE_ALARM", "TEST", "DEVICE_FAULT"];

type ListKind = "open" | "mine";

/** The session is gone (401): forget it and sign in again. */
function signInAgain() {
  staffApi.client.signOut();
  void Taro.redirectTo({ url: ROUTES.staffLogin });
}

/**
 * 物业：我的小区的报警 and 派给我的. Acknowledge, dispatch (me or a colleague), resolve. The staff entrance's
 * first page: a role that may not see community alarms (lib/screens.ts) is sent on to its own screen, or told
 * where its work is done, before anything is asked of the alarms API.
 */
export default function StaffAlarmsPage() {
  const [view, setView] = useState<ListKind>("open");
  const [me, setMe] = useState<StaffUser | null>(null);
  // "elsewhere": this role has another screen (being opened) or none here at all
  const [entry, setEntry] = useState<StaffEntry>("checking");
  const [lists, setLists] = useState<Partial<Record<ListKind, AlarmSummary[]>>>({});
  const [resolving, setResolving] = useState<string | null>(null);
  const [visible, setVisible] = useState(true);
  const action = useAction();
  const { fail, clear } = action;
  const items = lists[view] ?? null;

  // each list is kept under its own name, so an answer for the list left meanwhile cannot show under the other
  const load = useCallback(async () => {
    try {
      const res = await (view === "mine" ? staffApi.alarmsDispatchedToMe() : staffApi.alarms("open"));
      setLists((l) => ({ ...l, [view]: res.items }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return signInAgain();
      fail(err, "page");
    }
  }, [view, fail]);

  useDidShow(() => {
    setVisible(true);
    // e.g. a unit's safety officer or control-room operator: their first screen is 火警确认
    enterStaffScreen("alarms", {
      me: setMe,
      entry: setEntry,
      failed: (err) => fail(err, "page"),
      signedOut: signInAgain,
    });
  });
  useDidHide(() => setVisible(false));

  // the list chosen now, at once and then every 2 s while the page is visible (only for those who may see it)
  usePolling(load, 2000, visible && entry === "here" && staffApi.client.isSignedIn());

  if (entry !== "here") {
    return (
      <Screen back>
        <Text className="title">工作人员入口</Text>
        {me && <Text className="txt muted block mb" data-testid="staff-me">{`${me.name}，已登录`}</Text>}
        <Message action={action} at="page" />
        {entry === "none" ? (
          <NoStaffScreen />
        ) : (
          !action.feedback && <Text className="txt-lg block">正在打开您的工作页面…</Text>
        )}
        {entry === "checking" && action.feedback && (
          <Button className="btn" onClick={staffSignOut}>
            退出登录
          </Button>
        )}
      </Screen>
    );
  }

  async function run(at: string | null, fn: () => Promise<unknown>, done: string) {
    const ok = await action.run(fn, { at, done });
    if (!ok) return;
    setResolving(null);
    await load();
  }

  return (
    <Screen back>
      <Message action={action} />
      <Text className="title">小区报警</Text>
      {me && <Text className="txt muted block mb" data-testid="staff-me">{`${me.name}，已登录`}</Text>}
      <Choices
        label="看哪些报警"
        options={[
          { value: "open", text: "全部未处理" },
          { value: "mine", text: "派给我的" },
        ]}
        value={view}
        onChange={(v) => {
          clear();
          setView(v);
        }}
      />
      <Message action={action} at="page" />
      {items !== null && items.length === 0 && (
        <Text className="txt-lg ok-text block">
          {view === "mine" ? "现在没有派给您的报警" : "现在没有未处理的报警"}
        </Text>
      )}
      {items?.map((a) => {
        // one main action per alarm: 我去处理 (it acknowledges too) for those who can be sent, else 确认处理
        const sendSelf = maySendSelf(a, me);
        return (
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
            {a.status === "ACTIVE" && !sendSelf && (
              <Button
                className="btn btn-ok"
                disabled={action.busy || undefined}
                onClick={() => run(a.id, () => staffApi.ackAlarm(a.id), "已确认，正在处理")}
              >
                确认处理
              </Button>
            )}
            <Dispatch alarm={a} me={me} action={action} onDone={() => void load()} />
            <PhotoUpload alarmId={a.id} />
            {resolving === a.id ? (
              <View className="card" data-testid={`resolve-${a.id}`}>
                <Text className="txt-lg bold block mb">这次报警是什么情况？选一项结束报警：</Text>
                {RESOLUTIONS.map((r) => (
                  <Button
                    key={r}
                    className="btn"
                    disabled={action.busy || undefined}
                    onClick={() =>
                      // the card leaves the list when it is resolved: the words are a toast
                      run(null, () => staffApi.resolveAlarm(a.id, { resolution: r }), `已结束：${RESOLUTION_LABEL[r]}`)
                    }
                  >
                    {RESOLUTION_LABEL[r]}
                  </Button>
                ))}
                <Button className="btn" onClick={() => setResolving(null)}>
                  返回，不结束
                </Button>
              </View>
            ) : (
              <Button className="btn" onClick={() => setResolving(a.id)}>
                结束报警
              </Button>
            )}
            <Message action={action} at={a.id} />
          </View>
        );
      })}
      {me && <StaffMenu role={me.role} here="alarms" />}
      <Button className="btn" onClick={staffSignOut}>
        退出登录
      </Button>
    </Screen>
  );
}
