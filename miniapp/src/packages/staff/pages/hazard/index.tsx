import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { ApiError } from "@/services/errors";
import { formatTime } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { StaffUser } from "@anxin/contract";
import { inspectionApi } from "../../lib/inspection";
import { pickPhoto } from "../../lib/photo";
import {
  CATEGORY_LABELS,
  EVENT_LABELS,
  FIXABLE,
  REVIEWER_ROLES,
  deadlineText,
  hazardApi,
  lastRejection,
  type HazardDetail,
} from "../../lib/hazards";

/**
 * One hazard: where, what, the deadline and the interim measures, any rejected review's reason, and the
 * timeline. The person named rectifies it with photos of the result; a manager or the responsible person
 * (the fire supervisor for a major hazard) approves it or sends it back with the reason.
 */
export default function StaffHazardPage() {
  const id = Taro.getCurrentInstance().router?.params?.id ?? "";
  const [me, setMe] = useState<StaffUser | null>(null);
  const [h, setH] = useState<HazardDetail | null>(null);
  const [note, setNote] = useState("");
  const [evidence, setEvidence] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const action = useAction();

  async function load() {
    const [u, d] = await Promise.all([staffApi.me(), hazardApi.get(id)]);
    setMe(u.kind === "staff" ? u : null);
    setH(d);
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

  async function addPhoto() {
    if (!h) return;
    try {
      const picked = await pickPhoto();
      if (!picked) return;
      const p = await inspectionApi.uploadPhoto(h.unit ? h.unit.id : `community:${h.community?.id ?? ""}`, picked);
      setEvidence((ids) => [...ids, p.id]);
      action.clear();
    } catch (err) {
      action.fail(err, "fix");
    }
  }

  function fix() {
    if (!h) return;
    if (!evidence.length) return action.say("请先拍摄整改后的照片", { at: "fix" });
    if (!note.trim()) return action.say("请写明做了哪些整改", { at: "fix" });
    void action.run(
      async () => {
        await hazardApi.fix(h.id, { evidenceIds: evidence, note: note.trim() });
        setEvidence([]);
        setNote("");
        await load();
      },
      { at: "fix", done: "整改已提交，等待验收" },
    );
  }

  function review(ok: boolean) {
    if (!h) return;
    if (!ok && !reason.trim()) return action.say("退回整改请写明原因", { at: "review" });
    void action.run(
      async () => {
        await (ok ? hazardApi.verify(h.id) : hazardApi.reject(h.id, reason.trim()));
        setReason("");
        await load();
      },
      { at: "review", done: ok ? "验收通过，隐患已销案" : "已退回整改，已通知整改责任人" },
    );
  }

  const mineToFix = !!h && !!me && FIXABLE.has(h.status) && (h.assignee?.id === me.id || REVIEWER_ROLES.has(me.role));
  const mayReview = !!h && !!me && h.status === "FIXED" && REVIEWER_ROLES.has(me.role);
  const rejection = h && FIXABLE.has(h.status) ? lastRejection(h) : null;

  return (
    <Screen back>
      <Message action={action} at="page" />
      {h && (
        <View data-testid="hazard-detail">
          <Text className="title">{h.place}</Text>
          <Text className="txt-lg bold block" data-testid="hazard-status">{`状态：${h.statusLabel}`}</Text>
          <Text className="txt-lg block">{h.description}</Text>
          <Text className="txt block">
            {[h.unit?.name ?? h.community?.name, h.severityLabel, h.sourceLabel, CATEGORY_LABELS[h.category]]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          <Text className={`txt-lg block ${h.overdue ? "danger-text bold" : ""}`}>
            {`整改期限：${deadlineText(h.deadline)}${h.overdue ? "（已逾期）" : ""}`}
          </Text>
          <Text className="txt-lg block">{`整改责任人：${h.assignee?.name ?? "未指派"}`}</Text>
          <Text className="txt-lg block mb">{`临时防范措施：${h.interimMeasures ?? "无"}`}</Text>
          <Text className="txt block">{`发现时照片 ${h.photos.length} 张，整改照片 ${h.evidence.length} 张`}</Text>
          {rejection !== null && (
            <View className="card card-danger" data-testid="hazard-rejection">
              <Text className="txt-lg bold block">{`验收未通过：${rejection || "（未写原因）"}`}</Text>
              <Text className="txt block">请按意见重新整改，再次提交。</Text>
            </View>
          )}
        </View>
      )}
      {mineToFix && h && (
        <View className="card mt" data-testid="hazard-fix">
          <Text className="txt-xl bold block mb">提交整改</Text>
          {h.status === "ASSIGNED" && h.assignee?.id === me?.id && (
            <Button
              className="btn"
              disabled={action.busy || undefined}
              onClick={() =>
                void action.run(
                  async () => {
                    await hazardApi.start(h.id);
                    await load();
                  },
                  { at: "fix", done: "已开始整改" },
                )
              }
            >
              开始整改
            </Button>
          )}
          <Field label="做了哪些整改" value={note} onInput={setNote} maxlength={500} testId="fix-note" />
          <Button className="btn" onClick={() => void addPhoto()}>
            {evidence.length ? `已拍 ${evidence.length} 张，再拍一张` : "拍摄整改后照片"}
          </Button>
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={fix}>
            提交整改，请求验收
          </Button>
          <Message action={action} at="fix" />
        </View>
      )}
      {mayReview && (
        <View className="card mt" data-testid="hazard-verify">
          <Text className="txt-xl bold block mb">验收整改</Text>
          <Button className="btn btn-ok" disabled={action.busy || undefined} onClick={() => review(true)}>
            验收通过，销案
          </Button>
          <Field label="不通过的原因" value={reason} onInput={setReason} maxlength={300} testId="reject-reason" />
          <Button className="btn btn-danger" disabled={action.busy || undefined} onClick={() => review(false)}>
            不通过，退回整改
          </Button>
          <Message action={action} at="review" />
        </View>
      )}
      {h && (
        <View className="section mt">
          <Text className="title">处理经过</Text>
          {h.events.map((e, i) => (
            <Text key={i} className="txt block list-item" data-testid="hazard-event">
              {`${formatTime(e.at)} ${EVENT_LABELS[e.action] ?? e.action} · ${e.actor}${e.note ? `：${e.note}` : ""}`}
            </Text>
          ))}
        </View>
      )}
    </Screen>
  );
}
