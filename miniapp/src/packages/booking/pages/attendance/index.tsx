import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { useNow } from "@/hooks/useNow";
import { staffBookings } from "@/services/bookingApi";
import type { AttendanceView } from "@anxin/contract";
import { countyTime, sessionWhen, statusLabel } from "../../lib/labels";
import { requireStaff, staffAuthLost } from "../../lib/staff";

/** 到场情况 (centre staff): who came, who has not yet; after the end, record the no-shows. */
export default function AttendancePage() {
  const { params } = useRouter();
  const sessionId = String(params.sessionId ?? "");
  const [data, setData] = useState<AttendanceView | null>(null);
  const action = useAction();
  const now = useNow(30_000);

  async function load() {
    try {
      setData(await staffBookings.attendance(sessionId));
    } catch (err) {
      if (!staffAuthLost(err)) action.fail(err, "page");
    }
  }

  useDidShow(() => {
    if (!requireStaff() || !sessionId) return;
    void load();
  });

  const close = () =>
    action.run(
      async () => {
        const r = await staffBookings.closeAttendance(sessionId);
        await load();
        return r;
      },
      { at: "close", done: (r) => `已结束签到：到场 ${r.checkedIn} 组，未到 ${r.noShows} 组` },
    );

  const ended = data ? new Date(data.session.endsAt).getTime() <= now : false;
  return (
    <Screen back>
      <Text className="title">到场情况</Text>
      <Message action={action} at="page" />
      {!data && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {data && (
        <View>
          <View className="card card-info" data-testid="attendance-totals">
            <Text className="txt-lg bold block">{data.session.title}</Text>
            <Text className="txt block">{sessionWhen(data.session)}</Text>
            <Text className="txt-xl bold block">{`已到 ${data.totals.peopleCheckedIn} 人`}</Text>
            <Text className="txt-lg block">{`已签到 ${data.totals.checkedIn} 组 · 待签到 ${data.totals.confirmed} 组`}</Text>
            <Text className="txt block">{`未到 ${data.totals.noShow} 组 · 候补 ${data.totals.waitlisted} 组`}</Text>
          </View>
          {data.bookings.map((b) => {
            const st = statusLabel(b.status);
            return (
              <View key={b.id} className="list-item" data-testid={`attendance-${b.id}`}>
                <View className="row between">
                  <Text className="txt-lg bold">{`${b.groupName ?? b.contactName} · ${b.seats} 人`}</Text>
                  <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
                </View>
                <Text className="txt muted block">
                  {b.checkedInAt
                    ? `${countyTime(b.checkedInAt)} 签到，到 ${b.attendedCount ?? b.seats} 人`
                    : b.contactPhone}
                </Text>
              </View>
            );
          })}
          {ended && data.session.status !== "CLOSED" && (
            <Button className="btn btn-primary mt" disabled={action.busy || undefined} onClick={() => void close()}>
              结束签到，记录未到场
            </Button>
          )}
          <Message action={action} at="close" />
        </View>
      )}
    </Screen>
  );
}
