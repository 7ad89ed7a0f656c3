import { useEffect, useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import type { Action } from "@/hooks/useAction";
import { inspectionApi } from "../../lib/inspection";
import { pickPhoto } from "../../lib/photo";
import { SEVERITY_CHOICES, hazardApi, unitsApi, type UnitSummary } from "../../lib/hazards";

type Severity = "GENERAL" | "MAJOR";

/**
 * 上报隐患: a hazard found outside a round (POST /api/hazards). The unit (asked only when the person has
 * several), where it is, what is wrong, 一般 or 重大, and photos if they like; the unit's managers are told to
 * give it to someone to fix. `onDone`, once it is stored: the page closes the form and says so.
 */
export function ReportHazard(props: { action: Action; onDone: () => void; onCancel: () => void }) {
  const { action } = props;
  const [units, setUnits] = useState<UnitSummary[] | null>(null);
  const [more, setMore] = useState(false);
  const [q, setQ] = useState("");
  const [unitId, setUnitId] = useState("");
  const [place, setPlace] = useState("");
  const [what, setWhat] = useState("");
  const [severity, setSeverity] = useState<Severity>("GENERAL");
  const [photoIds, setPhotoIds] = useState<string[]>([]);

  const { fail } = action;

  function show(found: { total: number; items: UnitSummary[] }, text: string) {
    setUnits(found.items);
    setMore(found.total > found.items.length || text.trim() !== "");
    if (found.items.length === 1) setUnitId(found.items[0]!.id);
  }

  function findUnits(text: string) {
    void action.run(async () => show(await unitsApi.search(text), text), { at: "report" });
  }

  // the person's units, once, when the form opens: most have one, and it is chosen for them
  useEffect(() => {
    let live = true;
    unitsApi.search("").then(
      (found) => live && show(found, ""),
      (err: unknown) => {
        if (!live) return;
        setUnits([]);
        fail(err, "report");
      },
    );
    return () => {
      live = false;
    };
  }, [fail]);

  function chooseUnit(id: string) {
    if (id !== unitId) setPhotoIds([]); // a photo belongs to the unit it was taken for
    setUnitId(id);
  }

  async function addPhoto() {
    if (!unitId) return action.say("请先选择哪个单位", { at: "report" });
    try {
      const picked = await pickPhoto();
      if (!picked) return;
      const p = await inspectionApi.uploadPhoto(unitId, picked);
      setPhotoIds((ids) => [...ids, p.id]);
      action.clear();
    } catch (err) {
      action.fail(err, "report");
    }
  }

  function submit() {
    if (!unitId) return action.say("请先选择哪个单位", { at: "report" });
    if (!place.trim()) return action.say("请写明隐患在什么部位", { at: "report" });
    if (!what.trim()) return action.say("请写明发现了什么问题", { at: "report" });
    void action
      .run(
        () =>
          hazardApi.report({
            unitId,
            place: place.trim(),
            category: "OTHER",
            description: what.trim(),
            severity,
            photoIds,
          }),
        { at: "report" },
      )
      .then((ok) => ok && props.onDone());
  }

  const chosen = units?.find((u) => u.id === unitId);
  return (
    <View className="card" data-testid="hazard-report">
      <Text className="txt-xl bold block mb">上报隐患</Text>
      {more && (
        <View>
          <Field label="单位名称或地址" value={q} onInput={setQ} maxlength={40} testId="report-unit-q" />
          <Button className="btn" disabled={action.busy || undefined} onClick={() => findUnits(q)}>
            查找单位
          </Button>
        </View>
      )}
      {units && units.length === 1 && chosen ? (
        <Text className="txt-lg block mb">{`单位：${chosen.name}`}</Text>
      ) : (
        units &&
        units.length > 0 && (
          <Choices
            label="哪个单位"
            options={units.map((u) => ({ value: u.id, text: u.name }))}
            value={unitId}
            onChange={chooseUnit}
            testId="report-unit"
          />
        )
      )}
      {units && units.length === 0 && !more && <Text className="txt-lg block">您的账号下没有可以上报的单位</Text>}
      <Field
        label="部位（在哪里）"
        value={place}
        onInput={setPlace}
        maxlength={100}
        placeholder="例如：住院部 3 楼东侧楼梯间"
        testId="report-place"
      />
      <Field
        label="发现的问题"
        value={what}
        onInput={setWhat}
        maxlength={500}
        placeholder="例如：楼梯间堆放杂物"
        testId="report-what"
      />
      <Choices<Severity>
        label="隐患等级"
        options={SEVERITY_CHOICES}
        value={severity}
        onChange={setSeverity}
        testId="report-severity"
      />
      <Button className="btn" disabled={action.busy || undefined} onClick={() => void addPhoto()}>
        {photoIds.length ? `已拍 ${photoIds.length} 张，再拍一张` : "拍照（可不拍）"}
      </Button>
      <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
        提交上报
      </Button>
      <Button className="btn" disabled={action.busy || undefined} onClick={props.onCancel}>
        不报了，收起
      </Button>
      <Message action={action} at="report" />
    </View>
  );
}
