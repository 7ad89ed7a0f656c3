import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { residentBookings } from "@/services/bookingApi";
import type { BookingView } from "@anxin/contract";
import { requireSignIn } from "@/services/session";
import { BOOKING_ROUTES, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { go } from "../../lib/nav";

/** 我的预约: every booking with its status; tap for the ticket, to accept an offer or to cancel. */
export default function MyBookingsPage() {
  const [items, setItems] = useState<BookingView[] | null>(null);
  const action = useAction();

  useDidShow(() => {
    if (!requireSignIn()) return;
    residentBookings
      .bookings({ limit: 50 })
      .then((r) => {
        setItems(r.items);
        action.clear();
      })
      .catch((err) => action.fail(err, "page"));
  });

  return (
    <Screen back>
      <Text className="title">我的预约</Text>
      <Message action={action} at="page" />
      {items === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className="txt-lg block mb">您还没有预约</Text>}
      {items?.map((b) => {
        const st = statusLabel(b.status);
        return (
          <View
            key={b.id}
            className={`card ${b.status === "OFFERED" ? "card-danger" : ""}`}
            data-testid={`booking-${b.id}`}
            role="button"
            onClick={() => go(BOOKING_ROUTES.detail, { id: b.id })}
          >
            <View className="row between">
              <Text className="txt-lg bold">{b.session.title}</Text>
              <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
            </View>
            <Text className="txt-lg block">{sessionWhen(b.session)}</Text>
            <Text className="txt block">{`${b.session.centreName} · ${b.seats} 人`}</Text>
            {statusDetail(b) && <Text className="txt bold block">{statusDetail(b)}</Text>}
          </View>
        );
      })}
      <Button className="btn btn-primary mt" onClick={() => go(BOOKING_ROUTES.centres)}>
        预约新的场次
      </Button>
    </Screen>
  );
}
