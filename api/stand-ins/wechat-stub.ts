// A local server that speaks the documented WeChat server API contract the API uses, errors included:
//   GET  /sns/jscode2session      -> {openid, session_key, unionid?} | 40029 invalid code, 40163 code used, 40226 risky user, 45011 rate limit
//   GET  /cgi-bin/token           -> {access_token, expires_in} | 40013 invalid appid, 40125 invalid secret
//   POST /cgi-bin/stable_token    -> the same, getStableAccessToken: in its normal mode the current token while it
//                                    is valid (expires_in: what is left of it); force_refresh: a new one, the old
//                                    one invalid at once
//   POST /wxa/business/getuserphonenumber?access_token= -> {errcode:0, phone_info:{phoneNumber, purePhoneNumber, countryCode}}
//   POST /cgi-bin/message/subscribe/send?access_token=  -> {errcode:0} | 43101 user refused, 47003 bad field
// Every token-guarded call answers 40001 for an unknown token and 42001 for an expired one.
// reportSent() plays WeChat's message push to the mini-program's server: subscribe_msg_sent_event (JSON data
// format, plaintext mode) with signature = sha1(sorted token, timestamp, nonce) in the query.
// Codes "demo-h5:<name>" sign in as openid "demo_<name>" (the demo's H5 sign-in); tests can mint codes.
import { createHash, randomBytes } from "node:crypto";
import { HttpStub, type StubRequest } from "./http-stub.ts";
import { pushJson } from "./sms-stub.ts";

export const DEMO_APP_ID = "wxdemo0000000000";
export const DEMO_APP_SECRET = "demo-secret-not-for-production";

export function demoOpenid(name: string): string {
  return `demo_${name}`;
}

const FIELD_LIMITS: Record<string, number> = {
  thing: 20,
  phrase: 5,
  character_string: 32,
  phone_number: 17,
  time: 64,
  number: 32,
  name: 10,
};

export class WechatStub extends HttpStub {
  private codes = new Map<string, string>();
  private usedCodes = new Set<string>();
  private tokens = new Map<string, { expired: boolean }>();
  private phoneCodes = new Map<string, string>();
  private queuedErrors: { path: string; errcode: number }[] = [];
  readonly refusedOpenids = new Set<string>();
  readonly sent: {
    touser: string;
    template_id: string;
    data: Record<string, { value: string }>;
    page?: string;
    msgid: number;
  }[] = [];
  private msgSerial = 0;
  /** expires_in of the tokens handed out (WeChat: 7200 s) */
  tokenTtlSec = 7200;
  /** where reportSent() pushes, and the Token configured for message push (WECHAT_PUSH_TOKEN) */
  pushUrl: string | null = null;
  pushToken: string | null = null;

  constructor(
    private readonly appId = DEMO_APP_ID,
    private readonly appSecret = DEMO_APP_SECRET,
  ) {
    super((r) => this.route(r));
  }

  /** A one-time login code for an openid. */
  mintCode(openid: string): string {
    const code = `code_${randomBytes(8).toString("hex")}`;
    this.codes.set(code, openid);
    return code;
  }

  mintPhoneCode(phone: string): string {
    const code = `phone_${randomBytes(8).toString("hex")}`;
    this.phoneCodes.set(code, phone);
    return code;
  }

  /** The next call to this path answers with this errcode. */
  failNext(path: string, errcode: number): void {
    this.queuedErrors.push({ path, errcode });
  }

  /**
   * WeChat's subscribe_msg_sent_event for a message this stub accepted: "success", "failed:user block" or
   * "failed:system failed". `signWith` overrides the token (a forged push). Returns the API's answer.
   */
  async reportSent(
    msgid: number,
    o: {
      status?: "success" | "failed:user block" | "failed:system failed";
      errorCode?: string;
      signWith?: string;
    } = {},
  ): Promise<{ status: number; body: unknown }> {
    const m = this.sent.find((x) => x.msgid === msgid);
    if (!m) throw new Error(`wechat stub: no message ${msgid}`);
    if (!this.pushUrl || !this.pushToken) throw new Error("wechat stub: pushUrl/pushToken not set");
    const status = o.status ?? "success";
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(6).toString("hex");
    const signature = createHash("sha1")
      .update([o.signWith ?? this.pushToken, timestamp, nonce].sort().join(""))
      .digest("hex");
    const url = `${this.pushUrl}${this.pushUrl.includes("?") ? "&" : "?"}${new URLSearchParams({ signature, timestamp, nonce })}`;
    return pushJson(url, {
      ToUserName: "gh_anxindemo0000",
      FromUserName: m.touser,
      CreateTime: timestamp,
      MsgType: "event",
      Event: "subscribe_msg_sent_event",
      List: {
        TemplateId: m.template_id,
        MsgID: String(m.msgid),
        ErrorCode: o.errorCode ?? (status === "success" ? "0" : status === "failed:user block" ? "20004" : "20005"),
        ErrorStatus: status,
      },
    });
  }

  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  private route(r: StubRequest): { status?: number; body: unknown } {
    const queued = this.queuedErrors.findIndex((q) => q.path === r.path);
    if (queued >= 0) {
      const [q] = this.queuedErrors.splice(queued, 1);
      return { body: { errcode: q!.errcode, errmsg: `stub error ${q!.errcode}` } };
    }
    switch (`${r.method} ${r.path}`) {
      case "GET /sns/jscode2session":
        return { body: this.jscode2session(r.query) };
      case "GET /cgi-bin/token":
        return { body: this.token(r.query) };
      case "POST /cgi-bin/stable_token":
        return { body: this.stableToken(r.body) };
      case "POST /wxa/business/getuserphonenumber":
        return { body: this.guard(r, () => this.phone(r.body)) };
      case "POST /cgi-bin/message/subscribe/send":
        return { body: this.guard(r, () => this.subscribeSend(r.body)) };
      default:
        return { status: 404, body: { errcode: 404, errmsg: "not found" } };
    }
  }

