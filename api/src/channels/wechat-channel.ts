// WeChat subscribe messages (FIELD-FACTS §5): a template per message kind, each field cut to its documented
// limit (thing ≤ 20, phrase ≤ 5, character_string ≤ 32, phone_number ≤ 17), because one field over the
// limit makes WeChat refuse the whole message (47003). 43101 means the user refused or used up a one-time
// subscription: final, the outbox falls back to SMS. 40001/42001 are handled inside WechatApi.
import { WechatError, type WechatApi } from "../integrations/wechat/wechat-api.ts";
import { usesReminderTemplate, type MessageContent } from "../modules/notifications/notification.ts";
import { cut, type Channel, type Delivery, type SendResult } from "./channel.ts";
import { countyDateTime } from "../shared/county-time.ts";

export const FIELD_LIMITS = { thing: 20, phrase: 5, character_string: 32, phone_number: 17 } as const;

/** Cuts every field to the limit of its type; the type is the key without its number (thing1 -> thing). */
export function fitFields(data: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const type = key.replace(/\d+$/, "");
    if (type === "thing") out[key] = cut(value, FIELD_LIMITS.thing, true);
    else if (type === "phrase") out[key] = cut(value.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, ""), FIELD_LIMITS.phrase);
    else if (type === "character_string")
      out[key] = cut(value.replace(/[^\x21-\x7e]/g, ""), FIELD_LIMITS.character_string);
    else if (type === "phone_number") out[key] = cut(value.replace(/[^\d+-]/g, ""), FIELD_LIMITS.phone_number);
    else out[key] = value;
  }
  return out;
}

/** Shanghai wall time as WeChat's time field shows it: "2026-11-28 11:00". */
export function wechatTime(iso: string): string {
  return countyDateTime(iso);
}

export interface WechatTemplates {
  /** fire: FIRE_ALARM, FIRE_ESCALATION, FIRE_REAL */
  alarm: string;
  /** device problems */
  reminder: string;
}

/** The fields of our two templates (报警通知 / 设备提醒), as registered in the mini-program's admin console. */
export function templateData(c: MessageContent): Record<string, string> {
  const where = c.room ? `${c.address} ${c.room}` : c.address;
  const advice =
    c.template === "NOTICE"
      ? (c.note ?? "请核对")
      : c.template === "DEVICE_REMINDER"
        ? c.kind === "LOW_BATTERY"
          ? "请尽快更换电池"
          : "请检查设备，保证正常工作"
        : c.template === "FIRE_REAL"
          ? "已确认真实火情，请调度处置"
          : "请立即确认现场并在小程序中处理";
  return fitFields({
    thing1: where,
    phrase2: c.kindLabel,
    time3: wechatTime(c.at),
    thing4: c.step ? `${c.step}：${advice}` : advice,
    ...(c.alarmId ? { character_string5: c.alarmId } : {}),
    ...(c.contactPhone ? { phone_number6: c.contactPhone } : {}),
  });
}

export class WechatChannel implements Channel {
  readonly kind = "WECHAT" as const;
  constructor(
    private readonly api: WechatApi,
    private readonly templates: WechatTemplates,
  ) {}

  templateIdFor(c: MessageContent): string {
    return usesReminderTemplate(c.template) ? this.templates.reminder : this.templates.alarm;
  }

  async send(d: Delivery): Promise<SendResult> {
    try {
      const r = await this.api.sendSubscribeMessage({
        touser: d.target,
        templateId: this.templateIdFor(d.content),
        ...(d.content.alarmId ? { page: `pages/alarm/index?id=${d.content.alarmId}` } : {}),
        data: templateData(d.content),
      });
      return { ok: true, response: JSON.stringify({ errcode: 0, msgid: r.msgid }), providerId: r.msgid };
    } catch (e) {
      if (!(e instanceof WechatError)) throw e;
      const response = JSON.stringify({ errcode: e.errcode, errmsg: e.errmsg });
      return { ok: false, final: !e.transient, code: String(e.errcode), response };
    }
  }
}
