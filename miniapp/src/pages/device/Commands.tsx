import { Text, View } from "@tarojs/components";
import { formatTime } from "@/services/format";
import type { DeviceCommandEntry } from "@anxin/contract";

const COMMAND_TEXT: Record<DeviceCommandEntry["type"], string> = {
  mute: "远程消音",
  self_test: "远程自检",
  set_heartbeat_interval: "修改联系间隔",
};

/** What became of a command, in the resident's words (device-commands.ts decides it). */
const OUTCOME: Record<DeviceCommandEntry["outcome"], { text: string; tone: "ok" | "warn" | "danger" | "muted" }> = {
  waiting: { text: "等待发出", tone: "warn" },
  sent: { text: "已发送，等报警器确认", tone: "warn" },
  done: { text: "报警器已执行", tone: "ok" },
  timeout: { text: "超时未确认", tone: "danger" },
  expired: { text: "没能及时发出，已取消", tone: "muted" },
  refused: { text: "未执行", tone: "danger" },
};

/**
 * 远程指令: the last commands sent to the device and what became of each. One sent and not answered in time is
 * final as 超时未确认: the resident knows not to wait for it and can try again.
 */
export function RecentCommands(props: { commands: readonly DeviceCommandEntry[] }) {
  if (!props.commands.length) return null;
  return (
    <View data-testid="device-commands">
      <Text className="section">远程指令</Text>
      {props.commands.map((c) => {
        const o = OUTCOME[c.outcome];
        return (
          <View key={c.id} className="list-item row between" data-testid={`command-${c.id}`}>
            <View>
              <Text className="txt-lg block">{COMMAND_TEXT[c.type]}</Text>
              <Text className="txt muted block">{formatTime(c.at)}</Text>
            </View>
            <Text className={`badge badge-${o.tone}`}>{o.text}</Text>
          </View>
        );
      })}
    </View>
  );
}
