/**
 * The four tabs of the resident's app, shared by app.config.ts's tabBar list (which WeChat needs even for a
 * custom tab bar) and the custom tab bar drawn in the WeChat build (custom-tab-bar/index.tsx).
 */
export interface Tab {
  /** "/pages/home/index" */
  path: string;
  text: string;
  /** a large picture beside the word, read by nobody (the word is the label) */
  icon: string;
}

export const TABS: readonly Tab[] = [
  { path: "/pages/home/index", text: "首页", icon: "🏠" },
  { path: "/pages/alarm/index", text: "报警", icon: "🔔" },
  { path: "/pages/bind/index", text: "绑定", icon: "➕" },
  { path: "/pages/me/index", text: "我的", icon: "👤" },
];

/** Which tab a page route ("pages/me/index", "/pages/me/index?x=1") belongs to, or -1. */
export function tabIndexOf(route: string | undefined | null): number {
  if (!route) return -1;
  const path = `/${route.replace(/^\/+/, "").split("?")[0]}`;
  return TABS.findIndex((t) => t.path === path);
}
