import { timingSafeEqual } from "node:crypto";
import Koa from "koa";
import { bodyParser } from "@koa/bodyparser";
import type { Logger } from "../../shared/logger.ts";
import type { Services } from "../../services.ts";
import { errorHandler } from "./middleware/errors.ts";
import { requestContext } from "./middleware/request-context.ts";
import { buildRouter } from "./router.ts";
import { buildOpenApi } from "./openapi.ts";
import { allRoutes } from "./routes/index.ts";
import type { AnyRoute } from "./route.ts";
import { AppError } from "../../shared/errors.ts";
import { isLoopback } from "../../shared/rate-limit.ts";

export interface HttpAppOptions {
  services: Services;
  log: Logger;
  routes?: readonly AnyRoute[];
  /** middleware mounted before everything else (an HTTP worker process: relays settled before answering) */
  first?: Koa.Middleware[];
  /** extra middleware mounted after the API (static files: portal, H5) */
  extra?: Koa.Middleware[];
  /**
   * Behind one TLS-terminating proxy (TRUST_PROXY): the client's address is the last X-Forwarded-For entry
   * (the one that proxy added; earlier ones the client may have written), the scheme X-Forwarded-Proto.
   */
  trustProxy?: boolean;
  /** METRICS_TOKEN: /metrics wants it as a bearer token; without one only local, unproxied requests get it */
  metricsToken?: string | undefined;
  /** HTTP_TURN_MS: routine requests take turns of this much of the event loop (TurnGate); 0 or absent: off */
  turnMs?: number;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * /metrics says how busy the system is, how many alarms there are, how many devices are connected: not for
 * everyone (issue 12 item 7). With METRICS_TOKEN it wants that token; without, only a request from this
 * machine that did not come through a proxy.
 */
function metricsGuard(token: string | undefined, trustProxy: boolean): Koa.Middleware {
  return async (ctx, next) => {
    if (ctx.path !== "/metrics") return next();
    const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get("authorization"))?.[1];
    const allowed = token
      ? bearer !== undefined && sameSecret(bearer, token)
      : !trustProxy && isLoopback(ctx.req.socket.remoteAddress ?? "");
    if (!allowed) throw new AppError("UNAUTHENTICATED", "指标接口需要 METRICS_TOKEN（Authorization: Bearer）");
    await next();
  };
}

/** HSTS once the client reached us over TLS (directly, or through the TLS proxy TRUST_PROXY declares). */
const strictTransport: Koa.Middleware = async (ctx, next) => {
  if (ctx.secure) ctx.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  await next();
};

export function createHttpApp(opts: HttpAppOptions): Koa {
  const app = new Koa({ proxy: opts.trustProxy ?? false, maxIpsCount: 1 });
  const routes = opts.routes ?? allRoutes;
  const openapi = buildOpenApi(routes, { title: "安心消防 Anxin API", version: "0.1.0" });
  for (const m of opts.first ?? []) app.use(m);
  app.use(requestContext(opts.log));
  app.use(errorHandler());
  app.use(strictTransport);
  app.use(metricsGuard(opts.metricsToken, opts.trustProxy ?? false));
  app.use(bodyParser({ enableTypes: ["json"], jsonLimit: "256kb", encoding: "utf-8" }));
  app.use(async (ctx, next) => {
    if (ctx.path === "/openapi.json" && ctx.method === "GET") {
      ctx.body = openapi;
      return;
    }
    await next();
  });
  const router = buildRouter(routes, opts.services, { turnMs: opts.turnMs ?? 0 });
  app.use(router.routes());
  app.use(router.allowedMethods());
  for (const m of opts.extra ?? []) app.use(m);
  return app;
}
