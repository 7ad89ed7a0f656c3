// The console's sign-in: the staff login API's tokens in two HttpOnly, SameSite=Strict cookies. The access
// token's cookie has path "/" so the JSON API accepts it from the console's scripts (which never see it:
// the API's staff-session transport says how, CSRF included); the refresh token's stays under
// /console, where only these server pages renew it. Form posts that carry an Origin header must also come
// from this site. An expired access token is renewed with the refresh token transparently.
import type Koa from "koa";
import { type PortalServices, type Principal, SESSION_COOKIE, ownOrigin, sessionCookieOptions } from "@anxin/api";

const RT = "anxin_console_rt";
/** the access cookie's name and path before it moved to "/" (cleared so no stale copy lingers) */
const OLD_AT = "anxin_console_at";
const WEEK_MS = 7 * 24 * 3600_000;

function refreshCookieOpts(ctx: Koa.Context, maxAge: number) {
  return { ...sessionCookieOptions(ctx, maxAge), path: "/console" };
}

export function setSession(
  ctx: Koa.Context,
  tokens: { accessToken: string; refreshToken: string; expiresIn: number },
): void {
  ctx.cookies.set(SESSION_COOKIE, tokens.accessToken, sessionCookieOptions(ctx, tokens.expiresIn * 1000));
  ctx.cookies.set(RT, tokens.refreshToken, refreshCookieOpts(ctx, WEEK_MS));
  ctx.cookies.set(OLD_AT, null, { path: "/console" });
}

/** Signs out: the session is revoked (its access token stops working at once) and the cookies go. */
export async function clearSession(ctx: Koa.Context, services: PortalServices): Promise<void> {
  const rt = ctx.cookies.get(RT);
  if (rt) await services.auth.logout(rt).catch(() => undefined);
  const at = ctx.cookies.get(SESSION_COOKIE);
  if (at) {
    const who = await services.tokens.verifyAccess(at).catch(() => null);
    if (who?.sessionId) await services.tokens.revokeSession(who.sessionId);
  }
  ctx.cookies.set(SESSION_COOKIE, null, { path: "/" });
  ctx.cookies.set(RT, null, { path: "/console" });
  ctx.cookies.set(OLD_AT, null, { path: "/console" });
}

export async function sessionPrincipal(ctx: Koa.Context, services: PortalServices): Promise<Principal | null> {
  const at = ctx.cookies.get(SESSION_COOKIE);
  if (at) {
    try {
      return await services.tokens.verifyAccess(at);
    } catch {
      /* expired or revoked: try the refresh token */
    }
  }
  const rt = ctx.cookies.get(RT);
  if (!rt) return null;
  try {
    const renewed = await services.auth.refresh(rt);
    setSession(ctx, renewed);
    return await services.tokens.verifyAccess(renewed.accessToken);
  } catch {
    return null;
  }
}

/** Form posts must come from this site's pages (belt and braces with SameSite=Strict). */
export function sameOrigin(ctx: Koa.Context): boolean {
  const origin = ctx.get("origin");
  return !origin || origin === siteOrigin(ctx);
}

/** This request's scheme and host (Koa 3's ctx.origin is the Origin request header, not this). */
export const siteOrigin = (ctx: Koa.Context): string => ownOrigin(ctx);
