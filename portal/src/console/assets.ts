// Static files of the console: its stylesheet, ECharts and Leaflet from node_modules, and the page scripts
// (client/*.ts bundled by esbuild on first request; ES2020 modules, no source maps). Each is kept in memory
// with its gzip and ETag.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type Koa from "koa";
import { build } from "esbuild";
import { packFile, sendPacked, type PackedFile } from "../server/http/respond.ts";

const require = createRequire(import.meta.url);
const here = import.meta.dirname;
const ECHARTS = path.join(path.dirname(require.resolve("echarts/package.json")), "dist/echarts.min.js");
const LEAFLET = path.join(path.dirname(require.resolve("leaflet/package.json")), "dist");

/** The files a URL under /console/assets/ may name; nothing else on disk is reachable. */
const FILES: Record<string, { file: string; type: string }> = {
  "console.css": { file: path.join(here, "console.css"), type: "text/css; charset=utf-8" },
  "echarts.min.js": { file: ECHARTS, type: "text/javascript; charset=utf-8" },
  "leaflet.js": { file: path.join(LEAFLET, "leaflet.js"), type: "text/javascript; charset=utf-8" },
  "leaflet.css": { file: path.join(LEAFLET, "leaflet.css"), type: "text/css; charset=utf-8" },
  "images/marker-icon.png": { file: path.join(LEAFLET, "images/marker-icon.png"), type: "image/png" },
  "images/marker-icon-2x.png": { file: path.join(LEAFLET, "images/marker-icon-2x.png"), type: "image/png" },
  "images/marker-shadow.png": { file: path.join(LEAFLET, "images/marker-shadow.png"), type: "image/png" },
};

export const ENTRIES = ["accept", "rollout", "cameras", "command"] as const;
const bundles = new Map<string, Promise<string>>();

function bundle(entry: string): Promise<string> {
  let b = bundles.get(entry);
  if (!b) {
    b = build({
      entryPoints: [path.join(here, "client", `${entry}.ts`)],
      bundle: true,
      format: "esm",
      target: "es2020",
      write: false,
      minify: true,
      logLevel: "silent",
    }).then((r) => r.outputFiles[0]!.text);
    b.catch(() => bundles.delete(entry)); // a failed build is retried on the next request
    bundles.set(entry, b);
  }
  return b;
}

const prepared = new Map<string, Promise<PackedFile>>();

/** Each file is read (or bundled) and compressed once: ECharts alone is 1.1 MB, ~80 ms of gzip a request. */
function prepare(name: string): Promise<PackedFile> | null {
  const app = /^app\/([a-z]+)\.js$/.exec(name)?.[1];
  const f = FILES[name];
  if (!(app && (ENTRIES as readonly string[]).includes(app)) && !f) return null;
  let p = prepared.get(name);
  if (!p) {
    const load = app
      ? bundle(app).then((text) => ({ type: "text/javascript; charset=utf-8", body: Buffer.from(text) }))
      : readFile(f!.file).then((body) => ({ type: f!.type, body }));
    p = load.then(({ type, body }) => packFile(type, body));
    p.catch(() => prepared.delete(name));
    prepared.set(name, p);
  }
  return p;
}

/** Serves /console/assets/<name>; false when the name is not a console asset. */
export async function serveAsset(ctx: Koa.Context, name: string): Promise<boolean> {
  const p = prepare(name);
  if (!p) return false;
  sendPacked(ctx, await p);
  return true;
}
