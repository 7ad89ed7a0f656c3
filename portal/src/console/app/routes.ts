// The screens the app renders, one path each, loaded on first visit (each its own chunk). A screen's
// server route (portal/src/console/*.ts) still decides who may open it; the API decides what they see.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

export interface Screen {
  /** the page key: /console/<page>, and the nav entry it lights */
  page: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

export const SCREENS: readonly Screen[] = [
  { page: "township", title: "我的乡镇", component: lazy(() => import("./screens/Township.tsx")) },
  { page: "dispatch", title: "每月调度", component: lazy(() => import("./screens/Dispatch.tsx")) },
  { page: "panels", title: "用户信息传输装置", component: lazy(() => import("./screens/Panels.tsx")) },
  { page: "county", title: "全县消防物联态势", component: lazy(() => import("./screens/County.tsx")) },
];

export function screenAt(pathname: string): Screen | null {
  const m = /^\/console\/([a-z-]+)\/?$/.exec(pathname);
  return (m && SCREENS.find((s) => s.page === m[1])) ?? null;
}
