// Staff accounts with roles and scopes, created without a password: the new account gets an invitation
// code (random, shown once, only its SHA-256 stored, expiring), and the person sets their own password with
// it on first sign-in (acceptInvite). A new code can be issued (the old ones stop working), which is also
// how a forgotten password is reset. The accounts a caller manages are listed a page at a time (账号管理:
// found by name, account, phone, role and state, each with its scope in names and its last sign-in).
import type { Prisma, PrismaNs, StaffRole } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import { list, yesNo } from "../imports/index.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { hashInviteCode, MAX_TYPED_CODE, newInviteCode } from "./invite-codes.ts";
import { check, checkPatch } from "./place-setup.ts";
import { SECTOR_LABELS } from "../units/index.ts";
import { STAFF_ROLES } from "../../contract/roles.ts";
import { ACCOUNT_PAGE_MAX, ACCOUNT_PAGES_MAX, ACCOUNT_QUERY_MAX } from "../../contract/staff.ts";
import { id, mobileColumn, roleColumn, staffNameColumn, staffSectorColumn, usernameColumn } from "./setup-fields.ts";
import {
  MAX_UNITS_PER_ACCOUNT,
  PASSWORD_MAX,
  accountScopeOf,
  centreProblem,
  manageableWhere,
  mayCreate,
  passwordProblem,
  scopeProblems,
  serviceCompanyFits,
  type ScopeField,
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

export interface Invitation {
  /** shown once; never stored */
  code: string;
  expiresAt: string;
}

export interface StaffAccountView {
  id: string;
  username: string;
  name: string;
  phone: string;
  role: StaffRole;
  active: boolean;
  /** false until the person has accepted an invitation */
  hasPassword: boolean;
  propertyCompanyId: string | null;
  townshipId: string | null;
  sector: string | null;
  serviceCompanyId: string | null;
  unitIds: string[];
  /** a CENTRE_STAFF account's experience centre, else null */
  centreId: string | null;
}

/** One account of the list (账号管理): the account, its scope in names, and its person's last sign-in. */
export interface AccountListedView extends StaffAccountView {
  townshipName: string | null;
  propertyCompanyName: string | null;
  serviceCompanyName: string | null;
  centreName: string | null;
  units: { id: string; name: string }[];
  lastSignInAt: string | null;
  self: boolean;
}

export interface AccountListInput {
  role?: StaffRole | undefined;
  q?: string | undefined;
  /** "1" enabled, "0" stopped */
  active?: "1" | "0" | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

/** What the accounts screen offers when it makes an account: the roles, the scope each needs, the choices. */
export interface AccountScopesView {
  roles: { role: StaffRole; scope: ScopeField | "centreId" | null }[];
  townships: { id: string; name: string }[];
  sectors: { id: string; name: string }[];
  propertyCompanies: { id: string; name: string }[];
  serviceCompanies: { id: string; name: string; kind: string }[];
  centres: { id: string; name: string }[];
}

/** the most of each choice the accounts screen is given (a county has dozens) */
const CHOICES_MAX = 2000;

type StaffRow = {
  id: string;
  username: string;
  name: string;
  phone: string | null;
  role: StaffRole;
  active: boolean;
  passwordHash: string | null;
  propertyCompanyId: string | null;
  townshipId: string | null;
  sector: string | null;
  serviceCompanyId: string | null;
  units: { unitId: string }[];
};

function view(s: StaffRow, centreId: string | null = null): StaffAccountView {
  return {
    id: s.id,
    username: s.username,
    name: s.name,
    phone: maskPhone(s.phone),
    role: s.role,
    active: s.active,
    hasPassword: s.passwordHash !== null,
    propertyCompanyId: s.propertyCompanyId,
    townshipId: s.townshipId,
    sector: s.sector,
    serviceCompanyId: s.serviceCompanyId,
    unitIds: s.units.map((u) => u.unitId),
    centreId,
  };
}

const scopeOfRow = (s: StaffRow): StaffScope => ({
  propertyCompanyId: s.propertyCompanyId,
  townshipId: s.townshipId,
  sector: s.sector,
  serviceCompanyId: s.serviceCompanyId,
  unitIds: s.units.map((u) => u.unitId),
});

const staffInclude = { units: { select: { unitId: true } } } as const;

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

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly opts: StaffAccountsOptions,
  ) {
    this.ttlMs = opts.inviteTtlMs ?? DEFAULT_INVITE_TTL_MS;
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
    if (v.centreId && !(await this.prisma.centre.count({ where: { id: v.centreId } })))
      throw new AppError("NOT_FOUND", "找不到该体验馆");
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

  /**
   * 账号管理: the accounts the caller manages (manageableWhere, mayCreate's rule as a filter), a page at a
   * time, filtered by role, state and a search of the name, the account (username) or a whole mobile
   * number; each with its scope in names, its centre, its units' names and its person's last sign-in.
   */
  async list(
    c: Caller,
    q: AccountListInput,
  ): Promise<{ items: AccountListedView[]; total: number; page: number; limit: number }> {
    const limit = Math.max(1, Math.min(ACCOUNT_PAGE_MAX, Math.trunc(q.limit ?? 20)));
    const page = Math.max(1, Math.min(ACCOUNT_PAGES_MAX, Math.trunc(q.page ?? 1)));
    if (q.role !== undefined && !(STAFF_ROLES as readonly string[]).includes(q.role))
      throw new AppError("VALIDATION_FAILED", "没有这个角色");
    if (q.q !== undefined && (typeof q.q !== "string" || q.q.length > ACCOUNT_QUERY_MAX))
      throw new AppError("VALIDATION_FAILED", `搜索内容不能超过 ${ACCOUNT_QUERY_MAX} 个字`);
    const actor = await this.scopes.principal(c);
    const scope = manageableWhere(actor);
    if (!scope) return { items: [], total: 0, page, limit };
    const filters: PrismaNs.StaffUserWhereInput[] = [scope];
    if (q.role) filters.push({ role: q.role });
    if (q.active === "1" || q.active === "0") filters.push({ active: q.active === "1" });
    const text = q.q?.trim();
    if (text)
      filters.push({
        OR: [
          { name: { contains: text } },
          // usernames are stored in lower case (setup-fields.ts)
          { username: { contains: text.toLowerCase() } },
          // a whole number only: a part of one would let masked numbers be read out digit by digit
          ...(/^1\d{10}$/.test(text) ? [{ phone: text }] : []),
        ],
      });
    const where: PrismaNs.StaffUserWhereInput = { AND: filters };
    const [total, rows] = await Promise.all([
      this.prisma.staffUser.count({ where }),
      this.prisma.staffUser.findMany({
        where,
        include: {
          units: { select: { unitId: true, unit: { select: { name: true } } }, orderBy: { unitId: "asc" } },
          township: { select: { name: true } },
          propertyCompany: { select: { name: true } },
        },
        orderBy: [{ username: "asc" }],
        skip: (page - 1) * limit,
        take: limit,
      }),
    ]);
    const ids = rows.map((r) => r.id);
    const companyIds = [...new Set(rows.flatMap((r) => (r.serviceCompanyId ? [r.serviceCompanyId] : [])))];
    const [companies, centres, sessions] = await Promise.all([
      companyIds.length
        ? this.prisma.serviceCompany.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } })
        : [],
      ids.length
        ? this.prisma.centreStaff.findMany({
            where: { staffUserId: { in: ids } },
            select: { staffUserId: true, centre: { select: { id: true, name: true } } },
          })
        : [],
      // a sign-in starts a session (auth/token-service.ts): the latest one's start is the last sign-in
      ids.length
        ? this.prisma.authSession.groupBy({
            by: ["subject"],
            where: { subject: { in: ids.map((i) => `staff:${i}`) } },
            _max: { createdAt: true },
          })
        : [],
    ]);
    const companyName = new Map(companies.map((x) => [x.id, x.name]));
    const centreOf = new Map(centres.map((x) => [x.staffUserId, x.centre]));
    const lastSignIn = new Map(sessions.map((x) => [x.subject, x._max.createdAt]));
    const items = rows.map((r): AccountListedView => {
      const centre = centreOf.get(r.id) ?? null;
      return {
        ...view(r, centre?.id ?? null),
        townshipName: r.township?.name ?? null,
        propertyCompanyName: r.propertyCompany?.name ?? null,
        serviceCompanyName: r.serviceCompanyId ? (companyName.get(r.serviceCompanyId) ?? null) : null,
        centreName: centre?.name ?? null,
        units: r.units.map((u) => ({ id: u.unitId, name: u.unit.name })),
        lastSignInAt: lastSignIn.get(`staff:${r.id}`)?.toISOString() ?? null,
        self: c.kind === "staff" && r.id === c.id,
      };
    });
    return { items, total, page, limit };
  }

  /**
   * What the accounts screen offers when it makes one account: the roles the caller may create that are not
   * a unit's own people (those are made on the unit's 人员与邀请, with the unit), the one scope each needs,
   * and the townships, sectors, companies and centres to choose from.
   */
  async accountScopes(c: Caller): Promise<AccountScopesView> {
    const actor = await this.scopes.principal(c);
    const none: StaffScope = {
      propertyCompanyId: null,
      townshipId: null,
      sector: null,
      serviceCompanyId: null,
      unitIds: [],
    };
    const roles = STAFF_ROLES.filter((r) => accountScopeOf(r) !== "unitIds" && mayCreate(actor, r, none)).map(
      (role) => ({ role, scope: accountScopeOf(role) }),
    );
    if (!roles.length)
      return { roles, townships: [], sectors: [], propertyCompanies: [], serviceCompanies: [], centres: [] };
    const [townships, propertyCompanies, serviceCompanies, centres] = await Promise.all([
      this.prisma.township.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: CHOICES_MAX }),
      this.prisma.propertyCompany.findMany({
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
      this.prisma.serviceCompany.findMany({
        select: { id: true, name: true, kind: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
      this.prisma.centre.findMany({
        where: { active: true },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
    ]);
    const sectors = Object.entries(SECTOR_LABELS).map(([id, name]) => ({ id, name }));
    return { roles, townships, sectors, propertyCompanies, serviceCompanies, centres };
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

  /** Name, phone, enabled, and (for unit roles) the units; the role and the other scopes stay as created. */
  async update(
    c: Caller,
    staffId: string,
    patch: { name?: string; phone?: string | null; active?: boolean; unitIds?: string[] },
  ): Promise<StaffAccountView> {
    // before the scope: a person who may not manage accounts like their own is told why, not "not found"
    if (c.kind === "staff" && staffId === c.id && patch.active === false)
      throw new AppError("CONFLICT", "不能停用自己的账号");
    const { actor, staff } = await this.managed(c, staffId);
    const v = checkPatch(STAFF_UPDATE_FIELDS, patch);
    const stopping = v.active === false && staff.active;
    const restarting = v.active === true && !staff.active;
    if (stopping && staff.role === "UNIT_RESPONSIBLE") await this.keepOneResponsible(staff);
    if (v.unitIds !== undefined) {
      const scope = {
        propertyCompanyId: staff.propertyCompanyId,
        townshipId: staff.townshipId,
        sector: staff.sector,
        serviceCompanyId: staff.serviceCompanyId,
        unitIds: v.unitIds ?? [],
      };
      const problems = scopeProblems(staff.role, scope);
      if (problems.length) throw new AppError("VALIDATION_FAILED", problems.map((p) => p.reason).join("；"));
      if (!mayCreate(actor, staff.role, scope)) throw new AppError("NOT_FOUND", "找不到该单位");
      await this.checkScopeRefs(staff.role, scope);
    }
    if (v.phone && v.phone !== staff.phone && (await this.prisma.staffUser.findUnique({ where: { phone: v.phone } })))
      throw new AppError("CONFLICT", "该手机号已用于另一个账号");
    const updated = await this.prisma.$transaction(async (tx) => {
      if (v.unitIds !== undefined) {
        await tx.staffUnit.deleteMany({ where: { staffUserId: staffId } });
        if (v.unitIds?.length)
          await tx.staffUnit.createMany({ data: v.unitIds.map((unitId) => ({ staffUserId: staffId, unitId })) });
      }
      if (stopping) {
        // stopped: its sign-ins end now, not when their access tokens run out (every request checks its
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
        },
        include: staffInclude,
      });
    });
    if (stopping) this.opts.sessionsRevoked?.();
    if (stopping || restarting)
      await this.opts.audit?.record({
        actor: `staff:${actor.id}`,
        action: stopping ? "staff.disabled" : "staff.enabled",
        subject: `staff:${staffId}`,
        before: { active: staff.active },
        after: { active: !staff.active },
        note: `${staff.name}（${staff.username}）`,
      });
    return view(updated, await this.centreOf(updated));
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
