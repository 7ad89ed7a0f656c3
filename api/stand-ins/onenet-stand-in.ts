// A local server that plays OneNET's NB-IoT cached-command API and its HTTP push of command results:
//   POST /nbiot/execute/offline?imei&obj_id&obj_inst_id&res_id&expired_time[&valid_time&retry&timeout&trigger_msg]
//   header api-key, body {"args": "..."} (at most 2k) -> {errno: 0, error: "succ", data: {uuid}}
// with OneNET's NB-IoT API status codes for refusals: 1 auth failed (api-key missing, unknown, or not the
// device's), 3 parameter required (a missing or malformed parameter), 5006 system logic limit (expired_time
// not in the future, retry outside 0..10, trigger_msg outside 1..7), 7 service internal error (queued with
// failNext to play an outage). respond() pushes the type 7 result to pushUrl, signed with the push Token and
// encrypted when an EncodingAESKey is set, as OneNET's data push does.
import { randomUUID } from "node:crypto";
import { onenetCommandResult, onenetPushBody } from "./carrier-push-builder.ts";
import { HttpStandIn, header, postPush, type StandInAnswer, type StandInRequest } from "./http-stand-in.ts";

export const DEMO_ONENET_API_KEY = "demo-onenet-master-key-not-for-production";
export const DEMO_ONENET_PUSH_TOKEN = "demo-onenet-push-token";

export interface OnenetStandInCommand {
  uuid: string;
  imei: string;
  devId: number;
  objId: number;
  objInstId: number;
  resId: number;
  args: string;
  expiredTime: string;
  at: number;
}

const INT = /^\d{1,5}$/;
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

export class OnenetStandIn extends HttpStandIn {
  private readonly devices = new Map<string, { devId: number; apiKey: string }>();
  private readonly queued: { errno: number; error: string }[] = [];
  readonly commands: OnenetStandInCommand[] = [];
  /** where results are pushed, the push Token, and the EncodingAESKey when the push is encrypted */
  pushUrl: string | null = null;
  pushToken = DEMO_ONENET_PUSH_TOKEN;
  encodingAesKey: string | null = null;
  /** demo: push an ACK result this long after each accepted command; null in tests */
  autoRespondMs: number | null = null;

  constructor() {
    super((r) => this.route(r));
  }

  addDevice(imei: string, devId: number, apiKey = DEMO_ONENET_API_KEY): void {
    this.devices.set(imei, { devId, apiKey });
  }

  failNext(errno = 7, error = "service internal error", times = 1): void {
    for (let i = 0; i < times; i++) this.queued.push({ errno, error });
  }

  /** Pushes a type 7 result (cmd_type 1 ACK, 2 Confirm) for a command to pushUrl; the receiver's answer. */
  async respond(uuid: string, cmdType: 1 | 2 = 2): Promise<{ status: number; text: string }> {
    const c = this.commands.find((x) => x.uuid === uuid);
    if (!c) throw new Error(`onenet stand-in: no command ${uuid}`);
    if (!this.pushUrl) throw new Error("onenet stand-in: pushUrl not set");
    const msg = onenetCommandResult(c.devId, uuid, cmdType, { imei: c.imei });
    const body = onenetPushBody(
      msg,
      this.pushToken,
      this.encodingAesKey ? { encodingAesKey: this.encodingAesKey } : {},
    );
    return postPush(this.pushUrl, body);
  }

  private fail(errno: number, error: string): StandInAnswer {
    return { body: { errno, error } };
  }

  private route(r: StandInRequest): StandInAnswer {
    if (r.method !== "POST" || r.path !== "/nbiot/execute/offline")
      return { status: 404, body: { errno: 404, error: "not found" } };
    const q = (k: string) => r.query.get(k) ?? undefined;
    const imei = q("imei");
    const device = imei ? this.devices.get(imei) : undefined;
    const apiKey = header(r, "api-key");
    if (!apiKey || !device || device.apiKey !== apiKey) return this.fail(1, "auth failed");
    const [objId, objInstId, resId] = [q("obj_id"), q("obj_inst_id"), q("res_id")];
    const expired = q("expired_time");
    if (
      !objId ||
      !INT.test(objId) ||
      !objInstId ||
      !INT.test(objInstId) ||
      !resId ||
      !INT.test(resId) ||
      !expired ||
      !TIME.test(expired)
    )
      return this.fail(3, "parameter required");
    let args: unknown;
    try {
      args = (JSON.parse(r.rawBody || "{}") as { args?: unknown }).args ?? "";
    } catch {
      return this.fail(3, "parameter required");
    }
    if (typeof args !== "string" || args.length > 2048) return this.fail(3, "parameter required");
    // expired_time is China time (UTC+8), and must lie ahead.
    if (Date.parse(`${expired}+08:00`) <= Date.now()) return this.fail(5006, "system logic limit: expired_time");
    const retry = Number(q("retry") ?? "3");
    const trigger = Number(q("trigger_msg") ?? "7");
    if (!Number.isInteger(retry) || retry < 0 || retry > 10 || !Number.isInteger(trigger) || trigger < 1 || trigger > 7)
      return this.fail(5006, "system logic limit: retry or trigger_msg");
    const queued = this.queued.shift();
    if (queued) return this.fail(queued.errno, queued.error);
    const c: OnenetStandInCommand = {
      uuid: randomUUID(),
      imei: imei!,
      devId: device.devId,
      objId: Number(objId),
      objInstId: Number(objInstId),
      resId: Number(resId),
      args,
      expiredTime: expired,
      at: Date.now(),
    };
    this.commands.push(c);
    if (this.autoRespondMs !== null && this.pushUrl)
      setTimeout(() => void this.respond(c.uuid, 1).catch(() => undefined), this.autoRespondMs).unref();
    return { body: { errno: 0, error: "succ", data: { uuid: c.uuid } } };
  }
}
