// The console's sign-in: the staff login API's tokens kept in two HttpOnly cookies scoped to /console.
// SameSite=Strict keeps them off cross-site form posts (CSRF); requests that carry an Origin header must
// also come from this site. An expired access token is renewed with the refresh token transparently.
import type Koa from "koa";
import type { Services } from "../../../../api/src/services.ts";
import type { Principal } from "../../../../api/src/modules/auth/principal.ts";

const AT = "anxin_console_at";
const RT = "anxin_console_rt";
const WEEK_MS = 7 * 24 * 3600_000;

function cookieOpts(ctx: Koa.Context, maxAge: number) {
  return {
    httpOnly: true,
    sameSite: "strict" as const,
    path: "/console",
    secure: ctx.protocol === "https",
    maxAge,
    overwrite: true,
  };
}

export function setSession(
  ctx: Koa.Context,
  tokens: { accessToken: string; refreshToken: string; expiresIn: number },
): void {
  ctx.cookies.set(AT, tokens.accessToken, cookieOpts(ctx, tokens.expiresIn * 1000));
  ctx.cookies.set(RT, tokens.refreshToken, cookieOpts(ctx, WEEK_MS));
}

export async function clearSession(ctx: Koa.Context, services: Services): Promise<void> {
  const rt = ctx.cookies.get(RT);
  if (rt) await services.auth.logout(rt).catch(() => undefined);
  ctx.cookies.set(AT, null, { path: "/console" });
  ctx.cookies.set(RT, null, { path: "/console" });
}

export async function sessionPrincipal(ctx: Koa.Context, services: Services): Promise<Principal | null> {
  const at = ctx.cookies.get(AT);
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
export function siteOrigin(ctx: Koa.Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}
