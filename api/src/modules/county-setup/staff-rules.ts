// What a staff account's role needs to be scoped (a company, a township, a sector, a service company, an
// experience centre, or units), who may create and so manage which accounts, and the rules for a password a
// person sets for themselves.
import type { PrismaNs, ServiceCompanyKind, StaffRole } from "../../db/client.ts";
import { UNIT_TEAM_INVITES } from "../../contract/roles.ts";
import type { UnitPrincipal } from "../units/index.ts";
import { STAFF_ROLE_LABELS } from "./setup-fields.ts";

export type ScopeField = "propertyCompanyId" | "townshipId" | "sector" | "serviceCompanyId" | "unitIds";

export const SCOPE_FIELD_LABELS: Readonly<Record<ScopeField, string>> = {
  propertyCompanyId: "物业公司",
  townshipId: "乡镇/街道",
  sector: "行业主管部门",
  serviceCompanyId: "服务单位",
  unitIds: "所属单位",
};

/** The one scope field a role needs, or null for roles that see the county (or a centre, for centre staff). */
export const ROLE_SCOPE: Readonly<Record<StaffRole, ScopeField | null>> = {
  PROPERTY_MANAGER: "propertyCompanyId",
  PROPERTY_STAFF: "propertyCompanyId",
  TOWNSHIP_COORDINATOR: "townshipId",
  CENTRE_STAFF: null,
  FIRE_SUPERVISOR: null,
  ADMIN: null,
  UNIT_RESPONSIBLE: "unitIds",
  UNIT_MANAGER: "unitIds",
  UNIT_SAFETY_OFFICER: "unitIds",
  CONTROL_ROOM_OPERATOR: "unitIds",
  SECTOR_REGULATOR: "sector",
  MAINTENANCE_TECH: "serviceCompanyId",
  INSTALLER: "serviceCompanyId",
  CENTRE_OPERATOR: null,
  PROGRAMME_OFFICE: null,
};

export const MAX_UNITS_PER_ACCOUNT = 50;

export interface StaffScope {
  propertyCompanyId: string | null;
  townshipId: string | null;
  sector: string | null;
  serviceCompanyId: string | null;
  unitIds: readonly string[];
}

/**
 * What is wrong with a role's scope: the field it needs is missing, or a field it does not use is filled
 * (a likely mistake in a sheet: an operator given a township instead of a unit). Empty when fine.
 */
export function scopeProblems(role: StaffRole, s: StaffScope): { field: ScopeField; reason: string }[] {
  const need = ROLE_SCOPE[role];
  const out: { field: ScopeField; reason: string }[] = [];
  const filled = (f: ScopeField) => (f === "unitIds" ? s.unitIds.length > 0 : s[f] !== null);
  if (need && !filled(need))
    out.push({ field: need, reason: `角色“${STAFF_ROLE_LABELS[role]}”必须填写${SCOPE_FIELD_LABELS[need]}` });
  for (const f of Object.keys(SCOPE_FIELD_LABELS) as ScopeField[])
    if (f !== need && filled(f))
      out.push({ field: f, reason: `角色“${STAFF_ROLE_LABELS[role]}”不需要填写${SCOPE_FIELD_LABELS[f]}` });
  if (s.unitIds.length > MAX_UNITS_PER_ACCOUNT)
    out.push({ field: "unitIds", reason: `一个账号最多关联 ${MAX_UNITS_PER_ACCOUNT} 个单位` });
  return out;
}

/**
 * An experience centre's staff work at one centre (bookings' CentreStaff, outside the account row): chosen
 * when the account is made one at a time. Why a centre given or left out will not do, or null.
 */
export function centreProblem(role: StaffRole, centreId: string | null): string | null {
  if (role === "CENTRE_STAFF" && !centreId) return `角色“${STAFF_ROLE_LABELS[role]}”必须选择体验馆`;
  if (role !== "CENTRE_STAFF" && centreId) return `角色“${STAFF_ROLE_LABELS[role]}”不需要选择体验馆`;
  return null;
}

/** The one thing a role's account is scoped by when made one at a time: ROLE_SCOPE, and a centre's staff their centre. */
export function accountScopeOf(role: StaffRole): ScopeField | "centreId" | null {
  return role === "CENTRE_STAFF" ? "centreId" : ROLE_SCOPE[role];
}

