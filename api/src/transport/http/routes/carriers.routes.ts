// The carrier platforms' push receivers (issue 20; docs/carriers.md). Public routes: the callers are CTWing
// and OneNET, not users. CTWing proves itself by the token in the subscribed URL (and, if set, its address);
// OneNET by the signature over its token. The body is read as sent (the signature covers its exact text),
// bounded by the carrier core, and the answer is 200 only once every event of the push is stored; a refused
// push answers its reason (4xx, or 503 while not configured) and nothing of it is stored.
import type Koa from "koa";
import * as c from "../../../contract/carriers.ts";
import { route } from "../route.ts";
import { PushRefused, type PushReceipt } from "../../carriers/receiver/index.ts";

const MAX_BODY_CHARS = 64 * 1024;

function rawBody(ctx: Koa.Context): string {
  const raw = (ctx.request as { rawBody?: unknown }).rawBody;
  if (typeof raw === "string") return raw.length > MAX_BODY_CHARS ? raw.slice(0, MAX_BODY_CHARS + 1) : raw;
  const parsed = (ctx.request as { body?: unknown }).body;
  return parsed === undefined ? "" : JSON.stringify(parsed);
}

async function answer(ctx: Koa.Context, run: () => Promise<PushReceipt>): Promise<void> {
  try {
    const receipt = await run();
    ctx.status = 200;
    ctx.body = receipt;
  } catch (e) {
    if (!(e instanceof PushRefused)) throw e; // storing failed: 500, the platform retries
    ctx.status = e.status;
    ctx.body = { ok: false, error: e.refusal.reason, message: e.refusal.detail };
  }
}

export const carrierRoutes = [
  route({
    method: "post",
    path: "/api/ingest/ctwing",
    lane: "fire",
    summary:
      "CTWing subscription push (dataReport, deviceOnlineOfflineReport, eventReport, commandResponse); ?token= must be CTWING_PUSH_TOKEN; 200 once stored",
    tag: "devices",
    access: "public",
    query: c.ctwingQuery,
    handler: async ({ services, query, ctx }) => {
      await answer(ctx, () =>
        services.carriers.intake.ctwing(rawBody(ctx), query.token, ctx.ip || ctx.req.socket.remoteAddress),
      );
    },
  }),
  route({
    method: "get",
    path: "/api/ingest/onenet",
    summary: "OneNET push URL check: answers msg when signature = Base64(MD5(ONENET_PUSH_TOKEN + nonce + msg))",
    tag: "devices",
    access: "public",
    query: c.onenetCheckQuery,
    handler: async ({ services, query, ctx }) => {
      try {
        const msg = services.carriers.intake.onenetCheck(query);
        ctx.type = "text/plain";
        ctx.body = msg;
      } catch (e) {
        if (!(e instanceof PushRefused)) throw e;
        ctx.status = e.status;
        ctx.body = { ok: false, error: e.refusal.reason, message: e.refusal.detail };
      }
    },
  }),
  route({
    method: "post",
    path: "/api/ingest/onenet",
    lane: "fire",
    summary:
      "OneNET HTTP data push ({msg|enc_msg, msg_signature, nonce}; types 1, 2, 7); signed with ONENET_PUSH_TOKEN; 200 once stored",
    tag: "devices",
    access: "public",
    handler: async ({ services, ctx }) => {
      await answer(ctx, () => services.carriers.intake.onenet(rawBody(ctx)));
    },
  }),
];
