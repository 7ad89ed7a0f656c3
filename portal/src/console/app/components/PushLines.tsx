// A push sent to this staff member by name (the live feed's "push"), said on screen the one way both live screens
// (实时报警, 火警确认) say it: one about an alarm (sent to it, an on-duty step, a unit's fire signal, the centre's
// "phone the unit") in the red banner with a beep; a routine notice with no alarm (a device taken out of use, a
// hazard assigned...) on a quiet line of its own, never a beep (duty staff would learn to ignore the beep) and never
// over the alarm's instruction in the banner.
import { useCallback, useState } from "react";
import type { LivePushEvent } from "@anxin/contract/live";
import { fmtTime } from "../../client/api.ts";
import { beep } from "../lib/alarm-sound.ts";

/** The two lines and `say`, which shows a push and returns whether it was about an alarm (the caller's to refresh). */
export function usePushLines() {
  const [push, setPush] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const say = useCallback((e: LivePushEvent): boolean => {
    const d = e.data;
    if (!e.alarmId) {
      setNotice(`${fmtTime(e.at)} ${d.kindLabel}：${d.address}${d.note ? `（${d.note}）` : ""}`);
      return false;
    }
    setPush(
      `${fmtTime(e.at)} ${d.step ?? "新的通知"}：${d.address}${d.room ? ` ${d.room}` : ""} ${d.kindLabel}${d.note ? `（${d.note}）` : ""}`,
    );
    beep();
    return true;
  }, []);
  return { push, notice, say };
}

/** The banner (#push, an alert) and the quiet line (#push-notice, a status), each hidden until it has something. */
export function PushLines(props: { push: string | null; notice: string | null }) {
  return (
    <>
      <p id="push" className="notice push" role="alert" hidden={!props.push}>
        {props.push}
      </p>
      <p id="push-notice" className="notice" role="status" hidden={!props.notice}>
        {props.notice}
      </p>
    </>
  );
}
