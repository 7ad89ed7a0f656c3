import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffBookings } from "@/services/bookingApi";
import type { StaffToday } from "@anxin/contract";
import { BOOKING_ROUTES, dayLabel } from "../../lib/labels";
import { go } from "../../lib/nav";
import { requireStaff, staffAuthLost, staffSignOut } from "../../lib/staff";

/** 今日场次 (centre staff): today's sessions of their centre; one big button to check people in. */
export default function TodayPage() {
  const [data, setData] = useState<StaffToday | null>(null);
  const action = useAction();

  useDidShow(() => {
    if (!requireStaff()) return;
    staffBookings
      .today()
      .then((d) => {
        setData(d);
        action.clear();
      })
      .catch((err) => {
        if (staffAuthLost(err)) return;
        if (err?.status === 404) action.say("这个账号还没有分配到体验馆，请联系管理员", { at: "page" });
        else action.fail(err, "page");
      });
  });

  return (
    <Screen back>
      <Text className="title">今日场次</Text>
      {data && <Text className="txt-lg bold block mb">{`${data.centre.name} · ${dayLabel(data.date)}`}</Text>}
      <Button className="btn btn-primary" data-testid="go-checkin" onClick={() => go(BOOKING_ROUTES.checkin)}>
        扫码签到
      </Button>
      <Message action={action} at="page" />
      {!data && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {data && data.sessions.length === 0 && <Text className="txt-lg block">今天没有场次</Text>}
      {data?.sessions.map((s) => (
        <View key={s.id} className="card" data-testid={`today-${s.id}`}>
          <Text className="txt-lg bold block">{`${s.startTime}-${s.endTime} ${s.title}`}</Text>
          <Text className="txt block">
            {s.status === "CANCELLED" ? `已取消：${s.cancelReason ?? ""}` : `已约 ${s.bookedSeats} / ${s.capacity} 人`}
          </Text>
          <Button className="btn btn-small mt" onClick={() => go(BOOKING_ROUTES.attendance, { sessionId: s.id })}>
            到场情况
          </Button>
        </View>
      ))}
      <Button className="btn mt" onClick={staffSignOut}>
        退出工作人员账号
      </Button>
    </Screen>
  );
}
