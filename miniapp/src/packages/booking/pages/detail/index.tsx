import { useCallback, useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Image, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { residentBookings } from "@/services/bookingApi";
import type { BookingView, TicketView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { requireSignIn } from "@/services/session";
import { BOOKING_ROUTES, dayLabel, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { go } from "../../lib/nav";
import { qrDataUrl } from "../../lib/qr";

/**
 * 预约详情: the status in words and one main action: show the ticket QR (confirmed), accept the
 * offered seats (offered), or nothing. Cancelling asks once more; a refusal (too late) is shown as the
 * API words it.
 */
export default function BookingDetailPage() {
  const { params } = useRouter();
  const id = String(params.id ?? "");
  const fresh = params.fresh === "1";
  const [b, setB] = useState<BookingView | null>(null);
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const show = useCallback(async (booking: BookingView) => {
    setB(booking);
    if (booking.status === "CONFIRMED") {
      try {
        setTicket(await residentBookings.ticket(booking.id));
      } catch (err) {
        setError(errorText(err));
      }
    } else {
      setTicket(null);
    }
  }, []);

  useDidShow(() => {
    if (!requireSignIn() || !id) return;
    residentBookings
      .booking(id)
      .then(show)
      .catch((err) => setError(errorText(err)));
  });

  async function act(fn: () => Promise<BookingView>, done: string) {
    setBusy(true);
    setError("");
    setNotice("");
    try {
      const next = await fn();
      setConfirming(false);
      setNotice(done);
      await show(next);
    } catch (err) {
      setConfirming(false);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!b) {
    return (
      <Screen>
        <Text className="title">预约详情</Text>
        {error ? <Text className="error">{error}</Text> : <Text className="txt muted">正在加载…</Text>}
      </Screen>
    );
  }

  const st = statusLabel(b.status);
  const qr = ticket ? qrDataUrl(ticket.ticket) : null;
  const live = b.status === "CONFIRMED" || b.status === "WAITLISTED" || b.status === "OFFERED";
  const cancelWord =
    b.status === "WAITLISTED" ? "不排了，退出候补" : b.status === "OFFERED" ? "不要这些名额" : "取消预约";
  return (
    <Screen>
      <Text className="title">
        {fresh && b.status === "CONFIRMED"
          ? "预约成功"
          : fresh && b.status === "WAITLISTED"
            ? "已排队候补"
            : "预约详情"}
      </Text>
      <View
        className={`card ${b.status === "CONFIRMED" ? "card-ok" : b.status === "OFFERED" ? "card-danger" : "card-info"}`}
        data-testid="booking-status"
      >
        <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
        <Text className="txt-lg bold block mt">{b.session.title}</Text>
        <Text className="txt-lg block">{sessionWhen(b.session)}</Text>
        <Text className="txt block">{b.session.centreName}</Text>
        <Text className="txt block">{`${b.seats} 人 · 联系人 ${b.contactName}`}</Text>
        {statusDetail(b) && b.status !== "CONFIRMED" && <Text className="txt-lg bold block">{statusDetail(b)}</Text>}
      </View>
      {notice && <Text className="notice">{notice}</Text>}
      {error && (
        <Text className="error" data-testid="detail-error">
          {error}
        </Text>
      )}

      {ticket && (
        <View className="card center" data-testid="ticket">
          <Text className="txt-lg bold block">入场电子票</Text>
          <Text className="txt block">{`仅限 ${dayLabel(ticket.validOn)} 使用，请给工作人员扫码`}</Text>
          {qr ? (
            <Image
              className="ticket-qr"
              src={qr}
              mode="aspectFit"
              style={{ width: "300px", height: "300px", display: "block", margin: "16px auto" }}
              data-testid="ticket-qr"
            />
          ) : (
            <Text className="txt block">二维码生成失败，请把下面的票号给工作人员看。</Text>
          )}
          <Text className="txt muted block">扫不了时，工作人员可以输入票号：</Text>
          <Text className="txt block" selectable style={{ wordBreak: "break-all" }} data-testid="ticket-text">
            {ticket.ticket}
          </Text>
        </View>
      )}

      {b.status === "OFFERED" && (
        <Button
          className="btn btn-ok"
          disabled={busy || undefined}
          onClick={() => act(() => residentBookings.acceptOffer(b.id), "已确认，名额是您的了")}
        >
          {`接受 ${b.seats} 个名额`}
        </Button>
      )}

      {live && !b.cancellable && b.cancelBlockedReason && (
        <Text className="txt bold block mb" data-testid="cancel-blocked">
          {b.cancelBlockedReason}
        </Text>
      )}
      {live && b.cancellable && !confirming && (
        <Button className="btn" disabled={busy || undefined} onClick={() => setConfirming(true)}>
          {cancelWord}
        </Button>
      )}
      {live && confirming && (
        <View className="card card-danger">
          <Text className="txt-lg bold block mb">{`确定${cancelWord}吗？`}</Text>
          <Button
            className="btn btn-danger"
            disabled={busy || undefined}
            onClick={() => act(() => residentBookings.cancel(b.id), "已取消")}
          >
            确定取消
          </Button>
          <Button className="btn" onClick={() => setConfirming(false)}>
            不取消
          </Button>
        </View>
      )}
      <Button className="btn mt" onClick={() => go(BOOKING_ROUTES.mine)}>
        我的全部预约
      </Button>
    </Screen>
  );
}
