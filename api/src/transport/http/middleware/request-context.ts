// A request id (from X-Request-Id when sane, else new) on every log line and response.
import { randomUUID } from "node:crypto";
import type Koa from "koa";
import type { Logger } from "../../../shared/logger.ts";

export function requestContext(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get("x-request-id");
    const requestId = /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set("X-Request-Id", requestId);
    const start = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10 },
        "request",
      );
    }
  };
}
