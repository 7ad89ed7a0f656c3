// The portal's server side, mounted by the API process behind the JSON routes: the public fire-safety
// education site (server-rendered, works without JavaScript) and the staff console under /console.
import type Koa from "koa";
import type { Services } from "../../../api/src/services.ts";
import { AppError } from "../../../api/src/shared/errors.ts";
import { publicRouter, type OriginOf } from "./public-routes.ts";
import { consoleRouter } from "./console-routes.ts";
import { groupBookingRouter } from "./group-booking-routes.ts";
import { consoleOpsRouter } from "../console/router.ts";
import { notFoundPage } from "./pages/public/info.ts";
import { CACHE_PRIVATE, sendHtml } from "./http/respond.ts";
import { siteOrigin } from "./http/session.ts";

export interface PortalOptions {
  /** the public address for canonical URLs, og:url and the sitemap (PORTAL_PUBLIC_URL); else the request's */
  publicUrl?: string | undefined;
}

export function createPortal(
  services: Services,
  opts: PortalOptions = { publicUrl: process.env.PORTAL_PUBLIC_URL },
): Koa.Middleware[] {
  const base = opts.publicUrl?.replace(/\/+$/, "");
  const originOf: OriginOf = (ctx) => base ?? siteOrigin(ctx);
  const site = publicRouter(services, originOf);
  const staff = consoleRouter(services, originOf);
  const ops = consoleOpsRouter(services); // issue 8: alarm board, places, devices, county, monthly report
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
