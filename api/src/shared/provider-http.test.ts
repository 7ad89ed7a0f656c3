// The providers' HTTP client against a real server on the loopback: what it sends, what it gives back, and how
// it fails (refused, timed out, an answer past its bound), in the shape the callers read from fetch.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_ANSWER_BYTES, ProviderHttp, providerFetch, type ProviderFetch } from "./provider-http.ts";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  port: number;
}

const servers: http.Server[] = [];

async function serve(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, port: req.socket.remotePort! });
      handle(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A server that answers each request with the bytes `answer` gives (framing written by hand). */
async function rawServer(answer: (n: number) => string | Buffer, opts: { close?: boolean; endAfterMs?: number } = {}) {
  let n = 0;
  const ports: number[] = [];
  const server = net.createServer((socket) => {
    ports.push(socket.remotePort!);
    let buf = "";
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      // one request a time: a head, and a body of its content-length
      for (;;) {
        const at = buf.indexOf("\r\n\r\n");
        if (at < 0) return;
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, at))?.[1] ?? 0);
        if (buf.length < at + 4 + len) return;
        buf = buf.slice(at + 4 + len);
        socket.write(answer(n++));
        if (opts.close) socket.end();
        else if (opts.endAfterMs !== undefined) setTimeout(() => socket.end(), opts.endAfterMs);
      }
    });
    socket.on("error", () => undefined);
  });
  servers.push(server as unknown as http.Server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ports };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    (s as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise((r) => s.close(r));
  }
});

