// Sends mute, self-test and heartbeat-interval commands to OneNET NB-IoT devices as cached commands
// ("缓存命令", POST /nbiot/execute/offline with imei, obj_id, obj_inst_id, res_id, expired_time and the
// product's api-key): OneNET holds the command until the sleeping device next registers, updates or
// notifies, and pushes the outcome as a type 7 message whose cmd_id is the uuid answered here.
import {
  commandFailure,
  intervalOf,
  jsonAnswer,
  PLATFORM_KEEPS_COMMAND_SEC,
  onenetArgs,
  type CarrierCommand,
  type CommandOutcome,
} from "./carrier-command.ts";
import type { PlatformDevice } from "./event.ts";
import { idOf } from "./limits.ts";
import type { ProductProfile } from "./profile-schema.ts";
import { countyDateTime } from "../../shared/county-time.ts";
import { providerFetch, type ProviderAnswer } from "../../shared/provider-http.ts";

export interface OnenetCommandOptions {
  /** the OpenAPI, https://api.heclouds.com in production */
  baseUrl: string;
  /** the product's MasterKey (or an api-key with access to the device) */
  apiKeyFor: (device: PlatformDevice) => string | undefined;
  /** how long OneNET keeps the command, seconds (default a day) */
  ttlSec?: number;
  /** retries after a failed delivery, 0..10 (OneNET's default 3) */
  retry?: number;
  timeoutMs?: number;
  now?: () => number;
}

// errno from OneNET's NB-IoT API status codes: 7 internal error, 5108 and 5117 rpc errors are worth a retry.
const TRANSIENT_ERRNO = new Set([7, 5108, 5117]);

export class OnenetCommandClient {
  constructor(private readonly opts: OnenetCommandOptions) {}

  async send(device: PlatformDevice, profile: ProductProfile, command: CarrierCommand): Promise<CommandOutcome> {
    if (device.platform !== "onenet" || profile.platform !== "onenet") return commandFailure("WRONG_PLATFORM");
    if (!device.imei) return commandFailure("NO_IMEI");
    const apiKey = this.opts.apiKeyFor(device);
    if (!apiKey) return commandFailure("NO_API_KEY");
    const spec = profile.commands[command.type];
    if (!spec || !("objId" in spec)) return commandFailure("NOT_SUPPORTED");
    const seconds = intervalOf(command);
    if (seconds === "bad") return commandFailure("BAD_INTERVAL");
    const now = this.opts.now?.() ?? Date.now();
    const query = new URLSearchParams({
      imei: device.imei,
      obj_id: String(spec.objId),
      obj_inst_id: String(spec.objInstId),
      res_id: String(spec.resId),
      expired_time: chinaTime(now + (this.opts.ttlSec ?? PLATFORM_KEEPS_COMMAND_SEC) * 1000),
      retry: String(Math.min(10, Math.max(0, this.opts.retry ?? 3))),
      // 7: deliver on REGISTER, UPDATE or NOTIFY, whichever the device sends first.
      trigger_msg: "7",
    });
    let res: ProviderAnswer;
    try {
      res = await providerFetch(`${this.opts.baseUrl}/nbiot/execute/offline?${query}`, {
        method: "POST",
        headers: { "api-key": apiKey, "content-type": "application/json" },
        body: JSON.stringify({ args: onenetArgs(spec, seconds) ?? "" }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch (e) {
      return commandFailure("NETWORK", (e as Error).message, true);
    }
    const raw = await res.text().catch(() => "");
    const answer = jsonAnswer(raw);
    const httpTransient = res.status >= 500 || res.status === 429;
    if (!answer || typeof answer.errno !== "number") return commandFailure(`HTTP_${res.status}`, raw, httpTransient);
    const uuid = idOf((answer.data as Record<string, unknown> | undefined)?.uuid);
    if (answer.errno === 0 && uuid) return { ok: true, platformCommandId: uuid, raw: raw.slice(0, 2000) };
    return commandFailure(`ONENET_${answer.errno}`, raw, httpTransient || TRANSIENT_ERRNO.has(answer.errno));
  }
}

/** "2026-11-28T11:00:00": OneNET's time format, in China time (UTC+8). */
export function chinaTime(ms: number): string {
  return countyDateTime(ms, true).replace(" ", "T");
}
