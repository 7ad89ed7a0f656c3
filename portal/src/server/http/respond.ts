// Responses with validators: public pages get a strong ETag of their bytes and a short shared cache life,
// so a link shared in a WeChat group does not hit the database for every reader, and a revalidation costs
// a 304 (RFC 9110 §13.1.2 If-None-Match, §8.8.3 ETag).
import { createHash } from "node:crypto";
// eslint-disable-next-line no-restricted-syntax -- a page of a few KB: well under a millisecond, per response
import { gzip, gzipSync } from "node:zlib";
import { promisify } from "node:util";
import type Koa from "koa";

export const CACHE_PUBLIC = "public, max-age=60, stale-while-revalidate=300";
export const CACHE_PRIVATE = "no-store";
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

export function etagOf(body: string | Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

/** True when the client's If-None-Match lists this tag (weak comparison, RFC 9110 §13.1.2). */
export function notModified(ctx: Koa.Context, etag: string): boolean {
  const header = ctx.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

export function send(ctx: Koa.Context, body: string | Buffer, type: string, cache: string, status = 200): void {
  ctx.set("Cache-Control", cache);
  ctx.set("X-Content-Type-Options", "nosniff");
  // text compresses to about a quarter; pages are a few KB, so compressing per response is cheap
  const gzip =
    /^(text\/|application\/xml)/.test(type) &&
    Buffer.byteLength(body) > 1024 &&
    ctx.acceptsEncodings("gzip", "identity") === "gzip";
  ctx.vary("Accept-Encoding");
  if (cache !== CACHE_PRIVATE && status === 200 && (ctx.method === "GET" || ctx.method === "HEAD")) {
    const etag = etagOf(body).replace(/"$/, gzip ? '-gz"' : '"'); // one tag per representation (RFC 9110 §8.8.3)
    ctx.set("ETag", etag);
    if (notModified(ctx, etag)) {
      ctx.status = 304;
      ctx.body = "";
      return;
    }
  }
  ctx.status = status;
  ctx.type = type;
  if (gzip) {
    ctx.set("Content-Encoding", "gzip");
    ctx.body = gzipSync(body, { level: 6 });
  } else ctx.body = body;
}

export function sendHtml(ctx: Koa.Context, page: string, opts: { cache?: string; status?: number } = {}): void {
  ctx.set("Referrer-Policy", "strict-origin-when-cross-origin");
  ctx.set(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; script-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  );
  send(ctx, page, "text/html; charset=utf-8", opts.cache ?? CACHE_PUBLIC, opts.status ?? 200);
}

export function redirect(ctx: Koa.Context, to: string): void {
  ctx.set("Cache-Control", CACHE_PRIVATE);
  ctx.status = 303; // See Other: after a form POST, the browser GETs the next page
  ctx.redirect(to);
}

/** A file kept in memory with its gzip (text only) and its ETag: the console's static files and built app. */
export interface PackedFile {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
}

const gzipAsync = promisify(gzip);

/**
 * Packs a file once: compressed in zlib's thread pool, not on the event loop (ECharts at level 9 held it 80 ms,
 * the console's built app 100 ms, a fire alarm's turn with them).
 */
export async function packFile(type: string, body: Buffer): Promise<PackedFile> {
  return { type, body, gzip: /^text\//.test(type) ? await gzipAsync(body, { level: 9 }) : null, etag: etagOf(body) };
}

/** Answers with a packed file: gzip when accepted, one ETag per representation, 304 when the client has it. */
export function sendPacked(ctx: Koa.Context, f: PackedFile): void {
  // files change only with a deploy; an hour's cache is safe and spares the wall display's reloads
  ctx.set("Cache-Control", process.env.NODE_ENV === "production" ? "public, max-age=3600" : CACHE_PRIVATE);
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.vary("Accept-Encoding");
  const gzipped = f.gzip !== null && ctx.acceptsEncodings("gzip", "identity") === "gzip";
  const etag = gzipped ? f.etag.replace(/"$/, '-gz"') : f.etag; // one tag per representation (RFC 9110 §8.8.3)
  ctx.set("ETag", etag);
  if (notModified(ctx, etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = f.type;
  if (gzipped) ctx.set("Content-Encoding", "gzip");
  ctx.body = gzipped ? f.gzip : f.body;
}
