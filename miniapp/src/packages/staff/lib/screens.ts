// Which staff screens a role may open. Each screen's roles are the API's own role sets
// (api/src/contract/roles.ts, the sets its routes declare as `access:`): the roles allowed by every route the
// screen cannot work without. So the menu offers what the server allows, by construction, and a role lands
// on the first screen it may use instead of a page that answers "您没有权限进行此操作".
import { ROLE_SETS, inRoleSet, type RoleName } from "@anxin/contract/roles";
import { defaultBaseUrl } from "@/services/http";
import { isH5 } from "@/services/platform";
import { ROUTES } from "@/services/session";
import { UNIT_ROUTES } from "./centre";

/** The roles in every one of these sets (a screen that needs several routes needs them all). */
export function allOf(first: readonly RoleName[], ...rest: (readonly RoleName[])[]): readonly RoleName[] {
  return first.filter((role) => rest.every((set) => set.includes(role)));
}

export type StaffScreenKey = "alarms" | "confirm" | "patrol" | "hazards" | "install" | "supervise" | "centreToday";

export interface StaffScreen {
  key: StaffScreenKey;
  /** the button's words in the menu */
  text: string;
  url: string;
  /** who may use it: the access of the API routes it calls */
  roles: readonly RoleName[];
}

/**
 * Every staff screen, in the order a role lands: the first one a role may use is where it goes after signing
 * in. The urgent screens come first (a community's alarms, a unit's fire signals waiting for a verdict).
 */
export const STAFF_SCREENS: readonly StaffScreen[] = [
  // GET /api/alarms?status=open (and &dispatchedTo=me)
  { key: "alarms", text: "小区报警", url: ROUTES.staffAlarms, roles: ROLE_SETS.residentsAndPlaceStaff },
  // GET /api/centre/board
  { key: "confirm", text: "火警确认", url: UNIT_ROUTES.confirm, roles: ROLE_SETS.centreWatchers },
  // GET /api/inspection/my-plans
  { key: "patrol", text: "防火巡查", url: ROUTES.staffPatrol, roles: ROLE_SETS.patrollers },
  // GET /api/hazards
  { key: "hazards", text: "隐患整改", url: UNIT_ROUTES.hazards, roles: ROLE_SETS.hazardReaders },
  // GET /api/communities, GET /api/communities/:id/households and POST /api/devices/bind
  {
    key: "install",
    text: "扫码安装设备",
    url: ROUTES.staffInstall,
    roles: allOf(ROLE_SETS.placeStaff, ROLE_SETS.residentsAndPropertyDesk),
  },
  // GET /api/units (the search) and POST /api/inspection/notices
  {
    key: "supervise",
    text: "监督检查",
    url: UNIT_ROUTES.supervise,
    roles: allOf(ROLE_SETS.unitViewers, ROLE_SETS.county),
  },
  // the booking subpackage's 今日场次 (GET /api/centre-staff/today): the experience centre's staff
  {
    key: "centreToday",
    text: "体验馆今日场次和验票",
    url: "/packages/booking/pages/today/index",
    roles: ROLE_SETS.centreStaffOnly,
  },
];

/** Whether this role may use the screen (a role the contract does not name may use none). */
export function mayUse(key: StaffScreenKey, role: string): boolean {
  const screen = STAFF_SCREENS.find((s) => s.key === key);
  return !!screen && inRoleSet(screen.roles, role);
}

/** The screens this role may use, in landing order. */
export function screensFor(role: string): StaffScreen[] {
  return STAFF_SCREENS.filter((s) => inRoleSet(s.roles, role));
}

/** Where this role lands after signing in, or null when no screen here is for it (see noScreenText). */
export function landingOf(role: string): string | null {
  return screensFor(role)[0]?.url ?? null;
}

/** Who may answer a fire signal (POST /api/centre/alarms/:id/verdict); others only watch the board. */
export function mayAnswerFire(role: string): boolean {
  return inRoleSet(ROLE_SETS.fireConfirmers, role);
}

/** The staff console's address (the same server as the API; in H5, this page's own). */
export function consoleUrl(): string {
  const origin = isH5 && typeof window !== "undefined" ? window.location.origin : defaultBaseUrl();
  return `${origin}/console`;
}

/** What a role with no screen here is told to use instead: the staff console on a computer. */
export function noScreenText(): string {
  return `这个账号的工作不在手机上办理。请用电脑浏览器打开安心消防工作台 ${consoleUrl()}，用同一个账号和密码登录。`;
}
