import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffBookings } from "@/services/bookingApi";
import type { BookingView } from "@anxin/contract";
import { BOOKING_ROUTES, GROUP_TYPE, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { go } from "../../lib/nav";
import { COORDINATORS, requireStaff, staffAuthLost, staffRole, staffSignOut } from "../../lib/staff";
import { NotCoordinator } from "../../components/NotCoordinator";

/** 团体预约 (township coordinators): the group bookings of their township; book a new one. */
export default function GroupsPage() {
  const [items, setItems] = useState<BookingView[] | null>(null);
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const action = useAction();

  useDidShow(() => {
    if (!requireStaff()) return;
    void (async () => {
      try {
        const role = await staffRole(COORDINATORS);
        if (role === "signed-out") return;
        setAllowed(role === "ok");
        if (role !== "ok") return;
        const r = await staffBookings.bookings({ limit: 100 });
        setItems(r.items.filter((b) => b.kind === "GROUP"));
        action.clear();
      } catch (err) {
        if (!staffAuthLost(err)) action.fail(err, "page");
      }
    })();
  });

  if (allowed === false) {
    return (
      <Screen back>
        <Text className="title">团体预约</Text>
        <NotCoordinator />
      </Screen>
    );
  }

  return (
    <Screen back>
      <Text className="title">团体预约</Text>
      <Button className="btn btn-primary" data-testid="go-group-new" onClick={() => go(BOOKING_ROUTES.groupNew)}>
        新建团体预约
      </Button>
      <Message action={action} at="page" />
      {items === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {items !== null && items.length === 0 && <Text className="txt-lg block">还没有团体预约</Text>}
      {items?.map((b) => {
        const st = statusLabel(b.status);
        return (
          <View
            key={b.id}
            className="card"
            data-testid={`group-${b.id}`}
            role="button"
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
