// /openapi.json is generated from the same zod schemas the routes validate with.
import { z } from "zod";
import type { AnyRoute } from "./route.ts";

function schemaOf(s: z.ZodType | undefined, io: "input" | "output"): unknown {
  if (!s) return undefined;
  return z.toJSONSchema(s, { io, unrepresentable: "any" });
}

function parameters(r: AnyRoute): unknown[] {
  const out: unknown[] = [];
  for (const [where, s] of [
    ["path", r.params],
    ["query", r.query],
  ] as const) {
    const json = schemaOf(s, "input") as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const [name, schema] of Object.entries(json?.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json?.required ?? []).includes(name), schema });
    }
  }
  return out;
}

export function buildOpenApi(routes: readonly AnyRoute[], info: { title: string; version: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    paths[p] ??= {};
    const roles = r.access === "public" ? "anyone" : r.access === "any" ? "any signed-in user" : r.access.join(", ");
    paths[p][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      description: `Who may call: ${roles}.`,
      ...(r.access === "public" ? {} : { security: [{ bearer: [] }] }),
      parameters: parameters(r),
      ...(r.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(r.body, "input") } } } }
        : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: "OK",
          ...(r.response ? { content: { "application/json": { schema: schemaOf(r.response, "output") } } } : {}),
        },
        default: {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                requestId: { type: "string" },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}
