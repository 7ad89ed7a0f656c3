import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Input, Text, Textarea, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import "./index.css";
import { staffBookings } from "@/services/bookingApi";
import type { BookingView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { GROUP_TYPE, formatAttendees, parseAttendees, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { requireStaff, staffAuthLost } from "../../lib/staff";

/** 团体预约详情 (coordinators): status, change the head count (until the day before), the attendee list. */
export default function GroupPage() {
  const { params } = useRouter();
  const id = String(params.id ?? "");
  const [b, setB] = useState<BookingView | null>(null);
  const [names, setNames] = useState("");
  const [count, setCount] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState(params.fresh === "1" ? "团体预约已提交" : "");

  function show(next: BookingView) {
    setB(next);
    setNames(formatAttendees(next.attendees));
    setCount(String(next.seats));
  }

  useDidShow(() => {
    if (!requireStaff() || !id) return;
    staffBookings
      .booking(id)
      .then(show)
      .catch((err) => {
        if (!staffAuthLost(err)) setError(errorText(err));
      });
  });

  async function run(fn: () => Promise<BookingView>, done: string) {
    setBusy(true);
    setError("");
    setNotice("");
    try {
      show(await fn());
      setNotice(done);
    } catch (err) {
      if (!staffAuthLost(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!b) {
    return (
      <Screen>
        <Text className="title">团体预约</Text>
        {error ? <Text className="error">{error}</Text> : <Text className="txt muted">正在加载…</Text>}
      </Screen>
    );
  }
  const st = statusLabel(b.status);
  const live = b.status === "CONFIRMED" || b.status === "WAITLISTED" || b.status === "OFFERED";
  const list = parseAttendees(names);
  return (
    <Screen>
      <Text className="title">{b.groupName ?? "团体预约"}</Text>
      <View className="card card-info">
        <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
        <Text className="txt-lg bold block mt">{b.session.title}</Text>
        <Text className="txt-lg block">{sessionWhen(b.session)}</Text>
        <Text className="txt block">{b.session.centreName}</Text>
        <Text className="txt block">{`${b.groupType ? GROUP_TYPE[b.groupType] : ""} · ${b.seats} 人 · 联系人 ${b.contactName} ${b.contactPhone}`}</Text>
        {statusDetail(b) && b.status !== "CONFIRMED" && <Text className="txt bold block">{statusDetail(b)}</Text>}
      </View>
      {notice && <Text className="notice">{notice}</Text>}
      {error && <Text className="error">{error}</Text>}
      {live && (
        <View>
          <Text className="section">{`参加人员名单（${list.length} / ${b.seats}）`}</Text>
          <Text className="txt muted block mb">每行一个人，可以在名字后面写年龄，例如：王小明 10</Text>
          <Textarea
            className="input attendees"
            style={{ height: "480px", width: "100%" }}
            data-testid="input-attendees"
            value={names}
            maxlength={-1}
            onInput={(e) => setNames(e.detail.value ?? "")}
          />
          <Button
            className="btn btn-primary"
            disabled={busy || list.length > b.seats || undefined}
            onClick={() => run(() => staffBookings.setAttendees(b.id, list), "名单已保存")}
          >
            {list.length > b.seats ? `名单超过 ${b.seats} 人` : "保存名单"}
          </Button>
          <Text className="section">改人数（活动前一天结束前可改）</Text>
          <Input
            className="input"
            type="number"
            data-testid="input-new-count"
            value={count}
            onInput={(e) => setCount(e.detail.value)}
          />
          <Button
            className="btn"
            disabled={busy || undefined}
            onClick={() => {
              const n = Number(count);
              if (!Number.isInteger(n) || n < 1 || n === b.seats) {
                setError("请填写新的人数");
                return;
              }
              void run(() => staffBookings.changeHeadCount(b.id, n), "人数已修改");
            }}
          >
            修改人数
          </Button>
        </View>
      )}
    </Screen>
  );
}
