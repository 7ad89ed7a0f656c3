// Making a staff account, one at a time: its fields checked, its role's scope checked against who makes it
// (staff-rules.ts) and against the database (staff-refs.ts), and made without a password with its first
// invitation code (shown once); also the first administrator of an empty system. Apart from the changes made
// to an account later (staff-changes.ts): a new account has no sessions, no units to keep and nothing to move.
import type { Prisma, StaffRole } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { list } from "../imports/index.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { view, type StaffAccountView } from "./staff-view.ts";
import { hashInviteCode, newInviteCode } from "./invite-codes.ts";
import { check } from "./place-setup.ts";
import { id, mobileColumn, roleColumn, staffNameColumn, staffSectorColumn, usernameColumn } from "./setup-fields.ts";
import { MAX_UNITS_PER_ACCOUNT, centreProblem, mayCreate, scopeProblems, type StaffScope } from "./staff-rules.ts";
import { checkCentre, checkScopeRefs, staffInclude } from "./staff-refs.ts";
import type { Invitation } from "./staff-invites.ts";

export const STAFF_FIELDS = [
  usernameColumn,
  staffNameColumn,
  mobileColumn,
  roleColumn,
  id("propertyCompanyId", "物业公司", false),
  id("townshipId", "乡镇/街道", false),
  staffSectorColumn,
  id("serviceCompanyId", "服务单位", false),
  list("unitIds", "所属单位", { required: false, maxItems: MAX_UNITS_PER_ACCOUNT, itemMax: 64, example: "" }),
  id("centreId", "体验馆", false),
] as const;

export interface StaffInput {
  username: string;
  name: string;
  phone?: string | null | undefined;
  role: StaffRole;
  propertyCompanyId?: string | null | undefined;
  townshipId?: string | null | undefined;
  sector?: string | null | undefined;
  serviceCompanyId?: string | null | undefined;
  unitIds?: string[] | null | undefined;
  /** CENTRE_STAFF: the experience centre they work at */
  centreId?: string | null | undefined;
}

export class StaffCreation {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly opts: { audit?: { record(e: AuditEntry): Promise<string> } | undefined },
  ) {}

  /** Creates an account without a password and returns its first invitation code (shown once). */
  async create(c: Caller, input: StaffInput): Promise<{ staff: StaffAccountView; invitation: Invitation }> {
    const actor = await this.scopes.principal(c);
    const v = check(STAFF_FIELDS, input);
    const scope: StaffScope = {
      propertyCompanyId: v.propertyCompanyId,
      townshipId: v.townshipId,
      sector: v.sector,
      serviceCompanyId: v.serviceCompanyId,
      unitIds: v.unitIds ?? [],
    };
    if (!mayCreate(actor, v.role, scope)) throw new AppError("FORBIDDEN", "没有权限创建该角色的账号");
    const reasons = scopeProblems(v.role, scope).map((p) => p.reason);
    const centreReason = centreProblem(v.role, v.centreId);
    if (centreReason) reasons.push(centreReason);
    if (reasons.length) throw new AppError("VALIDATION_FAILED", reasons.join("；"));
    await checkScopeRefs(this.prisma, v.role, scope);
    if (v.centreId) await checkCentre(this.prisma, v.centreId);
    if (await this.prisma.staffUser.findUnique({ where: { username: v.username } }))
      throw new AppError("CONFLICT", `用户名“${v.username}”已被使用`);
    if (v.phone && (await this.prisma.staffUser.findUnique({ where: { phone: v.phone } })))
      throw new AppError("CONFLICT", "该手机号已用于另一个账号");
    const code = newInviteCode();
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
    try {
      const staff = await this.prisma.$transaction(async (tx) => {
        const s = await tx.staffUser.create({
          data: {
            username: v.username,
            name: v.name,
            phone: v.phone,
            role: v.role,
            passwordHash: null,
            propertyCompanyId: scope.propertyCompanyId,
            townshipId: scope.townshipId,
            sector: v.sector,
            serviceCompanyId: scope.serviceCompanyId,
          },
        });
        if (scope.unitIds.length)
          await tx.staffUnit.createMany({ data: scope.unitIds.map((unitId) => ({ staffUserId: s.id, unitId })) });
        if (v.centreId) await tx.centreStaff.create({ data: { centreId: v.centreId, staffUserId: s.id } });
        await tx.staffInvite.create({
          data: { staffUserId: s.id, codeHash: hashInviteCode(code), createdBy: `staff:${actor.id}`, expiresAt },
        });
        return tx.staffUser.findUniqueOrThrow({ where: { id: s.id }, include: staffInclude });
      });
      await this.opts.audit?.record({
        actor: `staff:${actor.id}`,
        action: "staff.created",
        subject: `staff:${staff.id}`,
        after: { role: staff.role, active: true },
        note: `${staff.name}（${staff.username}）`,
      });
      return { staff: view(staff, v.centreId), invitation: { code, expiresAt: expiresAt.toISOString() } };
    } catch (e) {
      if ((e as { code?: string })?.code === "P2002")
        throw new AppError("CONFLICT", "用户名或手机号刚被另一个账号使用了");
      throw e;
    }
  }

  /**
   * The first administrator of an empty system (no enabled ADMIN yet): called by the operator's start-up
   * command, not by a route. Returns the invitation with which that person sets their password.
   */
  async bootstrapAdmin(input: {
    username: string;
    name: string;
  }): Promise<{ staffId: string; invitation: Invitation }> {
    const v = check([usernameColumn, staffNameColumn] as const, input);
    if (await this.prisma.staffUser.count({ where: { role: "ADMIN", active: true } }))
      throw new AppError("CONFLICT", "系统已有管理员，请由管理员创建账号");
    if (await this.prisma.staffUser.findUnique({ where: { username: v.username } }))
      throw new AppError("CONFLICT", `用户名“${v.username}”已被使用`);
    const code = newInviteCode();
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
    const s = await this.prisma.staffUser.create({
      data: {
        username: v.username,
        name: v.name,
        role: "ADMIN",
        passwordHash: null,
        invites: { create: { codeHash: hashInviteCode(code), createdBy: "system:bootstrap", expiresAt } },
      },
    });
    return { staffId: s.id, invitation: { code, expiresAt: expiresAt.toISOString() } };
  }
}
