// Sign-in for residents (WeChat code -> openid) and staff (username or phone + password, with the
// guessing throttle of login-throttle.ts: delays per name and address, never a lock a stranger can set).
import { availableParallelism } from "node:os";
import { AppError, rateLimited } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Prisma, StaffRole } from "../../db/client.ts";
import { WechatError, type WechatApi } from "../../integrations/wechat/wechat-api.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { Principal } from "./principal.ts";
import type { TokenPair, TokenService } from "./token-service.ts";
import { LoginThrottle } from "./login-throttle.ts";

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
  /** wrong passwords per name and address before the delays start */
  maxFailedLogins: number;
  /** the longest delay between attempts once they have */
  lockoutSec: number;
  /** counts each staff sign-in attempt by outcome (ok, wrong, throttled) */
  onAttempt?: (outcome: "ok" | "wrong" | "throttled") => void;
}

/**
 * Password checks (argon2, 19 MiB and tens of milliseconds of CPU each) run at most one fewer at a time than
 * the machine has cores, with at most CHECKS_QUEUE waiting: a flood of sign-ins from many places waits its
 * turn or gets 429 at once, and the event loop (fire alarms, the broker, every other request) keeps a core
 * (issue 12 item 6: a sign-in flood took the API from 8 ms to 527 ms).
 */
const CHECKS_AT_ONCE = Math.max(1, availableParallelism() - 1);
const CHECKS_QUEUE = 16;

class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(
    private readonly max: number,
    private readonly queue: number,
  ) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queue) throw rateLimited(5, "登录请求");
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
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
  private readonly throttle: LoginThrottle;
  private readonly checks = new Gate(CHECKS_AT_ONCE, CHECKS_QUEUE);

  constructor(
    private readonly prisma: Prisma,
    private readonly tokens: TokenService,
    private readonly wechat: WechatApi | null,
    private readonly clock: Clock,
    private readonly policy: AuthPolicy,
  ) {
    this.throttle = new LoginThrottle({ freeFailures: policy.maxFailedLogins, maxDelaySec: policy.lockoutSec }, () =>
      clock.now().getTime(),
    );
  }

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

  /**
   * Staff sign-in from `address` (the client's, as the HTTP layer sees it). Wrong password and unknown name
   * get the same answer after the same work; too many attempts get 429 with how long to wait, the same for
   * both, and never for the right person trying from elsewhere.
   */
  async staffLogin(login: string, password: string, address: string): Promise<TokenPair & { user: StaffView }> {
    const reserved = this.throttle.begin(login, address);
    if (!reserved.ok) {
      this.policy.onAttempt?.("throttled");
      throw rateLimited(reserved.retryAfterSec, "登录尝试");
    }
    let ok = false;
    try {
      const staff = await this.prisma.staffUser.findFirst({ where: { OR: [{ username: login }, { phone: login }] } });
      // An unknown or inactive name, or an account whose invitation has not been accepted (no password yet),
      // costs one argon2 check against a throwaway hash, like a wrong password, so neither the reply nor its
      // timing reveals which usernames or phone numbers exist.
      this.dummyHash ??= hashPassword(`no-such-user-${Math.random()}`);
      const usable = staff && staff.active && staff.passwordHash ? staff : null;
      const hash = usable?.passwordHash ?? (await this.dummyHash);
      const right = (await this.checks.run(() => verifyPassword(hash, password))) && usable !== null;
      if (!staff || !usable || !right) {
        // a record of wrong passwords on the account, each counted in the database (concurrent ones too); the
        // same write, matching nothing, for an unknown name
        await this.prisma.staffUser.updateMany({
          where: { id: staff?.id ?? "-" },
          data: { failedLogins: { increment: 1 } },
        });
        this.policy.onAttempt?.("wrong");
        throw new AppError("INVALID_CREDENTIALS");
      }
      ok = true;
      this.policy.onAttempt?.("ok");
      if (staff.failedLogins > 0 || staff.lockedUntil)
        await this.prisma.staffUser.update({ where: { id: staff.id }, data: { failedLogins: 0, lockedUntil: null } });
      return await this.signIn(staff);
    } finally {
      reserved.attempt.finish(ok);
    }
  }

  private async signIn(staff: {
    id: string;
    name: string;
    role: StaffRole;
    propertyCompanyId: string | null;
    townshipId: string | null;
  }): Promise<TokenPair & { user: StaffView }> {
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
    const { subject, sessionId, replace } = await this.tokens.rotate(refreshToken);
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
    const pair = await this.tokens.issue(principal, sessionId);
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
