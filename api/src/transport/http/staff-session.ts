// The staff console's sign-in, as the API accepts it (issue 12 item 7: /console/session.json handed the
// access token to page scripts). The console's server signs staff in and sets the access token as an
// HttpOnly cookie (page scripts never see it), SameSite=Strict (other sites' pages cannot make the browser
// send it), Secure over TLS, path "/" so the JSON API under /api receives it. The API takes it from same-site
// requests that carry no Authorization header; for methods that change something it also wants proof the
// request comes from our own pages (CSRF, OWASP Cross-Site Request Forgery Prevention Cheat Sheet):
// - the custom header X-Anxin-CSRF: 1, which a cross-site form cannot send and a cross-origin script can
//   send only after a CORS preflight this API never grants;
// - an Origin header, when the browser sends one, equal to this site's own origin;
// - Sec-Fetch-Site, when sent, "same-origin".
// Signing out revokes the session (TokenService), so the cookie stops working on the next request.
// The React console (issue 13) uses the same mechanism: fetch with credentials "same-origin" and the header.
import type Koa from "koa";
import { AppError } from "../../shared/errors.ts";

/** The access-token cookie: HttpOnly, SameSite=Strict, path "/", Secure over TLS. */
export const SESSION_COOKIE = "anxin_session";
/** The header our pages send with every request that changes something. */
export const CSRF_HEADER = "x-anxin-csrf";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** This request's scheme and host (Koa 3's ctx.origin is the Origin request header, not this). */
export function ownOrigin(ctx: Koa.Context): string {
  return `${ctx.protocol}://${ctx.host}`;
}

/** The cookie's options for a token that lives `maxAgeMs`. */
export function sessionCookieOptions(ctx: Koa.Context, maxAgeMs: number) {
  return {
    httpOnly: true,
    sameSite: "strict" as const,
    path: "/",
    secure: ctx.secure,
    maxAge: maxAgeMs,
    overwrite: true,
  };
}

/** Refuses a cookie-authenticated request that changes something unless it comes from our own pages. */
export function assertOwnPage(ctx: Koa.Context): void {
  if (SAFE.has(ctx.method)) return;
  const origin = ctx.get("origin");
  const site = ctx.get("sec-fetch-site");
  if (ctx.get(CSRF_HEADER) !== "1" || (origin && origin !== ownOrigin(ctx)) || (site && site !== "same-origin"))
    throw new AppError("FORBIDDEN", "请求来源不正确：请从安心消防管理台页面操作");
}

/** The access token from the session cookie, for a request without an Authorization header. */
export function cookieToken(ctx: Koa.Context): string | undefined {
  return ctx.cookies.get(SESSION_COOKIE) || undefined;
}