/** A maintenance technician works for a maintenance company, an installer for an installation company. */
export function serviceCompanyFits(role: StaffRole, kind: ServiceCompanyKind): boolean {
  if (role === "MAINTENANCE_TECH") return kind === "MAINTENANCE" || kind === "BOTH";
  if (role === "INSTALLER") return kind === "INSTALLER" || kind === "BOTH";
  return false;
}

// the responsible person names the unit's manager, safety officers and control-room operators; the manager
// the last two (the contract's table, which the console's invitation form offers)
const UNIT_TEAM: Partial<Record<StaffRole, readonly StaffRole[]>> = {
  UNIT_RESPONSIBLE: UNIT_TEAM_INVITES.UNIT_RESPONSIBLE,
  UNIT_MANAGER: UNIT_TEAM_INVITES.UNIT_MANAGER,
};

/**
 * Who may create an account of a role: an admin any; the programme office any but admin; a unit's
 * responsible person or manager their own units' team; a property manager their own company's staff.
 */
export function mayCreate(actor: UnitPrincipal, role: StaffRole, scope: StaffScope): boolean {
  if (actor.kind !== "staff" || !actor.active || actor.role === "RESIDENT") return false;
  if (actor.role === "ADMIN") return true;
  if (actor.role === "PROGRAMME_OFFICE") return role !== "ADMIN";
  const team = UNIT_TEAM[actor.role];
  // a unit's people manage accounts of their own units only: an account of no unit (its units taken away) is
  // the administrator's, or any unit's responsible person could give it a new code and take it over
  if (team)
    return team.includes(role) && scope.unitIds.length > 0 && scope.unitIds.every((u) => actor.unitIds.includes(u));
  if (actor.role === "PROPERTY_MANAGER")
    return (
      role === "PROPERTY_STAFF" &&
      actor.propertyCompanyId !== null &&
      scope.propertyCompanyId === actor.propertyCompanyId
    );
  return false;
}

/**
 * The accounts `mayCreate` lets the actor manage, as a database filter (the accounts list, 账号管理): the same
 * rule, so the list shows exactly the accounts whose stop, restore and new code the actor is allowed. Null:
 * none. tests/api/accounts.test.ts holds the two to agreeing on every demo account.
 */
export function manageableWhere(actor: UnitPrincipal): PrismaNs.StaffUserWhereInput | null {
  if (actor.kind !== "staff" || !actor.active || actor.role === "RESIDENT") return null;
  if (actor.role === "ADMIN") return {};
  if (actor.role === "PROGRAMME_OFFICE") return { role: { not: "ADMIN" } };
  const team = UNIT_TEAM[actor.role];
  // at least one unit, and every one of them the actor's, as in mayCreate
  if (team)
    return {
      role: { in: [...team] },
      AND: [{ units: { some: {} } }, { units: { every: { unitId: { in: [...actor.unitIds] } } } }],
    };
  if (actor.role === "PROPERTY_MANAGER" && actor.propertyCompanyId !== null)
    return { role: "PROPERTY_STAFF", propertyCompanyId: actor.propertyCompanyId };
  return null;
}

// ---- passwords a person sets with their invitation ----

export const PASSWORD_MIN = 8;
// the sign-in route accepts at most 128 characters (transport/http/routes/auth.routes.ts)
export const PASSWORD_MAX = 128;

// The most common passwords of Chinese leak lists (top of the CSDN/163 lists); guessed first by anyone
const COMMON = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "11111111",
  "88888888",
  "66666666",
  "00000000",
  "12341234",
  "87654321",
  "password",
  "password1",
  "qwertyui",
  "qwerty123",
  "a1234567",
  "a12345678",
  "abc12345",
  "abcd1234",
  "1qaz2wsx",
  "admin123",
  "woaini1314",
  "iloveyou",
  "asdfghjk",
  "zxcvbnm1",
  "aa123456",
  "123456aa",
  "qq123456",
]);

/** Why a password will not do, in words for the person choosing it; null when it will. */
export function passwordProblem(password: string, username: string): string | null {
  const n = [...password].length;
  if (n < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 位`;
  if (n > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 位`;
  if ([...password].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return "密码不能包含控制字符";
  const kinds = [/[A-Za-z]/, /\d/, /[^A-Za-z\d]/].filter((r) => r.test(password)).length;
  if (kinds < 2) return "密码要同时包含字母、数字、符号中的至少两种";
  if (new Set(password).size <= 2) return "密码太简单，请不要只用一两个字符重复";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "这个密码太常见，很容易被猜到，请换一个";
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return "密码不能包含用户名";
  return null;
}
