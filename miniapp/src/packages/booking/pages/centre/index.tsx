import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { residentBookings } from "@/services/bookingApi";
import type { CentreDetail, SessionView } from "@anxin/contract";
import { BOOKING_ROUTES, TOPIC, ages, byDay, dayLabel, seatsText } from "../../lib/labels";
import { go } from "../../lib/nav";

/** 场次日历: one centre's sessions for the next 14 days, with the seats left. Tap a session to book. */
export default function CentrePage() {
  const { params } = useRouter();
  const id = String(params.id ?? "");
  const [centre, setCentre] = useState<CentreDetail | null>(null);
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const action = useAction();

  useDidShow(() => {
    if (!id) return;
    void Promise.all([residentBookings.centre(id), residentBookings.sessions({ centreId: id })])
      .then(([c, s]) => {
        setCentre(c);
        setSessions(s.items);
        action.clear();
      })
      .catch((err) => action.fail(err, "page"));
  });

  const days = sessions ? byDay(sessions) : [];
  return (
    <Screen back>
      <Text className="title">{centre?.name ?? "场次日历"}</Text>
      {centre && (
        <View className="card card-info">
          <Text className="txt block">{centre.address}</Text>
          <Text className="txt block">{`开放时间：${centre.openingHours}`}</Text>
          {centre.phone && <Text className="txt block">{`电话：${centre.phone}`}</Text>}
          {centre.upcomingClosures.map((c) => (
            <Text
              key={c.id}
              className="txt danger-text bold block"
            >{`${c.startDate} 至 ${c.endDate} 闭馆：${c.reason}`}</Text>
          ))}
        </View>
      )}
      <Message action={action} at="page" />
      {sessions === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}
      {sessions !== null && sessions.length === 0 && <Text className="txt-lg block">近两周没有场次</Text>}
      {days.map((d) => (
        <View key={d.date}>
          <Text className="section">{dayLabel(d.date)}</Text>
          {d.sessions.map((s) => {
            const seats = seatsText(s);
            return (
              <View
                key={s.id}
                className={`card ${seats.bookable ? "" : "card-muted"}`}
                data-testid={`session-${s.id}`}
                role={seats.bookable ? "button" : undefined}
                onClick={() => seats.bookable && go(BOOKING_ROUTES.book, { sessionId: s.id })}
              >
                <Text className="txt-lg bold block">{`${s.startTime}-${s.endTime} ${s.title}`}</Text>
                <Text className="txt block">{`${TOPIC[s.topic] ?? ""} · ${ages(s)}`}</Text>
                <Text className={`txt-lg bold block ${seats.bookable ? "ok-text" : "muted"}`}>{seats.text}</Text>
                {seats.bookable && (
                  <Text className="txt-lg bold block" style={{ color: "#0d47a1" }}>
                    预约这一场 ›
                  </Text>
                )}
              </View>
            );
          })}
        </View>
      ))}
    </Screen>
  );
}
