// Turns route declarations into Koa routes: authenticate, check the role, validate, call, validate the reply.
import Router from "@koa/router";
import type Koa from "koa";
import { AppError } from "../../shared/errors.ts";
import type { Services } from "../../services.ts";
import type { Principal } from "../../modules/auth/principal.ts";
import { allows, type AnyRoute } from "./route.ts";
import { HttpLimits } from "./rate-limits.ts";
import { assertOwnPage, cookieToken } from "./staff-session.ts";
import { TurnGate } from "../../shared/turn-gate.ts";

/** The caller: a bearer token (apps), else the staff console's session cookie (staff-session.ts). */
async function authenticate(ctx: Koa.Context, services: Services): Promise<Principal | null> {
  const header = ctx.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new AppError("TOKEN_INVALID");
    return services.tokens.verifyAccess(m[1]);
  }
  const cookie = cookieToken(ctx);
  if (!cookie) return null;
  assertOwnPage(ctx);
  return services.tokens.verifyAccess(cookie);
}

/**
 * Where a request's value holds U+0000 (in a string or a key), as a field path; null when nowhere. PostgreSQL's
 * text refuses the character, so one in any field was a 500 there (and stored as-is on SQLite): it is no
 * character anyone types, and is refused before any schema or database sees it. Bounded: a JSON body is at
 * most 256 KB, and the walk stops at MAX_NODES values.
 */
const MAX_NODES = 200_000;
export function nulAt(root: unknown, name: string): string | null {
  const stack: [unknown, string][] = [[root, name]];
  for (let n = 0; stack.length && n < MAX_NODES; n++) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes("\u0000")) return path;
        stack.push([x, `${path}.${k}`]);
      }
    }
  }
  return null;
}

/**
 * `turnMs`: the event loop's time a turn for routine requests (HTTP_TURN_MS, TurnGate); 0 answers every request
 * as soon as it is read.
 */
export function buildRouter(routes: readonly AnyRoute[], services: Services, opts: { turnMs?: number } = {}): Router {
  const router = new Router();
  const gate = opts.turnMs ? new TurnGate(opts.turnMs) : null;
  const limits = new HttpLimits(
    () => services.clock.now().getTime(),
    (name) => services.metrics.rateLimited.inc({ limit: name }),
  );
  for (const r of routes) {
    router[r.method](r.path, async (ctx) => {
      if (gate && r.lane !== "fire") await gate.wait();
      // a public route needs nobody: a token it does not understand (the /metrics token, an expired one) is
      // not an error there, the caller is simply anonymous
      const principal =
        r.access === "public" ? await authenticate(ctx, services).catch(() => null) : await authenticate(ctx, services);
      const verdict = allows(r.access, principal);
      if (verdict === "unauthenticated") throw new AppError("UNAUTHENTICATED");
      if (verdict === "forbidden") throw new AppError("FORBIDDEN", "当前账号的角色不能使用此功能");
      if (r.rateLimit) limits.check(r.rateLimit, ctx.ip, principal);
      const rawBody = (ctx.request as { body?: unknown }).body;
      const nul = nulAt(ctx.params, "params") ?? nulAt(ctx.query, "query") ?? nulAt(rawBody, "body");
      if (nul)
        throw new AppError("VALIDATION_FAILED", `请求内容有误：${nul.replace(/^\w+\./, "")} 含有不可见的控制字符`);
      const params = r.params ? r.params.parse(ctx.params) : undefined;
      const query = r.query ? r.query.parse(ctx.query) : undefined;
      const body = r.body ? r.body.parse(rawBody ?? {}) : undefined;
      const result = await r.handler({ principal: principal as Principal, params, query, body, services, ctx });
      if (ctx.body !== undefined && ctx.body !== null && r.response === undefined) return; // handler wrote the body (files, streams)
      ctx.status = r.status ?? 200;
      ctx.body = r.response ? r.response.parse(result) : (result ?? null);
      if (ctx.status === 204) ctx.body = null;
    });
  }
  return router;
}
