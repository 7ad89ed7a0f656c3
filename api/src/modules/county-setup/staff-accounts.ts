// Staff accounts with roles and scopes, created without a password: the new account gets an invitation
// code (random, shown once, only its SHA-256 stored, expiring), and the person sets their own password with
// it on first sign-in (acceptInvite). A new code can be issued (the old ones stop working), which is also
// how a forgotten password is reset. 账号管理's list and its create form's choices are read by
// staff-directory.ts.
import type { Prisma, StaffRole } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { list, yesNo } from "../imports/index.ts";
import type { Caller, UnitPrincipal, UnitScopes } from "../units/index.ts";
import { StaffDirectory, type AccountListInput, type AccountScopesView } from "./staff-directory.ts";
import { view, type StaffAccountView, type StaffRow } from "./staff-view.ts";
import { hashInviteCode, MAX_TYPED_CODE, newInviteCode } from "./invite-codes.ts";
import { check, checkPatch } from "./place-setup.ts";
import {
  STAFF_ROLE_LABELS,
  id,
  mobileColumn,
  roleColumn,
  staffNameColumn,
  staffSectorColumn,
  usernameColumn,
} from "./setup-fields.ts";
import {
  MAX_UNITS_PER_ACCOUNT,
  PASSWORD_MAX,
  SCOPE_FIELD_LABELS,
  accountScopeOf,
  centreProblem,
  mayCreate,
  passwordProblem,
  scopeProblems,
  serviceCompanyFits,
  type StaffScope,
} from "./staff-rules.ts";

export const DEFAULT_INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

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

export interface Invitation {
  /** shown once; never stored */
  code: string;
  expiresAt: string;
}

const scopeOfRow = (s: StaffRow): StaffScope => ({
  propertyCompanyId: s.propertyCompanyId,
  townshipId: s.townshipId,
  sector: s.sector,
  serviceCompanyId: s.serviceCompanyId,
  unitIds: s.units.map((u) => u.unitId),
});

const staffInclude = { units: { select: { unitId: true } } } as const;

export type { AccountListedView, AccountListInput, AccountScopesView } from "./staff-directory.ts";
export type { StaffAccountView } from "./staff-view.ts";

export interface StaffAccountsOptions {
  /** argon2id, as the auth module stores staff passwords (injected: modules meet only through index.ts) */
  hashPassword(plain: string): Promise<string>;
  inviteTtlMs?: number;
  /** sessions were revoked in the database: this process forgets the ones it believed live (token-service.ts) */
  sessionsRevoked?: () => void;
  /** who stopped or restarted an account, and when (modules/audit; injected by the composition root) */
  audit?: { record(e: AuditEntry): Promise<string> };
}

