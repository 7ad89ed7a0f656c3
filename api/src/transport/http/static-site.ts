// Serves a built single-page site (the mini-program's H5 build) under a URL prefix: files with their
// type and a long cache for hashed assets, index.html (never cached) for everything else under the prefix.
import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import type Koa from "koa";

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

export function staticSite(prefix: string, dir: string): Koa.Middleware {
  const root = path.resolve(dir);
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
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
    const target = existsSync(file) && statSync(file).isFile() ? file : path.join(root, "index.html");
    if (!existsSync(target)) return next();
    const isIndex = target.endsWith("index.html");
    ctx.type = TYPES[path.extname(target).toLowerCase()] ?? "application/octet-stream";
    ctx.set(
      "Cache-Control",
      isIndex
        ? "no-cache"
        : /\.[0-9a-f]{8,}\./.test(target)
          ? "public, max-age=31536000, immutable"
          : "public, max-age=300",
    );
    ctx.length = statSync(target).size;
    ctx.body = ctx.method === "HEAD" ? null : createReadStream(target);
  };
}
