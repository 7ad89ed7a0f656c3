import { useEffect, useState } from "react";
import { Button, Text, View } from "@tarojs/components";
import {
  loadTemplates,
  requestSubscription,
  subscribeSupported,
  type SubscribeResult,
  type SubscribeTopic,
} from "@/services/subscribe";

const RESULT_TEXT: Record<SubscribeTopic, Record<SubscribeResult, string>> = {
  alarm: {
    accepted: "已开启，下次报警会发微信提醒给您。",
    rejected: "您没有同意。报警时我们仍会发短信、打电话通知您和紧急联系人。",
    unsupported: "",
    not_configured: "提醒模板还没有配置，暂时不能开启微信提醒。",
    failed: "没有开启成功，请稍后再试。",
  },
  reminder: {
    accepted: "已开启，下个月到时候会提醒您测试。",
    rejected: "您没有同意。可以每月自己来这里记录一次测试。",
    unsupported: "",
    not_configured: "提醒模板还没有配置，暂时不能开启微信提醒。",
    failed: "没有开启成功，请稍后再试。",
  },
};

/**
 * Explains why we ask, then asks for subscribe-message consent on the resident's tap
 * (WeChat only; in H5 nothing is shown). The template ids are loaded first, so the tap itself
 * calls wx.requestSubscribeMessage, as WeChat requires.
 */
export function SubscribePrompt(props: { reason: string; topic?: SubscribeTopic; title?: string; action?: string }) {
  const topic = props.topic ?? "alarm";
  const [tmplId, setTmplId] = useState<string | null | undefined>(undefined);
  const [result, setResult] = useState<SubscribeResult | null>(null);

  useEffect(() => {
    if (!subscribeSupported) return;
    let live = true;
    void loadTemplates().then((t) => {
      if (live) setTmplId(t?.[topic] || null);
    });
    return () => {
      live = false;
    };
  }, [topic]);

  if (!subscribeSupported) return null;
  return (
    <View className="card card-info" data-testid="subscribe-prompt">
      <Text className="txt-lg bold block">{props.title ?? "开启微信报警提醒"}</Text>
      <Text className="txt block">{props.reason}</Text>
      <Text className="txt muted block">微信规定：每条提醒都需要您点一次“允许”。点得越多，能收到的提醒越多。</Text>
      {result ? (
        <Text className="txt block" data-testid="subscribe-result">
          {RESULT_TEXT[topic][result]}
        </Text>
      ) : tmplId === null ? (
        <Text className="txt block">{RESULT_TEXT[topic].not_configured}</Text>
      ) : (
        <Button
          className="btn btn-primary"
          disabled={tmplId === undefined || undefined}
          onClick={async () => {
            // still loading the template id: a tap now cannot ask for anything (a disabled button may still report taps)
            if (!tmplId) return;
            setResult(await requestSubscription([tmplId]));
          }}
        >
          {props.action ?? "开启报警提醒"}
        </Button>
      )}
    </View>
  );
}
