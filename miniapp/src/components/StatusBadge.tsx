import { Text } from "@tarojs/components";
import type { DeviceHealth } from "@/services/health";

/** A device's health in two to four characters (在守护, 还没联网, 失去联系, ...). */
export function StatusBadge(props: { health: DeviceHealth }) {
  return (
    <Text className={`badge badge-${props.health.tone}`} data-testid="device-health" data-health={props.health.key}>
      {props.health.label}
    </Text>
  );
}
