// Short-lived signed access tokens (HS256) and rotating refresh tokens stored only as hashes.
// A refresh token used twice means it leaked: every token of that subject is revoked.
// Every sign-in is an AuthSession; its access tokens carry its id (sid) and are refused once it is revoked
// (signing out, a leaked refresh token), checked on every request (issue 12 item 7: access tokens lived
// their 15 minutes after a logout). The check reads the session's row at most once a second per process;
// a revocation through this process is known at once, through another within that second.
// A long-lived answer (the staff live feed, an event stream) is checked once, at its start: watch() ends it when
// its session ends (signed out, or the account stopped: staff-accounts.ts revokes its sessions in the database).
// At once when that happens through this process; through another process or instance within WATCH_EVERY_MS, as
// every process asks the database, in one query per 500 watched sessions, whether those sessions are still live.
import { createHash, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from "jose";
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

/** How long a session's "not revoked" is believed without asking the database again. */
const SESSION_CHECK_MS = 1000;
const SESSION_CACHE_MAX = 10_000;
const VERIFIED_CACHE_MAX = 10_000;
/** How often the sessions of open streams are asked again (watch()): a revocation elsewhere ends them within it. */
export const WATCH_EVERY_MS = 5_000;
const WATCH_BATCH = 500;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export class TokenService {
  private readonly key: Uint8Array;
  private readonly sessions = new Map<string, { revoked: boolean; at: number }>();
  /** access tokens whose signature was checked, by the token itself (bounded, oldest dropped first) */
  private readonly verifiedTokens = new Map<string, JWTPayload>();
  /** the open streams of each watched session, by session id: what ends each */
  private readonly watched = new Map<string, Set<() => void>>();
  private watchTimer: NodeJS.Timeout | null = null;
  private watchCheck: Promise<void> | null = null;
  private watchAgain = false;
  constructor(
    private readonly prisma: Prisma,
    secret: string,
    private readonly clock: Clock,
    private readonly ttl: { accessSec: number; refreshSec: number },
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A token pair in session `sessionId` (a refresh), or in a new session (a sign-in). */
  async issue(principal: Principal, sessionId?: string): Promise<TokenPair> {
    const subject = `${principal.kind}:${principal.id}`;
    const sid = sessionId ?? (await this.prisma.authSession.create({ data: { subject }, select: { id: true } })).id;
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const claims: Record<string, unknown> = { role: principal.role, typ: "access", sid };
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
        sessionId: sid,
        expiresAt: new Date(this.clock.now().getTime() + this.ttl.refreshSec * 1000),
      },
    });
    return { accessToken, refreshToken, expiresIn: this.ttl.accessSec };
  }

  async verifyAccess(token: string): Promise<Principal> {
    try {
      const payload = await this.verified(token);
      if (payload.typ !== "access" || typeof payload.sub !== "string" || typeof payload.sid !== "string")
        throw new AppError("TOKEN_INVALID");
      const sessionId = payload.sid;
      await this.assertLive(sessionId);
      const [kind, id] = payload.sub.split(":");
      if (kind === "resident" && id) return { kind: "resident", id, role: "RESIDENT", sessionId };
      const role = payload.role as (typeof STAFF_ROLES)[number];
      if (kind === "staff" && id && STAFF_ROLES.includes(role)) {
        return {
          kind: "staff",
          id,
          role,
          propertyCompanyId: typeof payload.pc === "string" ? payload.pc : null,
          townshipId: typeof payload.tw === "string" ? payload.tw : null,
          sessionId,
        };
      }
      throw new AppError("TOKEN_INVALID");
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof joseErrors.JWTExpired) throw new AppError("TOKEN_INVALID", "登录已过期，请刷新或重新登录");
      throw new AppError("TOKEN_INVALID");
    }
  }

  /**
   * The token's claims once its signature is checked. A token seen before is not checked again (issue 21:
   * WebCrypto's HMAC, a key import and a thread-pool round trip, was most of the residents' home API's own
   * work); its expiry is, every time, as jose checks it (exp at or before this second: expired).
   */
  private async verified(token: string): Promise<JWTPayload> {
    const now = this.clock.now();
    const known = this.verifiedTokens.get(token);
    if (known) {
      if (typeof known.exp === "number" && known.exp > Math.floor(now.getTime() / 1000)) return known;
      this.verifiedTokens.delete(token);
    }
    const { payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], currentDate: now });
    if (typeof payload.exp === "number") {
      if (this.verifiedTokens.size >= VERIFIED_CACHE_MAX)
        this.verifiedTokens.delete(this.verifiedTokens.keys().next().value!);
      this.verifiedTokens.set(token, payload);
    }
    return payload;
  }

  /** Throws TOKEN_INVALID when the session was signed out (or never existed). */
  private async assertLive(sessionId: string): Promise<void> {
    const cached = this.sessions.get(sessionId);
    if (cached && (cached.revoked || Date.now() - cached.at < SESSION_CHECK_MS)) {
      if (cached.revoked) throw new AppError("TOKEN_INVALID", "已退出登录，请重新登录");
      return;
    }
    const row = await this.prisma.authSession.findUnique({ where: { id: sessionId }, select: { revokedAt: true } });
    const revoked = !row || row.revokedAt !== null;
    this.remember(sessionId, revoked);
    if (revoked) throw new AppError("TOKEN_INVALID", "已退出登录，请重新登录");
  }

  private remember(sessionId: string, revoked: boolean): void {
    this.sessions.delete(sessionId);
    if (this.sessions.size >= SESSION_CACHE_MAX) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(sessionId, { revoked, at: Date.now() });
  }

  /** Ends a sign-in: its access tokens stop working at once, its refresh tokens too, its open streams end. */
  async revokeSession(sessionId: string): Promise<void> {
    const now = this.clock.now();
    await this.prisma.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
    await this.prisma.refreshToken.updateMany({ where: { sessionId, revokedAt: null }, data: { revokedAt: now } });
    this.remember(sessionId, true);
    this.endWatched([sessionId]);
  }

  /**
   * Calls `end` once when the session is no longer live (signed out, revoked, the account stopped): at once when
   * that happens through this process, else within WATCH_EVERY_MS. For answers that outlive their request's
   * check (an event stream). Returns what stops watching (the stream closed by itself).
   */
  watch(sessionId: string, end: () => void): () => void {
    let ends = this.watched.get(sessionId);
    if (!ends) this.watched.set(sessionId, (ends = new Set()));
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      end();
    };
    ends.add(once);
    if (!this.watchTimer) {
      this.watchTimer = setInterval(() => void this.checkWatched(), WATCH_EVERY_MS);
      this.watchTimer.unref();
    }
    return () => {
      done = true;
      const set = this.watched.get(sessionId);
      set?.delete(once);
      if (set && !set.size) this.watched.delete(sessionId);
      if (!this.watched.size && this.watchTimer) {
        clearInterval(this.watchTimer);
        this.watchTimer = null;
      }
    };
  }

  /**
   * Asks the database which watched sessions ended, and ends their streams. One check at a time: asked during one,
   * it runs once more after it (the one running may have read before the revocation it is asked for).
   */
  checkWatched(): Promise<void> {
    if (this.watchCheck) {
      this.watchAgain = true;
      return this.watchCheck;
    }
    this.watchCheck = (async () => {
      try {
        do {
          this.watchAgain = false;
          const ids = [...this.watched.keys()];
          for (let i = 0; i < ids.length; i += WATCH_BATCH) {
            const batch = ids.slice(i, i + WATCH_BATCH);
            const live = await this.prisma.authSession.findMany({
              where: { id: { in: batch }, revokedAt: null },
              select: { id: true },
            });
            const alive = new Set(live.map((r) => r.id));
            this.endWatched(batch.filter((id) => !alive.has(id)));
          }
        } while (this.watchAgain);
      } catch {
        // the database is out of reach: asked again at the next round
      } finally {
        this.watchCheck = null;
      }
    })();
    return this.watchCheck;
  }

  private endWatched(sessionIds: readonly string[]): void {
    for (const id of sessionIds) {
      const ends = this.watched.get(id);
      if (!ends) continue;
      this.remember(id, true);
      this.watched.delete(id); // a session that ended does not come back
      for (const end of ends) {
        try {
          end();
        } catch {
          // one stream failing to end does not keep the others open
        }
      }
    }
    if (!this.watched.size && this.watchTimer) {
      clearInterval(this.watchTimer);
      this.watchTimer = null;
    }
  }

  /** Exchanges a refresh token for a new pair; returns the subject so the caller can rebuild the principal. */
  async rotate(
    refreshToken: string,
  ): Promise<{ subject: string; sessionId: string; replace: (pair: TokenPair) => Promise<void> }> {
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
    // tokens from before sessions existed start one; a signed-out session gives no new tokens
    let sessionId = row.sessionId;
    if (sessionId) {
      const s = await this.prisma.authSession.findUnique({ where: { id: sessionId }, select: { revokedAt: true } });
      if (!s || s.revokedAt) throw new AppError("TOKEN_INVALID");
    } else {
      sessionId = (await this.prisma.authSession.create({ data: { subject: row.subject }, select: { id: true } })).id;
    }
    return {
      subject: row.subject,
      sessionId,
      replace: async (pair) => {
        await this.prisma.refreshToken.update({
          where: { id: row.id },
          data: { replacedBy: sha256(pair.refreshToken) },
        });
      },
    };
  }

  /** Signing out with a refresh token: its whole session ends, access tokens included. */
  async revoke(refreshToken: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: sha256(refreshToken) },
      select: { sessionId: true },
    });
    await this.prisma.refreshToken.updateMany({
      where: { tokenHash: sha256(refreshToken), revokedAt: null },
      data: { revokedAt: this.clock.now() },
    });
    if (row?.sessionId) await this.revokeSession(row.sessionId);
  }

  async revokeSubject(subject: string): Promise<void> {
    const now = this.clock.now();
    await this.prisma.refreshToken.updateMany({ where: { subject, revokedAt: null }, data: { revokedAt: now } });
    await this.prisma.authSession.updateMany({ where: { subject, revokedAt: null }, data: { revokedAt: now } });
    this.forgetSessions();
  }

  /**
   * Sessions revoked elsewhere in the database: ask it again (which sessions were whose is not kept here), and end
   * the open streams of those that ended now rather than at the next round.
   */
  forgetSessions(): void {
    this.sessions.clear();
    if (this.watched.size) void this.checkWatched();
  }
}
