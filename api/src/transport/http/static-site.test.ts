// The H5 site as a slow phone's browser fetches it: text compressed as the browser accepts (Brotli, gzip, or
// none; q-values honoured), gzip while a file's Brotli is being made (the request does not wait for it), the
// same bytes once decompressed, a file it already has answered 304 without a body (one tag per encoding), a
// rebuilt file served anew, images as they are, and the single page's fallback.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { staticSite } from "./static-site.ts";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, p: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: p, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("staticSite", () => {
  let dir: string;
  let server: http.Server;
  let port: number;
  // a script as a bundler writes it: repetitive text, a hashed name
  const script = Buffer.from(
    Array.from({ length: 2000 }, (_, i) => `export const label${i} = "报警 ${i % 17}";\n`).join(""),
  );
  const index = Buffer.from(`<!doctype html><html><head><title>安心</title></head><body>${"<div></div>".repeat(200)}`);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array<number>(4000).fill(7)]);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "static-site-"));
    writeFileSync(path.join(dir, "index.html"), index);
    writeFileSync(path.join(dir, "app.0123abcd.js"), script);
    for (const name of ["fresh.js", "tagged.js", "br-only.js"]) writeFileSync(path.join(dir, name), script);
    writeFileSync(path.join(dir, "tiny.css"), "body{margin:0}");
    writeFileSync(path.join(dir, "logo.png"), png);
    const app = new Koa();
    app.use(staticSite("/h5", dir));
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Asks until the file comes as Brotli: its first requests are answered with gzip while it is made. */
  async function brotliReady(p: string): Promise<Answer> {
    await vi.waitFor(
      async () => {
        const res = await get(port, p, { "accept-encoding": "br" });
        expect(res.headers["content-encoding"]).toBe("br");
      },
      { timeout: 20_000, interval: 20 },
    );
    return get(port, p, { "accept-encoding": "gzip, deflate, br" });
  }

  it("sends gzip while a file's Brotli is being made, not holding the request, then Brotli", async () => {
    const first = await get(port, "/h5/fresh.js", { "accept-encoding": "gzip, deflate, br" });
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(first.body).equals(script)).toBe(true);
    expect(Number(first.headers["content-length"])).toBe(first.body.length);
    // asking started it: later requests get it once made
    const br = await brotliReady("/h5/fresh.js");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);
    expect(br.body.length).toBeLessThan(first.body.length);
    expect(br.headers.etag).not.toBe(first.headers.etag);
  });

  it("sends a browser that takes only Brotli the file as it is while its Brotli is made", async () => {
    const first = await get(port, "/h5/br-only.js", { "accept-encoding": "br" });
    expect(first.headers["content-encoding"]).toBeUndefined();
    expect(first.body.equals(script)).toBe(true);
    expect(Number(first.headers["content-length"])).toBe(script.length);
    const br = await brotliReady("/h5/br-only.js");
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);
  });

  it("sends a script compressed with Brotli or gzip as accepted, the same bytes once decompressed", async () => {
    const br = await brotliReady("/h5/app.0123abcd.js");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(script.length / 5);
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);

    const gz = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(gz.headers["content-length"])).toBe(gz.body.length);
    expect(gunzipSync(gz.body).equals(script)).toBe(true);
    expect(br.body.length).toBeLessThan(gz.body.length);

    const plain = await get(port, "/h5/app.0123abcd.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(plain.headers["content-length"])).toBe(script.length);
    expect(plain.body.equals(script)).toBe(true);
    // one tag per representation
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);

    const encodingFor = async (accept: string) =>
      (await get(port, "/h5/app.0123abcd.js", { "accept-encoding": accept })).headers["content-encoding"];
    // Brotli at equal weight, whatever the order; the weights when they differ
    expect(await encodingFor("br, gzip")).toBe("br");
    expect(await encodingFor("gzip;q=0.8, br;q=0.8")).toBe("br");
    expect(await encodingFor("br;q=0.1, gzip")).toBe("gzip");
    expect(await encodingFor("gzip;q=0.5, br;q=0.9")).toBe("br");
    expect(await encodingFor("*")).toBe("br");
    // q=0 refuses, though it is made and smaller
    expect(await encodingFor("gzip, deflate, br;q=0")).toBe("gzip");
    expect(await encodingFor("br;q=0.000, gzip")).toBe("gzip");
    expect(await encodingFor("*;q=0, gzip")).toBe("gzip");
    expect(await encodingFor("gzip;q=0, br")).toBe("br");
    expect(await encodingFor("deflate, identity")).toBeUndefined();
    // a client that refuses both gets the file as it is
    const none = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "br;q=0, gzip;q=0" });
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.equals(script)).toBe(true);
  });

  it("answers a file the browser already has with 304 and no body, per encoding", async () => {
    const br = await brotliReady("/h5/app.0123abcd.js");
    const tags = {
      br: br.headers.etag!,
      gzip: (await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "gzip" })).headers.etag!,
      identity: (await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "identity" })).headers.etag!,
    };
    for (const [accept, tag] of [
      ["gzip, deflate, br", tags.br],
      ["gzip", tags.gzip],
      ["identity", tags.identity],
    ] as const) {
      const again = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": accept, "if-none-match": tag });
      expect(again.status, accept).toBe(304);
      expect(again.headers.etag).toBe(tag);
      expect(again.body.length).toBe(0);
    }
    // the gzip copy's tag does not stand for the Brotli copy, nor the Brotli's for the file as it is
    const other = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "br", "if-none-match": tags.gzip });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("br");
    const plain = await get(port, "/h5/app.0123abcd.js", { "if-none-match": tags.br });
    expect(plain.status).toBe(200);
    expect(plain.body.equals(script)).toBe(true);
  });

  it("answers 304 while the Brotli is made, to a browser holding the gzip copy or the Brotli one", async () => {
    const gz = await get(port, "/h5/tagged.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    // the browser now takes Brotli too, which is not made yet: what it has is what it would get
    const kept = await get(port, "/h5/tagged.js", { "accept-encoding": "gzip, br", "if-none-match": gz.headers.etag! });
    expect(kept.status).toBe(304);
    expect(kept.headers.etag).toBe(gz.headers.etag);
    // a Brotli copy from before a restart, or another instance: the same file's Brotli, nothing to send
    const brTag = gz.headers.etag!.replace(/-gzip"$/, '-br"');
    const same = await get(port, "/h5/tagged.js", { "accept-encoding": "gzip, br", "if-none-match": brTag });
    expect(same.status).toBe(304);
    expect(same.headers.etag).toBe(brTag);
  });

  it("serves a rebuilt file anew, not its old compressed copy", async () => {
    const file = path.join(dir, "index.html");
    const before = await get(port, "/h5/", { "accept-encoding": "gzip" });
    expect(gunzipSync(before.body).equals(index)).toBe(true);
    expect(before.headers["cache-control"]).toBe("no-cache");
    const rebuilt = Buffer.concat([index, Buffer.from("<p>新版本</p>".repeat(100))]);
    writeFileSync(file, rebuilt);
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const after = await get(port, "/h5/", { "accept-encoding": "gzip", "if-none-match": before.headers.etag! });
    expect(after.status).toBe(200);
    expect(gunzipSync(after.body).equals(rebuilt)).toBe(true);
  });

  it("sends images and small files as they are, and the page for an app route", async () => {
    const image = await get(port, "/h5/logo.png", { "accept-encoding": "gzip, br" });
    expect(image.headers["content-encoding"]).toBeUndefined();
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.body.equals(png)).toBe(true);
    const tiny = await get(port, "/h5/tiny.css", { "accept-encoding": "gzip, br" });
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(tiny.body.toString()).toBe("body{margin:0}");
    const route = await get(port, "/h5/pages/alarm/index?id=1", { "accept-encoding": "identity" });
    expect(route.status).toBe(200);
    expect(route.headers["content-type"]).toMatch(/^text\/html/);
    expect(route.body.toString()).toContain("<title>安心</title>");
    const head = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "gzip" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-encoding"]).toBe("gzip");
    expect(Number(head.headers["content-length"])).toBeGreaterThan(0);
    expect(head.body.length).toBe(0);
    // no escaping the folder
    const out = await get(port, "/h5/..%2F..%2Fetc%2Fpasswd");
    expect(out.body.toString()).not.toContain("root:");
  });
});