  private jscode2session(q: URLSearchParams): unknown {
    if (q.get("appid") !== this.appId) return { errcode: 40013, errmsg: "invalid appid" };
    if (q.get("secret") !== this.appSecret) return { errcode: 40125, errmsg: "invalid appsecret" };
    if (q.get("grant_type") !== "authorization_code") return { errcode: 40002, errmsg: "invalid grant_type" };
    const code = q.get("js_code") ?? "";
    if (this.usedCodes.has(code)) return { errcode: 40163, errmsg: "code been used" };
    let openid: string | undefined;
    const demo = /^demo-h5:([a-z0-9_]{1,32})$/.exec(code);
    if (demo?.[1]) openid = demoOpenid(demo[1]);
    else if (code === "risky") return { errcode: 40226, errmsg: "invalid user (high risk)" };
    else openid = this.codes.get(code);
    if (!openid) return { errcode: 40029, errmsg: "invalid code" };
    if (!demo) this.usedCodes.add(code); // real codes work once; demo codes are for the H5 demo only
    return { openid, session_key: randomBytes(16).toString("base64") };
  }

  private token(q: URLSearchParams): unknown {
    if (q.get("appid") !== this.appId) return { errcode: 40013, errmsg: "invalid appid" };
    if (q.get("secret") !== this.appSecret) return { errcode: 40125, errmsg: "invalid appsecret" };
    const token = randomBytes(24).toString("hex");
    this.tokens.set(token, { expired: false });
    return { access_token: token, expires_in: this.tokenTtlSec };
  }

  private stable: { token: string; expiresAt: number } | null = null;

  private stableToken(body: unknown): unknown {
    const b = (body ?? {}) as { grant_type?: unknown; appid?: unknown; secret?: unknown; force_refresh?: unknown };
    if (b.appid !== this.appId) return { errcode: 40013, errmsg: "invalid appid" };
    if (b.secret !== this.appSecret) return { errcode: 40125, errmsg: "invalid appsecret" };
    if (b.grant_type !== "client_credential") return { errcode: 40002, errmsg: "invalid grant_type" };
    const now = Date.now();
    const current = this.stable && this.tokens.get(this.stable.token);
    if (b.force_refresh !== true && this.stable && current && !current.expired && this.stable.expiresAt > now)
      return { access_token: this.stable.token, expires_in: Math.ceil((this.stable.expiresAt - now) / 1000) };
    if (this.stable) this.tokens.delete(this.stable.token); // force mode: the old token is invalid at once
    const token = randomBytes(24).toString("hex");
    this.tokens.set(token, { expired: false });
    this.stable = { token, expiresAt: now + this.tokenTtlSec * 1000 };
    return { access_token: token, expires_in: this.tokenTtlSec };
  }

  private guard(r: StubRequest, fn: () => unknown): unknown {
    const t = this.tokens.get(r.query.get("access_token") ?? "");
    if (!t) return { errcode: 40001, errmsg: "invalid credential, access_token is invalid or not latest" };
    if (t.expired) return { errcode: 42001, errmsg: "access_token expired" };
    return fn();
  }

  private phone(body: unknown): unknown {
    const code = (body as { code?: string })?.code ?? "";
    const demo = /^demo-phone:(1[3-9]\d{9})$/.exec(code);
    const phone = demo?.[1] ?? this.phoneCodes.get(code);
    if (!phone) return { errcode: 40029, errmsg: "invalid code" };
    this.phoneCodes.delete(code);
    return {
      errcode: 0,
      errmsg: "ok",
      phone_info: {
        phoneNumber: phone,
        purePhoneNumber: phone,
        countryCode: "86",
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: this.appId },
      },
    };
  }

  private subscribeSend(body: unknown): unknown {
    const b = body as {
      touser?: string;
      template_id?: string;
      data?: Record<string, { value?: unknown }>;
      page?: string;
    };
    if (!b?.touser || !b.template_id || !b.data) return { errcode: 47001, errmsg: "data format error" };
    if (this.refusedOpenids.has(b.touser)) return { errcode: 43101, errmsg: "user refuse to accept the msg" };
    for (const [key, v] of Object.entries(b.data)) {
      const kind = key.replace(/\d+$/, "");
      const limit = FIELD_LIMITS[kind];
      if (typeof v?.value !== "string" || (limit !== undefined && [...v.value].length > limit)) {
        return { errcode: 47003, errmsg: `argument invalid! data.${key}.value` };
      }
    }
    const msgid = Date.now() * 1000 + (++this.msgSerial % 1000);
    this.sent.push({ ...(b as Omit<(typeof this.sent)[number], "msgid">), msgid });
    return { errcode: 0, errmsg: "ok", msgid };
  }
}
