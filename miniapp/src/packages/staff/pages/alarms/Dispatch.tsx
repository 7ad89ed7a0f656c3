import { useState } from "react";
import { Button, Input, Text, View } from "@tarojs/components";
import { staffApi } from "@/services/client";
import { errorText } from "@/services/errors";
import { formatTime } from "@/services/format";
import type { AlarmSummary, DispatchableStaff, StaffUser } from "@/services/types";

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

function dutyText(s: DispatchableStaff): string {
  if (!s.onDuty) return "不在班";
  return s.onDutyUntil ? `在班，到 ${formatTime(s.onDutyUntil)}` : "在班";
}

/**
 * 派遣: "我去处理" sends the signed-in staff member; "派同事去" lists the managing company's people, on duty
 * first, and sends the one chosen after a confirmation (with an optional word for them).
 */
export function Dispatch(props: { alarm: AlarmSummary; me: StaffUser | null; onDone: (notice: string) => void }) {
  const { alarm, me } = props;
  const [people, setPeople] = useState<DispatchableStaff[] | null>(null);
  const [target, setTarget] = useState<DispatchableStaff | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  if (!me || !DISPATCHERS.includes(me.role)) return null;
  const self = me;

  async function send(staffUserId: string, done: string, withNote = "") {
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      await staffApi.dispatchAlarm(alarm.id, { staffUserId, ...(withNote.trim() ? { note: withNote.trim() } : {}) });
      setPeople(null);
      setTarget(null);
      setNote("");
      props.onDone(done);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function choose() {
    setError("");
    try {
      setPeople((await staffApi.dispatchable(alarm.id)).items);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const mine = alarm.dispatchedTo?.id === self.id;
  return (
    <View data-testid={`dispatch-${alarm.id}`}>
      {error && <Text className="error">{error}</Text>}
      {SENDABLE.includes(self.role) && !mine && !target && (
        <Button
          className="btn btn-primary"
          disabled={busy || undefined}
          onClick={() => void send(self.id, "已接单：您去处理，到场后请结束报警。")}
        >
          我去处理
        </Button>
      )}
      {people === null && !target && (
        <Button className="btn" onClick={() => void choose()}>
          {alarm.dispatchedTo ? "改派别人" : "派同事去"}
        </Button>
      )}
      {people !== null && !target && (
        <View className="card card-info">
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
        </View>
      )}
      {target && (
        <View className="card card-info" data-testid="dispatch-confirm">
          <Text className="txt-lg bold block">{`派 ${target.name} 去处理？`}</Text>
          <Text className="txt block mb">{`${ROLE_TEXT[target.role] ?? target.role} ${target.phone}，会收到短信和提醒。`}</Text>
          <Text className="label">给 TA 留句话（可不填）</Text>
          <Input className="input" value={note} onInput={(e) => setNote(e.detail.value)} data-testid="dispatch-note" />
          <Button
            className="btn btn-primary"
            disabled={busy || undefined}
            onClick={() => void send(target.id, `已派 ${target.name} 去处理`, note)}
          >
            确定派遣
          </Button>
          <Button className="btn" onClick={() => setTarget(null)}>
            不派了
          </Button>
        </View>
      )}
    </View>
  );
}
