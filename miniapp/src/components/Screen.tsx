import type { ReactNode } from "react";
import Taro from "@tarojs/taro";
import { Button, View } from "@tarojs/components";
import { isH5, isWeapp } from "@/services/platform";
import { useAppState } from "@/services/store";

const HOME = "/pages/home/index";

function stackDepth(): number {
  try {
    return Taro.getCurrentPages().length;
  } catch {
    return 0;
  }
}

/** Back to the page before, or to 首页 when this page was opened directly (a link, a reload). */
export function goBack(): void {
  if (stackDepth() > 1) Taro.navigateBack().catch(() => Taro.switchTab({ url: HOME }).catch(() => undefined));
  else Taro.switchTab({ url: HOME }).catch(() => undefined);
}

/**
 * Page frame: the page's main landmark, elderly mode (larger type, stronger contrast) for everything inside,
 * and on sub-pages in the browser a large 返回 button (WeChat draws its own back arrow in the title bar;
 * the browser build has none, issue 22 item 6).
 */
export function Screen(props: { children: ReactNode; className?: string; tone?: "alarm"; back?: boolean }) {
  const elder = useAppState((s) => s.elderlyMode);
  const cls = [
    "screen",
    isWeapp ? "screen-weapp" : "",
    elder ? "elder" : "",
    props.tone === "alarm" ? "screen-alarm" : "",
    props.className ?? "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <View className={cls} role="main">
      {props.back && isH5 && (
        <Button className="btn btn-back" onClick={goBack} data-testid="back">
          {stackDepth() > 1 ? "‹ 返回" : "‹ 回到首页"}
        </Button>
      )}
      {props.children}
    </View>
  );
}
