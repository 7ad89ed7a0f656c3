// The portal's server-rendered pages as a browser fetches them, through the one helper that sends them
// (portal/src/server/http/respond.ts, page-compression.ts): Brotli or gzip as accepted (q-values honoured,
// Brotli first at equal weight, the static files' rule), the page as it is when neither is accepted or it is
// small, the same bytes once decompressed, one ETag per encoding and a 304 for each; a page whose bytes were
// compressed a moment ago is not compressed again, and the kept copies stay within their bounds.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE_PRIVATE, pageCompressor, send, sendHtml } from "../../portal/src/server/http/respond.ts";
import {
  PageCompressor,
  compressPage,
  sendCompressed,
  type Compress,
} from "../../portal/src/server/http/page-compression.ts";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let port: number;
/** what the next request to /page, /private or /small answers with */
const pages = new Map<string, string>();
/** /failing: sent through a compressor that fails */
const failing = new PageCompressor({ compress: () => Promise.reject(new Error("out of memory")) });

/** A page of about 12 KB, like the portal's, unlike any other page in this file. */
function pageText(): string {
  const id = randomUUID();
  const items = Array.from({ length: 120 }, (_, i) => `<li>电动自行车不进楼道 ${i} · ${id}</li>`).join("");
  return `<!doctype html><html lang="zh-CN"><body><h1>${id}</h1><ul>${items}</ul></body></html>`;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** The body as the browser reads it once it has undone the Content-Encoding. */
function decoded(a: Answer): string {
  const e = a.headers["content-encoding"];
  const raw = e === "br" ? brotliDecompressSync(a.body) : e === "gzip" ? gunzipSync(a.body) : a.body;
  return raw.toString("utf8");
}

beforeAll(async () => {
  const app = new Koa();
  app.use((ctx) => {
    const page = pages.get(ctx.path);
    if (ctx.path === "/failing") {
      ctx.type = "text/html";
      sendCompressed(ctx, Buffer.from(page!), "br", failing, null);
    } else if (ctx.path === "/private") sendHtml(ctx, page!, { cache: CACHE_PRIVATE });
    else if (ctx.path === "/sitemap.xml") send(ctx, page!, "application/xml; charset=utf-8", "public, max-age=60");
    else if (page !== undefined) sendHtml(ctx, page);
  });
  server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((r) => server.close(r)));

describe("the portal's pages, compressed", () => {
  const cases: [string | undefined, string | undefined][] = [
    ["gzip, deflate, br", "br"],
    ["br", "br"],
    ["*", "br"],
    ["gzip, deflate", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
    ["gzip;q=0.8, br;q=0.9", "br"],
    ["gzip;q=0, br", "br"],
    ["gzip;q=0, br;q=0", undefined],
    ["*;q=0", undefined],
    ["identity", undefined],
    [undefined, undefined],
  ];
  for (const [accept, encoding] of cases) {
    it(`Accept-Encoding ${accept === undefined ? "absent" : `"${accept}"`}: ${encoding ?? "as it is"}`, async () => {
      const page = pageText();
      pages.set("/", page);
      const a = await get("/", accept === undefined ? {} : { "accept-encoding": accept });
      expect(a.status).toBe(200);
      expect(a.headers["content-encoding"]).toBe(encoding);
      expect(a.headers["content-type"]).toMatch(/^text\/html/);
      expect(a.headers.vary).toMatch(/accept-encoding/i);
      expect(decoded(a)).toBe(page);
      if (encoding) expect(a.body.length).toBeLessThan(Buffer.byteLength(page) / 2);
    });
  }

  it("sends a page of under 1 KB as it is, and compresses XML sent with send()", async () => {
    const small = "<!doctype html><p>消防安全</p>";
    pages.set("/small", small);
    const a = await get("/small", { "accept-encoding": "gzip, deflate, br" });
    expect(a.headers["content-encoding"]).toBeUndefined();
    expect(a.body.toString()).toBe(small);
    const xml = `<?xml version="1.0"?><urlset>${"<url><loc>http://127.0.0.1/articles/x</loc></url>".repeat(60)}</urlset>`;
    pages.set("/sitemap.xml", xml);
    const s = await get("/sitemap.xml", { "accept-encoding": "gzip" });
    expect(s.headers["content-encoding"]).toBe("gzip");
    expect(decoded(s)).toBe(xml);
  });

  it("compresses a page's bytes once per encoding: the next reader gets the kept copy, with its length", async () => {
    pages.set("/", pageText());
    const before = { ...pageCompressor.counts };
    const first = await get("/", { "accept-encoding": "gzip, deflate, br" });
    const second = await get("/", { "accept-encoding": "gzip, deflate, br" });
    expect(pageCompressor.counts.compressed - before.compressed).toBe(1);
    expect(second.body.equals(first.body)).toBe(true);
    expect(Number(second.headers["content-length"])).toBe(second.body.length);
    expect(second.headers.etag).toBe(first.headers.etag);
    const gz = await get("/", { "accept-encoding": "gzip" }); // another encoding: another copy
    expect(gz.headers["content-encoding"]).toBe("gzip");
    await get("/", { "accept-encoding": "gzip" });
    expect(pageCompressor.counts.compressed - before.compressed).toBe(2);
    expect(pageCompressor.counts.reused - before.reused).toBe(2);
  });

  it("compresses a page asked for by many at once only once", async () => {
    const page = pageText();
    pages.set("/", page);
    const before = pageCompressor.counts.compressed;
    const all = await Promise.all(Array.from({ length: 8 }, () => get("/", { "accept-encoding": "br" })));
    expect(pageCompressor.counts.compressed - before).toBe(1);
    for (const a of all) expect(decoded(a)).toBe(page);
  });

  it("compresses a private page for each reader and keeps no copy of it", async () => {
    const page = pageText();
    pages.set("/private", page);
    const before = { compressed: pageCompressor.counts.compressed, kept: pageCompressor.size().entries };
    for (let i = 0; i < 2; i++) {
      const a = await get("/private", { "accept-encoding": "br" });
      expect(a.headers["content-encoding"]).toBe("br");
      expect(a.headers.etag).toBeUndefined();
      expect(a.headers["cache-control"]).toBe("no-store");
      expect(decoded(a)).toBe(page);
    }
    expect(pageCompressor.counts.compressed - before.compressed).toBe(2);
    expect(pageCompressor.size().entries).toBe(before.kept);
  });

  it("gives each encoding its own ETag and answers 304 for the one the client holds", async () => {
    pages.set("/", pageText());
    const br = await get("/", { "accept-encoding": "br" });
    const gz = await get("/", { "accept-encoding": "gzip" });
    const plain = await get("/");
    const tags = [br.headers.etag, gz.headers.etag, plain.headers.etag];
    expect(tags[0]).toMatch(/^"[\w-]+-br"$/);
    expect(tags[1]).toMatch(/^"[\w-]+-gz"$/);
    expect(tags[2]).toMatch(/^"[\w-]+"$/);
    expect(new Set(tags).size).toBe(3);
    expect(plain.headers["cache-control"]).toMatch(/^public/);

    const again = await get("/", { "accept-encoding": "gzip, deflate, br", "if-none-match": tags[0]! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(tags[0]);
    expect((await get("/", { "accept-encoding": "gzip", "if-none-match": tags[1]! })).status).toBe(304);
    expect((await get("/", { "if-none-match": `W/${tags[2]!}` })).status).toBe(304);
    // the client holds the gzip copy but now takes Brotli: the Brotli copy, with its tag
    const other = await get("/", { "accept-encoding": "gzip, br", "if-none-match": tags[1]! });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("br");
    expect(other.headers.etag).toBe(tags[0]);
    // the page changed: a new tag, a 200
    pages.set("/", pageText());
    expect((await get("/", { "accept-encoding": "br", "if-none-match": tags[0]! })).status).toBe(200);
  });

  it("answers HEAD with the headers of the GET", async () => {
    pages.set("/", pageText());
    const head = await get("/", { "accept-encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("br");
    expect(head.headers.etag).toMatch(/-br"$/);
    expect(head.body.length).toBe(0);
  });

  it("sends the page as it is when compressing it fails", async () => {
    const page = pageText();
    pages.set("/failing", page);
    const a = await get("/failing", { "accept-encoding": "br" });
    expect(a.status).toBe(200);
    expect(a.headers["content-encoding"]).toBeUndefined();
    expect(a.body.toString()).toBe(page);
    expect(failing.counts.failed).toBe(1);
  });
});

describe("the kept copies", () => {
  /** A compressor that counts what it is given and returns the body marked with the encoding. */
  function counted(): { compress: Compress; calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      compress: (body, encoding) => {
        calls.push(`${body.toString()} ${encoding}`);
        return Promise.resolve(Buffer.concat([Buffer.from(`${encoding}:`), body]));
      },
    };
  }
  const body = (s: string) => Buffer.from(s.padEnd(100, "."));

  it("drops the least recently used copy beyond the count", async () => {
    const c = counted();
    const kept = new PageCompressor({ maxEntries: 2, compress: c.compress });
    await kept.compressed(body("a"), "br", "A");
    await kept.compressed(body("b"), "br", "B");
    expect(Buffer.isBuffer(kept.compressed(body("a"), "br", "A"))).toBe(true); // A used last: B goes next
    await kept.compressed(body("c"), "br", "C");
    expect(kept.size().entries).toBe(2);
    expect(kept.counts.evicted).toBe(1);
    expect(Buffer.isBuffer(kept.compressed(body("a"), "br", "A"))).toBe(true);
    expect(Buffer.isBuffer(kept.compressed(body("c"), "br", "C"))).toBe(true);
    const b = kept.compressed(body("b"), "br", "B");
    expect(Buffer.isBuffer(b)).toBe(false); // made again
    expect((await b).toString()).toBe(`br:${body("b").toString()}`);
    expect(c.calls.length).toBe(4);
  });

  it("drops copies beyond the bytes, and keeps none larger than a quarter of them", async () => {
    const c = counted();
    const kept = new PageCompressor({ maxEntries: 100, maxBytes: 1000, compress: c.compress });
    for (const k of ["1", "2", "3", "4", "5"]) await kept.compressed(body(k), "gzip", k); // 105 bytes each
    expect(kept.size()).toEqual({ entries: 5, bytes: 525 });
    for (const k of ["6", "7", "8", "9", "10"]) await kept.compressed(body(k), "gzip", k);
    expect(kept.size().bytes).toBeLessThanOrEqual(1000);
    expect(kept.size().entries).toBe(9);
    expect(Buffer.isBuffer(kept.compressed(body("1"), "gzip", "1"))).toBe(false); // the oldest went
    await kept.compressed(Buffer.alloc(400, 1), "gzip", "large");
    expect(Buffer.isBuffer(kept.compressed(Buffer.alloc(400, 1), "gzip", "large"))).toBe(false);
  });

  it("keys copies by content and encoding, and tries a failed one again", async () => {
    let fail = true;
    const calls: string[] = [];
    const kept = new PageCompressor({
      compress: (b, e) => {
        calls.push(e);
        return fail ? Promise.reject(new Error("no memory")) : compressPage(b, e);
      },
    });
    await expect(kept.compressed(body("x"), "br", "X")).rejects.toThrow("no memory");
    fail = false;
    const br = await kept.compressed(body("x"), "br", "X");
    expect(brotliDecompressSync(br).equals(body("x"))).toBe(true);
    const gz = await kept.compressed(body("x"), "gzip", "X");
    expect(gunzipSync(gz).equals(body("x"))).toBe(true);
    expect(calls).toEqual(["br", "br", "gzip"]);
    expect(kept.counts.failed).toBe(1);
  });
});
