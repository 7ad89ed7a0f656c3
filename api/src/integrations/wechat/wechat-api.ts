// A client for the WeChat server APIs the mini-program needs. Base URL from WECHAT_API_BASE, so tests and
// the demo point it at a local server speaking the same contract.
// Docs: jscode2session (小程序登录), getAccessToken, getuserphonenumber (手机号快速验证),
// subscribeMessage.send (发送订阅消息). Error codes: 40029 invalid code, 40163 code used, 45011 rate limit,
// 40226 high-risk user, 40001/42001 access token invalid/expired (refresh and retry once).
import type { Clock } from "../../shared/clock.ts";
import {
  providerFetch,
  type ProviderAnswer,
  type ProviderFetch,
  type ProviderRequest,
} from "../../shared/provider-http.ts";

export interface WechatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wechat errcode ${errcode}: ${errmsg}`);
    this.name = "WechatError";
  }
  /** The call never reached WeChat or WeChat failed on its side: worth retrying later. */
  get transient(): boolean {
    return this.errcode === -1 || this.errcode === 45011 || (this.errcode >= 500 && this.errcode < 600);
  }
}

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** the mini-program page the message opens, e.g. "pages/alarm/index?id=..." */
  page?: string;
  /** field key (thing1, phrase2, time3, ...) -> value, already within the template's limits */
  data: Record<string, string>;
  miniprogramState?: "developer" | "trial" | "formal";
}

interface WechatBody {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

export interface WechatApiOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  clock: Clock;
  timeoutMs?: number;
  fetchImpl?: ProviderFetch;
}

export class WechatApi {
  private token: { value: string; expiresAt: number } | null = null;
  private tokenInFlight: Promise<string> | null = null;
  constructor(private readonly opts: WechatApiOptions) {}

  private async call(path: string, init: ProviderRequest = {}): Promise<WechatBody> {
    const f = this.opts.fetchImpl ?? providerFetch;
    let res: ProviderAnswer;
    try {
      res = await f(`${this.opts.baseUrl}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      const code = ((e as Error).cause as { code?: string } | undefined)?.code;
      throw new WechatError(-1, `network: ${(e as Error).message}${code ? ` (${code})` : ""}`);
    }
    if (!res.ok) throw new WechatError(res.status, `http ${res.status}`);
    let body: WechatBody;
    try {
      body = (await res.json()) as WechatBody;
    } catch {
      throw new WechatError(-1, "response is not JSON");
    }
    if (body.errcode && body.errcode !== 0) throw new WechatError(body.errcode, body.errmsg ?? "");
    return body;
  }

  async code2Session(code: string): Promise<WechatSession> {
    const q = new URLSearchParams({
      appid: this.opts.appId,
      secret: this.opts.appSecret,
      js_code: code,
      grant_type: "authorization_code",
    });
    const body = await this.call(`/sns/jscode2session?${q}`);
    if (typeof body.openid !== "string" || typeof body.session_key !== "string")
      throw new WechatError(-1, "jscode2session: no openid");
    return {
      openid: body.openid,
      sessionKey: body.session_key,
      ...(typeof body.unionid === "string" ? { unionid: body.unionid } : {}),
    };
  }

  /**
   * The cached access token; concurrent callers share one request. From getStableAccessToken (POST
   * /cgi-bin/stable_token) in its normal mode: while a token is valid every caller gets the same one, so
   * several API instances and their HTTP worker processes never invalidate each other's tokens (the older
   * /cgi-bin/token made each fetch cut the previous token short). `forceRefresh` only skips the cache:
   * WeChat's force mode (20 a day, invalidating) is never used.
   */
  async accessToken(forceRefresh = false): Promise<string> {
    const now = this.opts.clock.now().getTime();
    if (!forceRefresh && this.token && this.token.expiresAt > now) return this.token.value;
    if (this.tokenInFlight) return this.tokenInFlight;
    this.tokenInFlight = (async () => {
      const body = await this.call("/cgi-bin/stable_token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "client_credential",
          appid: this.opts.appId,
          secret: this.opts.appSecret,
          force_refresh: false,
        }),
      });
      if (typeof body.access_token !== "string") throw new WechatError(-1, "token: no access_token");
      // expires_in is what is left of the token's life (at most 7200 s); WeChat hands out the next one in the
      // last 5 minutes: use it until then, and at least 30 s
      const ttl = typeof body.expires_in === "number" ? body.expires_in : 7200;
      this.token = {
        value: body.access_token,
        expiresAt: this.opts.clock.now().getTime() + Math.max(30, ttl - 300) * 1000,
      };
      return body.access_token;
    })().finally(() => {
      this.tokenInFlight = null;
    });
    return this.tokenInFlight;
  }

  /**
   * Keeps a token ready so that no send waits for one: the first fire alarm after a start, or after two quiet
   * hours, would otherwise pay a token request before its message (a second round trip to WeChat). Fetches
   * one now and again a minute before the cached one is due (sends keep using the cached one meanwhile), at
   * most once a minute (`minIntervalMs`, shorter in tests); after a failure it tries again in 30 s, doubling
   * to 5 min. `ready` settles after the first attempt (a failure goes to onError); `stop` waits for a request
   * in flight. Timers are unref'd; their delays are read from the injected clock.
   */
  keepTokenReady(
    onError: (e: Error) => void,
    opts: { minIntervalMs?: number } = {},
  ): { ready: Promise<void>; stop: () => Promise<void> } {
    const floor = Math.max(1, opts.minIntervalMs ?? 60_000);
    let timer: NodeJS.Timeout | null = null;
    let stopped = false;
    let failures = 0;
    let inFlight: Promise<void> = Promise.resolve();
    const schedule = (ms: number) => {
      if (stopped) return;
      timer = setTimeout(refresh, Math.max(floor, Math.min(ms, 2 ** 31 - 1)));
      timer.unref();
    };
    const refresh = () => {
      timer = null;
      inFlight = this.accessToken(true).then(
        () => {
          failures = 0;
          schedule((this.token?.expiresAt ?? 0) - this.opts.clock.now().getTime() - 60_000);
        },
        (e: Error) => {
          failures++;
          onError(e);
          schedule(Math.min(300_000, 30_000 * 2 ** (failures - 1)));
        },
      );
    };
    refresh();
    return {
      ready: inFlight,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await inFlight;
      },
    };
  }

  /** Calls an access-token API; on 40001/42001 refreshes the token and retries once. */
  async withToken(path: string, payload: unknown): Promise<WechatBody> {
    const post = async (token: string) =>
      this.call(`${path}${path.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
    try {
      return await post(await this.accessToken());
    } catch (e) {
      if (e instanceof WechatError && (e.errcode === 40001 || e.errcode === 42001))
        return post(await this.accessToken(true));
      throw e;
    }
  }

  /**
   * subscribeMessage.send (发送订阅消息). Throws WechatError: 43101 the user refused (or used up a
   * one-time subscription), 47003 a data field breaks its template limit; 40001/42001 are retried once with a
   * fresh token by withToken.
   */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid: string | null }> {
    const body = await this.withToken("/cgi-bin/message/subscribe/send", {
      touser: msg.touser,
      template_id: msg.templateId,
      page: msg.page,
      data: Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }])),
      miniprogram_state: msg.miniprogramState ?? "formal",
      lang: "zh_CN",
    });
    return { msgid: body.msgid === undefined ? null : String(body.msgid) };
  }

  async phoneNumber(code: string): Promise<string> {
    const body = await this.withToken("/wxa/business/getuserphonenumber", { code });
    const info = body.phone_info as { purePhoneNumber?: string; phoneNumber?: string } | undefined;
    const phone = info?.purePhoneNumber ?? info?.phoneNumber;
    if (!phone) throw new WechatError(-1, "getuserphonenumber: no phone_info");
    return phone;
  }
}
