// What the account writes look up before they write: the account a caller may manage, whether what an account
// is scoped to exists and fits its role (a company, a township, units, a centre), and a centre's staff member's
// centre. Apart because creating, changing and moving an account all check the same way (staff-rules.ts holds
// the rules themselves, without the database).
import type { Prisma, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import type { StaffRow } from "./staff-view.ts";
import { mayCreate, serviceCompanyFits, type StaffScope } from "./staff-rules.ts";

export const scopeOfRow = (s: StaffRow): StaffScope => ({
  propertyCompanyId: s.propertyCompanyId,
  townshipId: s.townshipId,
  sector: s.sector,
  serviceCompanyId: s.serviceCompanyId,
  unitIds: s.units.map((u) => u.unitId),
});

export const staffInclude = { units: { select: { unitId: true } } } as const;

/** The account, if the caller may manage it (else not found). */
export async function managedAccount(prisma: Prisma, scopes: UnitScopes, c: Caller, staffId: string) {
  const actor = await scopes.principal(c);
  const s =
    staffId.length <= 64 ? await prisma.staffUser.findUnique({ where: { id: staffId }, include: staffInclude }) : null;
  if (!s || !mayCreate(actor, s.role, scopeOfRow(s))) throw new AppError("NOT_FOUND", "找不到该账号");
  return { actor, staff: s };
}

/**
 * A centre a person is made or moved to: one that exists and is open (a stopped centre is offered on no form
 * and refused on the staff sheet, staff-sheet.ts, for the same reason: nobody works at it any more).
 */
export async function checkCentre(prisma: Prisma, id: string): Promise<void> {
  const centre = await prisma.centre.findUnique({ where: { id }, select: { name: true, active: true } });
  if (!centre) throw new AppError("NOT_FOUND", "找不到该体验馆");
  if (!centre.active) throw new AppError("CONFLICT", `体验馆“${centre.name}”已停用，不能再关联工作人员`);
}

/** A centre's staff member's centre (null for every other role). */
export async function centreOf(prisma: Prisma, s: { id: string; role: StaffRole }): Promise<string | null> {
  if (s.role !== "CENTRE_STAFF") return null;
  const row = await prisma.centreStaff.findUnique({ where: { staffUserId: s.id }, select: { centreId: true } });
  return row?.centreId ?? null;
}

export async function checkScopeRefs(prisma: Prisma, role: StaffRole, s: StaffScope): Promise<void> {
  if (s.propertyCompanyId && !(await prisma.propertyCompany.count({ where: { id: s.propertyCompanyId } })))
    throw new AppError("NOT_FOUND", "找不到该物业公司");
  if (s.townshipId && !(await prisma.township.count({ where: { id: s.townshipId } })))
    throw new AppError("NOT_FOUND", "找不到该乡镇/街道");
  if (s.serviceCompanyId) {
    const company = await prisma.serviceCompany.findUnique({ where: { id: s.serviceCompanyId } });
    if (!company) throw new AppError("NOT_FOUND", "找不到该服务单位");
    if (!serviceCompanyFits(role, company.kind))
      throw new AppError(
        "VALIDATION_FAILED",
        role === "MAINTENANCE_TECH" ? `“${company.name}”不是维保单位` : `“${company.name}”不是安装单位`,
      );
  }
  if (s.unitIds.length) {
    const found = await prisma.networkedUnit.count({ where: { id: { in: [...s.unitIds] } } });
    if (found !== new Set(s.unitIds).size) throw new AppError("NOT_FOUND", "找不到所选的单位");
  }
}
