// A local server that plays CTWing's AIoT open API gateway for commands (CreateCommand, POST
// /aep_device_command/command, version 20190712225145) and its subscription pushes of command results:
//   - GET /echo answers with the gateway time in the x-ag-timestamp header (the SDKs' clock sync);
//   - every call needs the application (AppKey), timestamp, version and signature headers; the signature is
//     HMAC-SHA1 over application, timestamp, MasterKey and the body (ctwing-signature.ts); the timestamp must
//     be within 15 minutes of the gateway's; the MasterKey must be the product's;
//   - the body needs content ({serviceIdentifier, params} or {payload, dataType}), deviceId, productId of a
//     known device, operator, ttl 0..864000 and level 1 or 2;
//   - an accepted command answers {code: 0, msg: "ok", result: {commandId, commandStatus: "指令已保存", ...}}
//     and is recorded; respond() then pushes commandResponse (taskId = commandId) to pushUrl as CTWing does.
// Refusals answer a non-zero code with a message. CTWing's public pages give no stable table of gateway
// error codes, so the numbers below are this stand-in's own; clients rely only on code 0 and the HTTP status.
import { randomUUID } from "node:crypto";
import {
  CTWING_CREATE_COMMAND_PATH,
  CTWING_CREATE_COMMAND_VERSION,
  ctwingSignature,
} from "../src/transport/carriers/ctwing-signature.ts";
import { ctwingCommandResponse } from "./carrier-push-builder.ts";
import { HttpStandIn, header, postPush, type StandInAnswer, type StandInRequest } from "./http-stand-in.ts";

export const DEMO_CTWING_APP_KEY = "demoAnxinCtwingApp";
export const DEMO_CTWING_APP_SECRET = "demo-ctwing-secret-not-for-production";
export const DEMO_CTWING_MASTER_KEY = "demo-ctwing-master-key-not-for-production";

export const CTWING_ERRORS = {
  MISSING_HEADER: { status: 400, code: 4000, msg: "缺少必要的请求头 application/timestamp/version/signature" },
  BAD_BODY: { status: 200, code: 4001, msg: "请求参数错误" },
  UNKNOWN_APPLICATION: { status: 401, code: 4010, msg: "应用不存在" },
  BAD_SIGNATURE: { status: 401, code: 4011, msg: "签名校验失败" },
  STALE_TIMESTAMP: { status: 401, code: 4012, msg: "时间戳超出允许范围" },
  BAD_VERSION: { status: 404, code: 4040, msg: "API 版本不存在" },
  BAD_MASTER_KEY: { status: 403, code: 4030, msg: "MasterKey 错误" },
  NO_DEVICE: { status: 200, code: 4004, msg: "设备不存在" },
  BUSY: { status: 503, code: 5030, msg: "服务繁忙，请稍后重试" },
} as const;
type CtwingError = keyof typeof CTWING_ERRORS;

export interface CtwingStandInCommand {
  commandId: string;
  productId: string;
  deviceId: string;
  content: Record<string, unknown>;
  ttl: number;
  operator: string;
  at: number;
}

export class CtwingStandIn extends HttpStandIn {
  private readonly devices = new Map<string, { productId: string; deviceId: string; imei?: string }>();
  private readonly masterKeys = new Map<string, string>();
  private readonly serials = new Map<string, number>();
  private readonly queued: CtwingError[] = [];
  readonly commands: CtwingStandInCommand[] = [];
  /** the subscription URL (Anxin's receiver with its token) */
  pushUrl: string | null = null;
  /** demo: answer DELIVERED this long after each accepted command; null in tests, which call respond() */
  autoRespondMs: number | null = null;

  constructor(
    private readonly appKey = DEMO_CTWING_APP_KEY,
    private readonly appSecret = DEMO_CTWING_APP_SECRET,
  ) {
    super((r) => this.route(r));
  }

  addDevice(productId: string, deviceId: string, o: { imei?: string; masterKey?: string } = {}): void {
    this.devices.set(`${productId}:${deviceId}`, { productId, deviceId, ...(o.imei && { imei: o.imei }) });
    this.masterKeys.set(productId, o.masterKey ?? DEMO_CTWING_MASTER_KEY);
  }

  /** The next `times` calls are refused with this error (an outage: "BUSY"). */
  failNext(error: CtwingError, times = 1): void {
    for (let i = 0; i < times; i++) this.queued.push(error);
  }

