import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffBookings } from "@/services/bookingApi";
import type { GroupType, SessionView } from "@anxin/contract";
import { BOOKING_ROUTES, GROUP_TYPE, seatsText, sessionWhen } from "../../lib/labels";
import { replace } from "../../lib/nav";
import { COORDINATORS, requireStaff, staffAuthLost, staffRole } from "../../lib/staff";
import { NotCoordinator } from "../../components/NotCoordinator";

const TYPES: GroupType[] = ["TOWNSHIP", "SCHOOL", "COMMUNITY", "COMPANY"];

/** 新建团体预约: step 1 choose a session (every centre, next 14 days); step 2 the group's details. */
export default function GroupNewPage() {
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const [chosen, setChosen] = useState<SessionView | null>(null);
  const [groupType, setGroupType] = useState<GroupType>("SCHOOL");
  const [groupName, setGroupName] = useState("");
  const [headCount, setHeadCount] = useState("");
  const [contactName, setContactName] = useState("");
  const [contactPhone, setContactPhone] = useState("");
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
        const r = await staffBookings.sessions();
        setSessions(r.items.filter((s) => seatsText(s).bookable));
      } catch (err) {
        if (!staffAuthLost(err)) action.fail(err, "page");
      }
    })();
  });

  function submit() {
    if (!chosen) return;
    const n = Number(headCount);
    if (!groupName.trim() || !Number.isInteger(n) || n < 1 || !contactName.trim() || !contactPhone.trim()) {
      action.say("请填写团体名称、人数、联系人和联系电话", { at: "submit" });
      return;
    }
    void action.run(
      async () => {
        const b = await staffBookings.bookGroup(chosen.id, {
          groupType,
          groupName: groupName.trim(),
          headCount: n,
          contactName: contactName.trim(),
          contactPhone: contactPhone.trim(),
        });
        replace(BOOKING_ROUTES.group, { id: b.id, fresh: "1" });
      },
      { at: "submit", error: (err) => (staffAuthLost(err) ? null : undefined) },
    );
  }

  if (allowed === false) {
    return (
      <Screen back>
        <Text className="title">团体预约</Text>
        <NotCoordinator />
      </Screen>
    );
  }

  if (!chosen) {
    return (
      <Screen back>
        <Text className="title">选择场次</Text>
        <Message action={action} at="page" />
        {sessions === null && !action.feedback && <Text className="txt muted">正在加载…</Text>}
        {sessions !== null && sessions.length === 0 && <Text className="txt-lg block">近两周没有可预约的场次</Text>}
        {sessions?.map((s) => (
          <View key={s.id} className="card" data-testid={`pick-${s.id}`} role="button" onClick={() => setChosen(s)}>
            <Text className="txt-lg bold block">{s.title}</Text>
            <Text className="txt-lg block">{sessionWhen(s)}</Text>
            <Text className="txt block">{s.centreName}</Text>
            <Text className="txt bold block">{seatsText(s).text}</Text>
          </View>
        ))}
      </Screen>
    );
  }

  return (
    <Screen back>
      <Text className="title">团体信息</Text>
      <View className="card card-info">
        <Text className="txt-lg bold block">{chosen.title}</Text>
        <Text className="txt block">{`${sessionWhen(chosen)} · ${chosen.centreName}`}</Text>
        <Text className="txt block">{seatsText(chosen).text}</Text>
      </View>
      <Choices
        label="团体类型"
        options={TYPES.map((t) => ({ value: t, text: GROUP_TYPE[t] }))}
        value={groupType}
        onChange={setGroupType}
      />
      <Field label="团体名称" value={groupName} onInput={setGroupName} maxlength={64} testId="input-group-name" />
      <Field
        label="人数"
        type="number"
        value={headCount}
        onInput={setHeadCount}
        maxlength={4}
        testId="input-head-count"
      />
      <Field label="联系人" value={contactName} onInput={setContactName} maxlength={32} testId="input-contact-name" />
      <Field
        label="联系电话"
        type="number"
        value={contactPhone}
        onInput={setContactPhone}
        maxlength={20}
        testId="input-contact-phone"
      />
      <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
        {action.busy ? "正在预约…" : "提交团体预约"}
      </Button>
      <Message action={action} at="submit" />
      <Button className="btn" onClick={() => setChosen(null)}>
        换一个场次
      </Button>
    </Screen>
  );
}
