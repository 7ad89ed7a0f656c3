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

export interface HttpAppOptions {
  services: Services;
  log: Logger;
  routes?: readonly AnyRoute[];
  /** extra middleware mounted after the API (static files: portal, H5) */
  extra?: Koa.Middleware[];
  /**
   * Behind one TLS-terminating proxy (TRUST_PROXY): the client's address is the last X-Forwarded-For entry
   * (the one that proxy added; earlier ones the client may have written), the scheme X-Forwarded-Proto.
   */
  trustProxy?: boolean;
}

export function createHttpApp(opts: HttpAppOptions): Koa {
  const app = new Koa({ proxy: opts.trustProxy ?? false, maxIpsCount: 1 });
  const routes = opts.routes ?? allRoutes;
  const openapi = buildOpenApi(routes, { title: "安心消防 Anxin API", version: "0.1.0" });
  app.use(requestContext(opts.log));
  app.use(errorHandler());
  app.use(bodyParser({ enableTypes: ["json"], jsonLimit: "256kb", encoding: "utf-8" }));
  app.use(async (ctx, next) => {
    if (ctx.path === "/openapi.json" && ctx.method === "GET") {
      ctx.body = openapi;
      return;
    }
    await next();
  });
  const router = buildRouter(routes, opts.services);
  app.use(router.routes());
  app.use(router.allowedMethods());
  for (const m of opts.extra ?? []) app.use(m);
  return app;
}
