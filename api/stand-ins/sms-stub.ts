// A local server speaking Alibaba Cloud's RPC contract for SMS (Dysmsapi SendSms, Version 2017-05-25), the
// checks included: every common parameter, the HMAC-SHA1 signature over the percent-encoded canonical query
// (SignatureDoesNotMatch), a reused SignatureNonce (SignatureNonceUsed), a timestamp more than 15 minutes off
// (InvalidTimeStamp.Expired), an unknown AccessKeyId (InvalidAccessKeyId.NotFound), then the SMS rules:
// isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, isv.INVALID_JSON_PARAM,
// isv.PARAM_LENGTH_LIMIT (a variable over 35 characters), isv.BUSINESS_LIMIT_CONTROL (per-number flow
// control, when a limit is set). Tests queue other answers (Throttling, an outage) with failNext/outage.
// Answers are JSON: {Code: "OK", Message, RequestId, BizId} or {Code, Message, RequestId, Recommend}.
// QuerySendDetails (PhoneNumber, SendDate yyyyMMdd, PageSize 1-50, CurrentPage, BizId optional) answers
// {Code, TotalCount, SmsSendDetailDTOs: {SmsSendDetailDTO: [{PhoneNum, SendStatus 1 waiting/2 failed/3 delivered,
// ErrCode, TemplateCode, Content, SendDate, ReceiveDate, OutId}]}}. report() pushes a status report (SmsReport,
// HTTP batch push: a JSON array) to receiptUrl, as the service does once the carrier answers.
import { randomUUID } from "node:crypto";
import { signRpc } from "../src/channels/aliyun-rpc.ts";
import { HttpStub, type StubRequest } from "./http-stub.ts";

export const DEMO_ACCESS_KEY_ID = "LTAIdemoAnxin0000";
export const DEMO_ACCESS_KEY_SECRET = "demo-aliyun-secret-not-for-production";

type Answer = { status?: number; body: unknown };

const COMMON = [
  "AccessKeyId",
  "Action",
  "Format",
  "SignatureMethod",
  "SignatureNonce",
  "SignatureVersion",
  "Timestamp",
  "Version",
  "Signature",
];

/** Shanghai wall time as Alibaba Cloud writes it: "2026-11-28 10:00:03". */
export function aliyunTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** POSTs a JSON body (a receipt) to the API; the answer, for the test to check. */
export async function pushJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: res.status, body: parsed };
}

export abstract class AliyunRpcStub extends HttpStub {
  private nonces = new Set<string>();
  private queued: { code: string; status: number; phones?: readonly string[] }[] = [];
  /** while set, every call answers this (e.g. 503 ServiceUnavailable): a provider outage */
  outage: { code: string; status: number } | null = null;
  /** every accepted call, by the stub's own record type */
  readonly accepted: { params: Record<string, string>; at: number }[] = [];

  /** where report() pushes receipts: the API's receipt URL with its token */
  receiptUrl: string | null = null;
  /**
   * For the demo (`npm start`): push a success receipt this long after each accepted send, as the carrier
   * would, so the console shows 已送达. Off (null) in tests, which push receipts themselves.
   */
  autoReportMs: number | null = null;

  constructor(
    private readonly actions: readonly string[],
    private readonly accessKeyId = DEMO_ACCESS_KEY_ID,
    private readonly accessKeySecret = DEMO_ACCESS_KEY_SECRET,
  ) {
    super((r) => this.route(r));
  }

  /**
   * The next `times` calls answer with this code (HTTP 200 for isv.* codes, as the service does); with `phones`,
   * only calls to those numbers (other messages, such as a unit's duty check, go through as usual).
   */
  failNext(code: string, times = 1, status = code.startsWith("isv.") ? 200 : 400, phones?: readonly string[]): void {
    for (let i = 0; i < times; i++) this.queued.push({ code, status, ...(phones ? { phones } : {}) });
  }

  protected abstract answer(params: Record<string, string>): Answer;

  protected error(code: string, message: string, status = 200): Answer {
    return {
      status,
      body: { Code: code, Message: message, RequestId: randomUUID(), Recommend: "https://api.aliyun.com/troubleshoot" },
    };
  }

