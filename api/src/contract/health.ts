// Liveness and readiness (transport/http/routes/health.routes.ts).
import { z } from "zod";

export const alive = z.object({ status: z.literal("ok") });

export const readiness = z.object({ status: z.enum(["ready", "degraded"]), checks: z.record(z.string(), z.string()) });
