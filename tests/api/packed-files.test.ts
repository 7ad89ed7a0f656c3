// The console's kept files (its app, ECharts, its stylesheet) as a browser fetches them, through the one
// helper that packs and sends them (portal/src/server/http/respond.ts): Brotli or gzip as accepted (q-values
// honoured, Brotli first at equal weight), gzip while the Brotli is being made (the request does not wait for
// it), the file as it is when neither is accepted, the same bytes once decompressed, the right length, one
// ETag per encoding and a 304 for each, and images as they are.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { packFile, sendPacked, type PackedFile } from "../../portal/src/server/http/respond.ts";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let port: number;
const files = new Map<string, PackedFile>();
const script = Buffer.from(
  Array.from({ length: 3000 }, (_, i) => `export const chart${i} = { name: "报警 ${i % 13}" };\n`).join(""),
);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...new Array<number>(4000).fill(7)]);

function get(name: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: `/${name}`, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Asks until the file comes as Brotli: its first requests are answered with gzip while it is made. */
async function brotliReady(name: string): Promise<Answer> {
  await vi.waitFor(
    async () => expect((await get(name, { "accept-encoding": "br" })).headers["content-encoding"]).toBe("br"),
    { timeout: 20_000, interval: 20 },
  );
  return get(name, { "accept-encoding": "gzip, deflate, br" });
}

beforeAll(async () => {
  for (const name of ["main.js", "fresh.js", "br-only.js", "tagged.js"])
    files.set(name, await packFile("text/javascript; charset=utf-8", script));
  files.set("marker.png", await packFile("image/png", png));
  const app = new Koa();
  app.use((ctx) => {
    const f = files.get(ctx.path.slice(1));
    if (f) sendPacked(ctx, f);
  });
  server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise((r) => server.close(r)));

describe("the console's kept files", () => {
  it("sends gzip while a file's Brotli is being made, not holding the request, then Brotli", async () => {
    const first = await get("fresh.js", { "accept-encoding": "gzip, deflate, br" });
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(first.headers["content-length"])).toBe(first.body.length);
    expect(gunzipSync(first.body).equals(script)).toBe(true);
    const br = await brotliReady("fresh.js");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);
    expect(br.body.length).toBeLessThan(first.body.length);
    expect(br.headers.etag).not.toBe(first.headers.etag);
  });

  it("sends a browser that takes only Brotli the file as it is while its Brotli is made", async () => {
    const first = await get("br-only.js", { "accept-encoding": "br" });
    expect(first.headers["content-encoding"]).toBeUndefined();
    expect(first.body.equals(script)).toBe(true);
    expect(Number(first.headers["content-length"])).toBe(script.length);
    expect(brotliDecompressSync((await brotliReady("br-only.js")).body).equals(script)).toBe(true);
  });

  it("sends Brotli, gzip or the file as it is, as accepted, the same bytes once decompressed", async () => {
    const br = await brotliReady("main.js");
    expect(br.status).toBe(200);
    expect(br.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);

    const gz = await get("main.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(Number(gz.headers["content-length"])).toBe(gz.body.length);
    expect(gunzipSync(gz.body).equals(script)).toBe(true);
    expect(br.body.length).toBeLessThan(gz.body.length);

    const plain = await get("main.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(plain.headers["content-length"])).toBe(script.length);
    expect(plain.body.equals(script)).toBe(true);
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);

    const encodingFor = async (accept: string) =>
      (await get("main.js", { "accept-encoding": accept })).headers["content-encoding"];
    expect(await encodingFor("gzip, br")).toBe("br");
    expect(await encodingFor("br;q=0.1, gzip")).toBe("gzip");
    expect(await encodingFor("gzip;q=0.2, br;q=0.9")).toBe("br");
    expect(await encodingFor("gzip, deflate, br;q=0")).toBe("gzip");
    expect(await encodingFor("*;q=0, gzip")).toBe("gzip");
    expect(await encodingFor("gzip;q=0, br")).toBe("br");
    expect(await encodingFor("br;q=0, gzip;q=0")).toBeUndefined();
    expect(await encodingFor("deflate")).toBeUndefined();

    const head = await get("main.js", { "accept-encoding": "gzip, br" }, "HEAD");
    expect(head.headers["content-encoding"]).toBe("br");
    expect(Number(head.headers["content-length"])).toBe(br.body.length);
    expect(head.body.length).toBe(0);
  });

  it("answers a file the browser already has with 304 and no body, per encoding", async () => {
    const tags = {
      br: (await brotliReady("main.js")).headers.etag!,
      gzip: (await get("main.js", { "accept-encoding": "gzip" })).headers.etag!,
      identity: (await get("main.js", { "accept-encoding": "identity" })).headers.etag!,
    };
    for (const [accept, tag] of [
      ["gzip, deflate, br", tags.br],
      ["gzip", tags.gzip],
      ["identity", tags.identity],
    ] as const) {
      const again = await get("main.js", { "accept-encoding": accept, "if-none-match": tag });
      expect(again.status, accept).toBe(304);
      expect(again.headers.etag).toBe(tag);
      expect(again.body.length).toBe(0);
    }
    const other = await get("main.js", { "accept-encoding": "br", "if-none-match": tags.gzip });
    expect(other.status).toBe(200);
    expect(other.headers["content-encoding"]).toBe("br");
    expect((await get("main.js", { "if-none-match": tags.br })).status).toBe(200);
  });

  it("answers 304 while the Brotli is made, to a browser holding the gzip copy or the Brotli one", async () => {
    const gz = await get("tagged.js", { "accept-encoding": "gzip" });
    const kept = await get("tagged.js", { "accept-encoding": "gzip, br", "if-none-match": gz.headers.etag! });
    expect(kept.status).toBe(304);
    expect(kept.headers.etag).toBe(gz.headers.etag);
    const brTag = gz.headers.etag!.replace(/-gz"$/, '-br"');
    const same = await get("tagged.js", { "accept-encoding": "gzip, br", "if-none-match": brTag });
    expect(same.status).toBe(304);
    expect(same.headers.etag).toBe(brTag);
  });

  it("sends images as they are", async () => {
    const image = await get("marker.png", { "accept-encoding": "gzip, br" });
    expect(image.headers["content-encoding"]).toBeUndefined();
    expect(image.body.equals(png)).toBe(true);
    expect(files.get("marker.png")!.br).toBeNull();
  });
});
