import { useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Reveal } from "@/components/Message";
import type { Action } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { formatTime } from "@/services/format";
import type { AlarmSummary, DispatchableStaff, StaffUser } from "@anxin/contract";

// who may send someone (api: DISPATCHERS) and who may be sent (the company's managers and staff)
const DISPATCHERS = ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"];
const SENDABLE = ["PROPERTY_MANAGER", "PROPERTY_STAFF"];
const ROLE_TEXT: Record<string, string> = { PROPERTY_MANAGER: "物业经理", PROPERTY_STAFF: "物业人员" };

/** Who was sent to this alarm, in one line ("我" when it is the signed-in staff member). */
export function dispatchedLine(a: AlarmSummary, me: StaffUser | null): string | null {
  if (!a.dispatchedTo) return null;
  const who = me && a.dispatchedTo.id === me.id ? "我" : `${a.dispatchedTo.name}（${a.dispatchedTo.phone}）`;
  return `已派：${who}${a.dispatchedAt ? `，${formatTime(a.dispatchedAt)}` : ""}`;
}

/** True when the signed-in staff member can send themselves ("我去处理"): the alarm's main action for them. */
export function maySendSelf(a: AlarmSummary, me: StaffUser | null): boolean {
  return !!me && SENDABLE.includes(me.role) && a.dispatchedTo?.id !== me.id;
}

function dutyText(s: DispatchableStaff): string {
  if (!s.onDuty) return "不在班";
  return s.onDutyUntil ? `在班，到 ${formatTime(s.onDutyUntil)}` : "在班";
}

/**
 * 派遣: "我去处理" sends the signed-in staff member (the alarm's one main button for them); "派同事去" lists the
 * managing company's people, on duty first, and sends the one chosen after a confirmation (with an optional
 * word for them). What happened is said under the alarm's card (the page's action, at the alarm's id).
 */
export function Dispatch(props: { alarm: AlarmSummary; me: StaffUser | null; action: Action; onDone: () => void }) {
  const { alarm, me, action } = props;
  const [people, setPeople] = useState<DispatchableStaff[] | null>(null);
  const [target, setTarget] = useState<DispatchableStaff | null>(null);
  const [note, setNote] = useState("");

  if (!me || !DISPATCHERS.includes(me.role)) return null;
  const self = me;

  const send = (staffUserId: string, done: string, withNote = "") =>
    action
      .run(
        async () => {
          await staffApi.dispatchAlarm(alarm.id, {
            staffUserId,
            ...(withNote.trim() ? { note: withNote.trim() } : {}),
          });
          setPeople(null);
          setTarget(null);
          setNote("");
        },
        { at: alarm.id, done },
      )
      .then((ok) => ok && props.onDone());

  const choose = () =>
    action.run(async () => setPeople((await staffApi.dispatchable(alarm.id)).items), { at: alarm.id });

  return (
    <View data-testid={`dispatch-${alarm.id}`}>
      {maySendSelf(alarm, self) && !target && (
        <Button
          className="btn btn-primary"
          disabled={action.busy || undefined}
          onClick={() => void send(self.id, "已接单：您去处理，到场后请结束报警。")}
        >
          我去处理
        </Button>
      )}
      {people === null && !target && (
        <Button className="btn" disabled={action.busy || undefined} onClick={() => void choose()}>
          {alarm.dispatchedTo ? "改派别人" : "派同事去"}
        </Button>
      )}
      {people !== null && !target && (
        <Reveal className="card card-info">
          <Text className="txt-lg bold block mb">派谁去？</Text>
          {people.length === 0 && <Text className="txt block mb">这个小区的物业公司没有可以派遣的人员。</Text>}
          {people.map((s) => (
            <Button key={s.id} className="btn" onClick={() => setTarget(s)} data-testid={`pick-staff-${s.id}`}>
              {`${s.name}${s.id === self.id ? "（我）" : ""} · ${dutyText(s)}`}
            </Button>
          ))}
          <Button className="btn" onClick={() => setPeople(null)}>
            取消
          </Button>
        </Reveal>
      )}
      {target && (
        <Reveal className="card card-info" testId="dispatch-confirm">
          <Text className="txt-lg bold block">{`派 ${target.name} 去处理？`}</Text>
          <Text className="txt block mb">{`${ROLE_TEXT[target.role] ?? target.role} ${target.phone}，会收到短信和提醒。`}</Text>
          <Field label="给 TA 留句话（可不填）" value={note} onInput={setNote} maxlength={200} testId="dispatch-note" />
          <Button
            className="btn btn-primary"
            disabled={action.busy || undefined}
            onClick={() => void send(target.id, `已派 ${target.name} 去处理`, note)}
          >
            确定派遣
          </Button>
          <Button className="btn" onClick={() => setTarget(null)}>
            不派了
          </Button>
        </Reveal>
      )}
    </View>
  );
}
