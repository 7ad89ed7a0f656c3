import { Text, View } from "@tarojs/components";
import { useNow } from "@/hooks/useNow";
import { timeLeft } from "@/services/format";
import type { EscalationStep } from "@anxin/contract";

/** 下一步: what happens next if nobody acts, counting down each second while the page is visible. */
export function NextStep(props: { step: EscalationStep | null; active: boolean; visible: boolean }) {
  const now = useNow(1000, props.visible && !!props.step);
  return (
    <View className="card" data-testid="alarm-next-step">
      <Text className="txt-lg bold block">下一步</Text>
      {props.step ? (
        <Text className="txt block">{`${props.step.label}（还剩 ${timeLeft(props.step.at, now)}）`}</Text>
      ) : (
        <Text className="txt block">{props.active ? "正在安排" : "有人在处理，不再通知更多的人"}</Text>
      )}
    </View>
  );
}
