// Staff accounts with roles and scopes, created without a password: the new account gets an invitation
// code (random, shown once, only its SHA-256 stored, expiring), and the person sets their own password with
// it on first sign-in (acceptInvite). A new code can be issued (the old ones stop working), which is also
// how a forgotten password is reset. This is the one service the routes call; it hands each piece to its file:
// making accounts (staff-creation.ts), changing them (staff-changes.ts, moves staff-moves.ts), their codes
// (staff-invites.ts), 账号管理's list and create form's choices (staff-directory.ts); one account's reads are here.
import type { Prisma, StaffRole } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { StaffDirectory, type AccountListInput, type AccountScopesView } from "./staff-directory.ts";
import { view, type StaffAccountView } from "./staff-view.ts";
import { mayCreate } from "./staff-rules.ts";
import { centreOf, managedAccount, scopeOfRow, staffInclude } from "./staff-refs.ts";
import { StaffCreation, type StaffInput } from "./staff-creation.ts";
import { StaffChanges, type StaffPatch } from "./staff-changes.ts";
import { DEFAULT_INVITE_TTL_MS, StaffInvites, type Invitation } from "./staff-invites.ts";

export { DEFAULT_INVITE_TTL_MS, type Invitation } from "./staff-invites.ts";
export { STAFF_FIELDS, type StaffInput } from "./staff-creation.ts";
export type { StaffPatch } from "./staff-changes.ts";
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
  private readonly directory: StaffDirectory;
  private readonly creation: StaffCreation;
  private readonly changes: StaffChanges;
  private readonly invites: StaffInvites;

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    clock: Clock,
    opts: StaffAccountsOptions,
  ) {
    const ttlMs = opts.inviteTtlMs ?? DEFAULT_INVITE_TTL_MS;
    this.directory = new StaffDirectory(prisma, scopes);
    this.creation = new StaffCreation(prisma, scopes, clock, ttlMs, opts);
    this.changes = new StaffChanges(prisma, scopes, clock, opts);
    this.invites = new StaffInvites(prisma, scopes, clock, ttlMs, opts);
  }

  /** Creates an account without a password and returns its first invitation code (shown once) (staff-creation.ts). */
  create(c: Caller, input: StaffInput): Promise<{ staff: StaffAccountView; invitation: Invitation }> {
    return this.creation.create(c, input);
  }

  /** The first administrator of an empty system, for the operator's start-up command (staff-creation.ts). */
  bootstrapAdmin(input: { username: string; name: string }): Promise<{ staffId: string; invitation: Invitation }> {
    return this.creation.bootstrapAdmin(input);
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
    const { staff } = await managedAccount(this.prisma, this.scopes, c, staffId);
    return view(staff, await centreOf(this.prisma, staff));
  }

  /** A new invitation code; the account's earlier unused codes stop working (staff-invites.ts). */
  reissueInvite(c: Caller, staffId: string): Promise<Invitation> {
    return this.invites.reissue(c, staffId);
  }

  /** Name, phone, enabled, units and 修改所属 (staff-changes.ts). */
  update(c: Caller, staffId: string, patch: StaffPatch): Promise<StaffAccountView> {
    return this.changes.update(c, staffId, patch);
  }

  /** First sign-in: the person sets their password with their code (staff-invites.ts). */
  acceptInvite(code: string, password: string): Promise<{ staffId: string; username: string; role: StaffRole }> {
    return this.invites.accept(code, password);
  }
}
