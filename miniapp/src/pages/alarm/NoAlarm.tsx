import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { homeHealth } from "@/services/health";
import { deviceLabel, formatTime, kindLabel } from "@/services/format";
import { ROUTES } from "@/services/session";
import type { AlarmSummary, HouseholdSummary } from "@anxin/contract";

/**
 * No alarm open: says so, and whether the home is really protected (issue 22 item 4: not "守护" when the
 * alarms never connected or lost contact). Before the homes have loaded it promises nothing.
 */
export function NoAlarm(props: { homes: HouseholdSummary[] | null; history: AlarmSummary[] }) {
  const raw = props.homes ? homeHealth(props.homes.flatMap((h) => h.devices)) : null;
  // a device still sensing smoke after its alarm was ended (by someone on site): say that, not "正在报警"
  const health =
    raw?.key === "alarm"
      ? { ...raw, title: "有报警器还测到烟雾", detail: "报警已经结束，但它还测到烟雾：请确认家里安全。" }
      : raw;
  const good = !health || health.key === "protected";
  return (
    <View>
      <View
        className={`card ${good ? "card-ok" : "card-danger"}`}
        data-testid="no-alarm"
        data-health={health?.key ?? "unknown"}
      >
        <Text className="txt-xl bold ok-text block">目前没有报警</Text>
        {health && (
          <Text className="txt-lg bold block" data-testid="home-health-title">
            {health.title}
          </Text>
        )}
        {health && <Text className="txt block">{health.detail}</Text>}
        {/* only what reaches us can show here: no promise for alarms that never connected */}
        {(!health || health.key === "protected") && <Text className="txt block">一有报警，这里会马上显示。</Text>}
        {health?.key === "partly" && <Text className="txt block">在守护的报警器一有报警，这里会马上显示。</Text>}
        {health?.key === "none" && (
          <Button className="btn btn-primary mt" onClick={() => Taro.switchTab({ url: ROUTES.bind })}>
            绑定报警器
          </Button>
        )}
        {health && (health.key === "partly" || health.key === "unprotected") && (
          <Button className="btn btn-primary mt" onClick={() => Taro.switchTab({ url: ROUTES.home })}>
            看看是哪个报警器
          </Button>
        )}
      </View>
      {props.history.length > 0 && (
        <View>
          <Text className="section">最近的报警</Text>
          {props.history.map((a) => (
            <View key={a.id} className="card">
              <Text className="txt-lg bold block">{kindLabel(a.kind)}</Text>
              <Text className="txt block">{deviceLabel(a.device)}</Text>
              <Text className="txt muted block">{formatTime(a.startedAt)}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