  private route(r: StubRequest): Answer {
    if (r.path !== "/") return this.error("InvalidAction.NotFound", "Specified api is not found", 404);
    const params: Record<string, string> =
      r.method === "GET" ? Object.fromEntries(r.query) : ((r.body ?? {}) as Record<string, string>);
    const missing = COMMON.filter((k) => !params[k]);
    if (missing.length) return this.error("MissingParameter", `${missing[0]} is mandatory for this action.`, 400);
    if (params.AccessKeyId !== this.accessKeyId)
      return this.error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
    const { Signature, ...signed } = params;
    if (signRpc(r.method === "GET" ? "GET" : "POST", signed, this.accessKeySecret) !== Signature) {
      return this.error("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400);
    }
    if (params.SignatureMethod !== "HMAC-SHA1" || params.SignatureVersion !== "1.0")
      return this.error("InvalidParameter", "SignatureMethod/SignatureVersion", 400);
    if (this.nonces.has(params.SignatureNonce!))
      return this.error("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
    this.nonces.add(params.SignatureNonce!);
    const ts = Date.parse(params.Timestamp!);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp!) || Math.abs(Date.now() - ts) > 15 * 60_000) {
      return this.error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400);
    }
    if (!this.actions.includes(params.Action!))
      return this.error("InvalidAction.NotFound", `Specified api is not found, please check your url and method.`, 404);
    if (params.Version !== "2017-05-25")
      return this.error("InvalidVersion", "Specified parameter Version is not valid.", 400);
    if (this.outage)
      return this.error(
        this.outage.code,
        "The request has failed due to a temporary failure of the server.",
        this.outage.status,
      );
    const to = params.PhoneNumbers ?? params.CalledNumber ?? "";
    const i = this.queued.findIndex((x) => !x.phones || x.phones.includes(to));
    const q = i >= 0 ? this.queued.splice(i, 1)[0] : undefined;
    if (q) return this.error(q.code, `stub: queued ${q.code}`, q.status);
    const answer = this.answer(params);
    if ((answer.body as { Code?: string }).Code === "OK") {
      this.accepted.push({ params, at: Date.now() });
      const outId = params.OutId;
      if (this.autoReportMs !== null && this.receiptUrl && outId && this.reportsOn(params.Action!)) {
        setTimeout(() => void this.report(outId).catch(() => undefined), this.autoReportMs).unref();
      }
    }
    return answer;
  }

  /** Whether an accepted call of this action is one a receipt reports on (a send, not a query). */
  protected abstract reportsOn(action: string): boolean;
  /** Pushes the receipt for the message or call sent with this OutId (success) to receiptUrl. */
  abstract report(outId: string): Promise<{ status: number; body: unknown }>;
}

export const MOBILE = /^1[3-9]\d{9}$/;

export class SmsStub extends AliyunRpcStub {
  readonly signNames = new Set(["安心消防"]);
  readonly templates = new Set(["SMS_ANXIN_ALARM", "SMS_ANXIN_REMINDER"]);
  /** per-number flow control (isv.BUSINESS_LIMIT_CONTROL); off unless a test sets it */
  perNumberPerMinute = 0;
  private perNumber = new Map<string, number[]>();
  readonly sent: {
    phone: string;
    template: string;
    params: Record<string, string>;
    outId: string | null;
    at: number;
    bizId: string;
    sendStatus: 1 | 2 | 3;
    errCode: string;
    receivedAt: number | null;
  }[] = [];
  private serial = 0;

  constructor() {
    super(["SendSms", "QuerySendDetails"]);
  }

  protected answer(p: Record<string, string>): Answer {
    return p.Action === "QuerySendDetails" ? this.query(p) : this.send(p);
  }

  protected reportsOn(action: string): boolean {
    return action === "SendSms";
  }

