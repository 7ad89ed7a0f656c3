// An account's invitation codes after it is made: a new code for an account (the old ones stop working), which
// is also how a forgotten password is reset, and the first sign-in, where the person sets their own password
// with the code. Apart from creating and changing accounts: a code is the one way a password gets set.
import type { Prisma, StaffRole } from "../../db/client.ts";
import type { AuditEntry } from "../audit/audit-log.ts";
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { hashInviteCode, MAX_TYPED_CODE, newInviteCode } from "./invite-codes.ts";
import { managedAccount } from "./staff-refs.ts";
import { PASSWORD_MAX, passwordProblem } from "./staff-rules.ts";

export const DEFAULT_INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Invitation {
  /** shown once; never stored */
  code: string;
  expiresAt: string;
}

export class StaffInvites {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly opts: {
      hashPassword(plain: string): Promise<string>;
      audit?: { record(e: AuditEntry): Promise<string> } | undefined;
    },
  ) {}

  /** A new invitation code; the account's earlier unused codes stop working. */
  async reissue(c: Caller, staffId: string): Promise<Invitation> {
    const { actor, staff } = await managedAccount(this.prisma, this.scopes, c, staffId);
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
   * First sign-in: the person sets their password with the code they were given. The code works once,
   * until it expires, and only for an enabled account. Returns who signed up so the caller can sign them in.
   */
  async accept(code: string, password: string): Promise<{ staffId: string; username: string; role: StaffRole }> {
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
}
