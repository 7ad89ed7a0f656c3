import { Text, View } from "@tarojs/components";
import { formatTime } from "@/services/format";
import { toldText, whoWasTold } from "@/services/told";
import type { AlarmNotification } from "@anxin/contract";

/**
 * 已通知: who has been told, by name, how, whether it arrived and when the provider confirmed it (the API's
 * recipientName and deliveredAt, sent with the alarm: no extra request).
 */
export function Told(props: { notifications: AlarmNotification[] | null; meId?: string }) {
  const lines = props.notifications ? whoWasTold(props.notifications, props.meId) : [];
  return (
    <View className="card" data-testid="alarm-notified">
      <Text className="txt-lg bold block">已通知</Text>
      {lines.length === 0 ? (
        <Text className="txt block">正在通知您的家人和物业…</Text>
      ) : (
        lines.map((l) => (
          <View key={l.who}>
            <Text className="txt block">{toldText(l)}</Text>
            {l.deliveredAt ? (
              <Text
                className="txt muted block"
                data-testid="told-delivered"
              >{`${formatTime(l.deliveredAt)} 送达`}</Text>
            ) : null}
          </View>
        ))
      )}
    </View>
  );
}
