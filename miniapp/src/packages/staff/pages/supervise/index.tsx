import { useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { ROUTES } from "@/services/session";
import { inspectionApi } from "../../lib/inspection";
import { pickPhoto } from "../../lib/photo";
import { SEVERITY_CHOICES, SUPERVISION_ITEMS, noticeApi, unitsApi, type UnitSummary } from "../../lib/hazards";

type Verdict = "ok" | "bad";
type Severity = "GENERAL" | "MAJOR";
type Days = "3" | "7" | "15" | "30";

/**
 * 监督检查 for a fire supervisor: pick a unit, go through the checklist, and for each item that fails write
 * what was found, where, and whether it is a major hazard, with photos, and the days allowed. Submitting issues
 * a 责令改正通知书 (printable in the console) whose items become hazards given to the unit's manager with its
 * deadline; a major one can only be signed off by the supervisor.
 */
export default function StaffSupervisePage() {
  const [q, setQ] = useState("");
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [unit, setUnit] = useState<UnitSummary | null>(null);
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>({});
  const [findings, setFindings] = useState<Record<string, { place: string; what: string; severity: Severity }>>({});
  const [interim, setInterim] = useState("");
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [days, setDays] = useState<Days | "">("");
  const [issued, setIssued] = useState<string | null>(null);
  const action = useAction();

  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) void Taro.redirectTo({ url: ROUTES.staffLogin });
  });

  function search() {
    void action.run(async () => setUnits((await unitsApi.search(q)).items), { at: "unit" });
  }

  function pick(u: UnitSummary) {
    setUnit(u);
    setVerdicts({});
    setFindings({});
    setPhotoIds([]);
    setInterim("");
    setDays("");
  }

  const finding = (item: string) => findings[item] ?? { place: "", what: "", severity: "GENERAL" as Severity };
  const setFinding = (item: string, patch: Partial<{ place: string; what: string; severity: Severity }>) =>
    setFindings((all) => ({ ...all, [item]: { ...finding(item), ...patch } }));

  async function addPhoto() {
    if (!unit) return;
    try {
      const picked = await pickPhoto();
      if (!picked) return;
      const p = await inspectionApi.uploadPhoto(unit.id, picked);
      setPhotoIds((ids) => [...ids, p.id]);
      action.clear();
    } catch (err) {
      action.fail(err, "submit");
    }
  }

  function submit() {
    if (!unit) return;
    if (SUPERVISION_ITEMS.some((i) => !verdicts[i.item]))
      return action.say("请逐项选择“合格”或“不合格”", { at: "submit" });
    const failed = SUPERVISION_ITEMS.filter((i) => verdicts[i.item] === "bad");
    if (failed.some((i) => !finding(i.item).place.trim() || !finding(i.item).what.trim()))
      return action.say("不合格的项目请写明部位和发现的问题", { at: "submit" });
    if (failed.length && !photoIds.length) return action.say("发现问题请拍照后再提交", { at: "submit" });
    if (failed.length && !days) return action.say("请选择限期改正的天数", { at: "submit" });
    void action.run(
      async () => {
        if (!failed.length) {
          pick(unit);
          return null;
        }
        const r = await noticeApi.issue({
          unitId: unit.id,
          deadline: new Date(Date.now() + Number(days) * 86_400_000).toISOString(),
          checked: SUPERVISION_ITEMS.map((i) => i.item).join("、"),
          ...(interim.trim() ? { interimMeasures: interim.trim() } : {}),
          items: failed.map((i) => ({
            place: finding(i.item).place.trim(),
            category: i.category,
            description: `${i.item}：${finding(i.item).what.trim()}`,
            severity: finding(i.item).severity,
            photoIds,
          })),
        });
        setIssued(`${unit.name}：${r.no}，共 ${r.hazardIds.length} 项隐患`);
        pick(unit);
        return r;
      },
      {
        at: "submit",
        done: (r) =>
          r
            ? `已下达责令改正通知书 ${r.no}（${r.hazardIds.length} 项），已通知单位整改；可在管理台打印`
            : `检查已记录：${unit.name} 各项合格`,
      },
    );
  }

  return (
    <Screen back>
      <Text className="title">监督检查</Text>
      <Field label="单位名称或地址" value={q} onInput={setQ} maxlength={40} testId="unit-q" />
      <Button className="btn" disabled={action.busy || undefined} onClick={search}>
        查找单位
      </Button>
      <Message action={action} at="unit" />
      {units.length > 0 && (
        <Choices
          label="检查哪个单位"
          options={units.map((u) => ({ value: u.id, text: u.name }))}
          value={unit?.id ?? ""}
          onChange={(id) => {
            const u = units.find((x) => x.id === id);
            if (u) pick(u);
          }}
        />
      )}
      {unit && (
        <View data-testid="supervise-checklist">
          <Text className="title">{unit.name}</Text>
          <Text className="txt block mb">{unit.address}</Text>
          {SUPERVISION_ITEMS.map(({ item }) => (
            <View key={item}>
              <Choices<Verdict>
                label={item}
                options={[
                  { value: "ok", text: "合格" },
                  { value: "bad", text: "不合格" },
                ]}
                value={verdicts[item] ?? ""}
                onChange={(v) => setVerdicts((all) => ({ ...all, [item]: v }))}
              />
              {verdicts[item] === "bad" && (
                <View className="card">
                  <Field
                    label="部位"
                    value={finding(item).place}
                    onInput={(v) => setFinding(item, { place: v })}
                    maxlength={100}
                    testId="finding-place"
                  />
                  <Field
                    label="发现的问题"
                    value={finding(item).what}
                    onInput={(v) => setFinding(item, { what: v })}
                    maxlength={400}
                    testId="finding-what"
                  />
                  <Choices<Severity>
                    label="隐患等级"
                    options={SEVERITY_CHOICES}
                    value={finding(item).severity}
                    onChange={(v) => setFinding(item, { severity: v })}
                  />
                </View>
              )}
            </View>
          ))}
          <Choices<Days>
            label="限期改正"
            options={[
              { value: "3", text: "3 天" },
              { value: "7", text: "7 天" },
              { value: "15", text: "15 天" },
              { value: "30", text: "30 天" },
            ]}
            value={days}
            onChange={setDays}
          />
          <Field label="责令采取的临时措施（选填）" value={interim} onInput={setInterim} maxlength={300} />
          <Button className="btn" onClick={() => void addPhoto()}>
            {photoIds.length ? `已拍 ${photoIds.length} 张，再拍一张` : "拍照取证"}
          </Button>
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
            提交检查，下达责令改正通知书
          </Button>
        </View>
      )}
      <Message action={action} at="submit" />
      {issued && (
        <Text className="txt-lg block mt" data-testid="notice-issued">
          {`最近下达：${issued}`}
        </Text>
      )}
    </Screen>
  );
}
