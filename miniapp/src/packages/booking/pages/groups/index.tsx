import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffBookings } from "@/services/bookingApi";
import type { BookingView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { BOOKING_ROUTES, GROUP_TYPE, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { go } from "../../lib/nav";
import { requireStaff, staffAuthLost, staffSignOut } from "../../lib/staff";

/** 团体预约 (township coordinators): the group bookings of their township; book a new one. */
export default function GroupsPage() {
  const [items, setItems] = useState<BookingView[] | null>(null);
  const [error, setError] = useState("");

  useDidShow(() => {
    if (!requireStaff()) return;
    staffBookings
      .bookings({ limit: 100 })
      .then((r) => {
        setItems(r.items.filter((b) => b.kind === "GROUP"));
        setError("");
      })
      .catch((err) => {
        if (!staffAuthLost(err)) setError(errorText(err));
      });
  });

  return (
    <Screen>
      <Text className="title">团体预约</Text>
      <Button className="btn btn-primary" data-testid="go-group-new" onClick={() => go(BOOKING_ROUTES.groupNew)}>
        新建团体预约
      </Button>
      {error && <Text className="error">{error}</Text>}
      {items === null && !error && <Text className="txt muted">正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className="txt-lg block">还没有团体预约</Text>}
      {items?.map((b) => {
        const st = statusLabel(b.status);
        return (
          <View
            key={b.id}
            className="card"
            data-testid={`group-${b.id}`}
            onClick={() => go(BOOKING_ROUTES.group, { id: b.id })}
          >
            <View className="row between">
              <Text className="txt-lg bold">{b.groupName ?? "团体"}</Text>
              <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
            </View>
            <Text className="txt block">{`${b.groupType ? GROUP_TYPE[b.groupType] : ""} · ${b.seats} 人 · 名单 ${b.attendees?.length ?? 0} 人`}</Text>
            <Text className="txt-lg block">{sessionWhen(b.session)}</Text>
            <Text className="txt block">{`${b.session.centreName} · ${b.session.title}`}</Text>
            {statusDetail(b) && b.status !== "CONFIRMED" && <Text className="txt bold block">{statusDetail(b)}</Text>}
          </View>
        );
      })}
      <Button className="btn mt" onClick={staffSignOut}>
        退出协调员账号
      </Button>
    </Screen>
  );
}
