// Responses with validators: public pages get a strong ETag of their bytes and a short shared cache life,
// so a link shared in a WeChat group does not hit the database for every reader, and a revalidation costs
// a 304 (RFC 9110 §13.1.2 If-None-Match, §8.8.3 ETag).
import { createHash } from "node:crypto";
import type Koa from "koa";
import { acceptedEncodings, brotliFile, gzipFile, pickEncoding } from "@anxin/api";
import { MIN_COMPRESSED_BYTES, PageCompressor, sendCompressed, type Encoding } from "./page-compression.ts";

export const CACHE_PUBLIC = "public, max-age=60, stale-while-revalidate=300";
export const CACHE_PRIVATE = "no-store";
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

export function etagOf(body: string | Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
}

/** One tag per representation (RFC 9110 §8.8.3): the content's, with the encoding's mark. */
function tagOf(etag: string, encoding: Encoding | null): string {
  return encoding === null ? etag : etag.replace(/"$/, encoding === "br" ? '-br"' : '-gz"');
}

/** True when the client's If-None-Match lists this tag (weak comparison, RFC 9110 §13.1.2). */
export function notModified(ctx: Koa.Context, etag: string): boolean {
  const header = ctx.get("if-none-match");
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** The pages' compressed copies (page-compression.ts): kept by content, made in zlib's thread pool. */
export const pageCompressor = new PageCompressor();

/**
 * Answers with a body: text over 1 KB in Brotli or gzip as the client accepts them (the static files' rule:
 * q-values honoured, Brotli first at equal weight), compressed off the event loop and reused while the same
 * bytes come again; public 200s to GET and HEAD get one strong ETag per representation and a 304 when the
 * client has it.
 */
export function send(ctx: Koa.Context, body: string | Buffer, type: string, cache: string, status = 200): void {
  ctx.set("Cache-Control", cache);
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.vary("Accept-Encoding");
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const compressible = /^(text\/|application\/xml)/.test(type) && bytes.length > MIN_COMPRESSED_BYTES;
  const accepted = compressible ? acceptedEncodings(ctx.get("accept-encoding")) : [];
  const validated = cache !== CACHE_PRIVATE && status === 200 && (ctx.method === "GET" || ctx.method === "HEAD");
  const etag = validated ? etagOf(bytes) : null;
  // a page is compressed while the request waits (in the pool), so Brotli is always "ready"
  const picked = pickEncoding(
    accepted,
    () => true,
    (e) => {
      if (etag === null) return false;
      ctx.set("ETag", tagOf(etag, e));
      return notModified(ctx, tagOf(etag, e));
    },
  );
  if (picked.notModified) {
    ctx.status = 304;
    ctx.body = "";
    return;
  }
  ctx.status = status;
  ctx.type = type;
  if (picked.encoding === null) ctx.body = body;
  else sendCompressed(ctx, bytes, picked.encoding, pageCompressor, etag); // private pages: no key, not kept
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

/**
 * A file kept in memory with its compressed copies (text only) and its ETag: the console's static files and
 * built app. gzip is made when the file is packed; Brotli on the first request that takes it, in the
 * background (gzip is served until it is ready).
 */
export interface PackedFile {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
  /** the Brotli copy once made; null before, and for what is not compressed */
  br: Buffer | null;
  /** being made, or made */
  brStarted: boolean;
  etag: string;
}

/**
 * Packs a file once: compressed in zlib's thread pool, not on the event loop (ECharts at level 9 held it 80 ms,
 * the console's built app 100 ms, a fire alarm's turn with them).
 */
export async function packFile(type: string, body: Buffer): Promise<PackedFile> {
  const gzip = /^text\//.test(type) ? await gzipFile(body) : null;
  return { type, body, gzip, br: null, brStarted: false, etag: etagOf(body) };
}

/** Makes the file's Brotli copy in the background, once (shared/static-compression.ts: one file at a time). */
function startBrotli(f: PackedFile): void {
  if (f.brStarted || f.gzip === null) return;
  f.brStarted = true;
  brotliFile(f.body).then(
    (br) => (f.br = br),
    () => (f.brStarted = false), // tried again on the next request
  );
}

/**
 * Answers with a packed file: Brotli or gzip as the browser accepts them (q-values honoured, Brotli first at
 * equal weight, gzip while the Brotli is being made), one ETag per representation, 304 when the client has it.
 */
export function sendPacked(ctx: Koa.Context, f: PackedFile): void {
  // files change only with a deploy; an hour's cache is safe and spares the wall display's reloads
  ctx.set("Cache-Control", process.env.NODE_ENV === "production" ? "public, max-age=3600" : CACHE_PRIVATE);
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.vary("Accept-Encoding");
  const accepted = f.gzip === null ? [] : acceptedEncodings(ctx.get("accept-encoding"));
  // Brotli once it is made (asking starts it), gzip until then: the request does not wait for Brotli
  const picked = pickEncoding(
    accepted,
    () => {
      startBrotli(f);
      return f.br !== null;
    },
    (e) => {
      ctx.set("ETag", tagOf(f.etag, e));
      return notModified(ctx, tagOf(f.etag, e));
    },
  );
  const encoding = picked.encoding;
  if (picked.notModified) {
    ctx.status = 304;
    return;
  }
  ctx.type = f.type;
  if (encoding) ctx.set("Content-Encoding", encoding);
  ctx.body = encoding === "br" ? f.br : encoding === "gzip" ? f.gzip : f.body;
}
