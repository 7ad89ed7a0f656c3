// A tiny HTTP server on 127.0.0.1 for third-party contracts (WeChat, SMS, voice): records every request
// and lets a test queue failures.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  at: number;
}

export type StubHandler = (
  req: StubRequest,
) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

export class HttpStub {
  readonly requests: StubRequest[] = [];
  private server: http.Server | null = null;
  private listeners: ((r: StubRequest) => void)[] = [];
  baseUrl = "";

  constructor(private readonly handle: StubHandler) {}

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const raw = Buffer.concat(chunks).toString("utf8");
        let body: unknown = raw;
        if (raw && (req.headers["content-type"] ?? "").includes("json")) {
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw;
          }
        } else if (raw && (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded")) {
          body = Object.fromEntries(new URLSearchParams(raw));
        }
        const r: StubRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          body,
          at: Date.now(),
        };
        this.requests.push(r);
        for (const l of this.listeners) l(r);
        try {
          const out = await this.handle(r);
          res.writeHead(out.status ?? 200, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify(out.body));
        } catch (e) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: String(e) }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Resolves with the next request matching the predicate. */
  next(pred: (r: StubRequest) => boolean, timeoutMs = 5000): Promise<StubRequest> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("stub: no matching request in time")), timeoutMs);
      const l = (r: StubRequest) => {
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
