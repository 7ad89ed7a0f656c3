// Serves a built single-page site (the mini-program's H5 build) under a URL prefix: files with their
// type and a long cache for hashed assets, index.html (never cached) for everything else under the prefix.
// Residents open it on slow phones and slow networks: text files (the scripts, 380 KB before the first page
// draws) go compressed, Brotli or gzip as the browser accepts, each compressed once, off the event loop (in
// zlib's thread pool, shared/static-compression.ts), and kept; a file's Brotli is made in the background on
// its first request that takes it, and gzip is served until it is ready; a file the browser has (its ETag,
// one per encoding) is a 304 without a body.
import { createReadStream, statSync, type Stats } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type Koa from "koa";
import {
  acceptedEncodings,
  brotliFile,
  gzipFile,
  pickEncoding,
  type Encoding,
} from "../../shared/static-compression.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;
/** Below this a compressed answer saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;
/** Larger files are streamed as they are: nothing this site serves comes near it. */
const MAX_COMPRESS_BYTES = 8 * 1024 * 1024;

export interface StaticSiteOptions {
  /** compressed files kept in memory, in bytes (default 32 MB; the H5 build compresses to about 1 MB) */
  maxCacheBytes?: number;
}

interface Packed {
  /** the file as it was when compressed: a rebuilt file has another size or time */
  size: number;
  mtimeMs: number;
  bytes: number;
  body: Promise<Buffer>;
  /** the body once made */
  done: Buffer | null;
}

const compressors: Record<Encoding, (b: Buffer) => Promise<Buffer>> = { br: brotliFile, gzip: gzipFile };

/** The compressed copies of a site's files, the least recently served dropped first beyond the bound. */
class Packs {
  private readonly map = new Map<string, Packed>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** The file's copy in this encoding, made now (read and compressed in the thread pool) if not kept. */
  get(file: string, st: Stats, encoding: Encoding): Promise<Buffer> {
    return this.entry(file, st, encoding).body;
  }

  /** The copy if it is made; else null, and it is being made (in the background: nothing waits for it). */
  ready(file: string, st: Stats, encoding: Encoding): Buffer | null {
    return this.entry(file, st, encoding).done;
  }

  private entry(file: string, st: Stats, encoding: Encoding): Packed {
    const key = `${encoding}:${file}`;
    const hit = this.map.get(key);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) {
      this.map.delete(key); // most recently served last
      this.map.set(key, hit);
      return hit;
    }
    if (hit) this.drop(key);
    const packed: Packed = {
      size: st.size,
      mtimeMs: st.mtimeMs,
      bytes: 0,
      body: readFile(file).then((raw) => compressors[encoding](raw)),
      done: null,
    };
    this.map.set(key, packed);
    packed.body.then(
      (b) => {
        if (this.map.get(key) !== packed) return;
        packed.done = b;
        packed.bytes = b.length;
        this.total += b.length;
        for (const k of this.map.keys()) {
          if (this.total <= this.maxBytes) break;
          this.drop(k);
        }
      },
      () => {
        if (this.map.get(key) === packed) this.map.delete(key); // read again next time
      },
    );
    return packed;
  }

  private drop(key: string): void {
    const p = this.map.get(key);
    if (!p) return;
    this.total -= p.bytes;
    this.map.delete(key);
  }
}

export function staticSite(prefix: string, dir: string, opts: StaticSiteOptions = {}): Koa.Middleware {
  const root = path.resolve(dir);
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const packs = new Packs(opts.maxCacheBytes ?? 32 * 1024 * 1024);
  const stat = (file: string): Stats | null => {
    try {
      const st = statSync(file);
      return st.isFile() ? st : null;
    } catch {
      return null;
    }
  };
  return async (ctx, next) => {
    if (ctx.method !== "GET" && ctx.method !== "HEAD") return next();
    if (ctx.path === base.slice(0, -1)) return ctx.redirect(base);
    if (!ctx.path.startsWith(base)) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(base.length));
    } catch {
      return next();
    }
    const file = path.resolve(root, rel || "index.html");
    if (!file.startsWith(root + path.sep) && file !== root) return next(); // no escaping the folder
    let target = file;
    let st = stat(file);
    if (!st) {
      target = path.join(root, "index.html");
      st = stat(target);
    }
    if (!st) return next();
    const isIndex = target.endsWith("index.html");
    const type = TYPES[path.extname(target).toLowerCase()] ?? "application/octet-stream";
    ctx.type = type;
    ctx.set(
      "Cache-Control",
      isIndex
        ? "no-cache"
        : /\.[0-9a-f]{8,}\./.test(target)
          ? "public, max-age=31536000, immutable"
          : "public, max-age=300",
    );
    const compressible = COMPRESSIBLE.test(type) && st.size >= MIN_COMPRESS_BYTES && st.size <= MAX_COMPRESS_BYTES;
    if (compressible) ctx.vary("Accept-Encoding");
    const accepted = compressible ? acceptedEncodings(ctx.get("Accept-Encoding")) : [];
    // one tag per representation (RFC 9110 §8.8.3): the file's size and time, and its encoding
    const tag = `${st.size.toString(16)}-${Math.trunc(st.mtimeMs).toString(16)}`;
    const tagOf = (e: Encoding | null) => (e ? `${tag}-${e}` : tag);
    ctx.lastModified = st.mtime;
    ctx.status = 200;
    // Brotli once it is made (asking starts it), gzip until then: the request does not wait for Brotli
    const { encoding, notModified } = pickEncoding(
      accepted,
      () => packs.ready(target, st, "br") !== null,
      (e) => {
        ctx.etag = tagOf(e);
        return ctx.fresh;
      },
    );
    if (notModified) {
      ctx.status = 304;
      return;
    }
    if (!encoding) {
      // a HEAD's body is never written (Koa), and the stream is closed when the answer ends
      ctx.body = createReadStream(target);
      ctx.length = st.size;
      return;
    }
    const body = await packs.get(target, st, encoding);
    ctx.set("Content-Encoding", encoding);
    ctx.body = body;
  };
}
