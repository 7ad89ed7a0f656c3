// SMS through Alibaba Cloud SendSms (Dysmsapi, Version 2017-05-25): PhoneNumbers, SignName, TemplateCode,
// TemplateParam (JSON of the template's variables), OutId (our notification id). Each template variable is
// at most 35 characters (the console refuses longer ones with isv.PARAM_LENGTH_LIMIT). The answer's BizId is
// kept as the row's providerId. QuerySendDetails (PhoneNumber, SendDate yyyyMMdd, PageSize ≤ 50,
// CurrentPage) lists what was sent to a number on a day, each record with the OutId we gave: that is how a
// row whose sender died after SendSms is found to be sent already (lookup).
import { usesReminderTemplate, type MessageContent } from "../modules/notifications/notification.ts";
import { cut, type Channel, type Delivery, type LookupResult, type SendResult } from "./channel.ts";
import type { AliyunRpcClient } from "./aliyun-rpc.ts";
import { wechatTime } from "./wechat-channel.ts";
import { countyDate } from "../shared/county-time.ts";

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
    c.template === "NOTICE"
      ? (c.note ?? "请核对")
      : c.template === "DEVICE_REMINDER"
        ? "请及时处理"
        : c.template === "FIRE_REAL"
          ? "已确认真实火情"
          : c.step
            ? `${c.step}，请立即确认`
            : "请立即确认并处置";
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
      TemplateCode: usesReminderTemplate(d.content.template) ? this.templates.reminder : this.templates.alarm,
      TemplateParam: JSON.stringify(smsParams(d.content)),
      OutId: d.id,
    });
    if (r.ok)
      return { ok: true, response: r.raw, providerId: typeof r.answer.BizId === "string" ? r.answer.BizId : null };
    return { ok: false, final: !r.transient, code: r.code, response: r.raw };
  }

  /** Looks for our OutId among the messages sent to the number on each Shanghai day the attempt may fall on. */
  async lookup(d: Delivery, withinMs: number): Promise<LookupResult> {
    for (const day of shanghaiDays(Date.now() - Math.max(0, withinMs), Date.now())) {
      for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
        const r = await this.rpc.call("QuerySendDetails", {
          PhoneNumber: d.target,
          SendDate: day,
          PageSize: String(LOOKUP_PAGE),
          CurrentPage: String(page),
        });
        if (!r.ok) return { found: null, response: r.raw };
        const list =
          (r.answer.SmsSendDetailDTOs as { SmsSendDetailDTO?: SmsSendDetail[] } | undefined)?.SmsSendDetailDTO ?? [];
        const hit = list.find((x) => x.OutId === d.id);
        if (hit)
          return {
            found: true,
            providerId: null,
            response: JSON.stringify({ QuerySendDetails: hit }),
            delivered: sendStatus(hit),
          };
        if (page * LOOKUP_PAGE >= Number(r.answer.TotalCount ?? 0)) break;
      }
    }
    return { found: false };
  }
}

const LOOKUP_PAGE = 50;
const LOOKUP_MAX_PAGES = 10;

/** One record of QuerySendDetails (SmsSendDetailDTOs.SmsSendDetailDTO[]). */
interface SmsSendDetail {
  PhoneNum?: string;
  /** 1 waiting for the receipt, 2 failed, 3 delivered */
  SendStatus?: number;
  ErrCode?: string;
  TemplateCode?: string;
  SendDate?: string;
  ReceiveDate?: string;
  OutId?: string;
}

function sendStatus(x: SmsSendDetail): { ok: boolean; at: Date | null; code: string } | null {
  const status = Number(x.SendStatus);
  if (status !== 2 && status !== 3) return null;
  return {
    ok: status === 3,
    at: x.ReceiveDate ? shanghaiTime(x.ReceiveDate) : null,
    code: x.ErrCode ?? (status === 3 ? "DELIVERED" : "FAILED"),
  };
}

/** "2026-11-28 10:00:03" in Shanghai time (as Alibaba Cloud writes its times) as a Date; null when unreadable. */
export function shanghaiTime(s: string): Date | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, da, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, da, h - 8, mi, se));
}

/** The Shanghai dates (yyyyMMdd) from `fromMs` to `toMs`, newest first, at most 30 (the query's reach). */
export function shanghaiDays(fromMs: number, toMs: number): string[] {
  const day = (ms: number) => countyDate(ms).replace(/-/g, "");
  const out: string[] = [];
  for (let t = toMs; out.length < 30; t -= 24 * 3600_000) {
    const d = day(t);
    if (!out.includes(d)) out.push(d);
    if (t <= fromMs) break;
  }
  if (!out.includes(day(fromMs)) && out.length < 30) out.push(day(fromMs));
  return out;
}
