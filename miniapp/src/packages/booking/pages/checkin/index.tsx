import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message, Reveal } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffBookings } from "@/services/bookingApi";
import type { CheckInResult } from "@anxin/contract";
import { isWeapp } from "@/services/platform";
import { countyTime, dayLabel } from "../../lib/labels";
import { staffAuthLost } from "../../lib/staff";

/**
 * 签到 (centre staff): scan the resident's ticket QR (Taro.scanCode, WeChat) or type / paste the ticket
 * text (H5, or when the camera cannot read it). Shows one of three outcomes in large type.
 */
export default function CheckInPage() {
  const [typed, setTyped] = useState("");
  /** people who actually came, when fewer than booked; empty = as booked */
  const [came, setCame] = useState("");
  const [manual, setManual] = useState(!isWeapp);
  const [result, setResult] = useState<CheckInResult | null>(null);
  const action = useAction();

  function send(ticket: string, at: string) {
    const t = ticket.trim();
    if (!t) {
      action.say("请先扫码或输入票号", { at });
      return;
    }
    setResult(null);
    const n = Number(came);
    const attended = came.trim() && Number.isInteger(n) && n >= 0 ? n : undefined;
    void action.run(
      async () => {
        setResult(await staffBookings.checkIn(t, attended));
        setTyped("");
        setCame("");
      },
      { at, error: (err) => (staffAuthLost(err) ? null : undefined) },
    );
  }

  async function scan() {
    action.clear();
    let text = "";
    try {
      text = (await Taro.scanCode({ onlyFromCamera: true, scanType: ["qrCode"] })).result;
    } catch {
      // cancelled, or the camera could not read it
    }
    if (!text) {
      action.say("没有扫到票。可以再扫一次，或者手动输入票号。", { at: "scan" });
      return;
    }
    send(text, "scan");
  }

  const r = result;
  return (
    <Screen back>
      <Text className="title">入场签到</Text>
      {r && (
        <Reveal>
          <View
            className={`card ${r.outcome === "CHECKED_IN" ? "card-ok" : "card-danger"}`}
            data-testid="checkin-result"
            data-outcome={r.outcome}
          >
            {r.outcome === "CHECKED_IN" && <Text className="txt-xl bold ok-text block">签到成功</Text>}
            {r.outcome === "ALREADY_USED" && <Text className="txt-xl bold danger-text block">这张票已经用过了</Text>}
            {r.outcome === "REFUSED" && <Text className="txt-xl bold danger-text block">不能签到</Text>}
            {r.outcome === "REFUSED" && r.reason && <Text className="txt-lg bold block">{r.reason}</Text>}
            {r.outcome === "ALREADY_USED" && (
              <Text className="txt-lg bold block">{`${countyTime(r.checkedInAt)} 由 ${r.checkedInBy?.name ?? "工作人员"} 签到`}</Text>
            )}
            {r.booking && (
              <View className="mt">
                <Text className="txt-lg block">{`${r.booking.groupName ?? r.booking.contactName} · ${r.attendedCount ?? r.booking.seats} 人`}</Text>
                <Text className="txt block">{`${r.booking.sessionTitle} · ${dayLabel(r.booking.date)} ${r.booking.startTime}`}</Text>
              </View>
            )}
          </View>
        </Reveal>
      )}
      <Field
        label="实到人数（不填就按预约人数）"
        type="number"
        value={came}
        onInput={setCame}
        maxlength={4}
        testId="input-attended"
      />
      {isWeapp && (
        <View>
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={scan}>
            {r ? "扫下一张" : "扫码签到"}
          </Button>
          <Message action={action} at="scan" />
        </View>
      )}
      {manual ? (
        <View>
          {!isWeapp && (
            <Text className="txt-lg block mb">网页版不能用摄像头扫码。请输入电子票二维码下面的 8 位票号。</Text>
          )}
          <Field
            label="票号（8 位数字），或粘贴电子票内容"
            value={typed}
            onInput={setTyped}
            maxlength={256}
            testId="input-ticket"
          />
          <Button
            className={`btn ${isWeapp ? "" : "btn-primary"}`}
            data-testid="checkin-submit"
            disabled={action.busy || undefined}
            onClick={() => send(typed, "typed")}
          >
            {action.busy ? "正在查验…" : "签到"}
          </Button>
          <Message action={action} at="typed" />
        </View>
      ) : (
        <Button className="btn" onClick={() => setManual(true)}>
          扫不了？手动输入票号
        </Button>
      )}
    </Screen>
  );
}
