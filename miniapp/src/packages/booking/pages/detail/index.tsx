import { useCallback, useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Image, Text, View } from "@tarojs/components";
import { Message, Reveal } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { residentBookings } from "@/services/bookingApi";
import type { BookingView, TicketView } from "@anxin/contract";
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
  const action = useAction();
  const { fail } = action;

  const show = useCallback(
    async (booking: BookingView) => {
      setB(booking);
      if (booking.status === "CONFIRMED") {
        try {
          setTicket(await residentBookings.ticket(booking.id));
        } catch (err) {
          fail(err, "page");
        }
      } else {
        setTicket(null);
      }
    },
    [fail],
  );

  useDidShow(() => {
    if (!requireSignIn() || !id) return;
    residentBookings
      .booking(id)
      .then(show)
      .catch((err) => fail(err, "page"));
  });

  const act = (fn: () => Promise<BookingView>, at: string | null, done: string) =>
    action.run(
      async () => {
        const next = await fn();
        setConfirming(false);
        await show(next);
      },
      { at, done },
    );

  if (!b) {
    return (
      <Screen back>
        <Text className="title">预约详情</Text>
        <Message action={action} at="page" testId="detail-error" />
        {!action.feedback && <Text className="txt muted">正在加载…</Text>}
      </Screen>
    );
  }

  const st = statusLabel(b.status);
  const qr = ticket ? qrDataUrl(ticket.ticket) : null;
  const live = b.status === "CONFIRMED" || b.status === "WAITLISTED" || b.status === "OFFERED";
  const cancelWord =
    b.status === "WAITLISTED" ? "不排了，退出候补" : b.status === "OFFERED" ? "不要这些名额" : "取消预约";
  return (
    <Screen back>
      <Message action={action} />
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
      <Message action={action} at="page" testId="detail-error" />

      {ticket && (
        <View className="card center" data-testid="ticket">
          <Text className="txt-lg bold block">入场电子票</Text>
          <Text className="txt block">{`仅限 ${dayLabel(ticket.validOn)} 使用，请给工作人员扫码`}</Text>
          {qr ? (
            <View className="qr-wrap">
              {/* square in a square box: scaleToFill. Taro's H5 aspectFit centres the image only vertically,
                  which put the QR right of centre (issue 22 item 7). */}
              <Image
                className="ticket-qr"
                src={qr}
                mode="scaleToFill"
                style={{ width: "300px", height: "300px" }}
                nativeProps={{ alt: "电子票二维码" }}
                data-testid="ticket-qr"
              />
            </View>
          ) : (
            <Text className="txt block">二维码生成失败，请把下面的票号告诉工作人员。</Text>
          )}
          <Text className="txt block">扫不了时，请把票号念给工作人员：</Text>
          <Text className="ticket-number block" selectable data-testid="ticket-number">
            {ticket.shortCode}
          </Text>
          {/* the signed ticket itself is only in the QR: the 8-digit number is enough to check in by hand
              (api check-in-service.ts), so the long code is not printed */}
        </View>
      )}

      {b.status === "OFFERED" && (
        <View>
          <Button
            className="btn btn-ok"
            disabled={action.busy || undefined}
            // the booking changes from offered to confirmed, and this button goes: the words are a toast
            onClick={() => act(() => residentBookings.acceptOffer(b.id), null, "已确认，名额是您的了")}
          >
            {`接受 ${b.seats} 个名额`}
          </Button>
        </View>
      )}

      {live && !b.cancellable && b.cancelBlockedReason && (
        <Text className="txt bold block mb" data-testid="cancel-blocked">
          {b.cancelBlockedReason}
        </Text>
      )}
      {live && b.cancellable && !confirming && (
        <Button className="btn" disabled={action.busy || undefined} onClick={() => setConfirming(true)}>
          {cancelWord}
        </Button>
      )}
      {live && confirming && (
        <Reveal className="card card-danger">
          <Text className="txt-lg bold block mb">{`确定${cancelWord}吗？`}</Text>
          <Button
            className="btn btn-danger"
            disabled={action.busy || undefined}
            onClick={() => act(() => residentBookings.cancel(b.id), "cancel", "已取消")}
          >
            确定取消
          </Button>
          <Button className="btn" onClick={() => setConfirming(false)}>
            不取消
          </Button>
        </Reveal>
      )}
      <Message action={action} at="cancel" />
      <Button className="btn mt" onClick={() => go(BOOKING_ROUTES.mine)}>
        我的全部预约
      </Button>
    </Screen>
  );
}
