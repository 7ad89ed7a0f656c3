// The staff console's page shell: a top bar with the places this role may go, the page, its scripts.
// Laid out for a 1366x768 office screen; on a wall display (wider than 2200 px) everything scales up.
import { html, raw, type Html } from "../server/render/html.ts";
import type { Role } from "@anxin/api";
import { inRoleSet, ROLE_SETS } from "@anxin/contract/roles";
import { STAFF_ROLE_LABEL } from "@anxin/contract/labels";

export type ConsolePage =
  | "board"
  | "roster"
  | "places"
  | "devices"
  | "import"
  | "company"
  | "county"
  | "monthly"
  | "units"
  | "invites"
  | "accounts"
  | "accept-invite"
  | "panels"
  | "command"
  | "confirm"
  | "hazards"
  | "patrols"
  | "facilities"
  | "rollout"
  | "acceptance"
  | "cameras"
  | "content"
  | "dispatch"
  | "township"
  | "centres";

const NAV: { key: ConsolePage; label: string; roles: readonly Role[] }[] = [
  // a township coordinator's own township: communities, coverage, alarms, centres (issue 14)
  { key: "township", label: "我的乡镇", roles: ROLE_SETS.townshipCoordinator },
  { key: "board", label: "实时报警", roles: ROLE_SETS.devicesBoard },
  { key: "roster", label: "值班表", roles: ROLE_SETS.propertyDesk },
  { key: "company", label: "本公司概况", roles: ROLE_SETS.propertyCompany },
  { key: "places", label: "小区住户", roles: ROLE_SETS.propertyDesk },
  { key: "devices", label: "设备健康", roles: ROLE_SETS.devicesBoard },
  // everyone with a unit scope (api unit-scope.ts): the units page lists what each may see
  { key: "units", label: "联网单位", roles: ROLE_SETS.unitViewers },
  { key: "invites", label: "人员与邀请", roles: ROLE_SETS.invitePages },
  // any single staff account the county's administrator or the programme office manages (app/screens/Accounts.tsx)
  { key: "accounts", label: "账号管理", roles: ROLE_SETS.countySetup },
  { key: "facilities", label: "消防设施", roles: ROLE_SETS.facilityViewers },
  { key: "import", label: "批量导入", roles: ROLE_SETS.importers },
  { key: "county", label: "全县态势", roles: ROLE_SETS.county },
  { key: "monthly", label: "月度报告", roles: ROLE_SETS.countyAndPropertyManager },
  { key: "panels", label: "传输装置", roles: ROLE_SETS.panelPages },
  { key: "command", label: "指挥大屏", roles: ROLE_SETS.commandView },
  { key: "confirm", label: "火警确认", roles: ROLE_SETS.fireConfirmers },
  // property company people too: the hazards residents report in their communities
  { key: "hazards", label: "隐患整改", roles: ROLE_SETS.hazardPages },
  { key: "patrols", label: "巡查情况", roles: ROLE_SETS.inspectionPages },
  // the roll-out programme and three-party acceptance (issue 19 part A)
  { key: "rollout", label: "推进计划", roles: ROLE_SETS.rolloutPages },
  { key: "acceptance", label: "验收", roles: ROLE_SETS.acceptancePages },
  { key: "cameras", label: "摄像头", roles: ROLE_SETS.facilityViewers },
  { key: "dispatch", label: "每月调度", roles: ROLE_SETS.dispatchViewers },
  // experience centres: details, weekly templates, closures, sessions (issue 14; the roles of bookings.routes.ts)
  { key: "centres", label: "体验馆", roles: ROLE_SETS.experienceCentre },
  // the education portal's articles, videos and quizzes through review (server-rendered, console-routes.ts)
  { key: "content", label: "科普内容", roles: ROLE_SETS.county },
];

/** the role beside the viewer's name: the contract's one word for it, as staff sheets and unit files say it */
export const ROLE_LABEL: Partial<Record<Role, string>> = STAFF_ROLE_LABEL;

export interface Viewer {
  name: string;
  role: Role;
}

/** The pages a role may open, in the bar's order (the React app's bar, from /console/session.json). */
export const navOf = (role: Role): { key: ConsolePage; label: string }[] =>
  NAV.filter((n) => n.roles.includes(role)).map((n) => ({ key: n.key, label: n.label }));

export const mayOpen = (page: ConsolePage, role: Role): boolean =>
  NAV.some((n) => n.key === page && n.roles.includes(role));

/**
 * The first page of a role: the live board for companies, the county for the brigade, the unit register
 * for everyone with a unit scope (a unit's own people land on their unit's file from there).
 */
export function homeOf(role: Role): ConsolePage | null {
  if (role === "FIRE_SUPERVISOR") return "county";
  // the two ends of a unit's fire signal (issue 17): the control room confirms, the centre watches the county
  if (role === "CONTROL_ROOM_OPERATOR") return "confirm";
  if (role === "CENTRE_OPERATOR") return "command";
  if (role === "TOWNSHIP_COORDINATOR") return "township";
  if (inRoleSet(ROLE_SETS.unitViewers, role) && role !== "ADMIN") return "units";
  return NAV.find((n) => n.roles.includes(role))?.key ?? null;
}

export function shell(opts: {
  title: string;
  page: ConsolePage;
  /** null on the pages for people not signed in yet (setting a password with an invitation) */
  viewer: Viewer | null;
  body: Html;
  scripts?: string[];
  styles?: string[];
}): string {
  const viewer = opts.viewer;
  const nav = viewer ? NAV.filter((n) => n.roles.includes(viewer.role)) : [];
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title} · 安心消防管理台</title>
<link rel="stylesheet" href="/console/assets/console.css">
${(opts.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
</head>
<body data-page="${opts.page}">
<header class="bar">
  <strong class="brand">安心消防 · 管理台</strong>
  <nav>${nav.map((n) => html`<a href="/console/${n.key}"${n.key === opts.page ? raw(' aria-current="page"') : ""}>${n.label}</a>`)}</nav>
  ${
    viewer
      ? html`<span class="who">${viewer.name}（${ROLE_LABEL[viewer.role] ?? viewer.role}）</span>
  <form method="post" action="/console/logout"><button type="submit" class="link">退出</button></form>`
      : html`<a class="link" href="/console/login">登录</a>`
  }
</header>
<main id="main">
<h1>${opts.title}</h1>
${opts.body}
</main>
${(opts.scripts ?? []).map((s) => html`<script src="${s}"${s.includes("/app/") ? raw(' type="module"') : ""}></script>`)}
</body>
</html>`.value;
}
