// Delivery receipts pushed by the providers (modules/notifications/receipts.ts). Public routes: the callers
// are Alibaba Cloud and WeChat, not users. Each is refused (403, nothing read or changed) unless it proves
// itself: Alibaba Cloud's reports by the secret token in the receipt URL configured in its console (the query
// string is never logged), WeChat's pushes by the message-push signature. Bodies are checked after that.
import type { z } from "zod";
import type { Services } from "../../../services.ts";
import { route } from "../route.ts";
import { AppError } from "../../../shared/errors.ts";
import * as c from "../../../contract/receipts.ts";

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new AppError(
      "VALIDATION_FAILED",
      `回执格式不正确：${r.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return r.data;
}

/**
 * A batch's records one by one: the readable ones are applied, the others counted and logged. One record a
 * provider wrote otherwise (a "TRUE", a missing field) refused the whole batch, and with it the "not delivered"
 * reports that start a fire's fallback SMS. A body that is no batch at all is refused.
 */
function parseEach<T extends z.ZodType>(schema: T, body: unknown, log: Services["log"], what: string): z.output<T>[] {
  const items = parseBody(c.reportBatch, body);
  const good: z.output<T>[] = [];
  const bad: string[] = [];
  for (const [i, item] of items.entries()) {
    const r = schema.safeParse(item);
    if (r.success) good.push(r.data);
    else bad.push(`${i}: ${r.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`.slice(0, 200));
  }
  if (bad.length)
    log.warn({ receipt: what, bad: bad.length, of: items.length, first: bad.slice(0, 3) }, "receipts left unread");
  return good;
}

export const receiptRoutes = [
  route({
    method: "post",
    path: "/api/receipts/aliyun/sms",
    summary:
      "Alibaba Cloud SMS status reports (SmsReport, HTTP batch push: a JSON array of {phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id}); ?token= must be RECEIPT_TOKEN",
    tag: "notifications",
    access: "public",
    query: c.tokenQuery,
    response: c.aliyunAck,
    handler: async ({ services, query, ctx }) => {
      const receipts = services.notifications.receipts;
      receipts.checkToken(query.token, "SmsReport");
      await receipts.sms(
        parseEach(c.smsReportSchema, (ctx.request as { body?: unknown }).body, services.log, "SmsReport"),
      );
      return { code: 0 as const, msg: "成功" };
    },
  }),
  route({
    method: "post",
    path: "/api/receipts/aliyun/voice",
    summary:
      "Alibaba Cloud voice call reports (VoiceReport: a JSON array of {call_id, status_code, status_msg, out_id, start_time, end_time, duration, ...}); ?token= must be RECEIPT_TOKEN",
    tag: "notifications",
    access: "public",
    query: c.tokenQuery,
    response: c.aliyunAck,
    handler: async ({ services, query, ctx }) => {
      const receipts = services.notifications.receipts;
      receipts.checkToken(query.token, "VoiceReport");
      const body = (ctx.request as { body?: unknown }).body;
      await receipts.voice(
        parseEach(c.voiceReportSchema, Array.isArray(body) ? body : [body], services.log, "VoiceReport"),
      );
      return { code: 0 as const, msg: "成功" };
    },
  }),
  route({
    method: "get",
    path: "/api/receipts/wechat",
    summary:
      "WeChat message-push server check: answers echostr when signature = sha1(sorted WECHAT_PUSH_TOKEN, timestamp, nonce)",
    tag: "notifications",
    access: "public",
    query: c.wechatQuery,
    handler: async ({ services, query, ctx }) => {
      services.notifications.receipts.checkWechatSignature(query);
      ctx.type = "text/plain";
      ctx.body = query.echostr ?? "";
    },
  }),
  route({
    method: "post",
    path: "/api/receipts/wechat",
    summary:
      "WeChat message push (JSON data format, plaintext mode): subscribe_msg_sent_event gives each subscribe message's outcome by MsgID; signed like the server check",
    tag: "notifications",
    access: "public",
    query: c.wechatQuery,
    handler: async ({ services, query, ctx }) => {
      const receipts = services.notifications.receipts;
      receipts.checkWechatSignature(query);
      await receipts.wechat(parseBody(c.wechatEventSchema, (ctx.request as { body?: unknown }).body));
      ctx.type = "text/plain";
      ctx.body = "success";
    },
  }),
];
