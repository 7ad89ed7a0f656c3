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

/**
 * The body, at most `limit` bytes. Past it, reading stops and the request is left as it is: breaking out of
 * an async iteration destroyed it with its socket, and the 413 page (which reads the request's protocol) then
 * failed as a 500. Node discards the unread rest once the answer is sent; the connection is not kept.
 */
function readBody(ctx: Koa.Context, limit: number): Promise<Buffer> {
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      req.pause();
      ctx.set("Connection", "close");
      reject(new AppError("PAYLOAD_TOO_LARGE"));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** More fields than any page's form has (a quiz's answers, a report's photos): refused before they are read. */
export const MAX_FORM_FIELDS = 300;
/** Text fields only: the larger limits some pages pass are for multipart photos. */
const URLENCODED_LIMIT = 64 * 1024;
const TOO_MANY = () => new AppError("VALIDATION_FAILED", `表单项太多（最多 ${MAX_FORM_FIELDS} 项）`);

/** How many parts a multipart body has, counted by its boundary lines before any part is parsed. */
function partsOf(body: Buffer, type: string): number {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(type);
  if (!boundary) return 0;
  const mark = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let n = 0;
  for (let at = body.indexOf(mark); at !== -1 && n <= MAX_FORM_FIELDS + 1; at = body.indexOf(mark, at + mark.length))
    n++;
  return n - 1; // the last line closes the body
}

export async function readForm(ctx: Koa.Context, limit = 64 * 1024): Promise<FormData> {
  const type = ctx.get("content-type");
  const fields = new Map<string, string[]>();
  const files: FormData["files"] = new Map();
  const all = new Map<string, { type: string; name: string; data: Buffer }[]>();
  let count = 0;
  // one field at a time onto its list (copying the list for each repeated name made a body of 20,000 "a="
  // cost seconds of the event loop), and no more fields than a form has
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    if (++count > MAX_FORM_FIELDS) throw TOO_MANY();
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const body = await readBody(ctx, Math.min(limit, URLENCODED_LIMIT));
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) push(fields, k, v);
  } else if (/^multipart\/form-data/i.test(type)) {
    const body = await readBody(ctx, limit);
    if (partsOf(body, type) > MAX_FORM_FIELDS) throw TOO_MANY();
    const parsed = await new Request("http://portal.local/", {
      method: "POST",
      headers: { "content-type": type },
      body,
    }).formData();
    for (const [k, v] of parsed) {
      if (typeof v === "string") push(fields, k, v);
      else if (v.size > 0) {
        const file = { type: v.type, name: v.name, data: Buffer.from(await v.arrayBuffer()) };
        files.set(k, file);
        push(all, k, file);
      }
    }
  } else {
    throw new AppError("VALIDATION_FAILED", "表单格式不正确");
  }
  return { fields, files, get: (name) => fields.get(name)?.[0], filesNamed: (name) => all.get(name) ?? [] };
}
