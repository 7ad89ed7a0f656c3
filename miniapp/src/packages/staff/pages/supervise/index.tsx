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
import { SUPERVISION_ITEMS, hazardApi, unitsApi, type UnitSummary } from "../../lib/hazards";

type Verdict = "ok" | "bad";
type Severity = "GENERAL" | "MAJOR";

/**
 * 监督检查 for a fire supervisor: pick a unit, go through the checklist, and for each item that fails write
 * what was found, where, and whether it is a major hazard, with photos. Submitting records each finding as a
 * hazard of the unit (source: 监督检查); the unit's managers are pushed to assign and fix it, and a major one
 * can only be signed off by the supervisor.
 */
export default function StaffSupervisePage() {
  const [q, setQ] = useState("");
  const [units, setUnits] = useState<UnitSummary[]>([]);
  const [unit, setUnit] = useState<UnitSummary | null>(null);
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>({});
  const [findings, setFindings] = useState<Record<string, { place: string; what: string; severity: Severity }>>({});
  const [interim, setInterim] = useState("");
  const [photoIds, setPhotoIds] = useState<string[]>([]);
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
    void action.run(
      async () => {
        for (const i of failed) {
          const f = finding(i.item);
          await hazardApi.report({
            unitId: unit.id,
            place: f.place.trim(),
            category: i.category,
            description: `${i.item}：${f.what.trim()}`,
            severity: f.severity,
            photoIds,
            ...(interim.trim() ? { interimMeasures: interim.trim() } : {}),
          });
        }
        pick(unit);
        return failed.length;
      },
      {
        at: "submit",
        done: (n) =>
          n ? `检查已记录：${n} 项隐患已下达到${unit.name}，单位将收到整改通知` : `检查已记录：${unit.name} 各项合格`,
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
                  />
                  <Field
                    label="发现的问题"
                    value={finding(item).what}
                    onInput={(v) => setFinding(item, { what: v })}
                    maxlength={400}
                  />
                  <Choices<Severity>
                    label="隐患等级"
                    options={[
                      { value: "GENERAL", text: "一般隐患" },
                      { value: "MAJOR", text: "重大隐患" },
                    ]}
                    value={finding(item).severity}
                    onChange={(v) => setFinding(item, { severity: v })}
                  />
                </View>
              )}
            </View>
          ))}
          <Field label="责令采取的临时措施（选填）" value={interim} onInput={setInterim} maxlength={300} />
          <Button className="btn" onClick={() => void addPhoto()}>
            {photoIds.length ? `已拍 ${photoIds.length} 张，再拍一张` : "拍照取证"}
          </Button>
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
            提交检查，下达隐患
          </Button>
        </View>
      )}
      <Message action={action} at="submit" />
    </Screen>
  );
}
