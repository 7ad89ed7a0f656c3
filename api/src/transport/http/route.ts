// A route declares its method, path, who may call it, and zod schemas for what comes in and goes out.
// The same declarations build the Koa router, /openapi.json and the access tests.
import type { z } from "zod";
import type Koa from "koa";
import type { Principal, Role } from "../../modules/auth/principal.ts";
import type { Services } from "../../services.ts";
import type { LimitName } from "./rate-limits.ts";

export type Access = "public" | "any" | readonly Role[];

export interface HandlerInput<P, Q, B> {
  principal: Principal | null;
  params: P;
  query: Q;
  body: B;
  services: Services;
  ctx: Koa.Context;
}

export interface AuthedInput<P, Q, B> extends HandlerInput<P, Q, B> {
  principal: Principal;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteDef<
  PS extends z.ZodType | undefined = z.ZodType | undefined,
  QS extends z.ZodType | undefined = z.ZodType | undefined,
  BS extends z.ZodType | undefined = z.ZodType | undefined,
  RS extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: PS;
  query?: QS;
  body?: BS;
  response?: RS;
  status?: number;
  /** a rate limit (rate-limits.ts): per account and per client address, 429 with Retry-After past it */
  rateLimit?: LimitName;
  /**
   * "fire": answered as soon as it is read, never waiting behind routine requests (TurnGate, issue 21): a
   * carrier push may carry a fire, and a person acting on an alarm is the fire's path too. Everything else
   * takes its turn.
   */
  lane?: "fire";
  handler: (input: AuthedInput<Out<PS>, Out<QS>, Out<BS>>) => Promise<RS extends z.ZodType ? z.input<RS> : unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous list of routes
export type AnyRoute = RouteDef<any, any, any, any>;

/** Identity with inference: keeps each route's schemas and handler types tied together. */
export function route<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
  RS extends z.ZodType | undefined = undefined,
>(def: RouteDef<PS, QS, BS, RS>): RouteDef<PS, QS, BS, RS> {
  return def;
}

export function allows(access: Access, principal: Principal | null): "ok" | "unauthenticated" | "forbidden" {
  if (access === "public") return "ok";
  if (!principal) return "unauthenticated";
  if (access === "any") return "ok";
  return access.includes(principal.role) ? "ok" : "forbidden";
}
