// The portal's server side, mounted by the API process behind the JSON routes: the public fire-safety
// education site (server-rendered, works without JavaScript) and the staff console under /console.
import type Koa from "koa";
import { type PortalServices, AppError } from "@anxin/api";
import { publicRouter, type OriginOf } from "./public-routes.ts";
import { consoleRouter } from "./console-routes.ts";
import { groupBookingRouter } from "./group-booking-routes.ts";
import { consoleOpsRouter } from "../console/router.ts";
import { notFoundPage } from "./pages/public/info.ts";
import { CACHE_PRIVATE, sendHtml } from "./http/respond.ts";
import { siteOrigin } from "./http/session.ts";

export { consoleAppState, warmConsoleApp } from "../console/spa.ts";

export interface PortalOptions {
  /** the public address for canonical URLs, og:url and the sitemap (PORTAL_PUBLIC_URL); else the request's */
  publicUrl?: string | undefined;
  /**
   * Without publicUrl, the request's own address goes into pages that shared caches keep, so only a host
   * named here (PUBLIC_BASE_URL's) or the machine itself (127.0.0.1, localhost, ::1) is written back;
   * any other Host (or X-Forwarded-Host) gets `fallbackUrl` (issue 12 item 7: the Host header was echoed
   * into publicly cached pages, so one request could plant another site's address in them).
   */
  allowedHosts?: readonly string[];
  fallbackUrl?: string | undefined;
  /** the console maps' tile address template (CONSOLE_TILE_URL); none: markers on a plain background */
  tileUrl?: string | undefined;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

export function createPortal(services: PortalServices, opts: PortalOptions = {}): Koa.Middleware[] {
  const base = opts.publicUrl?.replace(/\/+$/, "");
  const allowed = new Set((opts.allowedHosts ?? []).map((h) => h.toLowerCase()));
  const fallback = (opts.fallbackUrl ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
  const originOf: OriginOf = (ctx) => {
    if (base) return base;
    const host = ctx.host.toLowerCase();
    const known = allowed.has(host) || allowed.has(host.replace(/:\d+$/, "")) || LOOPBACK_HOST.test(host);
    return known && (ctx.protocol === "http" || ctx.protocol === "https") ? siteOrigin(ctx) : fallback;
  };
  const site = publicRouter(services, originOf);
  const staff = consoleRouter(services, originOf);
  const ops = consoleOpsRouter(services, { tileUrl: opts.tileUrl }); // issue 8: alarm board, places, devices, county, monthly report
  const htmlErrors: Koa.Middleware = async (ctx, next) => {
    if (ctx.path.startsWith("/api/")) return next();
    try {
      await next();
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== "NOT_FOUND") throw e;
      sendHtml(ctx, notFoundPage(originOf(ctx), ctx.path), { status: 404, cache: CACHE_PRIVATE });
      return;
    }
    // a page path nobody answered: an HTML 404 for browsers, the API's JSON 404 for everything else
    if (
      ctx.status === 404 &&
      ctx.body === undefined &&
      (ctx.method === "GET" || ctx.method === "HEAD") &&
      ctx.accepts("html") === "html"
    ) {
      sendHtml(ctx, notFoundPage(originOf(ctx), ctx.path), { status: 404, cache: CACHE_PRIVATE });
    }
  };
  // app.use() accepts router middleware; the Middleware[] type of the mount point is narrower than it needs to be
  return [
    htmlErrors,
    site.routes() as unknown as Koa.Middleware,
    ops.routes() as unknown as Koa.Middleware,
    staff.routes() as unknown as Koa.Middleware,
    groupBookingRouter(services, originOf).routes() as unknown as Koa.Middleware,
  ];
}
