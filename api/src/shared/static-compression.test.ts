// Which encoding a browser gets (Accept-Encoding with its q-values; Brotli first at equal weight; gzip while
// the Brotli is being made), and the compressors: the bytes back, and Brotli files made one at a time (a
// failed one does not stop those behind it).
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { acceptedEncodings, brotliFile, gzipFile, pickEncoding, servedEncoding } from "./static-compression.ts";

const pool = vi.hoisted(() => ({ running: 0, most: 0, fail: "" }));
vi.mock("node:zlib", async (importOriginal) => {
  const z = await importOriginal<typeof import("node:zlib")>();
  return {
    ...z,
    // the real compressor, counted: how many run at once in the thread pool
    brotliCompress(body: Buffer, opts: object, done: (e: Error | null, out?: Buffer) => void) {
      pool.running++;
      pool.most = Math.max(pool.most, pool.running);
      if (pool.fail && body.toString() === pool.fail) {
        setImmediate(() => {
          pool.running--;
          done(new Error("failed"));
        });
        return;
      }
      z.brotliCompress(body, opts, (e, out) => {
        pool.running--;
        done(e, out);
      });
    },
  };
});

describe("acceptedEncodings", () => {
  it("lists what the browser takes, most wanted first, Brotli first at equal weight", () => {
    expect(acceptedEncodings("gzip, deflate, br")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("gzip, deflate, br, zstd")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("br;q=0.5, gzip;q=0.5")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("br;q=0.1, gzip")).toEqual(["gzip", "br"]);
    expect(acceptedEncodings("gzip;q=0.4, br;q=0.6")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("GZIP , BR ; Q=0.9")).toEqual(["gzip", "br"]);
    expect(acceptedEncodings("gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("br")).toEqual(["br"]);
    expect(acceptedEncodings("*")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("gzip;q=0.5, *")).toEqual(["br", "gzip"]);
  });

  it("refuses an encoding at q=0, and takes none without a header or with only others", () => {
    expect(acceptedEncodings("gzip, deflate, br;q=0")).toEqual(["gzip"]);
    expect(acceptedEncodings("br;q=0.0, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("br, gzip;q=0")).toEqual(["br"]);
    expect(acceptedEncodings("*;q=0, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("br;q=0, gzip;q=0")).toEqual([]);
    expect(acceptedEncodings("br;q=nonsense, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings("deflate, identity")).toEqual([]);
    expect(acceptedEncodings("")).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
  });
});

describe("servedEncoding", () => {
  it("serves Brotli once made, gzip (or the file as it is) until then, and never waits", () => {
    expect(servedEncoding(["br", "gzip"], true)).toBe("br");
    expect(servedEncoding(["br", "gzip"], false)).toBe("gzip");
    expect(servedEncoding(["br"], false)).toBeNull();
    expect(servedEncoding(["gzip", "br"], true)).toBe("gzip");
    expect(servedEncoding(["gzip"], false)).toBe("gzip");
    expect(servedEncoding([], true)).toBeNull();
  });
});

describe("pickEncoding", () => {
  it("answers 304 for the copy the browser would rather have before asking whether Brotli is made", () => {
    let asked = 0;
    const ready = () => (asked++, false);
    expect(pickEncoding(["br", "gzip"], ready, (e) => e === "br")).toEqual({ encoding: "br", notModified: true });
    expect(asked).toBe(0);
    // not held: gzip while Brotli is made, a 304 if the browser has the gzip copy
    expect(pickEncoding(["br", "gzip"], ready, (e) => e === "gzip")).toEqual({ encoding: "gzip", notModified: true });
    expect(pickEncoding(["br", "gzip"], ready, () => false)).toEqual({ encoding: "gzip", notModified: false });
    expect(asked).toBe(2);
    // the tags asked, in order: the wanted one, then the served one when it differs
    const tags: (string | null)[] = [];
    const has = (e: string | null) => (tags.push(e), false);
    expect(pickEncoding(["br", "gzip"], () => true, has)).toEqual({ encoding: "br", notModified: false });
    expect(pickEncoding(["gzip"], () => true, has)).toEqual({ encoding: "gzip", notModified: false });
    expect(pickEncoding([], () => true, has)).toEqual({ encoding: null, notModified: false });
    expect(tags).toEqual(["br", "gzip", null]);
    expect(asked).toBe(2);
  });
});

describe("the compressors", () => {
  const text = (n: number) => Buffer.from(Array.from({ length: 3000 }, (_, i) => `const a${i} = ${n};\n`).join(""));

  it("give the same bytes back, Brotli smaller than gzip", async () => {
    const body = text(1);
    const [gz, br] = await Promise.all([gzipFile(body), brotliFile(body)]);
    expect(gunzipSync(gz).equals(body)).toBe(true);
    expect(brotliDecompressSync(br).equals(body)).toBe(true);
    expect(br.length).toBeLessThan(gz.length);
  });

  it("make Brotli files one at a time, each its own, a failed one not stopping the rest", async () => {
    pool.most = 0;
    pool.fail = "this one fails";
    const bodies = [text(2), text(3), Buffer.from(pool.fail), text(4), text(5)];
    const made = await Promise.allSettled(bodies.map((b) => brotliFile(b)));
    expect(pool.most).toBe(1);
    expect(made.map((m) => m.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    made.forEach((m, i) => {
      if (m.status === "fulfilled") expect(brotliDecompressSync(m.value).equals(bodies[i]!)).toBe(true);
    });
  });
});
