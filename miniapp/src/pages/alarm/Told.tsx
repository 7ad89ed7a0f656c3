import { Text, View } from "@tarojs/components";
import { toldText, whoWasTold } from "@/services/told";
import type { AlarmNotification } from "@/services/types";

/** 已通知: who has been told, by name, how and whether it arrived (the API's names, no extra request). */
export function Told(props: { notifications: AlarmNotification[] | null; meId?: string }) {
  const lines = props.notifications ? whoWasTold(props.notifications, props.meId) : [];
  return (
    <View className="card" data-testid="alarm-notified">
      <Text className="txt-lg bold block">已通知</Text>
      {lines.length === 0 ? (
        <Text className="txt block">正在通知您的家人和物业…</Text>
      ) : (
        lines.map((l) => (
          <Text key={l.who} className="txt block">
            {toldText(l)}
          </Text>
        ))
      )}
    </View>
  );
}
