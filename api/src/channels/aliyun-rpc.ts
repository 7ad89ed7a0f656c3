// Alibaba Cloud's RPC-style API call with signature version 1.0 (HMAC-SHA1), as documented for Dysmsapi
// (SendSms) and Dyvmsapi (SingleCallByTts): common parameters (Action, Version, Format, AccessKeyId,
// SignatureMethod, SignatureVersion, SignatureNonce, Timestamp), the sorted and percent-encoded canonical
// query, StringToSign = METHOD & %2F & encode(canonical), and Signature = base64(HMAC-SHA1(secret + "&")).
// Answers are JSON with Code "OK" or an error code such as isv.BUSINESS_LIMIT_CONTROL or Throttling.
import { createHmac, randomUUID } from "node:crypto";
import { providerFetch, type ProviderAnswer } from "../shared/provider-http.ts";

/** RFC 3986 encoding as Alibaba Cloud specifies it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join("&");
}

export function signRpc(method: "GET" | "POST", params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}

export interface RpcAnswer {
  Code: string;
  Message?: string;
  RequestId?: string;
  [k: string]: unknown;
}

export type RpcOutcome =
  | { ok: true; answer: RpcAnswer; raw: string }
  /** transport-level failure or an error code from the service; `transient` says whether a retry may help */
  | { ok: false; code: string; transient: boolean; raw: string };

// Codes worth a retry: flow control (per number: 1 a minute, 5 an hour) and the service being busy or down.
const TRANSIENT = new Set([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "isv.BUSINESS_LIMIT_CONTROL",
  "ServiceUnavailable",
  "InternalError",
  "SDK.ServerUnreachable",
]);

export interface AliyunRpcOptions {
  baseUrl: string;
  accessKeyId: string;
  accessKeySecret: string;
  version: string;
  regionId?: string;
  timeoutMs?: number;
  /** the request time: Alibaba Cloud refuses timestamps more than 15 minutes off, so real time, not a test clock */
  now?: () => Date;
}

export class AliyunRpcClient {
  constructor(private readonly opts: AliyunRpcOptions) {}

  async call(action: string, params: Record<string, string>): Promise<RpcOutcome> {
    const all: Record<string, string> = {
      AccessKeyId: this.opts.accessKeyId,
      Action: action,
      Format: "JSON",
      RegionId: this.opts.regionId ?? "cn-hangzhou",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: randomUUID(),
      SignatureVersion: "1.0",
      Timestamp: (this.opts.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
      Version: this.opts.version,
      ...params,
    };
    const body = `Signature=${percentEncode(signRpc("POST", all, this.opts.accessKeySecret))}&${canonicalQuery(all)}`;
    let res: ProviderAnswer;
    try {
      res = await providerFetch(`${this.opts.baseUrl}/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      return { ok: false, code: "NETWORK", transient: true, raw: (e as Error).message };
    }
    const raw = await res.text().catch(() => "");
    let answer: RpcAnswer | null = null;
    try {
      answer = JSON.parse(raw) as RpcAnswer;
    } catch {
      /* not JSON: a proxy or gateway page */
    }
    if (!answer || typeof answer.Code !== "string")
      return {
        ok: false,
        code: `HTTP_${res.status}`,
        transient: res.status >= 500 || res.status === 429,
        raw: raw.slice(0, 500),
      };
    if (answer.Code === "OK") return { ok: true, answer, raw };
    return { ok: false, code: answer.Code, transient: TRANSIENT.has(answer.Code) || res.status >= 500, raw };
  }
}
