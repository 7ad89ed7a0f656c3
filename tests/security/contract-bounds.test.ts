// Issue 12 "what it must show": a property-based test over every route's date and number parameters, from
// the contract. The routes are data (api/src/transport/http/routes): for each one, the JSON Schema of its
// path, query and body (the one /openapi.json publishes) is walked for numbers, dates, months and instants,
// at any depth. Each must state its bounds; each is then sent values the contract refuses (past its bounds,
// outside 2000-2099, not a real date, absurd sizes) and values on and within its bounds (fast-check), with
// the rest of the request made valid from the same schema. Every request must be answered within a bound
// (a hang detector, not a performance figure), never with a 5xx, and a refused value with 400 (429 where
// the route is rate-limited and the caller has used up its bucket). The API runs in a child process, so a
// request that held its event loop would be noticed here, and its watchdog must have seen no stall.
import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../api/src/transport/http/routes/index.ts";
import type { AnyRoute } from "../../api/src/transport/http/route.ts";
import type { Role } from "../../api/src/modules/auth/principal.ts";
import { CALENDAR_MAX, CALENDAR_MIN } from "../../api/src/shared/bounded.ts";
import { startApiChild, type ApiChild } from "../support/api-child.ts";
import { WechatStub, DEMO_APP_ID, DEMO_APP_SECRET } from "../../api/stand-ins/wechat-stub.ts";

const BOUND_MS = 10_000; // a hang detector, not a performance figure: generous for a busy machine
const RANDOM_RUNS = 6;

type Schema = Record<string, unknown> & {
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
};
type Where = "params" | "query" | "body";
type Step = string | number; // a property name, or 0 for "the first item of an array"
interface Field {
  where: Where;
  path: Step[];
  kind: "integer" | "number" | "date" | "month" | "date-time";
  min?: number;
  max?: number;
}

const jsonOf = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Schema;

function fieldsOf(s: Schema, where: Where, path: Step[] = [], out: Field[] = []): Field[] {
  if (s.anyOf) for (const o of s.anyOf) fieldsOf(o, where, path, out);
  else if (s.type === "object")
    for (const [k, v] of Object.entries(s.properties ?? {})) fieldsOf(v, where, [...path, k], out);
  else if (s.type === "array" && s.items) fieldsOf(s.items, where, [...path, 0], out);
  else if (s.type === "integer" || s.type === "number")
    out.push({
      where,
      path,
      kind: s.type,
      ...(s.minimum !== undefined || s.exclusiveMinimum !== undefined ? { min: s.minimum ?? s.exclusiveMinimum } : {}),
      ...(s.maximum !== undefined || s.exclusiveMaximum !== undefined ? { max: s.maximum ?? s.exclusiveMaximum } : {}),
    });
  else if (s.type === "string" && (s.format === "date" || s.format === "month" || s.format === "date-time"))
    out.push({ where, path, kind: s.format });
  return out;
}

/** A minimal valid value of a schema: required properties only, one item where items are required. */
function sample(s: Schema, seed = 7): unknown {
  if (s.anyOf) return sample(s.anyOf.find((o) => o.type !== "null") ?? s.anyOf[0]!, seed);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case "string":
      if (s.format === "date") return "2026-06-15";
      if (s.format === "month") return "2026-06";
      if (s.format === "date-time") return "2026-06-15T02:00:00Z";
      if (s.format === "uri") return "https://example.com/a.jpg";
      if (s.pattern) return fc.sample(fc.stringMatching(new RegExp(s.pattern)), { numRuns: 1, seed })[0];
      return "测试".padEnd(Math.max(2, s.minLength ?? 1), "试").slice(0, s.maxLength ?? 64);
    case "integer":
    case "number":
      return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? 1);
    case "boolean":
      return false;
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, seed));
    case "object": {
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k] ?? {}, seed);
      return o;
    }
    default:
      return "x";
  }
}

