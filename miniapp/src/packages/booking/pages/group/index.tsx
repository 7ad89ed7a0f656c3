import { useState } from "react";
import { useDidShow, useRouter } from "@tarojs/taro";
import { Button, Text, Textarea, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import "./index.css";
import { staffBookings } from "@/services/bookingApi";
import type { BookingView } from "@anxin/contract";
import { GROUP_TYPE, formatAttendees, parseAttendees, sessionWhen, statusDetail, statusLabel } from "../../lib/labels";
import { COORDINATORS, requireStaff, staffAuthLost, staffRole } from "../../lib/staff";
import { NotCoordinator } from "../../components/NotCoordinator";

/** 团体预约详情 (coordinators): status, change the head count (until the day before), the attendee list. */
export default function GroupPage() {
  const { params } = useRouter();
  const id = String(params.id ?? "");
  const [b, setB] = useState<BookingView | null>(null);
  const [names, setNames] = useState("");
  const [count, setCount] = useState("");
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const action = useAction();
  const fresh = params.fresh === "1";

  function show(next: BookingView) {
    setB(next);
    setNames(formatAttendees(next.attendees));
    setCount(String(next.seats));
  }

  useDidShow(() => {
    if (!requireStaff() || !id) return;
    void (async () => {
      try {
        const role = await staffRole(COORDINATORS);
        if (role === "signed-out") return;
        setAllowed(role === "ok");
        if (role !== "ok") return;
        show(await staffBookings.booking(id));
        if (fresh) action.say("团体预约已提交", { at: "page", tone: "ok" });
      } catch (err) {
        if (!staffAuthLost(err)) action.fail(err, "page");
      }
    })();
  });

  const run = (at: string, fn: () => Promise<BookingView>, done: string) =>
    action.run(async () => show(await fn()), {
      at,
      done,
      error: (err) => (staffAuthLost(err) ? null : undefined),
    });

  if (allowed === false) {
    return (
      <Screen back>
        <Text className="title">团体预约</Text>
        <NotCoordinator />
      </Screen>
    );
  }

  if (!b) {
    return (
      <Screen back>
        <Text className="title">团体预约</Text>
        <Message action={action} at="page" />
        {!action.feedback && <Text className="txt muted">正在加载…</Text>}
      </Screen>
    );
  }
  const st = statusLabel(b.status);
  const live = b.status === "CONFIRMED" || b.status === "WAITLISTED" || b.status === "OFFERED";
  const list = parseAttendees(names);
  return (
    <Screen back>
      <Text className="title">{b.groupName ?? "团体预约"}</Text>
      <View className="card card-info">
        <Text className={`badge badge-${st.tone}`}>{st.text}</Text>
        <Text className="txt-lg bold block mt">{b.session.title}</Text>
        <Text className="txt-lg block">{sessionWhen(b.session)}</Text>
        <Text className="txt block">{b.session.centreName}</Text>
        <Text className="txt block">{`${b.groupType ? GROUP_TYPE[b.groupType] : ""} · ${b.seats} 人 · 联系人 ${b.contactName} ${b.contactPhone}`}</Text>
        <Text className="txt-lg block" data-testid="booking-number">{`预约编号 ${b.shortCode}`}</Text>
        {statusDetail(b) && b.status !== "CONFIRMED" && <Text className="txt bold block">{statusDetail(b)}</Text>}
      </View>
      <Message action={action} at="page" />
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
            nativeProps={{ "aria-label": "参加人员名单，每行一个人" }}
            onInput={(e) => setNames(e.detail.value ?? "")}
          />
          <Button
            className={`btn btn-primary ${list.length > b.seats ? "btn-disabled" : ""}`}
            disabled={action.busy || list.length > b.seats || undefined}
            onClick={() => run("attendees", () => staffBookings.setAttendees(b.id, list), "名单已保存")}
          >
            {list.length > b.seats ? `名单超过 ${b.seats} 人` : "保存名单"}
          </Button>
          <Message action={action} at="attendees" />
          <Text className="section">改人数（活动前一天结束前可改）</Text>
          <Field
            label="新的人数"
            type="number"
            value={count}
            onInput={setCount}
            maxlength={4}
            testId="input-new-count"
          />
          <Button
            className="btn"
            disabled={action.busy || undefined}
            onClick={() => {
              const n = Number(count);
              if (!Number.isInteger(n) || n < 1 || n === b.seats) {
                action.say("请填写新的人数", { at: "count" });
                return;
              }
              void run("count", () => staffBookings.changeHeadCount(b.id, n), "人数已修改");
            }}
          >
            修改人数
          </Button>
          <Message action={action} at="count" />
        </View>
      )}
    </Screen>
  );
}
