// Voice calls through Alibaba Cloud SingleCallByTts (Dyvmsapi, Version 2017-05-25): CalledShowNumber (our
// registered number), CalledNumber, TtsCode (an approved text-to-speech template), TtsParam, PlayTimes,
// OutId. A ringing phone wakes people a subscribe message cannot (FIELD-FACTS §5). The answer's CallId is kept
// as the row's providerId; the call report (VoiceReport) carries it and our OutId. Dyvmsapi has no query by
// OutId (QueryCallDetailByCallId needs the CallId we failed to record), so this channel has no lookup: a call
// whose sender died before recording it is placed again unless its report has arrived (docs/notifications.md).
import type { Channel, Delivery, SendResult } from "./channel.ts";
import type { AliyunRpcClient } from "./aliyun-rpc.ts";
import { smsParams } from "./sms-channel.ts";

export interface VoiceTemplates {
  showNumber: string;
  /** "您好，${address}发生${kind}，${advice}。" */
  alarm: string;
}

export class VoiceChannel implements Channel {
  readonly kind = "VOICE" as const;
  constructor(
    private readonly rpc: AliyunRpcClient,
    private readonly templates: VoiceTemplates,
  ) {}

  async send(d: Delivery): Promise<SendResult> {
    const p = smsParams(d.content);
    const r = await this.rpc.call("SingleCallByTts", {
      CalledShowNumber: this.templates.showNumber,
      CalledNumber: d.target,
      TtsCode: this.templates.alarm,
      TtsParam: JSON.stringify({ address: p.address, kind: p.kind, advice: p.advice }),
      PlayTimes: "3",
      OutId: d.id,
    });
    if (r.ok)
      return { ok: true, response: r.raw, providerId: typeof r.answer.CallId === "string" ? r.answer.CallId : null };
    return { ok: false, final: !r.transient, code: r.code, response: r.raw };
  }
}
