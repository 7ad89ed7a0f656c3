import { useMemo, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Choices } from "@/components/Choices";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { useAction } from "@/hooks/useAction";
import { staffApi } from "@/services/client";
import { isH5 } from "@/services/platform";
import { ROUTES } from "@/services/session";
import { pickPhoto } from "../../lib/photo";
import { checkpointOfCode, inspectionApi, type PatrolPlan } from "../../lib/inspection";
import { nfcAdapter, readCheckpointNfc } from "../../lib/nfcReader";

type Verdict = "ok" | "bad";

/**
 * 防火巡查: read each checkpoint's label (scan it, or on an Android phone touch its NFC tag, which carries the
 * same code; the browser can do neither, so the label's code is typed),
 * tick or fail each item, add a photo of a problem, submit. A failed item becomes a hazard for the unit's
 * managers. The round is done when every checkpoint of the plan is checked.
 */
export default function StaffPatrolPage() {
  const [plans, setPlans] = useState<PatrolPlan[]>([]);
  // "no plans" is said only once the plans have come (not under an error)
  const [loaded, setLoaded] = useState(false);
  const [planId, setPlanId] = useState("");
  const [code, setCode] = useState("");
  const [verdicts, setVerdicts] = useState<Record<string, Verdict>>({});
  const [note, setNote] = useState("");
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const [nfcWaiting, setNfcWaiting] = useState(false);
  const action = useAction();
  // WeChat on Android only (lib/nfcReader.ts); elsewhere the QR label is the way
  const nfc = useMemo(() => nfcAdapter(), []);
  const plan = plans.find((p) => p.id === planId) ?? null;
  const checkpointId = checkpointOfCode(code);
  const checkpoint = plan?.checkpoints.find((c) => c.id === checkpointId) ?? null;

  async function load() {
    const r = await inspectionApi.myPlans();
    setPlans(r.items);
    setLoaded(true);
    setPlanId((id) => (r.items.some((p) => p.id === id) ? id : (r.items[0]?.id ?? "")));
  }

  useDidShow(() => {
    if (!staffApi.client.isSignedIn()) {
      void Taro.redirectTo({ url: ROUTES.staffLogin });
      return;
    }
    load().catch((err) => action.fail(err, "page"));
  });

  function reset() {
    setCode("");
    setVerdicts({});
    setNote("");
    setPhotoIds([]);
  }

  async function scan() {
    action.clear();
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true });
      reset();
      setCode(res.result);
    } catch {
      action.say("没有扫到巡查点标签，请再试一次", { at: "scan" });
    }
  }

  function readNfc() {
    if (!nfc || nfcWaiting) return;
    action.clear();
    setNfcWaiting(true);
    readCheckpointNfc(nfc)
      .then((read) => {
        reset();
        setCode(read);
      })
      .catch((err: Error) => action.say(err.message, { at: "scan" }))
      .finally(() => setNfcWaiting(false));
  }

  async function addPhoto() {
    if (!plan) return;
    try {
      const picked = await pickPhoto();
      if (!picked) return;
      const p = await inspectionApi.uploadPhoto(plan.unit.id, picked);
      setPhotoIds((ids) => [...ids, p.id]);
      action.clear(); // "take a photo first" is answered
    } catch (err) {
      action.fail(err, "photo");
    }
  }

  function submit() {
    if (!plan || !checkpoint) return;
    if (checkpoint.checklist.some((item) => !verdicts[item])) {
      action.say("请逐项选择“合格”或“不合格”", { at: "submit" });
      return;
    }
    const results = checkpoint.checklist.map((item) => ({ item, ok: verdicts[item] === "ok" }));
    if (results.some((r) => !r.ok) && !photoIds.length) {
      action.say("发现问题请拍照后再提交", { at: "submit" });
      return;
    }
    void action.run(
      async () => {
        const r = await inspectionApi.check(plan.id, {
          code: code.trim(),
          results,
          ...(note.trim() ? { note: note.trim() } : {}),
          photoIds,
        });
        reset();
        await load();
        return r;
      },
      {
        at: "submit",
        done: (r) =>
          `${checkpoint.name} 已检查（本轮 ${r.checked}/${r.total}）${r.hazardId ? "，发现的隐患已通知单位管理人" : ""}${r.complete ? "。本轮巡查已完成" : ""}`,
      },
    );
  }

  return (
    <Screen back>
      <Text className="title">防火巡查</Text>
      <Message action={action} at="page" />
      {loaded && plans.length === 0 && <Text className="txt-lg block">暂无需要您巡查的计划。</Text>}
      {plans.length > 1 && (
        <Choices
          label="巡查计划"
          options={plans.map((p) => ({ value: p.id, text: `${p.unit.name} · ${p.name}` }))}
          value={planId}
          onChange={(id) => {
            setPlanId(id);
            reset();
          }}
        />
      )}
      {plan && (
        <View data-testid="patrol-plan">
          <Text className="txt-lg block mb">{`${plan.unit.name} · ${plan.name}`}</Text>
          {!plan.slot && <Text className="txt block mb">现在不在本计划的巡查时段内。</Text>}
          {plan.checkpoints.map((c) => (
            <Text key={c.id} className="txt-lg block" data-testid="patrol-checkpoint">
              {`${c.done ? "✓ 已查" : "○ 未查"}  ${c.name}`}
            </Text>
          ))}
        </View>
      )}
      {plan && plan.slot && (
        <View className="mt">
          {isH5 ? (
            <Field
              label="巡查点标签上的编码（网页版不能扫码）"
              value={code}
              onInput={(v) => {
                setVerdicts({});
                setCode(v);
              }}
              maxlength={160}
              testId="patrol-code"
            />
          ) : (
            <View>
              <Button className="btn btn-primary" onClick={scan}>
                扫描巡查点二维码
              </Button>
              {nfc && (
                <Button className="btn" disabled={nfcWaiting || undefined} onClick={readNfc}>
                  {nfcWaiting ? "请把手机背面贴近 NFC 标签…" : "读取 NFC 标签"}
                </Button>
              )}
            </View>
          )}
          <Message action={action} at="scan" />
          {code && !checkpoint && <Text className="txt block mb">这个标签不是本计划的巡查点，请扫描正确的标签。</Text>}
        </View>
      )}
      {checkpoint && (
        <View data-testid="patrol-checklist">
          <Text className="title">{checkpoint.name}</Text>
          {checkpoint.checklist.map((item) => (
            <Choices<Verdict>
              key={item}
              label={item}
              options={[
                { value: "ok", text: "合格" },
                { value: "bad", text: "不合格" },
              ]}
              value={verdicts[item] ?? ""}
              onChange={(v) => setVerdicts((all) => ({ ...all, [item]: v }))}
            />
          ))}
          <Field label="情况说明（选填）" value={note} onInput={setNote} maxlength={300} testId="patrol-note" />
          <Button className="btn" onClick={() => void addPhoto()}>
            {photoIds.length ? `已拍 ${photoIds.length} 张，再拍一张` : "拍照"}
          </Button>
          <Message action={action} at="photo" />
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={submit}>
            提交本巡查点
          </Button>
        </View>
      )}
      <Message action={action} at="submit" />
    </Screen>
  );
}
