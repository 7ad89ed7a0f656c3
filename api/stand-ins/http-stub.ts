// The WeChat, SMS and voice stand-ins' server (wechat-stub.ts, sms-stub.ts, voice-stub.ts): the stand-ins'
// HTTP server (http-stand-in.ts) with each request's body parsed as those APIs send it, JSON or a form.
import { HttpStandIn, type StandInRequest } from "./http-stand-in.ts";

export interface StubRequest extends StandInRequest {
  /** JSON or form fields parsed; else the text as sent */
  body: unknown;
}

export type StubHandler = (
  req: StubRequest,
) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

function parsedBody(r: StandInRequest): unknown {
  const raw = r.rawBody;
  const type = String(r.headers["content-type"] ?? "");
  if (raw && type.includes("json")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (raw && type.includes("x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

export class HttpStub extends HttpStandIn<StubRequest> {
  constructor(handle: StubHandler) {
    super(handle, (r) => ({ ...r, body: parsedBody(r) }));
  }
}
