// The screens the app renders, one address pattern each, loaded on first visit (each its own chunk). A
// screen's server route (portal/src/console/*.ts) still decides who may open it; the API decides what
// they see.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

export interface Screen {
  /** the nav entry it lights and whose roles may open it (/console/session.json) */
  page: string;
  /** the address: /console/<page> unless given */
  path: RegExp;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

const at = (page: string) => new RegExp(`^/console/${page}/?$`);

export const SCREENS: readonly Screen[] = [
  { page: "board", path: at("board"), title: "实时报警", component: lazy(() => import("./screens/Board.tsx")) },
  {
    page: "township",
    path: at("township"),
    title: "我的乡镇",
    component: lazy(() => import("./screens/Township.tsx")),
  },
  { page: "hazards", path: at("hazards"), title: "隐患整改", component: lazy(() => import("./screens/Hazards.tsx")) },
  {
    page: "hazards",
    path: /^\/console\/hazards\/[^/]{1,64}\/?$/,
    title: "隐患",
    component: lazy(() => import("./screens/Hazard.tsx")),
  },
  {
    page: "patrols",
    path: at("patrols"),
    title: "巡查完成情况",
    component: lazy(() => import("./screens/Patrols.tsx")),
  },
  {
    page: "dispatch",
    path: at("dispatch"),
    title: "每月调度",
    component: lazy(() => import("./screens/Dispatch.tsx")),
  },
  {
    page: "panels",
    path: at("panels"),
    title: "用户信息传输装置",
    component: lazy(() => import("./screens/Panels.tsx")),
  },
  {
    page: "county",
    path: at("county"),
    title: "全县消防物联态势",
    component: lazy(() => import("./screens/County.tsx")),
  },
  { page: "centres", path: at("centres"), title: "体验馆管理", component: lazy(() => import("./screens/Centres.tsx")) },
  { page: "roster", path: at("roster"), title: "值班表", component: lazy(() => import("./screens/Roster.tsx")) },
  { page: "confirm", path: at("confirm"), title: "火警确认", component: lazy(() => import("./screens/Confirm.tsx")) },
  { page: "rollout", path: at("rollout"), title: "推进计划", component: lazy(() => import("./screens/Rollout.tsx")) },
  {
    page: "rollout",
    path: /^\/console\/rollout\/[A-Z]{1,16}\/[^/]{1,64}\/?$/,
    title: "推进情况",
    component: lazy(() => import("./screens/RolloutSubject.tsx")),
  },
  {
    page: "acceptance",
    path: at("acceptance"),
    title: "验收",
    component: lazy(() => import("./screens/Acceptances.tsx")),
  },
  {
    page: "acceptance",
    path: /^\/console\/acceptance\/[^/]{1,64}\/?$/,
    title: "验收",
    component: lazy(() => import("./screens/Acceptance.tsx")),
  },
  { page: "units", path: at("units"), title: "联网单位", component: lazy(() => import("./screens/Units.tsx")) },
  {
    page: "units",
    path: /^\/console\/units\/[^/]{1,64}\/?$/,
    title: "单位档案",
    component: lazy(() => import("./screens/Unit.tsx")),
  },
  {
    page: "invites",
    path: at("invites"),
    title: "单位人员与邀请",
    component: lazy(() => import("./screens/Invites.tsx")),
  },
  {
    page: "accounts",
    path: at("accounts"),
    title: "账号管理",
    component: lazy(() => import("./screens/Accounts.tsx")),
  },
  {
    page: "facilities",
    path: at("facilities"),
    title: "消防设施",
    component: lazy(() => import("./screens/Facilities.tsx")),
  },
  { page: "cameras", path: at("cameras"), title: "摄像头", component: lazy(() => import("./screens/Cameras.tsx")) },
  {
    page: "cameras",
    path: /^\/console\/cameras\/[^/]{1,64}\/?$/,
    title: "摄像头",
    component: lazy(() => import("./screens/Camera.tsx")),
  },
  {
    page: "company",
    path: at("company"),
    title: "本公司概况",
    component: lazy(() => import("./screens/Company.tsx")),
  },
  {
    page: "monthly",
    path: at("monthly"),
    title: "月度消防物联进展报告",
    component: lazy(() => import("./screens/Monthly.tsx")),
  },
  {
    page: "places",
    path: at("places"),
    title: "小区住户与设备",
    component: lazy(() => import("./screens/Places.tsx")),
  },
  { page: "devices", path: at("devices"), title: "设备健康", component: lazy(() => import("./screens/Devices.tsx")) },
  { page: "import", path: at("import"), title: "批量导入", component: lazy(() => import("./screens/Import.tsx")) },
];

export function screenAt(pathname: string): Screen | null {
  return SCREENS.find((s) => s.path.test(pathname)) ?? null;
}