  /** Pushes the platform's commandResponse for a command to pushUrl; the receiver's answer. */
  async respond(
    commandId: string,
    resultCode = "DELIVERED",
    resultDetail = "",
  ): Promise<{ status: number; text: string }> {
    const c = this.commands.find((x) => x.commandId === commandId);
    if (!c) throw new Error(`ctwing stand-in: no command ${commandId}`);
    if (!this.pushUrl) throw new Error("ctwing stand-in: pushUrl not set");
    const body = ctwingCommandResponse(c, Number(commandId), resultCode, { resultDetail });
    return postPush(this.pushUrl, JSON.stringify(body));
  }

  private error(e: CtwingError): StandInAnswer {
    const { status, code, msg } = CTWING_ERRORS[e];
    return { status, body: { code, msg, result: null } };
  }

  private route(r: StandInRequest): StandInAnswer {
    if (r.method === "GET" && r.path === "/echo")
      return { body: { code: 0, msg: "ok" }, headers: { "x-ag-timestamp": String(Date.now()) } };
    if (r.method !== "POST" || r.path !== CTWING_CREATE_COMMAND_PATH)
      return { status: 404, body: { code: 404, msg: "Not Found" } };
    const application = header(r, "application");
    const timestamp = header(r, "timestamp");
    const version = header(r, "version");
    const signature = header(r, "signature");
    const masterKey = header(r, "MasterKey") ?? "";
    if (!application || !timestamp || !version || !signature) return this.error("MISSING_HEADER");
    if (application !== this.appKey) return this.error("UNKNOWN_APPLICATION");
    if (version !== CTWING_CREATE_COMMAND_VERSION) return this.error("BAD_VERSION");
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > 15 * 60_000)
      return this.error("STALE_TIMESTAMP");
    const params: Record<string, string> = { ...Object.fromEntries(r.query), MasterKey: masterKey };
    const expected = ctwingSignature({
      appKey: this.appKey,
      appSecret: this.appSecret,
      timestamp,
      params,
      body: r.rawBody,
    });
    if (expected !== signature) return this.error("BAD_SIGNATURE");
    const queued = this.queued.shift();
    if (queued) return this.error(queued);
    return this.create(r.rawBody, masterKey);
  }

  private create(rawBody: string, masterKey: string): StandInAnswer {
    let b: Record<string, unknown>;
    try {
      b = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      return this.error("BAD_BODY");
    }
    const productId = String(b.productId ?? "");
    const deviceId = typeof b.deviceId === "string" ? b.deviceId : "";
    const content = b.content as Record<string, unknown> | undefined;
    const ttl = b.ttl ?? 7200;
    if (!productId || !deviceId || !validContent(content) || typeof b.operator !== "string")
      return this.error("BAD_BODY");
    if (typeof ttl !== "number" || !Number.isInteger(ttl) || ttl < 0 || ttl > 864_000) return this.error("BAD_BODY");
    if (b.level !== undefined && b.level !== 1 && b.level !== 2) return this.error("BAD_BODY");
    if (this.masterKeys.get(productId) !== masterKey) return this.error("BAD_MASTER_KEY");
    const device = this.devices.get(`${productId}:${deviceId}`);
    if (!device) return this.error("NO_DEVICE");
    const serial = (this.serials.get(deviceId) ?? 0) + 1;
    this.serials.set(deviceId, serial);
    const c: CtwingStandInCommand = {
      commandId: String(serial),
      productId,
      deviceId,
      content,
      ttl,
      operator: b.operator,
      at: Date.now(),
    };
    this.commands.push(c);
    if (this.autoRespondMs !== null && this.pushUrl)
      setTimeout(() => void this.respond(c.commandId).catch(() => undefined), this.autoRespondMs).unref();
    return {
      body: {
        code: 0,
        msg: "ok",
        result: {
          commandId: c.commandId,
          command: JSON.stringify(content),
          commandStatus: "指令已保存",
          productId: Number(productId),
          deviceId,
          imei: device.imei ?? "",
          createBy: b.operator,
          createTime: c.at,
          ttl,
          requestId: randomUUID(),
        },
      },
    };
  }
}

function validContent(c: Record<string, unknown> | undefined): c is Record<string, unknown> {
  if (typeof c !== "object" || c === null) return false;
  if (typeof c.serviceIdentifier === "string") return typeof c.params === "object" && c.params !== null;
  if (typeof c.payload === "string")
    return c.dataType === 1 || (c.dataType === 2 && /^([0-9A-Fa-f]{2})+$/.test(c.payload));
  return false;
}
