// Uploaded media, served with an immutable cache (names are content hashes) and single byte ranges
// (RFC 9110 §14), which <video> needs to seek and which iOS needs to play at all.
import { createReadStream } from "node:fs";
import type Koa from "koa";
import type { PortalServices } from "@anxin/api";
import { CACHE_IMMUTABLE } from "./respond.ts";

export async function serveMedia(ctx: Koa.Context, services: PortalServices, name: string): Promise<boolean> {
  const file = await services.education.locateMedia(name);
  if (!file) return false;
  ctx.set("Cache-Control", CACHE_IMMUTABLE);
  ctx.set("Accept-Ranges", "bytes");
  ctx.set("X-Content-Type-Options", "nosniff");
  ctx.set("ETag", `"${name}"`);
  ctx.type = file.mime;
  if (ctx.get("if-none-match") === `"${name}"`) {
    ctx.status = 304;
    ctx.body = "";
    return true;
  }
  const m = /^bytes=(\d*)-(\d*)$/.exec(ctx.get("range"));
  if (m && (m[1] || m[2])) {
    let start = m[1] ? Number(m[1]) : file.bytes - Number(m[2]);
    let end = m[1] && m[2] ? Number(m[2]) : file.bytes - 1;
    start = Math.max(0, start);
    end = Math.min(end, file.bytes - 1);
    if (start > end) {
      ctx.status = 416;
      ctx.set("Content-Range", `bytes */${file.bytes}`);
      ctx.body = "";
      return true;
    }
    ctx.status = 206;
    ctx.set("Content-Range", `bytes ${start}-${end}/${file.bytes}`);
    ctx.length = end - start + 1;
    ctx.body = ctx.method === "HEAD" ? "" : createReadStream(file.path, { start, end });
    return true;
  }
  ctx.status = 200;
  ctx.length = file.bytes;
  ctx.body = ctx.method === "HEAD" ? "" : createReadStream(file.path);
  return true;
}
