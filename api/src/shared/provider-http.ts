// The HTTP client the API calls third parties with: WeChat, Alibaba Cloud's SMS and voice, the 119 hand-off and
// the carriers' command APIs. HTTP/1.1 over kept-alive sockets (node:net, node:tls), written here rather than
// the global fetch or node:http for one reason: a fire alarm's first messages must leave at once.
//
// A fire's first step stores its rows and starts their requests in one run of the API's code, and that run goes
// on (the step's other rows, the later steps' timers, the sounder linkage ...) in promise callbacks that do not
// wait for the loop: SQLite answers at once. node:http and undici write a request's bytes only once those
// callbacks have all run (a socket is handed to a request in `process.nextTick`, which waits for them), so the
// first request left 2-3 ms after it was started even on an idle API (docs/performance.md, "A fire's first
// request, and its hand-over"). Here a request on a kept-alive socket is written to it in the call itself, as a raw socket
// write is; a request that needs a new connection is written as soon as it is made. The client takes and gives
// the part of fetch's shape these callers use, so a test may still hand any of them the real fetch.
//
// What it does, and what it does not:
// - the answer is read whole, at most `maxAnswerBytes` (1 MB): providers answer in small JSON, and a longer
//   answer fails the request rather than filling memory; a head over 64 KB fails it too;
// - framing as RFC 9112 says: Content-Length, chunked (trailers read and dropped), or until the server closes;
//   1xx answers are skipped; no body after HEAD, 204 or 304;
// - a network failure rejects with a TypeError "request failed: ..." whose `cause` is the system error (its
//   `code`, e.g. ECONNREFUSED, is what callers log), the shape fetch rejects with; an aborted signal rejects
//   with the signal's reason (for `AbortSignal.timeout`, a TimeoutError); a request without a signal is bounded
//   by `timeoutMs` (30 s);
// - at most `maxSockets` (64) connections to one provider, the rest of the requests waiting for one in order;
// - a socket is kept while idle for at most `idleMs` (4 s, as undici), or a second less than the server's
//   `Keep-Alive: timeout=`, and closed at once if the server closes it, so a request rarely goes out on a
//   socket the server is closing; a request is never sent twice by this client (the outbox decides what is
//   retried, and asks the provider first where it can: docs/notifications.md);
// - a TLS connection offers the origin's last session again: a fire's first message after a quiet spell
//   needs a new connection (an idle socket is gone after 4 s), and a resumed session skips the certificate
//   exchange (a round trip less under TLS 1.2);
// - no redirects followed (no provider redirects an API call: a redirect is answered as its status), no
//   proxy, no compression asked for, no pipelining.
import net from "node:net";
import tls from "node:tls";
import { AnswerParser, TOKEN } from "./http-answer.ts";

