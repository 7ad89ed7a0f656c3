// A local server speaking Alibaba Cloud's RPC contract for SMS (Dysmsapi SendSms, Version 2017-05-25), the
// checks included: every common parameter, the HMAC-SHA1 signature over the percent-encoded canonical query
// (SignatureDoesNotMatch), a reused SignatureNonce (SignatureNonceUsed), a timestamp more than 15 minutes off
// (InvalidTimeStamp.Expired), an unknown AccessKeyId (InvalidAccessKeyId.NotFound), then the SMS rules:
// isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, isv.INVALID_JSON_PARAM,
// isv.PARAM_LENGTH_LIMIT (a variable over 35 characters), isv.BUSINESS_LIMIT_CONTROL (per-number flow
// control, when a limit is set). Tests queue other answers (Throttling, an outage) with failNext/outage.
// Answers are JSON: {Code: "OK", Message, RequestId, BizId} or {Code, Message, RequestId, Recommend}.
import { randomUUID } from "node:crypto";
import { signRpc } from "../../api/src/channels/aliyun-rpc.ts";
import { HttpStub, type StubRequest } from "./http-stub.ts";

export const DEMO_ACCESS_KEY_ID = "LTAIdemoAnxin0000";
export const DEMO_ACCESS_KEY_SECRET = "demo-aliyun-secret-not-for-production";

type Answer = { status?: number; body: unknown };

const COMMON = ["AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp", "Version", "Signature"];

export abstract class AliyunRpcStub extends HttpStub {
  private nonces = new Set<string>();
  private queued: { code: string; status: number }[] = [];
  /** while set, every call answers this (e.g. 503 ServiceUnavailable): a provider outage */
  outage: { code: string; status: number } | null = null;
  /** every accepted call, by the stub's own record type */
  readonly accepted: { params: Record<string, string>; at: number }[] = [];

  constructor(
    private readonly action: string,
    private readonly accessKeyId = DEMO_ACCESS_KEY_ID,
    private readonly accessKeySecret = DEMO_ACCESS_KEY_SECRET,
  ) {
    super((r) => this.route(r));
  }

  /** The next `times` calls answer with this code (HTTP 200 for isv.* codes, as the service does). */
  failNext(code: string, times = 1, status = code.startsWith("isv.") ? 200 : 400): void {
    for (let i = 0; i < times; i++) this.queued.push({ code, status });
  }

  protected abstract answer(params: Record<string, string>): Answer;

  protected error(code: string, message: string, status = 200): Answer {
    return { status, body: { Code: code, Message: message, RequestId: randomUUID(), Recommend: "https://api.aliyun.com/troubleshoot" } };
  }

  private route(r: StubRequest): Answer {
    if (r.path !== "/") return this.error("InvalidAction.NotFound", "Specified api is not found", 404);
    const params: Record<string, string> = r.method === "GET" ? Object.fromEntries(r.query) : ((r.body ?? {}) as Record<string, string>);
    const missing = COMMON.filter((k) => !params[k]);
    if (missing.length) return this.error("MissingParameter", `${missing[0]} is mandatory for this action.`, 400);
    if (params.AccessKeyId !== this.accessKeyId) return this.error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
    const { Signature, ...signed } = params;
    if (signRpc(r.method === "GET" ? "GET" : "POST", signed, this.accessKeySecret) !== Signature) {
      return this.error("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400);
    }
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0") return this.error("InvalidParameter", "SignatureMethod/SignatureVersion", 400);
    if (this.nonces.has(params.SignatureNonce!)) return this.error("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
    this.nonces.add(params.SignatureNonce!);
    const ts = Date.parse(params.Timestamp!);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp!) || Math.abs(Date.now() - ts) > 15 * 60_000) {
      return this.error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400);
    }
    if (params.Action !== this.action) return this.error("InvalidAction.NotFound", `Specified api is not found, please check your url and method.`, 404);
    if (params.Version !== "2017-05-25") return this.error("InvalidVersion", "Specified parameter Version is not valid.", 400);
    if (this.outage) return this.error(this.outage.code, "The request has failed due to a temporary failure of the server.", this.outage.status);
    const q = this.queued.shift();
    if (q) return this.error(q.code, `stub: queued ${q.code}`, q.status);
    const answer = this.answer(params);
    if ((answer.body as { Code?: string }).Code === "OK") this.accepted.push({ params, at: Date.now() });
    return answer;
  }
}

export const MOBILE = /^1[3-9]\d{9}$/;

export class SmsStub extends AliyunRpcStub {
  readonly signNames = new Set(["安心消防"]);
  readonly templates = new Set(["SMS_ANXIN_ALARM", "SMS_ANXIN_REMINDER"]);
  /** per-number flow control (isv.BUSINESS_LIMIT_CONTROL); off unless a test sets it */
  perNumberPerMinute = 0;
  private perNumber = new Map<string, number[]>();
  readonly sent: { phone: string; template: string; params: Record<string, string>; outId: string | null; at: number }[] = [];

  constructor() {
    super("SendSms");
  }

  protected answer(p: Record<string, string>): Answer {
    const phones = (p.PhoneNumbers ?? "").split(",");
    if (!p.PhoneNumbers || phones.some((n) => !MOBILE.test(n))) return this.error("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
    if (!p.SignName || !this.signNames.has(p.SignName)) return this.error("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
    if (!p.TemplateCode || !this.templates.has(p.TemplateCode)) return this.error("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
    let vars: Record<string, unknown> = {};
    try {
      vars = p.TemplateParam ? (JSON.parse(p.TemplateParam) as Record<string, unknown>) : {};
    } catch {
      return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
    }
    if (Object.values(vars).some((v) => typeof v !== "string")) return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
    if (Object.values(vars).some((v) => [...(v as string)].length > 35)) return this.error("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制");
    if (this.perNumberPerMinute > 0) {
      for (const n of phones) {
        const recent = (this.perNumber.get(n) ?? []).filter((t) => t > Date.now() - 60_000);
        if (recent.length >= this.perNumberPerMinute) return this.error("isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控Permits:10");
        this.perNumber.set(n, [...recent, Date.now()]);
      }
    }
    for (const phone of phones) this.sent.push({ phone, template: p.TemplateCode, params: vars as Record<string, string>, outId: p.OutId ?? null, at: Date.now() });
    return { body: { Code: "OK", Message: "OK", RequestId: randomUUID(), BizId: `${Date.now()}^0` } };
  }
}
