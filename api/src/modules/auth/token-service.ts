// Short-lived signed access tokens (HS256) and rotating refresh tokens stored only as hashes.
// A refresh token used twice means it leaked: every token of that subject is revoked.
import { createHash, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Prisma } from "../../db/client.ts";
import type { Principal } from "./principal.ts";
import { STAFF_ROLES } from "./principal.ts";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export class TokenService {
  private readonly key: Uint8Array;
  constructor(
    private readonly prisma: Prisma,
    secret: string,
    private readonly clock: Clock,
    private readonly ttl: { accessSec: number; refreshSec: number },
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(principal: Principal): Promise<TokenPair> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims: Record<string, unknown> = { role: principal.role, typ: "access" };
    if (principal.kind === "staff") {
      claims.pc = principal.propertyCompanyId;
      claims.tw = principal.townshipId;
    }
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(`${principal.kind}:${principal.id}`)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttl.accessSec)
      .sign(this.key);
    const refreshToken = randomBytes(32).toString("base64url");
    await this.prisma.refreshToken.create({
      data: {
        subject: `${principal.kind}:${principal.id}`,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(this.clock.now().getTime() + this.ttl.refreshSec * 1000),
      },
    });
    return { accessToken, refreshToken, expiresIn: this.ttl.accessSec };
  }

  async verifyAccess(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        currentDate: this.clock.now(),
      });
      if (payload.typ !== "access" || typeof payload.sub !== "string") throw new AppError("TOKEN_INVALID");
      const [kind, id] = payload.sub.split(":");
      if (kind === "resident" && id) return { kind: "resident", id, role: "RESIDENT" };
      const role = payload.role as (typeof STAFF_ROLES)[number];
      if (kind === "staff" && id && STAFF_ROLES.includes(role)) {
        return {
          kind: "staff",
          id,
          role,
          propertyCompanyId: typeof payload.pc === "string" ? payload.pc : null,
          townshipId: typeof payload.tw === "string" ? payload.tw : null,
        };
      }
      throw new AppError("TOKEN_INVALID");
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new AppError("TOKEN_INVALID", "登录已过期，请刷新或重新登录");
      throw new AppError("TOKEN_INVALID");
    }
  }

  /** Exchanges a refresh token for a new pair; returns the subject so the caller can rebuild the principal. */
  async rotate(refreshToken: string): Promise<{ subject: string; replace: (pair: TokenPair) => Promise<void> }> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) } });
    const now = this.clock.now();
    if (!row || row.expiresAt <= now) throw new AppError("TOKEN_INVALID");
    if (row.revokedAt) {
      // Only a token that was rotated (replaced by a newer one) and comes back means it leaked. A token
      // revoked by logout, tried again from another tab, just fails: it must not sign out other devices.
      if (!row.replacedBy) throw new AppError("TOKEN_INVALID");
      await this.revokeSubject(row.subject);
      throw new AppError("TOKEN_INVALID", "登录凭证已被使用过，为安全起见已退出所有设备");
    }
    // Claim the row atomically so two concurrent refreshes with one token cannot both succeed.
    const claimed = await this.prisma.refreshToken.updateMany({
      where: { id: row.id, revokedAt: null },
      data: { revokedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("TOKEN_INVALID");
    return {
      subject: row.subject,
      replace: async (pair) => {
        await this.prisma.refreshToken.update({
          where: { id: row.id },
          data: { replacedBy: sha256(pair.refreshToken) },
        });
      },
    };
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({
      where: { tokenHash: sha256(refreshToken), revokedAt: null },
      data: { revokedAt: this.clock.now() },
    });
  }

  async revokeSubject(subject: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({
      where: { subject, revokedAt: null },
      data: { revokedAt: this.clock.now() },
    });
  }
}
