import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { ROUTES } from "@/services/session";
import type { StaffUser } from "@anxin/contract";
import { UNIT_ROUTES } from "../../lib/centre";
import { StaffMenu } from "../../components/StaffMenu";
import { REPORTER_ROLES, REVIEWER_ROLES, deadlineText, hazardApi, rankMine, type HazardItem } from "../../lib/hazards";
import { ReportHazard } from "./ReportHazard";

function HazardCard(props: { h: HazardItem; testId: string }) {
  const { h } = props;
  return (
    <View className={`card ${h.overdue ? "card-danger" : ""}`} data-testid={props.testId}>
      <Text className="txt-lg bold block">{`${h.place}（${h.statusLabel}）`}</Text>
      <Text className="txt-lg block">{h.description}</Text>
      <Text className="txt block">{`${h.unit?.name ?? h.community?.name ?? ""} · ${h.severityLabel} · ${h.sourceLabel}`}</Text>
      <Text className={`txt block ${h.overdue ? "bold" : ""}`}>
        {`整改期限 ${deadlineText(h.deadline)}${h.overdue ? "（已逾期）" : ""}`}
      </Text>
      <Button
        className="btn"
        onClick={() => void Taro.navigateTo({ url: `${UNIT_ROUTES.hazard}?id=${encodeURIComponent(h.id)}` })}
      >
        {`查看详情：${h.place}`}
      </Button>
    </View>
  );
}

/**
 * 隐患整改: the hazards given to me to fix (overdue first, then by deadline), those waiting for my review
 * (managers and the responsible person), and the unit's other open hazards. Tap one for its detail; 上报隐患
 * for a hazard found outside a round (those the API lets report).
 */
export default function StaffHazardsPage() {
  const [me, setMe] = useState<StaffUser | null>(null);
  const [items, setItems] = useState<HazardItem[] | null>(null);
  const [reporting, setReporting] = useState(false);
  const action = useAction();

  async function load() {
    const u = await staffApi.me();
    const user = u.kind === "staff" ? u : null;
    setMe(user);
    setItems((await hazardApi.list()).items);
  }

  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) {
      void Taro.redirectTo({ url: ROUTES.staffLogin });
      return;
    }
    load().catch((err) => {
      if (err instanceof ApiError && err.status === 401) void Taro.redirectTo({ url: ROUTES.staffLogin });
      else action.fail(err, "page");
    });
  });

  const reviewer = !!me && REVIEWER_ROLES.has(me.role);
  const reporter = !!me && REPORTER_ROLES.has(me.role);

  function reported() {
    setReporting(false);
    action.say("隐患已上报，已通知单位负责人安排整改", { at: "reported", tone: "ok" });
    load().catch((err) => action.fail(err, "page"));
  }
  const mine = rankMine((items ?? []).filter((h) => h.assignee?.id === me?.id && h.status !== "FIXED"));
  const review = reviewer ? (items ?? []).filter((h) => h.status === "FIXED") : [];
  const others = (items ?? []).filter((h) => !mine.includes(h) && !review.includes(h));

  return (
    <Screen back>
      <Text className="title">隐患整改</Text>
      <Message action={action} at="page" />
      {reporter &&
        (reporting ? (
          <ReportHazard action={action} onDone={reported} onCancel={() => setReporting(false)} />
        ) : (
          <Button className="btn btn-primary" onClick={() => setReporting(true)}>
            上报隐患
          </Button>
        ))}
      <Message action={action} at="reported" />
      <View className="section">
        <Text className="title">派给我整改的</Text>
        {items !== null && mine.length === 0 && <Text className="txt-lg ok-text block">现在没有派给您的隐患</Text>}
        {mine.map((h) => (
          <HazardCard key={h.id} h={h} testId="hazard-mine" />
        ))}
      </View>
      {reviewer && (
        <View className="section">
          <Text className="title">待我验收的</Text>
          {items !== null && review.length === 0 && <Text className="txt-lg block">没有待验收的整改</Text>}
          {review.map((h) => (
            <HazardCard key={h.id} h={h} testId="hazard-review" />
          ))}
        </View>
      )}
      {others.length > 0 && (
        <View className="section">
          <Text className="title">本单位其他未销案隐患</Text>
          {others.map((h) => (
            <HazardCard key={h.id} h={h} testId="hazard-other" />
          ))}
        </View>
      )}
      {me && <StaffMenu role={me.role} here="hazards" />}
    </Screen>
  );
}
