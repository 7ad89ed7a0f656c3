import { useEffect, useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { useAppState } from "@/services/store";
import { TABS, tabIndexOf } from "./tabs";
import "./index.css";

/** The route of the top-most page that has one (the page this tab bar instance belongs to), or "". */
function currentRoute(): string {
  try {
    const pages = Taro.getCurrentPages() as { route?: string; path?: string }[];
    for (let i = pages.length - 1; i >= 0; i--) {
      const route = pages[i]?.route ?? pages[i]?.path;
      if (route) return route;
    }
    return "";
  } catch {
    return "";
  }
}

/**
 * The WeChat build's tab bar (app.config.ts: tabBar.custom), drawn by us because WeChat's own has a fixed
 * size: in elderly mode it grows with the pages (taller, larger pictures and words, black on white and the
 * current tab white on a dark red, both above 7:1; issue 22 item 5). WeChat makes one instance per tab page,
 * so the current tab is the page on top when it is made. The H5 build keeps Taro's tab bar, which app.css
 * grows in elderly mode.
 */
export default function CustomTabBar() {
  const elder = useAppState((s) => s.elderlyMode);
  const [selected, setSelected] = useState(() => tabIndexOf(currentRoute()));

  // once more after the first render: should WeChat make the bar before its page is on the stack
  useEffect(() => {
    const timer = setTimeout(() => {
      const i = tabIndexOf(currentRoute());
      if (i >= 0) setSelected(i);
    });
    return () => clearTimeout(timer);
  }, []);

  const go = (i: number) => {
    const tab = TABS[i]!;
    setSelected(i);
    Taro.switchTab({ url: tab.path }).catch(() => undefined);
  };

  return (
    <View className={`tab-bar${elder ? " tab-bar-elder" : ""}`} role="navigation" aria-label="主菜单">
      {TABS.map((t, i) => (
        <View
          key={t.path}
          className={`tab-item${i === selected ? " tab-item-on" : ""}`}
          role="link"
          aria-current={i === selected ? "page" : undefined}
          data-testid={`tab-${i}`}
          onClick={() => go(i)}
        >
          <Text className="tab-icon" aria-hidden>
            {t.icon}
          </Text>
          <Text className="tab-text">{t.text}</Text>
        </View>
      ))}
    </View>
  );
}
