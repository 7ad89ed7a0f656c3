import { Text, View } from "@tarojs/components";
import { batteryLabel, deviceLabel, signalLabel, timeAgo } from "@/services/format";
import type { DeviceSummary } from "@/services/types";
import { StatusBadge } from "./StatusBadge";

export function DeviceCard(props: { device: DeviceSummary; onOpen?: (id: string) => void }) {
  const d = props.device;
  return (
    <View
      className={`card device-card ${d.state === "alarm" ? "card-danger" : ""}`}
      data-testid={`device-${d.id}`}
      onClick={() => props.onOpen?.(d.id)}
    >
      <View className="row between">
        <Text className="txt-lg bold">{deviceLabel(d)}</Text>
        <StatusBadge state={d.state} />
      </View>
      <View className="row wrap">
        <Text className="txt muted gap-item">{`电量 ${batteryLabel(d.battery)}`}</Text>
        <Text className="txt muted gap-item">{`信号 ${signalLabel(d.rssi)}`}</Text>
        <Text className="txt muted">{`上次联系 ${timeAgo(d.lastSeenAt)}`}</Text>
      </View>
    </View>
  );
}
