// A local server speaking Alibaba Cloud's voice API contract (Dyvmsapi SingleCallByTts, Version 2017-05-25):
// the RPC checks of AliyunRpcStub (signature, nonce, timestamp, key), then CalledNumber
// (isv.MOBILE_NUMBER_ILLEGAL), CalledShowNumber (isv.DISPLAY_NUMBER_ILLEGAL), TtsCode (isv.TTS_TEMPLATE_ILLEGAL),
// TtsParam JSON (isv.INVALID_JSON_PARAM). Answers {Code: "OK", CallId, RequestId}.
import { randomUUID } from "node:crypto";
import { AliyunRpcStub, MOBILE } from "./sms-stub.ts";

type Answer = { status?: number; body: unknown };

export class VoiceStub extends AliyunRpcStub {
  readonly showNumbers = new Set(["057100000000"]);
  readonly ttsTemplates = new Set(["TTS_ANXIN_ALARM"]);
  readonly calls: { phone: string; tts: string; params: Record<string, string>; outId: string | null; at: number }[] = [];

  constructor() {
    super("SingleCallByTts");
  }

  protected answer(p: Record<string, string>): Answer {
    if (!p.CalledNumber || !MOBILE.test(p.CalledNumber)) return this.error("isv.MOBILE_NUMBER_ILLEGAL", "号码格式非法");
    if (!p.CalledShowNumber || !this.showNumbers.has(p.CalledShowNumber)) return this.error("isv.DISPLAY_NUMBER_ILLEGAL", "号显号码不在可用号码列表中");
    if (!p.TtsCode || !this.ttsTemplates.has(p.TtsCode)) return this.error("isv.TTS_TEMPLATE_ILLEGAL", "文本转语音模板不合法");
    let params: Record<string, string> = {};
    try {
      params = p.TtsParam ? (JSON.parse(p.TtsParam) as Record<string, string>) : {};
    } catch {
      return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法");
    }
    this.calls.push({ phone: p.CalledNumber, tts: p.TtsCode, params, outId: p.OutId ?? null, at: Date.now() });
    return { body: { Code: "OK", Message: "OK", RequestId: randomUUID(), CallId: `${Date.now()}^${Math.floor(Math.random() * 1e6)}` } };
  }
}