  private query(p: Record<string, string>): Answer {
    if (!p.PhoneNumber || !MOBILE.test(p.PhoneNumber)) return this.error("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
    if (!p.SendDate || !/^\d{8}$/.test(p.SendDate))
      return this.error("isv.INVALID_PARAMETERS", "SendDate 格式应为 yyyyMMdd", 400);
    const size = Number(p.PageSize);
    const page = Number(p.CurrentPage ?? "1");
    if (!Number.isInteger(size) || size < 1 || size > 50 || !Number.isInteger(page) || page < 1)
      return this.error("isv.INVALID_PARAMETERS", "PageSize 取值 1~50", 400);
    const day = (ms: number) => aliyunTime(ms).slice(0, 10).replace(/-/g, "");
    const all = this.sent
      .filter((s) => s.phone === p.PhoneNumber && day(s.at) === p.SendDate && (!p.BizId || s.bizId === p.BizId))
      .reverse();
    const items = all.slice((page - 1) * size, page * size).map((s) => ({
      PhoneNum: s.phone,
      SendStatus: s.sendStatus,
      ErrCode: s.errCode,
      TemplateCode: s.template,
      Content: `【安心消防】${Object.values(s.params).join("，")}`,
      SendDate: aliyunTime(s.at),
      ReceiveDate: s.receivedAt ? aliyunTime(s.receivedAt) : "",
      OutId: s.outId ?? "",
    }));
    return {
      body: {
        Code: "OK",
        Message: "OK",
        RequestId: randomUUID(),
        TotalCount: all.length,
        SmsSendDetailDTOs: { SmsSendDetailDTO: items },
      },
    };
  }

  /**
   * The carrier's answer for the message sent with this OutId, pushed to receiptUrl as the service's status
   * report (and kept for QuerySendDetails). Returns the API's answer.
   */
  async report(
    outId: string,
    o: { success?: boolean; errCode?: string; errMsg?: string } = {},
  ): Promise<{ status: number; body: unknown }> {
    const s = this.sent.find((x) => x.outId === outId);
    if (!s) throw new Error(`sms stub: nothing sent with OutId ${outId}`);
    if (!this.receiptUrl) throw new Error("sms stub: receiptUrl not set");
    const success = o.success ?? true;
    s.sendStatus = success ? 3 : 2;
    s.errCode = o.errCode ?? (success ? "DELIVERED" : "MK:0001");
    s.receivedAt = Date.now();
    return pushJson(this.receiptUrl, [
      {
        phone_number: s.phone,
        send_time: aliyunTime(s.at),
        report_time: aliyunTime(s.receivedAt),
        success,
        err_code: s.errCode,
        err_msg: o.errMsg ?? (success ? "用户接收成功" : "用户接收失败"),
        sms_size: "1",
        biz_id: s.bizId,
        out_id: s.outId ?? "",
      },
    ]);
  }

  private send(p: Record<string, string>): Answer {
    const phones = (p.PhoneNumbers ?? "").split(",");
    if (!p.PhoneNumbers || phones.some((n) => !MOBILE.test(n)))
      return this.error("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
    if (!p.SignName || !this.signNames.has(p.SignName))
      return this.error("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
    if (!p.TemplateCode || !this.templates.has(p.TemplateCode))
      return this.error("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
    let vars: Record<string, unknown> = {};
    try {
      vars = p.TemplateParam ? (JSON.parse(p.TemplateParam) as Record<string, unknown>) : {};
    } catch {
      return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
    }
    if (Object.values(vars).some((v) => typeof v !== "string"))
      return this.error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
    if (Object.values(vars).some((v) => [...(v as string)].length > 35))
      return this.error("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制");
    if (this.perNumberPerMinute > 0) {
      for (const n of phones) {
        const recent = (this.perNumber.get(n) ?? []).filter((t) => t > Date.now() - 60_000);
        if (recent.length >= this.perNumberPerMinute)
          return this.error("isv.BUSINESS_LIMIT_CONTROL", "触发号码天级流控Permits:10");
        this.perNumber.set(n, [...recent, Date.now()]);
      }
    }
    const bizId = `${Date.now()}${String(++this.serial).padStart(6, "0")}^0`;
    for (const phone of phones)
      this.sent.push({
        phone,
        template: p.TemplateCode,
        params: vars as Record<string, string>,
        outId: p.OutId ?? null,
        at: Date.now(),
        bizId,
        sendStatus: 1,
        errCode: "",
        receivedAt: null,
      });
    return { body: { Code: "OK", Message: "OK", RequestId: randomUUID(), BizId: bizId } };
  }
}
