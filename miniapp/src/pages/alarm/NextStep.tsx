import { Text, View } from "@tarojs/components";
import { useNow } from "@/hooks/useNow";
import { timeLeft } from "@/services/format";
import type { AlarmDetail } from "@anxin/contract";

/**
 * 下一步: what happens next if nobody acts, counting down each second while the page is visible. The API's
 * `escalation.nextStep` is null once the chain has no step left: everyone on it has been told, and the alarm
 * stays open until someone handles it. `escalation` is null while the alarm's detail has not come yet.
 */
export function NextStep(props: { escalation: AlarmDetail["escalation"] | null; active: boolean; visible: boolean }) {
  const step = props.escalation?.nextStep ?? null;
  const now = useNow(1000, props.visible && !!step);
  return (
    <View className="card" data-testid="alarm-next-step">
      <Text className="txt-lg bold block">下一步</Text>
      {step ? (
        <Text className="txt block">{`${step.label}（还剩 ${timeLeft(step.at, now)}）`}</Text>
      ) : !props.active ? (
        <Text className="txt block">有人在处理，不再通知更多的人</Text>
      ) : props.escalation ? (
        <View data-testid="alarm-chain-done">
          <Text className="txt-lg block">该通知的人都已经通知到了，不会再通知更多的人。</Text>
          <Text className="txt-lg bold block">报警不会自动结束，会一直保留到有人处理。请有人点上面的“我来处理”。</Text>
        </View>
      ) : (
        <Text className="txt block">正在查询…</Text>
      )}
    </View>
  );
}
