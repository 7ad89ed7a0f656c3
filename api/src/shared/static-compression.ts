// Whole static files compressed once and kept, for the H5 site (transport/http/static-site.ts) and the
// console's files (the portal's respond.ts): which encoding a browser takes (Accept-Encoding, q-values
// honoured), and the two compressors, both in zlib's thread pool, never on the event loop a fire alarm needs
// (lint refuses the *Sync ones: config/eslint-event-loop.js).
//
// Brotli at quality 10 (docs/performance.md, "Brotli for the static files"): on ECharts, the largest file
// served (1.1 MB), it is 18 % smaller than gzip -9 in 1.9 s of one pool thread; quality 11 saves 1 % more
// for 2.5 times the time, 9 and below lose most of the gain. Brotli files are made one at a time, so they
// hold one of the pool's four threads (files, DNS look-ups and the other compressions keep the rest), and
// the callers serve gzip until a file's Brotli is ready rather than make a request wait for it.
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

export type Encoding = "br" | "gzip";

/** The Brotli quality for static files: measured, see above. */
export const BROTLI_QUALITY = 10;

/**
 * The encodings the browser takes, the one it takes most gladly first; Brotli before gzip at equal weight
 * (browsers send "gzip, deflate, br": equal weights, and Brotli is a fifth smaller). An encoding at q=0, or
 * absent when no "*" covers it, is refused; no header at all takes none (RFC 9110 §12.5.3).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(",", 32)) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const weight = params.map((x) => x.trim()).find((x) => x.startsWith("q="));
    const v = weight === undefined ? 1 : Number(weight.slice(2));
    q.set(name.trim(), Number.isFinite(v) ? v : 0);
  }
  const of = (e: string) => q.get(e) ?? q.get("*") ?? 0;
  const br = of("br");
  const gz = of("gzip");
  const order: Encoding[] = br >= gz ? ["br", "gzip"] : ["gzip", "br"];
  return order.filter((e) => (e === "br" ? br : gz) > 0);
}

/** The encoding to serve: the most wanted one, or gzip while its Brotli is not ready yet; null: as it is. */
export function servedEncoding(accepted: readonly Encoding[], brReady: boolean): Encoding | null {
  const first = accepted[0];
  if (first !== "br" || brReady) return first ?? null;
  return accepted.includes("gzip") ? "gzip" : null;
}

/**
 * Which copy of a file to answer with, and whether the browser has it already (a 304). `has(e)` says whether
 * the browser holds that encoding's copy (the caller sets that copy's ETag and tests its freshness: the tag set
 * last is the answer's). The copy it would rather have counts even when not made here yet; otherwise the one
 * served: Brotli once `brReady()` (asked only then, so a 304 starts nothing), gzip until then.
 */
export function pickEncoding(
  accepted: readonly Encoding[],
  brReady: () => boolean,
  has: (e: Encoding | null) => boolean,
): { encoding: Encoding | null; notModified: boolean } {
  const wanted = accepted[0] ?? null;
  if (has(wanted)) return { encoding: wanted, notModified: true };
  const encoding = servedEncoding(accepted, wanted === "br" && brReady());
  return { encoding, notModified: encoding !== wanted && has(encoding) };
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** gzip at level 9, in the thread pool. */
export function gzipFile(body: Buffer): Promise<Buffer> {
  return gzipAsync(body, { level: 9 });
}

let brotliTail: Promise<unknown> = Promise.resolve();

/** Brotli at BROTLI_QUALITY, in the thread pool, one file at a time (queued behind those asked for before). */
export function brotliFile(body: Buffer): Promise<Buffer> {
  const made = brotliTail.then(() =>
    brotliAsync(body, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  );
  brotliTail = made.catch(() => undefined);
  return made;
}
