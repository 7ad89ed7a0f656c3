// SMS through Alibaba Cloud SendSms (Dysmsapi, Version 2017-05-25): PhoneNumbers, SignName, TemplateCode,
// TemplateParam (JSON of the template's variables), OutId (our notification id). Each template variable is
// at most 35 characters (the console refuses longer ones with isv.PARAM_LENGTH_LIMIT).
import type { MessageContent } from "../modules/notifications/notification.ts";
import { cut, type Channel, type Delivery, type SendResult } from "./channel.ts";
import type { AliyunRpcClient } from "./aliyun-rpc.ts";
import { wechatTime } from "./wechat-channel.ts";

export const SMS_PARAM_MAX = 35;

export interface SmsTemplates {
  signName: string;
  /** ${address}发生${kind}（${time}），${advice} */
  alarm: string;
  /** ${address}的${kind}，${advice} */
  reminder: string;
}

export function smsParams(c: MessageContent): Record<string, string> {
  const where = c.room ? `${c.address} ${c.room}` : c.address;
  const advice =
    c.template === "DEVICE_REMINDER" ? "请及时处理"
    : c.template === "FIRE_REAL" ? "已确认真实火情"
    : c.step ? `${c.step}，请立即确认` : "请立即确认并处置";
  const p = { address: where, kind: c.kindLabel, time: wechatTime(c.at), advice };
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, cut(v, SMS_PARAM_MAX, true)]));
}

export class SmsChannel implements Channel {
  readonly kind = "SMS" as const;
  constructor(
    private readonly rpc: AliyunRpcClient,
    private readonly templates: SmsTemplates,
  ) {}

  async send(d: Delivery): Promise<SendResult> {
    const r = await this.rpc.call("SendSms", {
      PhoneNumbers: d.target,
      SignName: this.templates.signName,
      TemplateCode: d.content.template === "DEVICE_REMINDER" ? this.templates.reminder : this.templates.alarm,
      TemplateParam: JSON.stringify(smsParams(d.content)),
      OutId: d.id,
    });
    if (r.ok) return { ok: true, response: r.raw };
    return { ok: false, final: !r.transient, code: r.code, response: r.raw };
  }
}
