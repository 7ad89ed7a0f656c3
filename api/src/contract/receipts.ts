// Delivery receipts the providers push (transport/http/routes/receipts.routes.ts, handled by
// modules/notifications/receipts.ts): Alibaba Cloud's SMS and voice reports, WeChat's message-push events, the
// query strings that prove the caller, and the answer Alibaba Cloud expects. Numbers may come as strings.
import { z } from "zod";

const str = z.union([z.string(), z.number()]).transform(String);

/** One SmsReport record (Alibaba Cloud SMS status report, HTTP batch push). */
export const smsReportSchema = z.object({
  phone_number: str.optional(),
  send_time: z.string().optional(),
  report_time: z.string().optional(),
  success: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
  err_code: z.string().optional(),
  err_msg: z.string().optional(),
  sms_size: str.optional(),
  biz_id: str.optional(),
  out_id: str.optional(),
});
export type SmsReport = z.infer<typeof smsReportSchema>;

/** One VoiceReport record (Alibaba Cloud voice call report). */
export const voiceReportSchema = z.object({
  call_id: str.optional(),
  status_code: str.optional(),
  status_msg: z.string().optional(),
  out_id: str.optional(),
  originate_time: z.string().optional(),
  ring_time: z.string().optional(),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  duration: str.optional(),
  callee: str.optional(),
});
export type VoiceReport = z.infer<typeof voiceReportSchema>;

const wechatItem = z.object({
  TemplateId: z.string().optional(),
  MsgID: str,
  ErrorCode: str.optional(),
  ErrorStatus: z.string(),
});
/** A message-push event as WeChat posts it in JSON format; List is an object for one message, an array for several. */
export const wechatEventSchema = z.object({
  ToUserName: z.string().optional(),
  FromUserName: z.string().optional(),
  CreateTime: str.optional(),
  MsgType: z.string().optional(),
  Event: z.string().optional(),
  List: z.union([wechatItem, z.array(wechatItem).max(1000)]).optional(),
});
export type WechatEvent = z.infer<typeof wechatEventSchema>;

/** a batch push: at most 1000 reports, each read on its own (a record that is not readable is left out) */
export const reportBatch = z.array(z.unknown()).max(1000);

export const tokenQuery = z.object({ token: z.string().max(256).optional() });
export const wechatQuery = z.object({
  signature: z.string().max(128).optional(),
  timestamp: z.string().max(32).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(256).optional(),
});
/** The answer Alibaba Cloud's HTTP batch push expects; anything else makes it push again. */
export const aliyunAck = z.object({ code: z.literal(0), msg: z.string() });