describe("providerFetch", () => {
  it("posts the body with its length and gives back the status, headers and answer", async () => {
    const { url, seen } = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json", "x-ag-timestamp": "1764900000000" }).end(
        // a byte-order mark before the JSON, as some gateways send it
        '\uFEFF{"errcode":0,"msgid":42}',
      ),
    );
    const res = await providerFetch(`${url}/cgi-bin/message/subscribe/send?access_token=t`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"touser":"张三"}',
    });
    expect(res.ok).toBe(true);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Ag-Timestamp")).toBe("1764900000000");
    expect(res.headers.get("x-none")).toBeNull();
    expect(await res.json()).toEqual({ errcode: 0, msgid: 42 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/cgi-bin/message/subscribe/send?access_token=t",
      body: '{"touser":"张三"}',
    });
    // the length in bytes, not in characters
    expect(seen[0]!.headers["content-length"]).toBe(String(Buffer.byteLength('{"touser":"张三"}')));
    expect(seen[0]!.headers["content-type"]).toBe("application/json");
  });

  it("keeps the socket for the next request", async () => {
    const { url, seen } = await serve((_req, res) => res.end("ok"));
    for (let i = 0; i < 3; i++) expect(await (await providerFetch(`${url}/x`)).text()).toBe("ok");
    expect(seen.map((s) => s.method)).toEqual(["GET", "GET", "GET"]);
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
  });

  it("answers a refusal as its status, not as an error", async () => {
    const { url } = await serve((_req, res) => res.writeHead(503).end("busy"));
    const res = await providerFetch(`${url}/`, { method: "POST", body: "a=1" });
    expect(res.ok).toBe(false);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("busy");
  });

  it("fails a refused connection as fetch does: a TypeError whose cause has the system's code", async () => {
    const { url } = await serve(() => undefined);
    const s = servers.pop()!;
    await new Promise((r) => s.close(r));
    const e = (await providerFetch(`${url}/`).catch((x: unknown) => x)) as TypeError & { cause?: { code?: string } };
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^request failed: /);
    expect(e.cause?.code).toBe("ECONNREFUSED");
  });

  it("fails with the signal's reason when it times out, and leaves no socket waiting", async () => {
    const { url, seen } = await serve(() => undefined); // never answers
    const e = (await providerFetch(`${url}/slow`, { signal: AbortSignal.timeout(100) }).catch(
      (x: unknown) => x,
    )) as Error;
    expect(e.name).toBe("TimeoutError");
    expect(seen).toHaveLength(1);
  });

  it("sends nothing for a signal already aborted", async () => {
    const { url, seen } = await serve((_req, res) => res.end("ok"));
    const ac = new AbortController();
    ac.abort(new Error("stopped"));
    await expect(providerFetch(`${url}/`, { signal: ac.signal })).rejects.toThrow("stopped");
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toHaveLength(0);
  });

  it("fails an answer past its bound instead of holding it", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let left = MAX_ANSWER_BYTES + chunk.length;
      const more = () => {
        while (left > 0) {
          left -= chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    });
    await expect(providerFetch(`${url}/big`)).rejects.toThrow(`request failed: answer over ${MAX_ANSWER_BYTES} bytes`);
  });

  it("takes only HTTP and HTTPS addresses", async () => {
    await expect(providerFetch("ftp://127.0.0.1/x")).rejects.toThrow("request failed: ftp: is not HTTP");
    await expect(providerFetch("not a url")).rejects.toThrow("is not a URL");
  });

  it("has the shape of fetch, so a test may hand a caller the real one", async () => {
    const { url } = await serve((_req, res) => res.end('{"a":1}'));
    const f: ProviderFetch = fetch;
    expect(await (await f(`${url}/`, { method: "POST", body: "{}" })).json()).toEqual({ a: 1 });
  });

  it("writes a request on a kept socket in the call, before the promise callbacks queued behind it run", async () => {
    // The point of this client (the fire's first message): the server, on a thread of its own, counts each
    // request it reads; this thread runs promise callbacks, one after another, without letting the loop turn.
    // node:http and fetch write only after such callbacks end, so with them the count would not move here.
    const seen = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const http = require("node:http");
       const { parentPort, workerData } = require("node:worker_threads");
       const s = http.createServer((req, res) => { Atomics.add(workerData.seen, 0, 1); req.resume(); req.on("end", () => res.end("ok")); });
       s.listen(0, "127.0.0.1", () => parentPort.postMessage(s.address().port));`,
      { eval: true, workerData: { seen } },
    );
    try {
      const port = await new Promise<number>((r) => worker.once("message", r));
      const client = new ProviderHttp();
      await (await client.fetch(`http://127.0.0.1:${port}/warm`)).text(); // a kept socket
      expect(Atomics.load(seen, 0)).toBe(1);
      // the loop turning (a macrotask) before the server counted the request would mean it waited
      let turned = false;
      setImmediate(() => (turned = true));
      const answered = client.fetch(`http://127.0.0.1:${port}/fire`, { method: "POST", body: "{}" });
      const until = Date.now() + 20_000; // bounded; reached only if the request waits for these callbacks
      while (Atomics.load(seen, 0) < 2 && Date.now() < until) await Promise.resolve();
      expect(Atomics.load(seen, 0)).toBe(2);
      // counted while only promise callbacks ran: the loop never turned. (How many of them ran before the
      // server's thread counted is a race between threads, none when it is quick: not asserted.)
      expect(turned).toBe(false);
      expect(await (await answered).text()).toBe("ok");
      client.close();
    } finally {
      await worker.terminate();
    }
  });

  it("reads chunked answers, with extensions and trailers, and keeps the socket", async () => {
    const { url, ports } = await rawServer(
      (n) =>
        `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{"a":\r\n${n < 10 ? 2 : 3}\r\n${n}}\r\n0\r\nX-Trailer: t\r\n\r\n`,
    );
    const client = new ProviderHttp();
    expect(await (await client.fetch(`${url}/`)).json()).toEqual({ a: 0 });
    expect(await (await client.fetch(`${url}/`)).json()).toEqual({ a: 1 });
    expect(ports).toHaveLength(1);
    client.close();
  });

  it("skips a 100 Continue, and reads an answer that runs until the server closes", async () => {
    const { url, ports } = await rawServer(
      (n) => `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nanswer ${n}`,
      { close: true },
    );
    const client = new ProviderHttp();
    expect(await (await client.fetch(`${url}/`)).text()).toBe("answer 0");
    expect(await (await client.fetch(`${url}/`)).text()).toBe("answer 1");
    expect(ports).toHaveLength(2); // an answer ended by the close cannot leave a socket to keep
    client.close();
  });

  it("does not keep a socket the server said it closes, or keeps for under a second", async () => {
    for (const header of ["Connection: close", "Keep-Alive: timeout=1"]) {
      const { url, ports } = await rawServer(() => `HTTP/1.1 200 OK\r\n${header}\r\nContent-Length: 2\r\n\r\nok`);
      const client = new ProviderHttp();
      expect(await (await client.fetch(`${url}/`)).text()).toBe("ok");
      expect(await (await client.fetch(`${url}/`)).text()).toBe("ok");
      expect(ports).toHaveLength(2);
    }
  });

  it("lets go of a kept socket the server closed, and sends the next request on a new one", async () => {
    const { url, ports } = await rawServer(() => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", { endAfterMs: 20 });
    const client = new ProviderHttp();
    expect(await (await client.fetch(`${url}/`)).text()).toBe("ok");
    await new Promise((r) => setTimeout(r, 200)); // the server has closed it meanwhile
    expect(await (await client.fetch(`${url}/`, { method: "POST", body: "{}" })).text()).toBe("ok");
    expect(ports).toHaveLength(2);
    client.close();
  });

  it("fails a malformed answer and does not keep its socket", async () => {
    for (const bad of [
      "HTTP/2 200\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok",
      "HTTP/1.1 200 OK\r\nbad header\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA",
    ]) {
      const { url } = await rawServer(() => bad);
      await expect(new ProviderHttp().fetch(`${url}/`)).rejects.toThrow(/^request failed: /);
    }
  });

  it("lets requests wait for a socket when the origin has as many as it may", async () => {
    const { url, ports } = await rawServer((n) => `HTTP/1.1 200 OK\r\nContent-Length: ${String(n).length}\r\n\r\n${n}`);
    const client = new ProviderHttp({ maxSockets: 1 });
    const answers = await Promise.all([0, 1, 2, 3].map(() => client.fetch(`${url}/`).then((r) => r.text())));
    expect(answers).toEqual(["0", "1", "2", "3"]);
    expect(ports).toHaveLength(1);
    client.close();
  });

  it("refuses a header that could split the request", async () => {
    const { url, seen } = await serve((_req, res) => res.end("ok"));
    await expect(providerFetch(`${url}/`, { headers: { "x-a": "1\r\nx-b: 2" } })).rejects.toThrow(/not valid/);
    expect(seen).toHaveLength(0);
  });

  it("speaks HTTPS, checking the server's certificate", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "anxin-provider-tls-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "1",
          "-subj",
          "/CN=localhost",
          "-addext",
          "subjectAltName=DNS:localhost,IP:127.0.0.1",
          "-keyout",
          path.join(dir, "key.pem"),
          "-out",
          path.join(dir, "cert.pem"),
        ],
        { stdio: "ignore" },
      );
      const cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
      const server = https.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert }, (req, res) => {
        req.resume();
        req.on("end", () => res.end(JSON.stringify({ path: req.url })));
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as AddressInfo).port;
      const trusting = new ProviderHttp({ ca: cert });
      expect(await (await trusting.fetch(`https://localhost:${port}/sns?a=1`)).json()).toEqual({ path: "/sns?a=1" });
      expect(await (await trusting.fetch(`https://127.0.0.1:${port}/b`)).json()).toEqual({ path: "/b" });
      // a new connection, once the kept one is gone, resumes the session the server gave
      trusting.close();
      const resumed: boolean[] = [];
      server.on("secureConnection", (socket: import("node:tls").TLSSocket) => resumed.push(socket.isSessionReused()));
      expect(await (await trusting.fetch(`https://localhost:${port}/c`)).json()).toEqual({ path: "/c" });
      expect(resumed).toEqual([true]);
      trusting.close();
      // not trusted: the system's certificates only
      const e = (await new ProviderHttp().fetch(`https://localhost:${port}/`).catch((x: unknown) => x)) as TypeError;
      expect(e.message).toMatch(/^request failed: .*certificate/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
