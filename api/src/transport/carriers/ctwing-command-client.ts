// Sends mute, self-test and heartbeat-interval commands to CTWing devices through the AIoT open API's
// CreateCommand (POST /aep_device_command/command, version 20190712225145, MasterKey of the product). CTWing
// keeps the command for `ttl` seconds and delivers it when the sleeping NB device next reports; its progress
// comes back as commandResponse pushes whose taskId is the commandId answered here.
import {
  commandFailure,
  ctwingContent,
  intervalOf,
  jsonAnswer,
  PLATFORM_KEEPS_COMMAND_SEC,
  type CarrierCommand,
  type CommandOutcome,
} from "./carrier-command.ts";
import { CTWING_CREATE_COMMAND_PATH, CTWING_CREATE_COMMAND_VERSION, ctwingSignature } from "./ctwing-signature.ts";
import type { PlatformDevice } from "./event.ts";
import { idOf } from "./limits.ts";
import type { ProductProfile } from "./profile-schema.ts";
import { providerFetch, type ProviderAnswer } from "../../shared/provider-http.ts";

export interface CtwingCommandOptions {
  /** the open API gateway, https://ag-api.ctwing.cn in production */
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** the MasterKey of a product (shown on its overview page) */
  masterKeyFor: (productId: string) => string | undefined;
  /** recorded by CTWing as who created the command */
  operator?: string;
  /** how long CTWing keeps the command for a sleeping device, seconds (default a day) */
  ttlSec?: number;
  timeoutMs?: number;
  /** real time: the gateway refuses stale timestamps, so not a test clock */
  now?: () => number;
}

export class CtwingCommandClient {
  /** gateway time minus ours, from /echo (as CTWing's SDKs do), once */
  private offsetMs: number | null = null;

  constructor(private readonly opts: CtwingCommandOptions) {}

  async send(device: PlatformDevice, profile: ProductProfile, command: CarrierCommand): Promise<CommandOutcome> {
    if (device.platform !== "ctwing" || profile.platform !== "ctwing") return commandFailure("WRONG_PLATFORM");
    const productId = device.productId;
    if (!productId) return commandFailure("NO_PRODUCT_ID");
    const masterKey = this.opts.masterKeyFor(productId);
    if (!masterKey) return commandFailure("NO_MASTER_KEY");
    const spec = profile.commands[command.type];
    if (!spec) return commandFailure("NOT_SUPPORTED");
    const seconds = intervalOf(command);
    if (seconds === "bad") return commandFailure("BAD_INTERVAL");
    const content = ctwingContent(spec, seconds);
    if (!content) return commandFailure("NOT_SUPPORTED");
    const body = JSON.stringify({
      content,
      deviceId: device.deviceId,
      operator: this.opts.operator ?? "anxin",
      productId: /^\d{1,15}$/.test(productId) ? Number(productId) : productId,
      ttl: this.opts.ttlSec ?? PLATFORM_KEEPS_COMMAND_SEC,
      level: 1,
    });
    const offset = await this.offset();
    const timestamp = String(this.clock() + offset);
    const headers: Record<string, string> = {
      application: this.opts.appKey,
      timestamp,
      version: CTWING_CREATE_COMMAND_VERSION,
      MasterKey: masterKey,
      signature: ctwingSignature({
        appKey: this.opts.appKey,
        appSecret: this.opts.appSecret,
        timestamp,
        params: { MasterKey: masterKey },
        body,
      }),
      "content-type": "application/json; charset=UTF-8",
    };
    return this.post(headers, body);
  }

  private async post(headers: Record<string, string>, body: string): Promise<CommandOutcome> {
    let res: ProviderAnswer;
    try {
      res = await providerFetch(`${this.opts.baseUrl}${CTWING_CREATE_COMMAND_PATH}`, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      return commandFailure("NETWORK", (e as Error).message, true);
    }
    const raw = await res.text().catch(() => "");
    const answer = jsonAnswer(raw);
    const transient = res.status >= 500 || res.status === 429;
    if (!answer || typeof answer.code !== "number") return commandFailure(`HTTP_${res.status}`, raw, transient);
    const result = answer.result as Record<string, unknown> | null | undefined;
    const commandId = idOf(result?.commandId);
    if (answer.code === 0 && commandId) return { ok: true, platformCommandId: commandId, raw: raw.slice(0, 2000) };
    return commandFailure(`CTWING_${answer.code}`, raw, transient);
  }

  private clock(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private async offset(): Promise<number> {
    if (this.offsetMs !== null) return this.offsetMs;
    const start = this.clock();
    try {
      const res = await providerFetch(`${this.opts.baseUrl}/echo`, {
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      await res.text();
      const gateway = Number(res.headers.get("x-ag-timestamp"));
      this.offsetMs = Number.isFinite(gateway) && gateway > 0 ? Math.round(gateway - (start + this.clock()) / 2) : 0;
    } catch {
      return 0; // tried again on the next command
    }
    return this.offsetMs;
  }
}
