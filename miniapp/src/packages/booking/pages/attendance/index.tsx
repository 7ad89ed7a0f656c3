import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffBookings } from "@/services/bookingApi";
import type { AttendanceView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { countyTime, sessionWhen, statusLabel } from "../../lib/labels";
import { requireStaff, staffAuthLost } from "../../lib/staff";

/** 到场情况 (centre staff): who came, who has not yet; after the end, record the no-shows. */
export default function AttendancePage() {
  const { params } = useRouter();
  const sessionId = String(params.sessionId ?? "");
  const [data, setData] = useState<AttendanceView | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);

  async function load() {
    try {
      setData(await staffBookings.attendance(sessionId));
      setError("");
    } catch (err) {
      if (!staffAuthLost(err)) setError(errorText(err));
    }
  }

  useDidShow(() => {
    if (!requireStaff() || !sessionId) return;
    void load();
  });

  async function close() {
    setBusy(true);
    try {
      const r = await staffBookings.closeAttendance(sessionId);
      setNotice(`已结束签到：到场 ${r.checkedIn} 组，未到 ${r.noShows} 组`);
      await load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const ended = data ? new Date(data.session.endsAt).getTime() <= Date.now() : false;
  return (
    <Screen>
      <Text className="title">到场情况</Text>
      {error && <Text className="error">{error}</Text>}
      {notice && <Text className="notice">{notice}</Text>}
      {!data && !error && <Text className="txt muted">正在加载…</Text>}
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
            <Button className="btn btn-primary mt" disabled={busy || undefined} onClick={close}>
              结束签到，记录未到场
            </Button>
          )}
        </View>
      )}
    </Screen>
  );
}