export interface ProviderRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface ProviderAnswer {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** What a caller needs from an HTTP client; the global fetch fits it too (tests hand it in). */
export type ProviderFetch = (url: string, init?: ProviderRequest) => Promise<ProviderAnswer>;

export interface ProviderHttpOptions {
  /** an idle kept-alive socket is closed after this long */
  idleMs?: number;
  /** connections to one origin at once */
  maxSockets?: number;
  /** the longest answer body taken */
  maxAnswerBytes?: number;
  /** the bound of a request given no signal */
  timeoutMs?: number;
  /** certificates trusted besides the system's (tests: a self-signed stand-in) */
  ca?: string;
}

export const MAX_ANSWER_BYTES = 1024 * 1024;
/** requests waiting for a connection to one origin; more are refused at once */
const MAX_WAITING = 10_000;

interface Pending {
  bytes: Buffer;
  noBody: boolean;
  signal: AbortSignal;
  resolve: (a: ProviderAnswer) => void;
  reject: (e: Error) => void;
  settled: boolean;
  origin: Origin;
  /** the connection it went out on; none while it waits for one */
  conn: Conn | null;
  onAbort: () => void;
}

interface Conn {
  socket: net.Socket;
  origin: Origin;
  current: Pending | null;
  parser: AnswerParser | null;
  idleTimer: NodeJS.Timeout | null;
}

interface Origin {
  key: string;
  host: string;
  port: number;
  secure: boolean;
  servername: string | undefined;
  /** the last TLS session the origin gave, offered again on the next connection (a shorter handshake) */
  session: Buffer | null;
  idle: Conn[];
  open: number;
  waiting: Pending[];
}

function answer(status: number, headers: Map<string, string>, body: Buffer): ProviderAnswer {
  const text = () => body.toString("utf8").replace(/^\uFEFF/, "");
  return {
    ok: status >= 200 && status <= 299,
    status,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
  };
}

const failed = (e: Error) => new TypeError(`request failed: ${e.message}`, { cause: e });

export class ProviderHttp {
  private readonly origins = new Map<string, Origin>();
  private readonly idleMs: number;
  private readonly maxSockets: number;
  private readonly maxAnswerBytes: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ProviderHttpOptions = {}) {
    this.idleMs = opts.idleMs ?? 4000;
    this.maxSockets = Math.max(1, opts.maxSockets ?? 64);
    this.maxAnswerBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  readonly fetch: ProviderFetch = (url, init = {}) =>
    new Promise<ProviderAnswer>((resolve, reject) => {
      const signal = init.signal ?? AbortSignal.timeout(this.timeoutMs);
      if (signal.aborted) return reject(signal.reason as Error);
      let target: URL;
      try {
        target = new URL(url);
      } catch (e) {
        return reject(new TypeError(`request failed: ${url} is not a URL`, { cause: e }));
      }
      if (target.protocol !== "http:" && target.protocol !== "https:")
        return reject(new TypeError(`request failed: ${target.protocol} is not HTTP`));
      const method = init.method ?? "GET";
      let bytes: Buffer;
      try {
        bytes = this.requestBytes(target, method, init);
      } catch (e) {
        return reject(e as Error);
      }
      const origin = this.origin(target);
      const p: Pending = {
        bytes,
        noBody: method === "HEAD",
        signal,
        resolve,
        reject,
        settled: false,
        origin,
        conn: null,
        onAbort: () => this.abort(p),
      };
      signal.addEventListener("abort", p.onAbort, { once: true });
      const idle = this.takeIdle(origin);
      if (idle) this.start(idle, p);
      else if (origin.open < this.maxSockets) this.start(this.connect(origin), p);
      else if (origin.waiting.length < MAX_WAITING) origin.waiting.push(p);
      else this.settle(p, new TypeError(`request failed: ${MAX_WAITING} requests already wait for ${origin.key}`));
    });

  /** Closes every idle socket (a stop; requests in flight finish on theirs). */
  close(): void {
    for (const o of this.origins.values()) for (const c of o.idle.splice(0)) c.socket.destroy();
  }

  private requestBytes(target: URL, method: string, init: ProviderRequest): Buffer {
    if (!TOKEN.test(method)) throw new TypeError(`request failed: ${method} is not a method`);
    const body = init.body === undefined ? null : Buffer.from(init.body, "utf8");
    const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `host: ${target.host}`];
    let agent = false;
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      const lower = name.toLowerCase();
      if (!TOKEN.test(name) || /[^\t\x20-\x7e]/.test(value))
        throw new TypeError(`request failed: the header ${JSON.stringify(name)} is not valid`);
      if (lower === "host" || lower === "content-length" || lower === "transfer-encoding" || lower === "connection")
        continue; // this client's to set
      if (lower === "user-agent") agent = true;
      lines.push(`${name}: ${value}`);
    }
    if (!agent) lines.push("user-agent: anxin");
    if (body || method === "POST" || method === "PUT") lines.push(`content-length: ${body?.length ?? 0}`);
    const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
    return body ? Buffer.concat([head, body]) : head;
  }

  private origin(target: URL): Origin {
    const secure = target.protocol === "https:";
    const port = Number(target.port || (secure ? 443 : 80));
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const key = `${target.protocol}//${target.hostname}:${port}`;
    let o = this.origins.get(key);
    if (!o) {
      if (this.origins.size >= 1000) this.dropUnused();
      o = {
        key,
        host,
        port,
        secure,
        servername: net.isIP(host) ? undefined : host,
        session: null,
        idle: [],
        open: 0,
        waiting: [],
      };
      this.origins.set(key, o);
    }
    return o;
  }

  /** The last kept socket still open (one the server just closed is let go, not written to). */
  private takeIdle(origin: Origin): Conn | null {
    for (let c = origin.idle.pop(); c; c = origin.idle.pop()) {
      if (!c.socket.destroyed && !c.socket.readableEnded) return c;
      c.socket.destroy();
    }
    return null;
  }

  private dropUnused(): void {
    for (const [k, o] of this.origins) if (!o.open && !o.waiting.length) this.origins.delete(k);
  }

  private connect(origin: Origin): Conn {
    const socket = origin.secure
      ? tls.connect({
          host: origin.host,
          port: origin.port,
          ...(origin.servername ? { servername: origin.servername } : {}),
          ALPNProtocols: ["http/1.1"],
          ...(this.opts.ca ? { ca: [...tls.rootCertificates, this.opts.ca] } : {}),
          ...(origin.session ? { session: origin.session } : {}),
        })
      : net.connect({ host: origin.host, port: origin.port });
    socket.setNoDelay(true);
    if (socket instanceof tls.TLSSocket) socket.on("session", (session: Buffer) => (origin.session = session));
    origin.open++;
    const conn: Conn = { socket, origin, current: null, parser: null, idleTimer: null };
    let error: Error | null = null;
    socket.on("data", (data: Buffer) => this.read(conn, data));
    socket.on("end", () => {
      const p = conn.current;
      if (p && conn.parser?.end()) this.finish(conn, p);
      socket.destroy();
    });
    socket.on("error", (e) => (error = e));
    socket.on("close", () => {
      origin.open--;
      if (conn.idleTimer) clearTimeout(conn.idleTimer);
      const at = origin.idle.indexOf(conn);
      if (at >= 0) origin.idle.splice(at, 1);
      const p = conn.current;
      conn.current = null;
      if (p) this.settle(p, failed(error ?? new Error("the connection closed before the answer")));
      this.next(origin);
    });
    return conn;
  }

  /** Writes the request now: on a connected socket its bytes leave in this call. */
  private start(conn: Conn, p: Pending): void {
    if (conn.idleTimer) clearTimeout(conn.idleTimer);
    conn.idleTimer = null;
    conn.current = p;
    conn.parser = new AnswerParser(p.noBody, this.maxAnswerBytes);
    p.conn = conn;
    conn.socket.ref();
    conn.socket.write(p.bytes);
  }

  private read(conn: Conn, data: Buffer): void {
    const p = conn.current;
    if (!p || !conn.parser) return void conn.socket.destroy(); // bytes nobody asked for: not a socket to keep
    let done: boolean;
    try {
      done = conn.parser.push(data);
    } catch (e) {
      conn.current = null;
      this.settle(p, failed(e as Error));
      return void conn.socket.destroy();
    }
    if (done) this.finish(conn, p);
  }

  private finish(conn: Conn, p: Pending): void {
    const parser = conn.parser!;
    conn.current = null;
    conn.parser = null;
    this.settle(p, answer(parser.status, parser.headers, parser.body));
    const idleMs = this.keptFor(parser.headers.get("keep-alive"));
    if (!parser.keepAlive || idleMs <= 0 || conn.socket.destroyed) return void conn.socket.destroy();
    const waiting = conn.origin.waiting.shift();
    if (waiting) return this.start(conn, waiting);
    conn.socket.unref();
    conn.idleTimer = setTimeout(() => conn.socket.destroy(), idleMs);
    conn.idleTimer.unref();
    conn.origin.idle.push(conn);
  }

  /** How long an idle socket is kept: `idleMs`, or a second less than the server says it keeps it. */
  private keptFor(hint: string | undefined): number {
    const s = hint && /(?:^|,)\s*timeout=(\d+)/i.exec(hint)?.[1];
    return s ? Math.min(this.idleMs, Number(s) * 1000 - 1000) : this.idleMs;
  }

  private next(origin: Origin): void {
    while (origin.waiting.length && origin.open < this.maxSockets) {
      const p = origin.waiting.shift()!;
      if (!p.settled) this.start(this.connect(origin), p);
    }
  }

  private abort(p: Pending): void {
    const conn = p.conn;
    const at = conn ? -1 : p.origin.waiting.indexOf(p);
    if (at >= 0) p.origin.waiting.splice(at, 1);
    this.settle(p, p.signal.reason as Error);
    if (conn && conn.current === p) {
      conn.current = null; // its answer may still come: the socket is not kept
      conn.socket.destroy();
    }
  }

  private settle(p: Pending, outcome: ProviderAnswer | Error): void {
    if (p.settled) return;
    p.settled = true;
    p.signal.removeEventListener("abort", p.onAbort);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }
}

/** The API's one client: its kept sockets are shared by every caller in the process. */
const shared = new ProviderHttp();
export const providerFetch: ProviderFetch = shared.fetch;
