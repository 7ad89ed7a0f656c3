// The H5 site as a slow phone's browser fetches it: text compressed as the browser accepts (Brotli, gzip, or
// none), the same bytes once decompressed, a file it already has answered 304 without a body, a rebuilt file
// served anew, images as they are, and the single page's fallback.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

  it("sends a script compressed with Brotli or gzip as accepted, the same bytes once decompressed", async () => {
    const br = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "gzip, deflate, br" });
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
    expect(gunzipSync(gz.body).equals(script)).toBe(true);
    expect(gz.headers.etag).not.toBe(br.headers.etag); // one tag per representation

    const plain = await get(port, "/h5/app.0123abcd.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(script)).toBe(true);

    // a client that would rather have gzip gets gzip
    const rather = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "br;q=0.1, gzip" });
    expect(rather.headers["content-encoding"]).toBe("gzip");

    // a client that refuses both gets the file as it is
    const none = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "br;q=0, gzip;q=0" });
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.equals(script)).toBe(true);
  });

  it("answers a file the browser already has with 304 and no body, per encoding", async () => {
    const first = await get(port, "/h5/app.0123abcd.js", { "accept-encoding": "gzip" });
    const again = await get(port, "/h5/app.0123abcd.js", {
      "accept-encoding": "gzip",
      "if-none-match": first.headers.etag!,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // the gzip copy's tag does not stand for the Brotli copy
    const other = await get(port, "/h5/app.0123abcd.js", {
      "accept-encoding": "br",
      "if-none-match": first.headers.etag!,
    });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("br");
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
