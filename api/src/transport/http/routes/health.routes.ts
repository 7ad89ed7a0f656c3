import * as c from "../../../contract/health.ts";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";

export const healthRoutes = [
  route({
    method: "get",
    path: "/health",
    summary: "The process is alive",
    tag: "health",
    access: "public",
    response: c.alive,
    handler: async () => ({ status: "ok" as const }),
  }),
  route({
    method: "get",
    path: "/ready",
    summary:
      "Ready to serve: the database and broker answer (else 503). status is degraded, with the details in checks, when a notification provider's recent sends mostly failed",
    tag: "health",
    access: "public",
    response: c.readiness,
    handler: async ({ services }) => {
      const checks: Record<string, string> = {};
      const failed: string[] = [];
      let degraded = false;
      await Promise.all(
        services.readiness.map(async (c) => {
          try {
            checks[c.name] = (await c.check()) || "ok";
          } catch (e) {
            if (c.advisory) {
              degraded = true;
              checks[c.name] = `degraded: ${(e as Error).message}`;
            } else failed.push(`${c.name}: ${(e as Error).message}`);
          }
        }),
      );
      if (failed.length) throw new AppError("NOT_READY", `服务尚未就绪：${failed.join("; ")}`);
      return { status: degraded ? ("degraded" as const) : ("ready" as const), checks };
    },
  }),
];
