import { Text, View } from "@tarojs/components";
import { batteryLabel, deviceLabel, signalLabel, timeAgo } from "@/services/format";
import { deviceHealth } from "@/services/health";
import type { DeviceSummary } from "@anxin/contract";
import { StatusBadge } from "./StatusBadge";

export function DeviceCard(props: { device: DeviceSummary; onOpen?: (id: string) => void }) {
  const d = props.device;
  const health = deviceHealth(d);
  return (
    <View
      className={`card device-card ${health.protects && health.key !== "alarm" ? "" : "card-danger"}`}
      data-testid={`device-${d.id}`}
      role="button"
      onClick={() => props.onOpen?.(d.id)}
    >
      <View className="row between">
        <Text className="txt-lg bold">{deviceLabel(d)}</Text>
        <StatusBadge health={health} />
      </View>
      {health.key !== "protected" && <Text className="txt block">{health.detail}</Text>}
      {d.lastSeenAt ? (
        <View className="row wrap">
          <Text className="txt muted gap-item">{`电量 ${batteryLabel(d.battery)}`}</Text>
          <Text className="txt muted gap-item">{`信号 ${signalLabel(d.rssi)}`}</Text>
          <Text className="txt muted">{`上次联系 ${timeAgo(d.lastSeenAt)}`}</Text>
        </View>
      ) : (
        <Text className="txt muted block">还没有联系过</Text>
      )}
    </View>
  );
}