/** `base` with the value at `path` set (arrays and objects along the way created as needed). */
function setAt(base: unknown, path: Step[], value: unknown, schema: Schema): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  let s = schema;
  while (s.anyOf) s = s.anyOf.find((o) => o.type !== "null") ?? s.anyOf[0]!;
  if (typeof head === "number") {
    const arr = Array.isArray(base) ? [...base] : [];
    arr[0] = setAt(arr[0] ?? sample(s.items ?? {}), rest, value, s.items ?? {});
    return arr;
  }
  const obj = { ...((base as Record<string, unknown> | undefined) ?? {}) };
  const child = s.properties?.[head] ?? {};
  obj[head] = setAt(obj[head] ?? sample(child), rest, value, child);
  return obj;
}

const DAY_MS = 86_400_000;
const inWindowDate = fc
  .integer({
    min: Date.parse(`${CALENDAR_MIN}T00:00:00Z`) / DAY_MS,
    max: Date.parse(`${CALENDAR_MAX}T00:00:00Z`) / DAY_MS,
  })
  .map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));

/** Values the contract must refuse, and values on and within its bounds. */
function cases(f: Field): { refused: unknown[]; accepted: fc.Arbitrary<unknown> } {
  switch (f.kind) {
    case "integer":
    case "number": {
      const min = f.min!;
      const max = f.max!;
      const refused: unknown[] = [min - 1, max + 1, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2];
      if (f.kind === "integer" && min + 0.5 <= max) refused.push(min + 0.5);
      if (f.where !== "body") refused.push("abc", "Infinity", "1e400");
      const inRange = f.kind === "integer" ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
      return { refused, accepted: fc.oneof(fc.constantFrom(min, max), inRange) };
    }
    case "date":
      return {
        refused: [
          "9999-12-31",
          "9999-12-30",
          "0000-01-01",
          "1999-12-31",
          "2100-01-01",
          "2026-02-30",
          "+010000-01-01",
          "2026-1-1",
          "9".repeat(200),
        ],
        accepted: fc.oneof(fc.constantFrom(CALENDAR_MIN, CALENDAR_MAX), inWindowDate),
      };
    case "month":
      return {
        refused: ["0000-01", "9999-12", "1999-12", "2100-01", "2026-13", "2026-00", "202601", "+10000-01"],
        accepted: fc.oneof(
          fc.constantFrom(CALENDAR_MIN.slice(0, 7), CALENDAR_MAX.slice(0, 7)),
          inWindowDate.map((d) => d.slice(0, 7)),
        ),
      };
    case "date-time":
      return {
        refused: [
          "9999-12-31T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "1969-12-31T23:59:59Z",
          "+275760-09-13T00:00:00Z",
          "2026-13-01T00:00:00Z",
          "2026-06-15T08:00:00",
          "not a time",
          `2026-06-15T08:00:00Z${" ".repeat(100)}x`,
        ],
        accepted: fc.oneof(
          fc.constantFrom(`${CALENDAR_MIN}T00:00:00Z`, `${CALENDAR_MAX}T23:59:59Z`),
          inWindowDate.map((d) => `${d}T08:30:00+08:00`),
        ),
      };
  }
}

const ACCOUNT: Partial<Record<Role, string>> = {
  RESIDENT: "zhangsan",
  PROPERTY_MANAGER: "manager_a",
  PROPERTY_STAFF: "staff_a",
  TOWNSHIP_COORDINATOR: "coordinator",
  CENTRE_STAFF: "centre",
  FIRE_SUPERVISOR: "supervisor",
  ADMIN: "admin",
  UNIT_RESPONSIBLE: "yy_zeren",
  UNIT_MANAGER: "yy_guanli",
  UNIT_SAFETY_OFFICER: "yy_anquan",
  CONTROL_ROOM_OPERATOR: "yy_zhiban1",
  SECTOR_REGULATOR: "reg_edu",
  MAINTENANCE_TECH: "wb_wang",
  INSTALLER: "az_zhou",
  CENTRE_OPERATOR: "centre_op",
  PROGRAMME_OFFICE: "programme",
};

let api: ApiChild;
let wechat: WechatStub;
const tokens = new Map<Role, string>();
const ids: Record<string, string> = {};

