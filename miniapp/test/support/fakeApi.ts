import { onTestFinished, vi } from "vitest";
import { responseSchema } from "./contractRoutes";

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export type Reply = { status?: number; body?: unknown } | undefined;
export type Handler = (call: Call, params: Record<string, string>) => Reply | Promise<Reply>;

/** A fake reply that the API could not have sent: its body breaks the route's answer schema. */
export class ContractDrift extends Error {}

let contractByDefault = false;
/** Called at the top of a test file: every fake API in the file checks its replies (contract: true). */
export function holdRepliesToContract(): void {
  contractByDefault = true;
}

/**
 * Replaces `fetch` (which Taro's H5 `Taro.request` uses) with an in-memory API.
 * Routes are "METHOD /api/path/:param". Unrouted requests answer 404 with the API's error shape.
 * With `contract: true`, every 2xx reply of a route the contract knows (contractRoutes.ts) is parsed with
 * the API's own response schema first: a drifted fixture throws ContractDrift, which fails the test.
 */
export function installFakeApi(routes: Record<string, Handler>, opts: { contract?: boolean } = {}) {
  const contract = opts.contract ?? contractByDefault;
  const calls: Call[] = [];
  const drifts: ContractDrift[] = [];
  if (contract) {
    // a drift the page swallowed (as a failed request) still fails the test
    onTestFinished(() => {
      if (drifts.length) throw drifts[0];
    });
  }
  const table = Object.entries(routes).map(([key, handler]) => {
    const [method, pattern] = key.split(" ");
    const names: string[] = [];
    const re = new RegExp(
      "^" +
        pattern.replace(/:[a-zA-Z]+/g, (m) => {
          names.push(m.slice(1));
          return "([^/]+)";
        }) +
        "$",
    );
    const schema = contract ? responseSchema(key) : undefined;
    return { method, re, names, handler, key, schema };
  });

  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input.toString(), "http://h5.local");
    const headers: Record<string, string> = {};
    const h = init?.headers;
    if (h && typeof h === "object") {
      for (const [k, v] of Object.entries(h as Record<string, string>)) headers[k.toLowerCase()] = v;
    }
    const call: Call = {
      method: (init?.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === "string" && init.body ? JSON.parse(init.body) : undefined,
      headers,
    };
    calls.push(call);
    for (const r of table) {
      if (r.method !== call.method) continue;
      const m = r.re.exec(call.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      const reply = (await r.handler(call, params)) ?? {};
      const status = reply.status ?? 200;
      if (r.schema && status >= 200 && status < 300 && status !== 204) {
        const parsed = r.schema.safeParse(reply.body);
        if (!parsed.success) {
          const drift = new ContractDrift(`${r.key}: the reply breaks the API's contract: ${parsed.error.message}`);
          drifts.push(drift);
          throw drift;
        }
      }
      if (status === 204) return new Response(null, { status });
      return new Response(reply.body === undefined ? "null" : JSON.stringify(reply.body), {
        status,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(
      JSON.stringify({ error: { code: "NOT_FOUND", message: `no route ${call.method} ${call.path}` } }),
      {
        status: 404,
        headers: { "content-type": "application/json" },
      },
    );
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    fetchMock,
    /** replies refused by the contract (a thrown fetch may be swallowed by the page as a network error) */
    drifts,
    callsTo(method: string, path: string) {
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const fail = (status: number, code: string, message = code): Reply => ({
  status,
  body: { error: { code, message } },
});
