// Changing an account that exists: its name and phone, stopping or restarting it (a unit keeps one enabled
// responsible person), its units, and carrying out a move (修改所属, checked by staff-moves.ts); a stopped or
// moved person's sign-ins end at once, and each stop, restart and move is kept in the audit log. Apart from
// making accounts (staff-creation.ts): only a live account has sessions to end and a team to keep.
import type { Prisma } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { list, yesNo } from "../imports/index.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { view, type StaffAccountView } from "./staff-view.ts";
import { checkPatch } from "./place-setup.ts";
import { id, mobileColumn, staffNameColumn, staffSectorColumn } from "./setup-fields.ts";
import { MAX_UNITS_PER_ACCOUNT, mayCreate, scopeProblems } from "./staff-rules.ts";
import { centreOf, checkScopeRefs, managedAccount, scopeOfRow, staffInclude } from "./staff-refs.ts";
import { moveOf } from "./staff-moves.ts";

const STAFF_UPDATE_FIELDS = [
  staffNameColumn,
  mobileColumn,
  yesNo("active", "启用", { required: false, example: "是" }),
  list("unitIds", "所属单位", { required: false, maxItems: MAX_UNITS_PER_ACCOUNT, itemMax: 64, example: "" }),
  id("propertyCompanyId", "物业公司", false),
  id("townshipId", "乡镇/街道", false),
  staffSectorColumn,
  id("serviceCompanyId", "服务单位", false),
  id("centreId", "体验馆", false),
] as const;

export interface StaffPatch {
  name?: string | undefined;
  phone?: string | null | undefined;
  active?: boolean | undefined;
  /** a unit's people: their units */
  unitIds?: string[] | undefined;
  /** 修改所属: the one of these the account's role is made with (a township coordinator's township, ...) */
  propertyCompanyId?: string | null | undefined;
  townshipId?: string | null | undefined;
  sector?: string | null | undefined;
  serviceCompanyId?: string | null | undefined;
  centreId?: string | null | undefined;
}

export class StaffChanges {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly opts: {
      sessionsRevoked?: (() => void) | undefined;
      audit?: { record(e: AuditEntry): Promise<string> } | undefined;
    },
  ) {}

  /**
   * Name, phone, enabled, (for unit roles) the units, and 修改所属: the one scope the role is made with (a
   * township coordinator's township, a sector regulator's sector, a technician's or installer's company, a
   * property company's people their company, a centre's staff member their centre), to one the caller may
   * assign by the rules of making such an account. The role stays as created. A moved person's sign-ins end,
   * as a stopped one's do: their token carries their township and company, and a live feed its scope from its
   * start; they sign in again and see the new scope.
   */
  async update(c: Caller, staffId: string, patch: StaffPatch): Promise<StaffAccountView> {
    // before the scope: a person who may not manage accounts like their own is told why, not "not found"
    if (c.kind === "staff" && staffId === c.id && patch.active === false)
      throw new AppError("CONFLICT", "不能停用自己的账号");
    const { actor, staff } = await managedAccount(this.prisma, this.scopes, c, staffId);
    const v = checkPatch(STAFF_UPDATE_FIELDS, patch);
    const stopping = v.active === false && staff.active;
    const restarting = v.active === true && !staff.active;
    if (stopping && staff.role === "UNIT_RESPONSIBLE") await this.keepOneResponsible(staff);
    if (v.unitIds !== undefined) {
      const scope = { ...scopeOfRow(staff), unitIds: v.unitIds ?? [] };
      const problems = scopeProblems(staff.role, scope);
      if (problems.length) throw new AppError("VALIDATION_FAILED", problems.map((p) => p.reason).join("；"));
      if (!mayCreate(actor, staff.role, scope)) throw new AppError("NOT_FOUND", "找不到该单位");
      await checkScopeRefs(this.prisma, staff.role, scope);
    }
    const move = await moveOf(this.prisma, actor, staff, v);
    if (v.phone && v.phone !== staff.phone && (await this.prisma.staffUser.findUnique({ where: { phone: v.phone } })))
      throw new AppError("CONFLICT", "该手机号已用于另一个账号");
    const endSessions = stopping || move !== null;
    const updated = await this.prisma.$transaction(async (tx) => {
      if (v.unitIds !== undefined) {
        await tx.staffUnit.deleteMany({ where: { staffUserId: staffId } });
        if (v.unitIds?.length)
          await tx.staffUnit.createMany({ data: v.unitIds.map((unitId) => ({ staffUserId: staffId, unitId })) });
      }
      if (move?.field === "centreId")
        await tx.centreStaff.upsert({
          where: { staffUserId: staffId },
          create: { centreId: move.to, staffUserId: staffId },
          update: { centreId: move.to },
        });
      if (endSessions) {
        // stopped or moved: its sign-ins end now, not when their access tokens run out (every request checks its
        // session, auth/token-service.ts; other instances within its second): the token carried its scopes
        const subject = `staff:${staffId}`;
        const ended = { revokedAt: this.clock.now() };
        await tx.refreshToken.updateMany({ where: { subject, revokedAt: null }, data: ended });
        await tx.authSession.updateMany({ where: { subject, revokedAt: null }, data: ended });
      }
      return tx.staffUser.update({
        where: { id: staffId },
        data: {
          ...(v.name ? { name: v.name } : {}),
          ...(v.phone !== undefined ? { phone: v.phone } : {}),
          ...(v.active !== undefined && v.active !== null ? { active: v.active } : {}),
          ...(move && move.field !== "centreId" ? { [move.field]: move.to } : {}),
        },
        include: staffInclude,
      });
    });
    if (endSessions) this.opts.sessionsRevoked?.();
    const note = `${staff.name}（${staff.username}）`;
    if (move)
      await this.opts.audit?.record({
        actor: `staff:${actor.id}`,
        action: "staff.scope_changed",
        subject: `staff:${staffId}`,
        before: { [move.field]: move.from },
        after: { [move.field]: move.to },
        note,
      });
    if (stopping || restarting)
      await this.opts.audit?.record({
        actor: `staff:${actor.id}`,
        action: stopping ? "staff.disabled" : "staff.enabled",
        subject: `staff:${staffId}`,
        before: { active: staff.active },
        after: { active: !staff.active },
        note,
      });
    return view(updated, await centreOf(this.prisma, updated));
  }

  /**
   * A unit in service keeps at least one enabled responsible person: the one who manages its team and signs
   * its acceptance. Stopping the last one is refused until a successor has been added (a new account counts
   * from its creation, before it has set its password).
   */
  private async keepOneResponsible(staff: { id: string; units: { unitId: string }[] }): Promise<void> {
    if (!staff.units.length) return;
    const alone = await this.prisma.networkedUnit.findMany({
      where: {
        id: { in: staff.units.map((u) => u.unitId) },
        active: true,
        staff: { none: { staffUserId: { not: staff.id }, staffUser: { role: "UNIT_RESPONSIBLE", active: true } } },
      },
      select: { name: true },
      orderBy: { name: "asc" },
    });
    if (alone.length)
      throw new AppError(
        "CONFLICT",
        `${alone.map((u) => `“${u.name}”`).join("、")}至少要保留一名启用的单位责任人：请先添加新的责任人，再停用此账号`,
      );
  }
}