beforeAll(async () => {
  wechat = new WechatStub();
  const base = await wechat.start();
  api = await startApiChild({
    WECHAT_API_BASE: base,
    WECHAT_APP_ID: DEMO_APP_ID,
    WECHAT_APP_SECRET: DEMO_APP_SECRET,
    EVENT_LOOP_STALL_MS: "15000", // a stall this long is a hang, whatever else runs on the machine
  });
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${api.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })
    ).json()) as { accessToken: string };
  for (const [role, name] of Object.entries(ACCOUNT) as [Role, string][]) {
    const staff = api.demo!.staff.find((s) => s.username === name);
    tokens.set(
      role,
      (staff
        ? await post("/api/auth/staff/login", { username: name, password: staff.password })
        : await post("/api/auth/wechat/login", { code: `demo-h5:${name}` })
      ).accessToken,
    );
  }
  const get = async <T>(path: string) =>
    (await (
      await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${tokens.get("ADMIN")}` } })
    ).json()) as T;
  ids.centre = (await get<{ items: { id: string }[] }>("/api/centres")).items[0]!.id;
  ids.session = (await get<{ items: { id: string }[] }>("/api/sessions")).items[0]!.id;
  ids.community = (await get<{ items: { id: string }[] }>("/api/communities")).items[0]!.id;
  ids.quiz = (await get<{ items: { slug: string }[] }>("/api/education/quizzes")).items[0]!.slug;
  ids.household = api.demo!.residents[0]!.households[0]!.id;
  ids.device = api.demo!.devices.find((d) => d.address)!.id;
}, 120_000);
afterAll(async () => {
  await api?.kill();
  await wechat?.stop();
});

/** Real ids where the path names a kind we have, so handlers run past their lookups. */
function fillPath(path: string): string {
  return path
    .replace(/\/([a-z-]+)\/:([A-Za-z]+)/g, (_, seg: string, name: string) => {
      const id =
        name === "communityId"
          ? ids.community
          : seg === "centres"
            ? ids.centre
            : seg === "sessions"
              ? ids.session
              : seg === "communities"
                ? ids.community
                : seg === "households"
                  ? ids.household
                  : seg === "devices"
                    ? ids.device
                    : seg === "quizzes"
                      ? ids.quiz
                      : "does-not-exist";
      return `/${seg}/${encodeURIComponent(id ?? "does-not-exist")}`;
    })
    .replace(/:([A-Za-z]+)/g, "does-not-exist");
}

function roleFor(r: AnyRoute): Role | null {
  if (r.access === "public") return null;
  if (r.access === "any") return "ADMIN";
  return r.access.includes("ADMIN") ? "ADMIN" : r.access[0]!;
}

async function send(
  r: AnyRoute,
  query: Record<string, unknown>,
  body: unknown,
): Promise<{ status: number; text: string }> {
  const role = roleFor(r);
  const qs = new URLSearchParams(
    Object.entries(query).map(([k, v]): [string, string] => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  ).toString();
  const url = `${api.url}${fillPath(r.path)}${qs ? `?${qs}` : ""}`;
  let res: Response;
  let text: string;
  try {
    // the signal bounds the whole exchange, the body included: a hang is caught without timing anything
    res = await fetch(url, {
      method: r.method.toUpperCase(),
      headers: {
        ...(role ? { authorization: `Bearer ${tokens.get(role)}` } : {}),
        ...(r.method !== "get" ? { "content-type": "application/json" } : {}),
      },
      ...(r.method !== "get" ? { body: JSON.stringify(body ?? {}) } : {}),
      signal: AbortSignal.timeout(BOUND_MS),
    });
    text = await res.text();
  } catch (e) {
    throw new Error(`${r.method.toUpperCase()} ${url}: no answer within ${BOUND_MS} ms (${(e as Error).message})`);
  }
  return { status: res.status, text };
}

const routesWithFields = allRoutes
  .map((r) => {
    const schemas = { params: r.params, query: r.query, body: r.body } as const;
    const fields = (Object.entries(schemas) as [Where, z.ZodType | undefined][]).flatMap(([where, s]) =>
      s ? fieldsOf(jsonOf(s), where) : [],
    );
    return { r, fields, schemas };
  })
  .filter((x) => x.fields.length > 0);

describe("every route's dates and numbers, from the contract (issue 12)", () => {
  it("finds the routes that take dates and numbers", () => {
    expect(routesWithFields.length).toBeGreaterThanOrEqual(30);
    expect(routesWithFields.flatMap((x) => x.fields).some((f) => f.kind === "date")).toBe(true);
  });

  for (const { r, fields, schemas } of routesWithFields) {
    const label = `${r.method.toUpperCase()} ${r.path}`;
    const base = {
      query: schemas.query ? (sample(jsonOf(schemas.query)) as Record<string, unknown>) : {},
      body: schemas.body ? sample(jsonOf(schemas.body)) : undefined,
    };
    const request = (f: Field, value: unknown) => {
      if (f.where === "query") {
        const q = { ...base.query, [f.path[0] as string]: typeof value === "string" ? value : String(value) };
        return send(r, q, base.body);
      }
      return send(r, base.query, setAt(base.body, f.path, value, jsonOf(schemas.body!)));
    };
    const refusedStatuses = r.rateLimit ? [400, 429] : [400];

    for (const f of fields) {
      const name = `${f.where}.${f.path.join(".")}`;
      it(`${label} ${name} (${f.kind}): bounded; refused values get 400, edge and random ones never 5xx, all within ${BOUND_MS} ms`, async () => {
        if (f.kind === "integer" || f.kind === "number") {
          expect(f.min, `${name} states a minimum`).toBeDefined();
          expect(f.max, `${name} states a maximum`).toBeDefined();
        }
        const { refused, accepted } = cases(f);
        for (const v of refused) {
          const res = await request(f, v);
          expect(
            refusedStatuses,
            `${label} ${name}=${JSON.stringify(v)}: ${res.status} ${res.text.slice(0, 200)}`,
          ).toContain(res.status);
        }
        await fc.assert(
          fc.asyncProperty(accepted, async (v) => {
            const res = await request(f, v);
            expect(res.status, `${label} ${name}=${JSON.stringify(v)}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          }),
          { numRuns: RANDOM_RUNS, seed: 20261202 },
        );
      }, 120_000);
    }

    // a range with both ends at the calendar's edge, or both refused: the request that hung the API
    const dates = fields.filter((f) => f.kind === "date" || f.kind === "date-time");
    if (dates.length >= 2 && dates.every((f) => f.where === dates[0]!.where))
      it(`${label}: both ends of the range at once`, async () => {
        const set = (v: (f: Field) => string) =>
          dates.reduce<{ q: Record<string, unknown>; b: unknown }>(
            (acc, f) =>
              f.where === "query"
                ? { ...acc, q: { ...acc.q, [f.path[0] as string]: v(f) } }
                : { ...acc, b: setAt(acc.b, f.path, v(f), jsonOf(schemas.body!)) },
            { q: { ...base.query }, b: base.body },
          );
        const edge = (f: Field, d: string) => (f.kind === "date" ? d : `${d}T00:00:00Z`);
        for (const [value, refused] of [
          ["9999-12-31", true],
          ["9999-12-30", true],
          [CALENDAR_MAX, false],
          [CALENDAR_MIN, false],
        ] as const) {
          const { q, b } = set((f) => edge(f, value));
          const res = await send(r, q, b);
          if (refused) expect(refusedStatuses, `${label} ${value}: ${res.text.slice(0, 200)}`).toContain(res.status);
          else expect(res.status, `${label} ${value}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        }
      }, 120_000);
  }

  it("the API's watchdog saw no stall of the event loop through all of it", async () => {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const stalls = api
      .stderr()
      .split("\n")
      .filter((l) => l.includes("event loop stalled"));
    expect(text, stalls.join("\n")).toMatch(/^anxin_event_loop_stalls_total 0$/m);
  });
});
