import { useEffect, useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import { Message, Reveal } from "@/components/Message";
import { useAction } from "@/hooks/useAction";
import { api } from "@/services/client";
import { deviceLabel, maskPhone } from "@/services/format";
import type { DeviceDetail, HouseholdDetail, HouseholdMember } from "@anxin/contract";

const ROLE_TEXT: Record<string, string> = { OWNER: "户主", FAMILY: "家人", TENANT: "租户" };

function memberName(m: HouseholdMember): string {
  return m.nickname ?? maskPhone(m.phone);
}

/**
 * 负责人 and 移交给家人: the home's owner or the device's responsible person picks another member, confirms,
 * and the device answers with its new responsible person (and a line in its history).
 */
export function Handover(props: { device: DeviceDetail; onChanged: (d: DeviceDetail) => void }) {
  const d = props.device;
  const [home, setHome] = useState<HouseholdDetail | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [target, setTarget] = useState<HouseholdMember | null>(null);
  const action = useAction();
  const { fail } = action;

  useEffect(() => {
    if (!d.householdId) return;
    api
      .household(d.householdId)
      .then(setHome)
      .catch((err) => fail(err, "handover"));
  }, [d.householdId, fail]);

  const responsibleId = d.responsible?.residentId ?? null;
  const me = home?.members.find((m) => m.isMe);
  const mayHand = !!me && (me.role === "OWNER" || me.residentId === responsibleId);
  const others = home?.members.filter((m) => m.residentId && m.residentId !== responsibleId) ?? [];

  const confirm = (m: HouseholdMember) =>
    m.residentId &&
    action.run(
      async () => {
        const next = await api.handoverDevice(d.id, m.residentId as string);
        setTarget(null);
        setChoosing(false);
        props.onChanged(next);
      },
      { at: "handover", done: `已移交给 ${memberName(m)}，以后由 ${memberName(m)} 负责这个报警器。` },
    );

  return (
    <View data-testid="handover">
      <Text className="section">负责人</Text>
      <Text className="txt-lg block" data-testid="responsible">
        {d.responsible
          ? `${d.responsible.name}${me && me.residentId === responsibleId ? "（您）" : ""}`
          : "还没有指定负责人"}
      </Text>
      <Text className="txt muted block mb">负责人管这个报警器的日常：换电池、看提醒。着火报警时全家都会收到通知。</Text>

      {mayHand && !choosing && !target && (
        <Button className="btn" onClick={() => setChoosing(true)}>
          移交给家人
        </Button>
      )}
      {home && !mayHand && <Text className="txt muted block">只有户主或负责人可以把报警器移交给家人。</Text>}

      {choosing && !target && (
        <Reveal className="card">
          <Text className="txt-lg bold block mb">交给谁负责？</Text>
          {others.length === 0 && (
            <Text className="txt block mb">家里还没有别的成员。请先在“家人和紧急联系人”里邀请家人。</Text>
          )}
          {others.map((m) => (
            <Button key={m.id} className="btn" onClick={() => setTarget(m)} data-testid={`handover-to-${m.residentId}`}>
              {`${memberName(m)}（${ROLE_TEXT[m.role] ?? m.role}${m.isMe ? "，您自己" : ""}）`}
            </Button>
          ))}
          <Button className="btn" onClick={() => setChoosing(false)}>
            取消
          </Button>
        </Reveal>
      )}

      {target && (
        <Reveal className="card card-info" testId="handover-confirm">
          <Text className="txt-lg bold block mb">{`把“${deviceLabel(d)}”移交给 ${memberName(target)} 吗？`}</Text>
          <Text className="txt block mb">{`移交后由 ${memberName(target)} 负责这个报警器，记录里会写明。`}</Text>
          <Button className="btn btn-primary" disabled={action.busy || undefined} onClick={() => void confirm(target)}>
            确定移交
          </Button>
          <Button className="btn" onClick={() => setTarget(null)}>
            不移交
          </Button>
        </Reveal>
      )}
      <Message action={action} at="handover" />
    </View>
  );
}
