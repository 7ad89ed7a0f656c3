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
  { page: "centres", title: "体验馆管理", component: lazy(() => import("./screens/Centres.tsx")) },
  { page: "roster", title: "值班表", component: lazy(() => import("./screens/Roster.tsx")) },
  { page: "confirm", title: "火警确认", component: lazy(() => import("./screens/Confirm.tsx")) },
];

export function screenAt(pathname: string): Screen | null {
  const m = /^\/console\/([a-z-]+)\/?$/.exec(pathname);
  return (m && SCREENS.find((s) => s.page === m[1])) ?? null;
}
