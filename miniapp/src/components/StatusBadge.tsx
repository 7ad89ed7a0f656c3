import { Text } from "@tarojs/components";
import { stateLabel } from "@/services/format";
import type { DeviceState } from "@/services/types";

export function StatusBadge(props: { state: DeviceState | string }) {
  const { text, tone } = stateLabel(props.state);
  return <Text className={`badge badge-${tone}`}>{text}</Text>;
}
