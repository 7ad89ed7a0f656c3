import { useState } from "react";
import Taro from "@tarojs/taro";
import { Button, Text, View } from "@tarojs/components";
import { Screen } from "@/components/Screen";
import { SubscribePrompt } from "@/components/SubscribePrompt";
import { formatTime } from "@/services/format";
import { CHECKLIST, daysUntilNextTest } from "@/services/safety";

const LAST_TEST_KEY = "anxin.lastMonthlyTest";
const CHECK_KEY = "anxin.safetyChecklist";

function read<T>(key: string, fallback: T): T {
  try {
    const v = Taro.getStorageSync(key);
    return (v === "" || v === undefined || v === null ? fallback : v) as T;
  } catch {
    return fallback;
  }
}

/** 每月测试和安全自查. */
export default function SafetyPage() {
  const [lastTest, setLastTest] = useState<string | null>(() => read<string | null>(LAST_TEST_KEY, null));
  const [checked, setChecked] = useState<number[]>(() => read<number[]>(CHECK_KEY, []));
  const days = daysUntilNextTest(lastTest);

  function markTested() {
    const iso = new Date().toISOString();
    Taro.setStorageSync(LAST_TEST_KEY, iso);
    setLastTest(iso);
  }

  function toggle(i: number) {
    const next = checked.includes(i) ? checked.filter((x) => x !== i) : [...checked, i];
    Taro.setStorageSync(CHECK_KEY, next);
    setChecked(next);
  }

  return (
    <Screen back>
      <Text className="title">每月测试</Text>
      <View className={`card ${days !== null && days > 0 ? "card-ok" : "card-danger"}`} data-testid="monthly-test">
        {lastTest ? (
          <Text className="txt-lg block">{`上次测试：${formatTime(lastTest)}`}</Text>
        ) : (
          <Text className="txt-lg block">还没有记录测试</Text>
        )}
        <Text className="txt-lg bold block">
          {days === null ? "请现在测试一次" : days > 0 ? `${days}天后再测试` : "该测试了！"}
        </Text>
        <Text className="txt block">按住报警器中间的按钮3秒，听到响声就说明正常。响声会通知家人“是测试”。</Text>
      </View>
      <Button className="btn btn-primary" onClick={markTested}>
        我已经测试过了
      </Button>
      <SubscribePrompt
        topic="reminder"
        title="每月提醒我测试"
        action="开启每月提醒"
        reason="一个月后，我们发一条微信提醒您按一下报警器的测试键。"
      />

      <Text className="section">{`家庭消防安全自查（${checked.length}/${CHECKLIST.length}）`}</Text>
      {CHECKLIST.map((item, i) => (
        <View
          key={i}
          className={`check ${checked.includes(i) ? "check-on" : ""}`}
          role="checkbox"
          aria-checked={checked.includes(i) ? "true" : "false"}
          onClick={() => toggle(i)}
        >
          <Text className="check-box">{checked.includes(i) ? "✓" : ""}</Text>
          <Text>{item}</Text>
        </View>
      ))}
    </Screen>
  );
}
