import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffBookings } from "@/services/bookingApi";
import type { CheckInResult } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function send(ticket: string) {
    const t = ticket.trim();
    if (!t) {
      setError("请先扫码或输入票号");
      return;
    }
    setBusy(true);
    setError("");
    setResult(null);
    const n = Number(came);
    const attended = came.trim() && Number.isInteger(n) && n >= 0 ? n : undefined;
    try {
      setResult(await staffBookings.checkIn(t, attended));
      setTyped("");
      setCame("");
    } catch (err) {
      if (!staffAuthLost(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function scan() {
    setError("");
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ["qrCode"] });
      if (!res.result) throw new Error("empty");
      await send(res.result);
    } catch {
      setError("没有扫到票。可以再扫一次，或者手动输入票号。");
    }
  }

  const r = result;
  return (
    <Screen>
      <Text className="title">入场签到</Text>
      {r && (
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
      )}
      {error && <Text className="error">{error}</Text>}
      <Text className="label">实到人数（不填就按预约人数）</Text>
      <Input
        className="input"
        type="number"
        data-testid="input-attended"
        value={came}
        onInput={(e) => setCame(e.detail.value)}
      />
      {isWeapp && (
        <Button className="btn btn-primary" disabled={busy || undefined} onClick={scan}>
          {r ? "扫下一张" : "扫码签到"}
        </Button>
      )}
      {manual ? (
        <View>
          <Text className="label">{isWeapp ? "手动输入票号" : "输入或粘贴票号"}</Text>
          <Input
            className="input"
            data-testid="input-ticket"
            value={typed}
            onInput={(e) => setTyped(e.detail.value)}
            maxlength={256}
          />
          <Button
            className={`btn ${isWeapp ? "" : "btn-primary"}`}
            data-testid="checkin-submit"
            disabled={busy || undefined}
            onClick={() => send(typed)}
          >
            {busy ? "正在查验…" : "签到"}
          </Button>
          {!isWeapp && (
            <Text className="txt muted block">网页版不能用摄像头扫码，请输入票号（电子票二维码下面的那串字）。</Text>
          )}
        </View>
      ) : (
        <Button className="btn" onClick={() => setManual(true)}>
          扫不了？手动输入票号
        </Button>
      )}
    </Screen>
  );
}
