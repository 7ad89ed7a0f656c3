// A local server speaking Alibaba Cloud's voice API contract (Dyvmsapi SingleCallByTts, Version 2017-05-25):
// the RPC checks of AliyunRpcStub (signature, nonce, timestamp, key), then CalledNumber
// (isv.MOBILE_NUMBER_ILLEGAL), CalledShowNumber (isv.DISPLAY_NUMBER_ILLEGAL), TtsCode (isv.TTS_TEMPLATE_ILLEGAL),
// TtsParam JSON (isv.INVALID_JSON_PARAM). Answers {Code: "OK", CallId, RequestId}. report() pushes the call
// record (VoiceReport: call_id, status_code, status_msg, out_id, start_time, end_time, duration, ...) to
// receiptUrl once the call is over. Dyvmsapi has no query by OutId, so neither has this stub.
import { randomUUID } from "node:crypto";
import { AliyunRpcStub, MOBILE, aliyunTime, pushJson } from "./sms-stub.ts";

type Answer = { status?: number; body: unknown };

export class VoiceStub extends AliyunRpcStub {
  readonly showNumbers = new Set(["057100000000"]);
  readonly ttsTemplates = new Set(["TTS_ANXIN_ALARM"]);
  readonly calls: {
    phone: string;
    tts: string;
    params: Record<string, string>;
    outId: string | null;
    at: number;
    callId: string;
  }[] = [];
  private serial = 0;

  constructor() {
    super(["SingleCallByTts"]);
  }

  /**
   * The end of the call placed with this OutId, pushed to receiptUrl: answered (200000, heard it all) or not
   * (200003 rang but nobody answered, or another status code). Returns the API's answer.
   */
  async report(
    outId: string,
    o: { answered?: boolean; statusCode?: string; statusMsg?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const c = this.calls.find((x) => x.outId === outId);
    if (!c) throw new Error(`voice stub: no call with OutId ${outId}`);
    if (!this.receiptUrl) throw new Error("voice stub: receiptUrl not set");
    const answered = o.answered ?? true;
    const now = Date.now();
    return pushJson(this.receiptUrl, [
      {
        call_id: c.callId,
        originate_time: aliyunTime(c.at),
        ring_time: aliyunTime(c.at + 1000),
        start_time: answered ? aliyunTime(c.at + 5000) : "",
        end_time: aliyunTime(now),
        caller: this.showNumbers.values().next().value,
        callee: c.phone,
        duration: answered ? "25" : "0",
        status_code: o.statusCode ?? (answered ? "200000" : "200003"),
        status_msg: o.statusMsg ?? (answered ? "用户听完语音" : "用户收到呼叫但未接听"),
        out_id: c.outId ?? "",
        voice_type: "voice",
        toll_type: "LOCAL",
      },
    ]);
  }

  protected reportsOn(action: string): boolean {
    return action === "SingleCallByTts";
  }

  protected answer(p: Record<string, string>): Answer {
    if (!p.CalledNumber || !MOBILE.test(p.CalledNumber)) return this.error("isv.MOBILE_NUMBER_ILLEGAL", "号码格式非法");
    if (!p.CalledShowNumber || !this.showNumbers.has(p.CalledShowNumber))
      return this.error("isv.DISPLAY_NUMBER_ILLEGAL", "号显号码不在可用号码列表中");
    if (!p.TtsCode || !this.ttsTemplates.has(p.TtsCode))
      return this.error("isv.TTS_TEMPLATE_ILLEGAL", "文本转语音模板不合法");
    let params: Record<string, string> = {};
    try {
      params = p.TtsParam ? (JSON.parse(p.TtsParam) as Record<string, string>) : {};
    } catch {
      return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法");
    }
    const callId = `${Date.now()}${String(++this.serial).padStart(6, "0")}^${Math.floor(Math.random() * 1e6)}`;
    this.calls.push({ phone: p.CalledNumber, tts: p.TtsCode, params, outId: p.OutId ?? null, at: Date.now(), callId });
    return { body: { Code: "OK", Message: "OK", RequestId: randomUUID(), CallId: callId } };
  }
}
