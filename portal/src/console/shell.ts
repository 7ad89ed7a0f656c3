// The staff console's page shell: a top bar with the places this role may go, the page, its scripts.
// Laid out for a 1366x768 office screen; on a wall display (wider than 2200 px) everything scales up.
import { html, raw, type Html } from "../server/render/html.ts";
import type { Role } from "../../../api/src/modules/auth/principal.ts";

export type ConsolePage =
  "board" | "roster" | "places" | "devices" | "import" | "company" | "county" | "monthly" | "facilities";

const NAV: { key: ConsolePage; label: string; roles: readonly Role[] }[] = [
  { key: "board", label: "实时报警", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "FIRE_SUPERVISOR", "ADMIN"] },
  { key: "roster", label: "值班表", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"] },
  { key: "company", label: "本公司概况", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF"] },
  { key: "places", label: "小区住户", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"] },
  { key: "devices", label: "设备健康", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "FIRE_SUPERVISOR", "ADMIN"] },
  {
    key: "facilities",
    label: "消防设施",
    roles: [
      "PROPERTY_MANAGER",
      "PROPERTY_STAFF",
      "FIRE_SUPERVISOR",
      "ADMIN",
      "UNIT_RESPONSIBLE",
      "UNIT_MANAGER",
      "UNIT_SAFETY_OFFICER",
      "CONTROL_ROOM_OPERATOR",
      "CENTRE_OPERATOR",
    ],
  },
  { key: "import", label: "批量导入", roles: ["PROPERTY_MANAGER", "PROPERTY_STAFF", "ADMIN"] },
  { key: "county", label: "全县态势", roles: ["FIRE_SUPERVISOR", "ADMIN"] },
  { key: "monthly", label: "月度报告", roles: ["PROPERTY_MANAGER", "FIRE_SUPERVISOR", "ADMIN"] },
];

export const ROLE_LABEL: Partial<Record<Role, string>> = {
  PROPERTY_MANAGER: "物业经理",
  PROPERTY_STAFF: "物业人员",
  FIRE_SUPERVISOR: "消防监督",
  ADMIN: "管理员",
};

export interface Viewer {
  name: string;
  role: Role;
}

export const mayOpen = (page: ConsolePage, role: Role): boolean =>
  NAV.some((n) => n.key === page && n.roles.includes(role));

/** The first page of a role: the live board for companies, the county for the brigade. */
export function homeOf(role: Role): ConsolePage | null {
  if (role === "FIRE_SUPERVISOR") return "county";
  return NAV.find((n) => n.roles.includes(role))?.key ?? null;
}

export function shell(opts: {
  title: string;
  page: ConsolePage;
  viewer: Viewer;
  body: Html;
  scripts?: string[];
  styles?: string[];
  refreshSec?: number;
}): string {
  const nav = NAV.filter((n) => n.roles.includes(opts.viewer.role));
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${opts.refreshSec ? html`<meta http-equiv="refresh" content="${opts.refreshSec}">` : ""}
<title>${opts.title} · 安心消防管理台</title>
<link rel="stylesheet" href="/console/assets/console.css">
${(opts.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}">`)}
</head>
<body data-page="${opts.page}">
<header class="bar">
  <strong class="brand">安心消防 · 管理台</strong>
  <nav>${nav.map((n) => html`<a href="/console/${n.key}"${n.key === opts.page ? raw(' aria-current="page"') : ""}>${n.label}</a>`)}</nav>
  <span class="who">${opts.viewer.name}（${ROLE_LABEL[opts.viewer.role] ?? opts.viewer.role}）</span>
  <form method="post" action="/console/logout"><button type="submit" class="link">退出</button></form>
</header>
<main id="main">
<h1>${opts.title}</h1>
${opts.body}
</main>
${(opts.scripts ?? []).map((s) => html`<script src="${s}"${s.includes("/app/") ? raw(' type="module"') : ""}></script>`)}
</body>
</html>`.value;
}
