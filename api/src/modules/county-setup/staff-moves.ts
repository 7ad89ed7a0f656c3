// 修改所属, checked: which field an account may be moved by (the one scope its role is made with), why another
// is refused in words, and whether the move asked for is allowed. Apart from the update that carries it out
// (staff-changes.ts): what a role is moved by is a rule of its own, with its own words.
import type { Prisma, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { UnitPrincipal } from "../units/index.ts";
import type { StaffRow } from "./staff-view.ts";
import { STAFF_ROLE_LABELS } from "./setup-fields.ts";
import { SCOPE_FIELD_LABELS, accountScopeOf, centreProblem, mayCreate, type StaffScope } from "./staff-rules.ts";
import { centreOf, checkCentre, checkScopeRefs, scopeOfRow } from "./staff-refs.ts";

/** What an account is moved by (修改所属): the one scope its role is made with (accountScopeOf), but its units. */
const MOVE_FIELDS = ["propertyCompanyId", "townshipId", "sector", "serviceCompanyId", "centreId"] as const;
type MoveField = (typeof MOVE_FIELDS)[number];
const MOVE_LABELS: Readonly<Record<MoveField, string>> = { ...SCOPE_FIELD_LABELS, centreId: "体验馆" };

/** Why a role's account cannot be moved by this field, in words. */
function notMovedBy(role: StaffRole, field: MoveField): string {
  const what = `角色“${STAFF_ROLE_LABELS[role]}”`;
  const need = accountScopeOf(role);
  if (need === null) return `${what}负责全县，没有所属${MOVE_LABELS[field]}可以修改`;
  if (need === "unitIds") return `${what}按所属单位划分，不能修改${MOVE_LABELS[field]}，请修改所属单位`;
  return `${what}的所属是${MOVE_LABELS[need]}，不能修改${MOVE_LABELS[field]}`;
}

/**
 * 修改所属, checked: the field is the one the account's role is made with, the new value is given, exists and
 * fits the role (a technician's company maintains), and the caller may make such an account with it
 * (mayCreate). Null when nothing is moved (no such field given, or the same as now).
 */
export async function moveOf(
  prisma: Prisma,
  actor: UnitPrincipal,
  staff: StaffRow,
  v: { [K in MoveField]?: string | null },
): Promise<{ field: MoveField; from: string | null; to: string } | null> {
  const given = MOVE_FIELDS.filter((f) => v[f] !== undefined);
  if (!given.length) return null;
  const refused = given.filter((f) => f !== accountScopeOf(staff.role));
  if (refused.length) throw new AppError("VALIDATION_FAILED", refused.map((f) => notMovedBy(staff.role, f)).join("；"));
  const field = given[0]!;
  const to = v[field] ?? null;
  if (to === null)
    throw new AppError(
      "VALIDATION_FAILED",
      (field === "centreId" ? centreProblem(staff.role, null) : null) ??
        `角色“${STAFF_ROLE_LABELS[staff.role]}”必须填写${MOVE_LABELS[field]}`,
    );
  const from = field === "centreId" ? await centreOf(prisma, staff) : staff[field];
  // the same as now: nothing moves, whatever has become of it since (a centre stopped meanwhile)
  if (from === to) return null;
  const scope: StaffScope = field === "centreId" ? scopeOfRow(staff) : { ...scopeOfRow(staff), [field]: to };
  if (!mayCreate(actor, staff.role, scope))
    throw new AppError("FORBIDDEN", `没有权限把该账号改到这个${MOVE_LABELS[field]}`);
  if (field === "centreId") {
    await checkCentre(prisma, to);
  } else await checkScopeRefs(prisma, staff.role, scope);
  return { field, from, to };
}
