import { useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import { Message } from "@/components/Message";
import type { Action } from "@/hooks/useAction";
import { RESOLUTION_LABEL } from "@/services/format";
import type { AlarmResolution } from "@anxin/contract";

/**
 * Ending the alarm: 误报 / 是测试 for a fire, 已处理好 for a device problem; each asks once more and says what
 * will happen. While the sensor still sees heavy smoke a fire cannot be called a false alarm or a test (the API
 * refuses it too): the screen says why instead of offering the buttons. Keyed by alarm, so a new alarm starts
 * with no question open.
 */
export function Resolve(props: {
  fire: boolean;
  smokeHigh: boolean;
  action: Action;
  onResolve: (resolution: AlarmResolution) => void;
}) {
  const [confirming, setConfirming] = useState<AlarmResolution | null>(null);
  const { fire, smokeHigh, action } = props;

  if (fire && smokeHigh) {
    return (
      <View className="card" data-testid="smoke-still-high">
        <Text className="txt-lg bold block">报警器还测到很浓的烟</Text>
        <Text className="txt block">
          现在不能按“误报”或“测试”结束报警。请先离开并确认安全，着火了请拨打119。烟散了以后，这里可以结束报警。
        </Text>
      </View>
    );
  }

  if (confirming) {
    const word = RESOLUTION_LABEL[confirming];
    return (
      <View className="card" data-testid="confirm-resolve">
        <Text className="txt-lg bold block">{fire ? `确定是${word}吗？` : "确定已经处理好了吗？"}</Text>
        <Text className="txt block mb">报警会结束，家人和物业不会再收到通知。</Text>
        <Button
          className="btn btn-danger"
          disabled={action.busy || undefined}
          onClick={() => props.onResolve(confirming)}
        >
          {fire ? `是${word}，结束报警` : "已处理好，结束报警"}
        </Button>
        <Message action={action} at="resolve" />
        <Button className="btn btn-plain" onClick={() => setConfirming(null)}>
          返回，不结束
        </Button>
      </View>
    );
  }

  return fire ? (
    <View className="row between">
      <Button className="btn btn-plain btn-half" onClick={() => setConfirming("FALSE_ALARM")}>
        误报
      </Button>
      <Button className="btn btn-plain btn-half" onClick={() => setConfirming("TEST")}>
        是测试
      </Button>
    </View>
  ) : (
    <Button className="btn btn-plain" onClick={() => setConfirming("DEVICE_FAULT")}>
      已处理好
    </Button>
  );
}
