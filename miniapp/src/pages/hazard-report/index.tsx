import { useState } from "react";
import { useDidShow } from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Field } from "@/components/Field";
import { Message } from "@/components/Message";
import { Screen } from "@/components/Screen";
import { api } from "@/services/client";
import { formatTime } from "@/services/format";
import { hazardReportApi, type HazardReport } from "@/services/hazardReports";
import { pickPhoto } from "@/services/photo";
import { requireSignIn } from "@/services/session";
import type { HouseholdSummary } from "@anxin/contract";
import { useAction } from "@/hooks/useAction";

const MAX_PHOTOS = 3;

/**
 * 隐患随手拍: a resident reports a fire hazard in their community's shared places (where, what, up to three
 * photos); it goes to the community's property company. Below, their reports and how far each has got.
 */
export default function HazardReportPage() {
  const action = useAction();
  const [homes, setHomes] = useState<HouseholdSummary[]>([]);
  const [home, setHome] = useState<string>("");
  const [place, setPlace] = useState("");
  const [what, setWhat] = useState("");
  const [photos, setPhotos] = useState<string[]>([]);
  const [mine, setMine] = useState<HazardReport[]>([]);

  async function load() {
    const [h, r] = await Promise.all([api.households(), hazardReportApi.mine()]);
    setHomes(h.items);
    setHome((cur) => (h.items.some((x) => x.id === cur) ? cur : (h.items[0]?.id ?? "")));
    setMine(r.items);
  }

  useDidShow(() => {
    if (!requireSignIn()) return;
    load().catch((err) => action.fail(err, "page"));
  });

  async function addPhoto() {
    if (!home) return;
    try {
      const picked = await pickPhoto();
      if (!picked) return;
      const p = await hazardReportApi.uploadPhoto(home, picked);
      setPhotos((ids) => [...ids, p.id]);
      action.clear();
    } catch (err) {
      action.fail(err, "report");
    }
  }

  function submit() {
    if (!home) return action.say("请先绑定或加入您家", { at: "report" });
    if (!place.trim()) return action.say("请写明在哪里", { at: "report" });
    if (!what.trim()) return action.say("请写明是什么问题", { at: "report" });
    void action.run(
      async () => {
        await hazardReportApi.report({
          householdId: home,
          place: place.trim(),
          description: what.trim(),
          photoIds: photos,
        });
        setPlace("");
        setWhat("");
        setPhotos([]);
        setMine((await hazardReportApi.mine()).items);
      },
      { at: "report", done: "已提交，物业公司会尽快处理。" },
    );
  }

  return (
    <Screen back>
      <Text className="title">隐患随手拍</Text>
      <Message action={action} at="page" />
      <Text className="txt block">楼道堆物、电动车进楼充电、消防通道被占……拍下来告诉物业。着火了请直接拨打 119。</Text>
      {homes.length === 0 ? (
        <View className="card">
          <Text className="txt-lg block">还没有绑定您家，绑定后就可以报告小区里的隐患。</Text>
        </View>
      ) : (
        <View className="card" data-testid="hazard-form">
          {homes.length > 1 && (
            <View>
              <Text className="label block">哪个小区</Text>
              {homes.map((h) => (
                <Button
                  key={h.id}
                  className={`btn ${h.id === home ? "btn-primary" : ""}`}
                  onClick={() => setHome(h.id)}
                  aria-pressed={h.id === home ? "true" : "false"}
                >
                  {h.address}
                </Button>
              ))}
            </View>
          )}
          <Field
            label="在哪里"
            value={place}
            onInput={setPlace}
            maxlength={100}
            placeholder="例如：3号楼2单元一楼楼梯间"
            testId="hazard-place"
          />
          <Field label="什么问题" value={what} onInput={setWhat} maxlength={500} testId="hazard-what" />
          <Text className="txt block">{`照片（可不拍）：已拍 ${photos.length} 张`}</Text>
          {photos.length < MAX_PHOTOS && (
            <Button className="btn" onClick={() => void addPhoto()}>
              拍照或选照片
            </Button>
          )}
          <Button
            className="btn btn-primary"
            onClick={submit}
            disabled={action.busy || undefined}
            data-testid="hazard-submit"
          >
            提交报告
          </Button>
          <Message action={action} at="report" />
        </View>
      )}

      <Text className="section">我的报告</Text>
      {mine.length === 0 ? (
        <Text className="txt muted block">还没有报告过。</Text>
      ) : (
        mine.map((r) => (
          <View className="card" key={r.id} data-testid="hazard-report">
            <Text className="txt-lg bold block">{`${r.status}：${r.place}`}</Text>
            <Text className="txt block">{r.description}</Text>
            <Text className="txt muted block">{`${r.community} · ${formatTime(r.createdAt)}`}</Text>
          </View>
        ))
      )}
    </Screen>
  );
}
