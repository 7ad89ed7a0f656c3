import { useCallback, useState } from "react";
import Taro, { useDidHide, useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { useNow } from "@/hooks/useNow";
import { usePolling } from "@/hooks/usePolling";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { formatTime } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { StaffUser } from "@anxin/contract";
import {
  CONFIRM_KINDS,
  FALSE_CAUSES,
  VERDICTS,
  centreApi,
  countdown,
  type BoardAlarm,
  type RecentVerdict,
  type Verdict,
} from "../../lib/centre";
import { NoStaffScreen, StaffMenu } from "../../components/StaffMenu";
import { enterStaffScreen, type StaffEntry } from "../../lib/entry";
import { mayAnswerFire } from "../../lib/screens";

const where = (a: Pick<BoardAlarm, "unitName" | "location" | "floor">) =>
  [a.unitName, a.location, a.floor !== null ? `${a.floor} 层` : null].filter(Boolean).join(" · ");

/** One verdict of 最近已确认, as the console's 火警确认 says it. */
const doneLine = (a: RecentVerdict) =>
  `${formatTime(a.startedAt)} ${a.kindLabel} · ${where(a)}：${a.verdictLabel}${a.verdictCause ? `（${a.verdictCause}）` : ""}${
    a.report119 ? (a.verdict === "REAL_FIRE" ? "（已报 119）" : "（此前已报 119）") : ""
  } · ${formatTime(a.verdictAt)} 确认`;

/**
 * 火警确认 for the unit's control-room operator: the open fire signals of the unit with their place and the
 * countdown to the deadline (after it the signal is treated as a real fire and the unit's managers and the
 * centre are called). Four explicit answers, none chosen beforehand; each asks once, saying what will happen
 * (a real fire goes to 119 at once). Refreshed every 3 s while in front. 最近已确认 is the server's list of the
 * last 24 h (GET /api/centre/verdicts, closed alarms included): an alarm reported to 119 and then found to be no
 * fire says, in the console's words, whether 119 has the withdrawal notice the server sent, or that someone must
 * phone 119 (modules/centre/withdrawal.ts).
 */
export default function StaffConfirmPage() {
  const [me, setMe] = useState<StaffUser | null>(null);
  // "none": this role has no screen here at all (told where to work instead)
  const [entry, setEntry] = useState<StaffEntry>("checking");
  const [items, setItems] = useState<BoardAlarm[] | null>(null);
  const [recent, setRecent] = useState<RecentVerdict[] | null>(null);
  const [recentFailed, setRecentFailed] = useState(false);
  const [offset, setOffset] = useState(0); // server time minus this phone's time
  const [asking, setAsking] = useState<{ id: string; verdict: Verdict } | null>(null);
  const [cause, setCause] = useState("");
  const [causeText, setCauseText] = useState("");
  const [visible, setVisible] = useState(true);
  const action = useAction();
  const { fail } = action;
  const now = useNow(1000, visible) + offset;

  const load = useCallback(async () => {
    // 最近已确认 beside the board: when it cannot be read the fires waiting are still shown
    const verdicts = centreApi.recent().then(
      (r) => {
        setRecent(r.items);
        setRecentFailed(false);
      },
      () => setRecentFailed(true),
    );
    try {
      const r = await centreApi.board();
      setOffset(new Date(r.now).getTime() - Date.now());
      setItems(r.items.filter((a) => CONFIRM_KINDS.has(a.kind)));
      await verdicts;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        void Taro.redirectTo({ url: ROUTES.staffLogin });
        return;
      }
      fail(err, "page");
    }
  }, [fail]);

  useDidShow(() => {
    setVisible(true);
    enterStaffScreen("confirm", { me: setMe, entry: setEntry, failed: (err) => fail(err, "page") });
  });
  useDidHide(() => setVisible(false));
  // the board only for those who may see it (lib/screens.ts)
  usePolling(load, 3000, visible && entry === "here" && staffApi.client.isSignedIn());
  // a fire supervisor watches the board; the verdict is the unit's and the centre's (ROLE_SETS.fireConfirmers)
  const mayAnswer = !!me && mayAnswerFire(me.role);

  function ask(id: string, verdict: Verdict) {
    action.clear();
    setCause("");
    setCauseText("");
    setAsking({ id, verdict });
  }

  function answer() {
    if (!asking) return;
    const { id, verdict } = asking;
    const words = [cause === "其他" ? "" : cause, causeText.trim()].filter(Boolean).join("：");
    if (verdict === "FALSE_ALARM" && !words) {
      action.say("误报请选择或填写原因", { at: id });
      return;
    }
    void action
      .run(() => centreApi.verdict(id, { verdict, ...(words ? { cause: words } : {}) }), {
        at: null,
        done: (r) =>
          r.handedTo119
            ? "已确认为真实火警，正在报告 119"
            : `已确认：${VERDICTS.find((v) => v.value === verdict)?.text}${
                r.withdrawalTo119 ? "。此前已报 119，已向 119 发送撤警通报，119 是否收到见“最近已确认”" : ""
              }`,
      })
      .then(async (ok) => {
        if (ok) setAsking(null);
        await load();
      });
  }

  const pending = items?.filter((a) => !a.verdict) ?? [];
  // an alarm is in one list only: waiting for its verdict, or answered
  const waiting = new Set(pending.map((a) => a.id));
  const done = (recent ?? []).filter((a) => !waiting.has(a.id)).slice(0, 20);

  return (
    <Screen back tone={pending.length ? "alarm" : undefined}>
      <Message action={action} />
      <Text className="title">火警确认</Text>
      <Message action={action} at="page" />
      {items !== null && pending.length === 0 && (
        <Text className="txt-lg ok-text block" data-testid="confirm-none">
          目前没有待确认的火警
        </Text>
      )}
      {pending.map((a) => {
        const left = a.confirmDeadlineAt ? countdown(a.confirmDeadlineAt, now) : null;
        const q = asking?.id === a.id ? VERDICTS.find((v) => v.value === asking.verdict) : undefined;
        return (
          <View key={a.id} className="card card-danger" data-testid={`confirm-${a.id}`}>
            <Text className="txt-xl bold block">{`待确认：${a.kindLabel}`}</Text>
            <Text className="txt-xl block">{where(a)}</Text>
            <Text className="txt muted block">{`报警时间 ${formatTime(a.startedAt)}`}</Text>
            <Text className="txt-lg bold block mb" data-testid={`countdown-${a.id}`}>
              {a.report119 || (a.confirmDeadlineAt && !left)
                ? "已超时：按真实火警处置，已通知单位负责人和监控中心"
                : left
                  ? `剩余 ${left} 确认，超时按真实火警处置`
                  : ""}
            </Text>
            {!mayAnswer && (
              <Text className="txt-lg block" data-testid={`watch-only-${a.id}`}>
                火警由单位人员或监控中心确认，您的账号只能查看。
              </Text>
            )}
            {mayAnswer && !q && (
              <View>
                <Text className="txt-lg block mb">请立即到现场（或看监控画面）核实，再选择：</Text>
                {VERDICTS.map((v) => (
                  <Button
                    key={v.value}
                    className={`btn ${v.value === "REAL_FIRE" ? "btn-danger" : ""}`}
                    disabled={action.busy || undefined}
                    onClick={() => ask(a.id, v.value)}
                  >
                    {v.value === "REAL_FIRE" ? "真实火警（立即报 119）" : v.text}
                  </Button>
                ))}
              </View>
            )}
            {mayAnswer && q && (
              <View className="card" data-testid={`ask-${a.id}`}>
                <Text className="txt-xl bold block">{`确认这是${q.text}？`}</Text>
                <Text className="txt-lg block mb">{q.what}</Text>
                {q.value === "FALSE_ALARM" && (
                  <View>
                    <Choices
                      label="误报原因"
                      options={FALSE_CAUSES.map((c) => ({ value: c, text: c }))}
                      value={cause}
                      onChange={setCause}
                    />
                    <Field
                      label="补充说明（选填）"
                      value={causeText}
                      onInput={setCauseText}
                      maxlength={100}
                      testId="cause-text"
                    />
                  </View>
                )}
                <Button
                  className={`btn ${q.value === "REAL_FIRE" ? "btn-danger" : "btn-primary"}`}
                  disabled={action.busy || undefined}
                  onClick={answer}
                >
                  {q.value === "REAL_FIRE" ? "确认真实火警，报告 119" : `确认${q.text}`}
                </Button>
                <Button className="btn" onClick={() => setAsking(null)}>
                  返回，重新选择
                </Button>
              </View>
            )}
            <Message action={action} at={a.id} />
          </View>
        );
      })}
      {(done.length > 0 || recentFailed) && (
        <View className="section mt">
          <Text className="title">最近已确认</Text>
          {recentFailed && (
            <Text className="txt muted block" data-testid="confirm-done-failed">
              最近已确认暂时无法读取，稍后自动重试
            </Text>
          )}
          {done.map((a) => (
            <View key={a.id} className="list-item">
              <Text className="txt-lg block" data-testid="confirm-done">
                {doneLine(a)}
              </Text>
              {a.withdrawal119 && (
                <Text
                  className={`txt-lg block ${a.withdrawal119.state === "UNANSWERED" ? "danger-text bold" : a.withdrawal119.state === "ACKNOWLEDGED" ? "ok-text" : ""}`}
                  data-testid={`withdrawal-${a.id}`}
                >
                  {a.withdrawal119.label}
                </Text>
              )}
            </View>
          ))}
        </View>
      )}
      {entry === "none" && <NoStaffScreen />}
      {me && <StaffMenu role={me.role} here="confirm" />}
    </Screen>
  );
}
