// The one place errors become HTTP: a domain AppError keeps its code and status; anything else is a 500
// whose details go to the log, never to the caller.
import type Koa from "koa";
import { ZodError } from "zod";
import { AppError, ERROR_CODES } from "../../../shared/errors.ts";

export function errorHandler(): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined)
        throw new AppError("NOT_FOUND", `没有这个接口：${ctx.method} ${ctx.path}`);
      // the router answers a known path with another method by status alone (and an Allow header)
      if (ctx.status === 405 && ctx.body === undefined)
        throw new AppError("METHOD_NOT_ALLOWED", `该接口不支持 ${ctx.method} 请求`);
    } catch (err) {
      const e = toAppError(err);
      ctx.status = e.status;
      const retry = (e.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
      if (e.code === "RATE_LIMITED" && typeof retry === "number") ctx.set("Retry-After", String(retry));
      ctx.body = {
        error: {
          code: e.code,
          message: e.message,
          requestId: ctx.state.requestId,
          ...(e.details ? { details: e.details } : {}),
        },
      };
      if (e.status >= 500) ctx.state.log?.error({ err }, "request failed");
      else ctx.state.log?.info({ code: e.code }, "request refused");
    }
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    return new AppError(
      "VALIDATION_FAILED",
      first ? `${ERROR_CODES.VALIDATION_FAILED.message}：${first.path || "请求"} ${first.message}` : undefined,
      details,
    );
  }
  const status = (err as { status?: number; type?: string }).status;
  const type = (err as { type?: string }).type;
  if (status === 413 || type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE");
  if (status === 400 && (type === "entity.parse.failed" || err instanceof SyntaxError))
    return new AppError("MALFORMED_JSON");
  if (status === 415) return new AppError("VALIDATION_FAILED", "请求内容类型应为 application/json");
  // a unique key the service did not check first (or two requests at once): the caller's conflict, not ours
  if ((err as { code?: unknown }).code === "P2002")
    return new AppError("CONFLICT", "与已有的记录重复（如同名），请换一个后再试");
  return new AppError("INTERNAL");
}
