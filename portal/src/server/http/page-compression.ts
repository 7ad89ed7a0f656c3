// Server-rendered pages compressed per response, but never on the event loop that stores a fire alarm and
// starts its first message (issue 21, "fire first"): zlib's thread pool does the work, the request waits for
// it, the loop answers other sockets meanwhile. Most public pages are the same bytes for every reader, so the
// compressed copies of recent ones are kept (a few hundred, a few MB) by content hash and encoding, and the
// same page is compressed once, however many ask for it at the same moment.
//
// Which encoding a browser takes is the static files' rule (acceptedEncodings and pickEncoding from
// @anxin/api, api/src/shared/static-compression.ts); the levels are not: those files are compressed once at
// gzip 9 and Brotli 10 (seconds for ECharts), a page on a miss must stay cheap. On the portal's pages (11 KB
// of HTML, much of it Chinese text) Brotli 5 is 16 % smaller than gzip 6 for about 0.3 ms of a pool thread;
// quality 9 gains 1 % more for 25 times the time.
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import type Koa from "koa";
import type { acceptedEncodings } from "@anxin/api";

export type Encoding = ReturnType<typeof acceptedEncodings>[number];

/** Compresses a body in one encoding, off the event loop. */
export type Compress = (body: Buffer, encoding: Encoding) => Promise<Buffer>;

/** Bodies up to this many bytes go as they are: compressing saves a few hundred bytes at most. */
export const MIN_COMPRESSED_BYTES = 1024;
/** Per-request Brotli: measured, see above. */
export const PAGE_BROTLI_QUALITY = 5;
export const PAGE_GZIP_LEVEL = 6;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** gzip at level 6 or Brotli at quality 5, in zlib's thread pool. */
export const compressPage: Compress = (body, encoding) =>
  encoding === "gzip"
    ? gzipAsync(body, { level: PAGE_GZIP_LEVEL })
    : brotliAsync(body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: PAGE_BROTLI_QUALITY,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
          [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });

export interface PageCompressorOptions {
  /** compressed copies kept at most (default 256) */
  maxEntries?: number;
  /** their bytes at most (default 4 MiB); a copy larger than a quarter of this is not kept */
  maxBytes?: number;
  /** the compressor (tests count or fail it); default compressPage */
  compress?: Compress;
}

export interface PageCompressionCounts {
  /** bodies handed to the compressor */
  compressed: number;
  /** answered from a kept copy, or from one being made for another request */
  reused: number;
  /** kept copies dropped to stay within the bounds */
  evicted: number;
  failed: number;
}

/**
 * Compressed copies of recent pages, least recently used dropped first, bounded in count and bytes. Keyed by
 * the caller's content key (the page's strong ETag: a hash of its bytes) and the encoding; a page without a
 * key (a private one, made for one reader) is compressed and not kept.
 */
export class PageCompressor {
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly compress: Compress;
  /** Map order is use order: the first is the least recently used */
  private readonly kept = new Map<string, Buffer>();
  private readonly making = new Map<string, Promise<Buffer>>();
  private keptBytes = 0;
  readonly counts: PageCompressionCounts = { compressed: 0, reused: 0, evicted: 0, failed: 0 };

  constructor(opts: PageCompressorOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 256;
    this.maxBytes = opts.maxBytes ?? 4 * 1024 * 1024;
    this.compress = opts.compress ?? compressPage;
  }

  /** Copies kept now and their bytes. */
  size(): { entries: number; bytes: number } {
    return { entries: this.kept.size, bytes: this.keptBytes };
  }

  /** The body in that encoding: a kept copy at once, else a promise of it from the compressor. */
  compressed(body: Buffer, encoding: Encoding, key: string | null): Buffer | Promise<Buffer> {
    if (key === null) return this.run(body, encoding);
    const id = `${key} ${encoding}`;
    const hit = this.kept.get(id) ?? this.making.get(id);
    if (hit !== undefined) {
      this.counts.reused++;
      if (Buffer.isBuffer(hit)) {
        this.kept.delete(id);
        this.kept.set(id, hit);
      }
      return hit;
    }
    const made = this.run(body, encoding);
    this.making.set(id, made);
    made.then(
      (out) => {
        this.making.delete(id);
        this.keep(id, out);
      },
      () => this.making.delete(id), // the next request tries again
    );
    return made;
  }

  private run(body: Buffer, encoding: Encoding): Promise<Buffer> {
    this.counts.compressed++;
    const made = this.compress(body, encoding);
    made.catch(() => this.counts.failed++);
    return made;
  }

  private keep(id: string, out: Buffer): void {
    if (out.length > this.maxBytes / 4) return;
    this.kept.set(id, out);
    this.keptBytes += out.length;
    for (const [old, copy] of this.kept) {
      if (this.kept.size <= this.maxEntries && this.keptBytes <= this.maxBytes) break;
      this.kept.delete(old);
      this.keptBytes -= copy.length;
      this.counts.evicted++;
    }
  }
}

/**
 * Answers with the body in `encoding` (status, type and validators already set by the caller). A kept copy
 * goes as a buffer with its length; otherwise the body is a stream that gets the copy when the pool has made
 * it, so the caller stays synchronous and no handler has to await it. Should compression fail before anything
 * is sent, the page goes as it is (no Content-Encoding, no ETag of the encoded copy).
 */
export function sendCompressed(
  ctx: Koa.Context,
  body: Buffer,
  encoding: Encoding,
  pages: PageCompressor,
  key: string | null,
): void {
  const made = pages.compressed(body, encoding, key);
  ctx.set("Content-Encoding", encoding);
  if (Buffer.isBuffer(made)) {
    ctx.body = made;
    return;
  }
  const out = new PassThrough();
  ctx.body = out;
  made.then(
    (copy) => {
      if (!out.destroyed) out.end(copy);
    },
    (e: unknown) => {
      if (out.destroyed) return;
      if (ctx.res.headersSent) return void out.destroy(e instanceof Error ? e : new Error(String(e)));
      ctx.res.removeHeader("Content-Encoding");
      ctx.res.removeHeader("ETag");
      out.end(body);
    },
  );
}
