// A small HTTP server on 127.0.0.1 that plays a third-party platform for the demo and the tests: it records
// every request and answers through a handler. `shape` adds what a platform's stand-in wants to read from a
// request (http-stub.ts: the body parsed as the WeChat and Alibaba Cloud APIs send it).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** the body as sent, for signature checks */
  rawBody: string;
  at: number;
}

export interface StandInAnswer {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 256 * 1024;

export class HttpStandIn<R extends StandInRequest = StandInRequest> {
  readonly requests: R[] = [];
  private server: http.Server | null = null;
  private listeners: ((r: R) => void)[] = [];
  baseUrl = "";

  constructor(
    private readonly handle: (req: R) => StandInAnswer | Promise<StandInAnswer>,
    private readonly shape: (req: StandInRequest) => R = (req) => req as R,
  ) {}

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) req.destroy();
        else chunks.push(c);
      });
      req.on("end", () => void this.#reply(req, Buffer.concat(chunks).toString("utf8"), res));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async #reply(req: http.IncomingMessage, rawBody: string, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const r = this.shape({
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      at: Date.now(),
    });
    this.requests.push(r);
    for (const l of this.listeners) l(r);
    try {
      const out = await this.handle(r);
      res.writeHead(out.status ?? 200, { "content-type": "application/json; charset=utf-8", ...out.headers });
      res.end(JSON.stringify(out.body));
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    }
  }

  /** Resolves with the next request matching the predicate. */
  next(pred: (r: R) => boolean, timeoutMs = 5000): Promise<R> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("stand-in: no matching request in time")), timeoutMs);
      const l = (r: R) => {
        if (!pred(r)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((x) => x !== l);
        resolve(r);
      };
      this.listeners.push(l);
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }
}

/** POSTs a push body (already serialised, as a platform sends it) to a receiver; its answer, for checks. */
export async function postPush(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

export function header(r: StandInRequest, name: string): string | undefined {
  const v = r.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
