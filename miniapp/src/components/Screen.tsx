import type { ReactNode } from "react";
import { View } from "@tarojs/components";
import { useAppState } from "@/services/store";

/** Page frame: applies elderly mode (larger type, stronger contrast) to everything inside. */
export function Screen(props: { children: ReactNode; className?: string; tone?: "alarm" }) {
  const elder = useAppState((s) => s.elderlyMode);
  const cls = ["screen", elder ? "elder" : "", props.tone === "alarm" ? "screen-alarm" : "", props.className ?? ""]
    .filter(Boolean)
    .join(" ");
  return <View className={cls}>{props.children}</View>;
}
