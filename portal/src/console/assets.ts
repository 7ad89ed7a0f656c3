// Static files of the console: its stylesheet, ECharts and Leaflet from node_modules, and the page scripts
// (client/*.ts bundled by esbuild on first request and kept in memory; ES2020 modules, no source maps).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type Koa from "koa";
import { build } from "esbuild";
import { CACHE_PRIVATE, send } from "../server/http/respond.ts";

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

export const ENTRIES = ["board", "county", "import"] as const;
const bundles = new Map<string, Promise<string>>();

function bundle(entry: string): Promise<string> {
  let b = bundles.get(entry);
  if (!b) {
    b = build({ entryPoints: [path.join(here, "client", `${entry}.ts`)], bundle: true, format: "esm", target: "es2020", write: false, minify: true, logLevel: "silent" }).then((r) => r.outputFiles[0]!.text);
    b.catch(() => bundles.delete(entry)); // a failed build is retried on the next request
    bundles.set(entry, b);
  }
  return b;
}

/** Serves /console/assets/<name>; false when the name is not a console asset. */
export async function serveAsset(ctx: Koa.Context, name: string): Promise<boolean> {
  // files change only with a deploy; an hour's cache is safe and spares the wall display's reloads
  const cache = process.env.NODE_ENV === "production" ? "public, max-age=3600" : CACHE_PRIVATE;
  const app = /^app\/([a-z]+)\.js$/.exec(name)?.[1];
  if (app && (ENTRIES as readonly string[]).includes(app)) {
    send(ctx, await bundle(app), "text/javascript; charset=utf-8", cache);
    return true;
  }
  const f = FILES[name];
  if (!f) return false;
  send(ctx, await readFile(f.file), f.type, cache);
  return true;
}
