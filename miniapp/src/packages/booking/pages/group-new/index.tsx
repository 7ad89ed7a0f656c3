import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Input, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { staffBookings } from "@/services/bookingApi";
import type { GroupType, SessionView } from "@/services/bookingTypes";
import { errorText } from "@/services/errors";
import { BOOKING_ROUTES, GROUP_TYPE, seatsText, sessionWhen } from "../../lib/labels";
import { replace } from "../../lib/nav";
import { requireStaff, staffAuthLost } from "../../lib/staff";

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  useDidShow(() => {
    if (!requireStaff()) return;
    staffBookings
      .sessions()
      .then((r) => setSessions(r.items.filter((s) => seatsText(s).bookable)))
      .catch((err) => setError(errorText(err)));
  });

  async function submit() {
    if (!chosen) return;
    const n = Number(headCount);
    if (!groupName.trim() || !Number.isInteger(n) || n < 1 || !contactName.trim() || !contactPhone.trim()) {
      setError("请填写团体名称、人数、联系人和联系电话");
      return;
    }
    setBusy(true);
    setError("");
    try {
      const b = await staffBookings.bookGroup(chosen.id, {
        groupType,
        groupName: groupName.trim(),
        headCount: n,
        contactName: contactName.trim(),
        contactPhone: contactPhone.trim(),
      });
      replace(BOOKING_ROUTES.group, { id: b.id, fresh: "1" });
    } catch (err) {
      if (!staffAuthLost(err)) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!chosen) {
    return (
      <Screen>
        <Text className="title">选择场次</Text>
        {error && <Text className="error">{error}</Text>}
        {sessions === null && !error && <Text className="txt muted">正在加载…</Text>}
        {sessions !== null && sessions.length === 0 && <Text className="txt-lg block">近两周没有可预约的场次</Text>}
        {sessions?.map((s) => (
          <View key={s.id} className="card" data-testid={`pick-${s.id}`} onClick={() => setChosen(s)}>
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
    <Screen>
      <Text className="title">团体信息</Text>
      <View className="card card-info">
        <Text className="txt-lg bold block">{chosen.title}</Text>
        <Text className="txt block">{`${sessionWhen(chosen)} · ${chosen.centreName}`}</Text>
        <Text className="txt block">{seatsText(chosen).text}</Text>
      </View>
      <Text className="label">团体类型</Text>
      <View className="chips">
        {TYPES.map((t) => (
          <Text key={t} className={`chip ${groupType === t ? "chip-on" : ""}`} onClick={() => setGroupType(t)}>
            {GROUP_TYPE[t]}
          </Text>
        ))}
      </View>
      <Text className="label">团体名称</Text>
      <Input
        className="input"
        data-testid="input-group-name"
        value={groupName}
        onInput={(e) => setGroupName(e.detail.value)}
      />
      <Text className="label">人数</Text>
      <Input
        className="input"
        type="number"
        data-testid="input-head-count"
        value={headCount}
        onInput={(e) => setHeadCount(e.detail.value)}
      />
      <Text className="label">联系人</Text>
      <Input
        className="input"
        data-testid="input-contact-name"
        value={contactName}
        onInput={(e) => setContactName(e.detail.value)}
      />
      <Text className="label">联系电话</Text>
      <Input
        className="input"
        type="number"
        data-testid="input-contact-phone"
        value={contactPhone}
        onInput={(e) => setContactPhone(e.detail.value)}
      />
      {error && <Text className="error">{error}</Text>}
      <Button className="btn btn-primary" disabled={busy || undefined} onClick={submit}>
        {busy ? "正在预约…" : "提交团体预约"}
      </Button>
      <Button className="btn" onClick={() => setChosen(null)}>
        换一个场次
      </Button>
    </Screen>
  );
}