export class StaffAccounts {
  private readonly ttlMs: number;
  private readonly directory: StaffDirectory;

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly opts: StaffAccountsOptions,
  ) {
    this.ttlMs = opts.inviteTtlMs ?? DEFAULT_INVITE_TTL_MS;
    this.directory = new StaffDirectory(prisma, scopes);
  }

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
    await this.checkScopeRefs(v.role, scope);
    if (v.centreId) await this.checkCentre(v.centreId);
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

  /** The account, if the caller may manage it (else not found). */
  private async managed(c: Caller, staffId: string) {
    const actor = await this.scopes.principal(c);
    const s =
      staffId.length <= 64
        ? await this.prisma.staffUser.findUnique({ where: { id: staffId }, include: staffInclude })
        : null;
    if (!s || !mayCreate(actor, s.role, scopeOfRow(s))) throw new AppError("NOT_FOUND", "找不到该账号");
    return { actor, staff: s };
  }

  /**
   * A centre a person is made or moved to: one that exists and is open (a stopped centre is offered on no form
   * and refused on the staff sheet, staff-sheet.ts, for the same reason: nobody works at it any more).
   */
  private async checkCentre(id: string): Promise<void> {
    const centre = await this.prisma.centre.findUnique({ where: { id }, select: { name: true, active: true } });
    if (!centre) throw new AppError("NOT_FOUND", "找不到该体验馆");
    if (!centre.active) throw new AppError("CONFLICT", `体验馆“${centre.name}”已停用，不能再关联工作人员`);
  }

  /** A centre's staff member's centre (null for every other role). */
  private async centreOf(s: { id: string; role: StaffRole }): Promise<string | null> {
    if (s.role !== "CENTRE_STAFF") return null;
    const row = await this.prisma.centreStaff.findUnique({ where: { staffUserId: s.id }, select: { centreId: true } });
    return row?.centreId ?? null;
  }

  /**
   * The accounts of one unit the caller sees that the caller may manage (a responsible person their team,
   * an admin everyone), with whether each has accepted its invitation: the unit's invitations page.
   */
  async listForUnit(c: Caller, unitId: string): Promise<StaffAccountView[]> {
    await this.scopes.assertUnit(c, unitId);
    const actor = await this.scopes.principal(c);
    const rows = await this.prisma.staffUser.findMany({
      where: { units: { some: { unitId } } },
      include: staffInclude,
      orderBy: [{ role: "asc" }, { username: "asc" }],
      take: 500,
    });
    return rows.filter((s) => mayCreate(actor, s.role, scopeOfRow(s))).map((s) => view(s));
  }

  /** 账号管理's list (staff-directory.ts). */
  list(c: Caller, q: AccountListInput): ReturnType<StaffDirectory["list"]> {
    return this.directory.list(c, q);
  }

  /** 账号管理's create form: the roles and the choices of scope (staff-directory.ts). */
  accountScopes(c: Caller): Promise<AccountScopesView> {
    return this.directory.accountScopes(c);
  }

  async get(c: Caller, staffId: string): Promise<StaffAccountView> {
    const { staff } = await this.managed(c, staffId);
    return view(staff, await this.centreOf(staff));
  }

  /** A new invitation code; the account's earlier unused codes stop working. */
  async reissueInvite(c: Caller, staffId: string): Promise<Invitation> {
    const { actor, staff } = await this.managed(c, staffId);
    if (!staff.active) throw new AppError("CONFLICT", "该账号已停用，请先启用");
    const code = newInviteCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.prisma.$transaction([
      this.prisma.staffInvite.updateMany({ where: { staffUserId: staffId, usedAt: null }, data: { usedAt: now } }),
      this.prisma.staffInvite.create({
        data: { staffUserId: staffId, codeHash: hashInviteCode(code), createdBy: `staff:${actor.id}`, expiresAt },
      }),
    ]);
    // a new code can set a new password: who gave it, and when, is kept (never the code)
    await this.opts.audit?.record({
      actor: `staff:${actor.id}`,
      action: "staff.invite_reissued",
      subject: `staff:${staffId}`,
      after: { expiresAt: expiresAt.toISOString() },
      note: `${staff.name}（${staff.username}）`,
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

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
    const { actor, staff } = await this.managed(c, staffId);
    const v = checkPatch(STAFF_UPDATE_FIELDS, patch);
    const stopping = v.active === false && staff.active;
    const restarting = v.active === true && !staff.active;
    if (stopping && staff.role === "UNIT_RESPONSIBLE") await this.keepOneResponsible(staff);
    if (v.unitIds !== undefined) {
      const scope = { ...scopeOfRow(staff), unitIds: v.unitIds ?? [] };
      const problems = scopeProblems(staff.role, scope);
      if (problems.length) throw new AppError("VALIDATION_FAILED", problems.map((p) => p.reason).join("；"));
      if (!mayCreate(actor, staff.role, scope)) throw new AppError("NOT_FOUND", "找不到该单位");
      await this.checkScopeRefs(staff.role, scope);
    }
    const move = await this.moveOf(actor, staff, v);
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
    return view(updated, await this.centreOf(updated));
  }

  /**
   * 修改所属, checked: the field is the one the account's role is made with, the new value is given, exists and
   * fits the role (a technician's company maintains), and the caller may make such an account with it
   * (mayCreate). Null when nothing is moved (no such field given, or the same as now).
   */
  private async moveOf(
    actor: UnitPrincipal,
    staff: StaffRow,
    v: { [K in MoveField]?: string | null },
  ): Promise<{ field: MoveField; from: string | null; to: string } | null> {
    const given = MOVE_FIELDS.filter((f) => v[f] !== undefined);
    if (!given.length) return null;
    const refused = given.filter((f) => f !== accountScopeOf(staff.role));
    if (refused.length)
      throw new AppError("VALIDATION_FAILED", refused.map((f) => notMovedBy(staff.role, f)).join("；"));
    const field = given[0]!;
    const to = v[field] ?? null;
    if (to === null)
      throw new AppError(
        "VALIDATION_FAILED",
        (field === "centreId" ? centreProblem(staff.role, null) : null) ??
          `角色“${STAFF_ROLE_LABELS[staff.role]}”必须填写${MOVE_LABELS[field]}`,
      );
    const from = field === "centreId" ? await this.centreOf(staff) : staff[field];
    // the same as now: nothing moves, whatever has become of it since (a centre stopped meanwhile)
    if (from === to) return null;
    const scope: StaffScope = field === "centreId" ? scopeOfRow(staff) : { ...scopeOfRow(staff), [field]: to };
    if (!mayCreate(actor, staff.role, scope))
      throw new AppError("FORBIDDEN", `没有权限把该账号改到这个${MOVE_LABELS[field]}`);
    if (field === "centreId") {
      await this.checkCentre(to);
    } else await this.checkScopeRefs(staff.role, scope);
    return { field, from, to };
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

  /**
   * First sign-in: the person sets their password with the code they were given. The code works once,
   * until it expires, and only for an enabled account. Returns who signed up so the caller can sign them in.
   */
  async acceptInvite(code: string, password: string): Promise<{ staffId: string; username: string; role: StaffRole }> {
    if (typeof code !== "string" || code.length === 0 || code.length > MAX_TYPED_CODE)
      throw new AppError("INVITE_INVALID");
    if (typeof password !== "string" || password.length > PASSWORD_MAX * 4)
      throw new AppError("VALIDATION_FAILED", `密码不能超过 ${PASSWORD_MAX} 位`);
    const now = this.clock.now();
    const invite = await this.prisma.staffInvite.findUnique({
      where: { codeHash: hashInviteCode(code) },
      include: { staffUser: { select: { id: true, username: true, role: true, active: true } } },
    });
    if (!invite || invite.usedAt || invite.expiresAt <= now || !invite.staffUser.active)
      throw new AppError("INVITE_INVALID");
    const problem = passwordProblem(password, invite.staffUser.username);
    if (problem) throw new AppError("VALIDATION_FAILED", problem);
    const hash = await this.opts.hashPassword(password);
    await this.prisma.$transaction(async (tx) => {
      // claimed by a conditional update, so two sign-ups racing with one code cannot both succeed
      const claimed = await tx.staffInvite.updateMany({
        where: { id: invite.id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (claimed.count !== 1) throw new AppError("INVITE_INVALID");
      await tx.staffInvite.updateMany({
        where: { staffUserId: invite.staffUserId, usedAt: null },
        data: { usedAt: now },
      });
      await tx.staffUser.update({
        where: { id: invite.staffUserId },
        data: { passwordHash: hash, failedLogins: 0, lockedUntil: null },
      });
    });
    return { staffId: invite.staffUser.id, username: invite.staffUser.username, role: invite.staffUser.role };
  }

  private async checkScopeRefs(role: StaffRole, s: StaffScope): Promise<void> {
    if (s.propertyCompanyId && !(await this.prisma.propertyCompany.count({ where: { id: s.propertyCompanyId } })))
      throw new AppError("NOT_FOUND", "找不到该物业公司");
    if (s.townshipId && !(await this.prisma.township.count({ where: { id: s.townshipId } })))
      throw new AppError("NOT_FOUND", "找不到该乡镇/街道");
    if (s.serviceCompanyId) {
      const company = await this.prisma.serviceCompany.findUnique({ where: { id: s.serviceCompanyId } });
      if (!company) throw new AppError("NOT_FOUND", "找不到该服务单位");
      if (!serviceCompanyFits(role, company.kind))
        throw new AppError(
          "VALIDATION_FAILED",
          role === "MAINTENANCE_TECH" ? `“${company.name}”不是维保单位` : `“${company.name}”不是安装单位`,
        );
    }
    if (s.unitIds.length) {
      const found = await this.prisma.networkedUnit.count({ where: { id: { in: [...s.unitIds] } } });
      if (found !== new Set(s.unitIds).size) throw new AppError("NOT_FOUND", "找不到所选的单位");
    }
  }
}
