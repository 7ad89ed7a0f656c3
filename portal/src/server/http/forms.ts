// Form posts from pages that work without JavaScript. The API's body parser takes JSON only, so the
// portal reads its own bodies: urlencoded fields, or multipart (for image uploads) through the WHATWG
// Request parser built into Node.
import type Koa from "koa";
import { AppError } from "@anxin/api";

export interface FormData {
  fields: Map<string, string[]>;
  files: Map<string, { type: string; name: string; data: Buffer }>;
  get(name: string): string | undefined;
  /** every file sent under a name (an <input type="file" multiple>), in order; empty parts left out */
  filesNamed(name: string): { type: string; name: string; data: Buffer }[];
}

async function readBody(ctx: Koa.Context, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AppError("PAYLOAD_TOO_LARGE");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readForm(ctx: Koa.Context, limit = 64 * 1024): Promise<FormData> {
  const type = ctx.get("content-type");
  const fields = new Map<string, string[]>();
  const files: FormData["files"] = new Map();
  const all = new Map<string, { type: string; name: string; data: Buffer }[]>();
  const add = (k: string, v: string) => fields.set(k, [...(fields.get(k) ?? []), v]);
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const body = await readBody(ctx, limit);
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) add(k, v);
  } else if (/^multipart\/form-data/i.test(type)) {
    const body = await readBody(ctx, limit);
    const parsed = await new Request("http://portal.local/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }).formData();
    for (const [k, v] of parsed) {
      if (typeof v === "string") add(k, v);
      else if (v.size > 0) {
        const file = { type: v.type, name: v.name, data: Buffer.from(await v.arrayBuffer()) };
        files.set(k, file);
        all.set(k, [...(all.get(k) ?? []), file]);
      }
    }
  } else {
    throw new AppError("VALIDATION_FAILED", "表单格式不正确");
  }
  return { fields, files, get: (name) => fields.get(name)?.[0], filesNamed: (name) => all.get(name) ?? [] };
}
