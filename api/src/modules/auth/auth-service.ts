// Sign-in for residents (WeChat code -> openid) and staff (username or phone + password, with lock-out).
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Prisma } from "../../db/client.ts";
import { WechatError, type WechatApi } from "../../integrations/wechat/wechat-api.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Principal } from "./principal.ts";
import type { TokenPair, TokenService } from "./token-service.ts";

export interface ResidentView {
  kind: "resident";
  id: string;
  nickname: string | null;
  phone: string | null;
  elderlyMode: boolean;
}

export interface StaffView {
  kind: "staff";
  id: string;
  name: string;
  role: string;
  propertyCompanyId: string | null;
  townshipId: string | null;
}

export type UserView = ResidentView | StaffView;

export interface AuthPolicy {
  maxFailedLogins: number;
  lockoutSec: number;
}

function wechatToDomain(e: unknown): never {
  if (e instanceof WechatError) {
    if (e.errcode === 40029 || e.errcode === 40163) throw new AppError("WECHAT_CODE_INVALID");
    if (e.errcode === 40226) throw new AppError("WECHAT_RISKY_USER");
    if (e.errcode === 45011) throw new AppError("RATE_LIMITED", "微信登录过于频繁，请一分钟后再试");
    throw new AppError("WECHAT_UNAVAILABLE");
  }
  throw e;
}

export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly prisma: Prisma,
    private readonly tokens: TokenService,
    private readonly wechat: WechatApi | null,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {}

  private requireWechat(): WechatApi {
    if (!this.wechat) throw new AppError("WECHAT_UNAVAILABLE", "服务器未配置微信小程序（WECHAT_APP_ID）");
    return this.wechat;
  }

  async wechatLogin(code: string): Promise<TokenPair & { user: ResidentView }> {
    const session = await this.requireWechat().code2Session(code).catch(wechatToDomain);
    const resident = await this.prisma.resident.upsert({
      where: { openid: session.openid },
      create: { openid: session.openid, unionid: session.unionid ?? null },
      update: session.unionid ? { unionid: session.unionid } : {},
    });
    const pair = await this.tokens.issue({ kind: "resident", id: resident.id, role: "RESIDENT" });
    return { ...pair, user: residentView(resident) };
  }

  async confirmPhone(residentId: string, code: string): Promise<{ phone: string }> {
    const phone = await this.requireWechat().phoneNumber(code).catch(wechatToDomain);
    await this.prisma.resident.update({ where: { id: residentId }, data: { phone } });
    return { phone };
  }

  async staffLogin(login: string, password: string): Promise<TokenPair & { user: StaffView }> {
    const staff = await this.prisma.staffUser.findFirst({ where: { OR: [{ username: login }, { phone: login }] } });
    const now = this.clock.now();
    if (!staff || !staff.active || !staff.passwordHash) {
      // Same answer as a wrong password, after the same work (one argon2 check against a throwaway hash),
      // so neither the reply nor its timing reveals which usernames or phone numbers exist.
      this.dummyHash ??= hashPassword(`no-such-user-${Math.random()}`);
      await verifyPassword(await this.dummyHash, password);
      throw new AppError("INVALID_CREDENTIALS");
    }
    if (staff.lockedUntil && staff.lockedUntil > now) {
      const minutes = Math.ceil((staff.lockedUntil.getTime() - now.getTime()) / 60000);
      throw new AppError("ACCOUNT_LOCKED", `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
    }
    if (!(await verifyPassword(staff.passwordHash, password))) {
      // Count in the database, not from the row read above: guesses sent at once must each count.
      const { failedLogins } = await this.prisma.staffUser.update({
        where: { id: staff.id },
        data: { failedLogins: { increment: 1 } },
      });
      if (failedLogins >= this.policy.maxFailedLogins) {
        await this.prisma.staffUser.update({
          where: { id: staff.id },
          data: { failedLogins: 0, lockedUntil: new Date(now.getTime() + this.policy.lockoutSec * 1000) },
        });
        throw new AppError("ACCOUNT_LOCKED");
      }
      throw new AppError("INVALID_CREDENTIALS");
    }
    if (staff.failedLogins > 0 || staff.lockedUntil) {
      await this.prisma.staffUser.update({ where: { id: staff.id }, data: { failedLogins: 0, lockedUntil: null } });
    }
    const principal: Principal = {
      kind: "staff",
      id: staff.id,
      role: staff.role,
      propertyCompanyId: staff.propertyCompanyId,
      townshipId: staff.townshipId,
    };
    const pair = await this.tokens.issue(principal);
    return { ...pair, user: staffView(staff) };
  }

  async refresh(refreshToken: string): Promise<TokenPair & { user: UserView }> {
    const { subject, replace } = await this.tokens.rotate(refreshToken);
    const [kind, id = ""] = subject.split(":");
    let principal: Principal;
    let user: UserView;
    if (kind === "resident") {
      const r = await this.prisma.resident.findUnique({ where: { id } });
      if (!r) throw new AppError("TOKEN_INVALID");
      principal = { kind: "resident", id, role: "RESIDENT" };
      user = residentView(r);
    } else {
      const s = await this.prisma.staffUser.findUnique({ where: { id } });
      if (!s || !s.active) throw new AppError("TOKEN_INVALID");
      principal = { kind: "staff", id, role: s.role, propertyCompanyId: s.propertyCompanyId, townshipId: s.townshipId };
      user = staffView(s);
    }
    const pair = await this.tokens.issue(principal);
    await replace(pair);
    return { ...pair, user };
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  async me(p: Principal): Promise<UserView> {
    if (p.kind === "resident") {
      const r = await this.prisma.resident.findUnique({ where: { id: p.id } });
      if (!r) throw new AppError("TOKEN_INVALID");
      return residentView(r);
    }
    const s = await this.prisma.staffUser.findUnique({ where: { id: p.id } });
    if (!s) throw new AppError("TOKEN_INVALID");
    return staffView(s);
  }

  async updateResident(
    id: string,
    patch: { elderlyMode?: boolean | undefined; nickname?: string | undefined },
  ): Promise<ResidentView> {
    const r = await this.prisma.resident.update({
      where: { id },
      data: {
        ...(patch.elderlyMode !== undefined ? { elderlyMode: patch.elderlyMode } : {}),
        ...(patch.nickname !== undefined ? { nickname: patch.nickname } : {}),
      },
    });
    return residentView(r);
  }
}

function residentView(r: {
  id: string;
  nickname: string | null;
  phone: string | null;
  elderlyMode: boolean;
}): ResidentView {
  return { kind: "resident", id: r.id, nickname: r.nickname, phone: r.phone, elderlyMode: r.elderlyMode };
}

function staffView(s: {
  id: string;
  name: string;
  role: string;
  propertyCompanyId: string | null;
  townshipId: string | null;
}): StaffView {
  return {
    kind: "staff",
    id: s.id,
    name: s.name,
    role: s.role,
    propertyCompanyId: s.propertyCompanyId,
    townshipId: s.townshipId,
  };
}
