import { z } from "zod";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";

export const healthRoutes = [
  route({
    method: "get",
    path: "/health",
    summary: "The process is alive",
    tag: "health",
    access: "public",
    response: z.object({ status: z.literal("ok") }),
    handler: async () => ({ status: "ok" as const }),
  }),
  route({
    method: "get",
    path: "/ready",
    summary: "Ready to serve: the database (and broker) answer",
    tag: "health",
    access: "public",
    response: z.object({ status: z.literal("ready"), checks: z.record(z.string(), z.literal("ok")) }),
    handler: async ({ services }) => {
      const checks: Record<string, "ok"> = {};
      const failed: string[] = [];
      await Promise.all(
        services.readiness.map(async (c) => {
          try {
            await c.check();
            checks[c.name] = "ok";
          } catch (e) {
            failed.push(`${c.name}: ${(e as Error).message}`);
          }
        }),
      );
      if (failed.length) throw new AppError("NOT_READY", `服务尚未就绪：${failed.join("; ")}`);
      return { status: "ready" as const, checks };
    },
  }),
];
