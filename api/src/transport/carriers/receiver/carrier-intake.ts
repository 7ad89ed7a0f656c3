// NB-IoT devices through CTWing and OneNET (issue 20), on the same way in as MQTT: a push is checked (token or
// signature), decrypted and parsed by the carrier core (transport/carriers), each event is resolved to the
// Anxin device registered with that platform id, written as the device protocol's JSON (version 1, or 1.1
// for gas and readings) and submitted to the ingest pipeline, which stores it before anything else happens.
// The HTTP answer is given only after every event of the push is stored (or known as a duplicate), so the
// platform retries what was not; a push applied twice changes nothing twice (its events keep their ids).
import type { Prisma } from "../../../db/client.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { Logger } from "../../../shared/logger.ts";
import type { Metrics } from "../../../shared/metrics.ts";
import type { IngestOutcome, IngestPipeline } from "../../../modules/devices/ingest-pipeline.ts";
import {
  checkCtwingAccess,
  onenetAesKey,
  parseAllowList,
  parseCtwingPush,
  parseOnenetPush,
  verifyOnenetUrl,
  type CarrierDeviceEvent,
  type CarrierPlatform,
  type CtwingAccess,
  type OnenetAesKey,
  type PlatformDevice,
  type ProfileRegistry,
  type ProfileResolver,
  type PushOutcome,
  type Refusal,
} from "../index.ts";

/** The settings the receivers read (config.ts; docs/carriers.md). */
export interface CarrierSettings {
  CTWING_PUSH_TOKEN?: string | undefined;
  CTWING_ALLOWED_ADDRESSES?: string | undefined;
  ONENET_PUSH_TOKEN?: string | undefined;
  ONENET_AES_KEY?: string | undefined;
}

/** What a push became: the answer's body. Secrets and bodies never appear here. */
export interface PushReceipt {
  ok: boolean;
  /** events stored now */
  stored: number;
  /** events already stored by an earlier delivery of the same push */
  duplicates: number;
  /** events not stored: an unregistered device, an event the device protocol refuses */
  refused: { reason: string; detail: string }[];
  /** parts of the push that gave no event (an unknown status code, a data point the profile does not list) */
  skipped: Refusal[];
}

/** A refusal of the whole push: nothing of it was stored. `status` is the HTTP answer. */
export class PushRefused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly status: number,
  ) {
    super(`${refusal.reason}: ${refusal.detail}`);
  }
}

const STATUS: Partial<Record<Refusal["reason"], number>> = {
  bad_token: 401,
  bad_signature: 401,
  address_not_allowed: 403,
  not_configured: 503,
  no_aes_key: 503,
  oversized: 413,
};

// carrier reading names (profiles' `name`) -> protocol 1.1 measurement names
const READING_NAMES: Record<string, string> = {
  lel: "lel_pct",
  lel_pct: "lel_pct",
  pressure: "pressure_mpa",
  pressure_mpa: "pressure_mpa",
  level: "level_m",
  level_m: "level_m",
  temperature: "temp_c",
  temp_c: "temp_c",
  leak: "leak_ma",
  leak_ma: "leak_ma",
};

/**
 * The device protocol JSON for a carrier event; null for an offline report, which is no device message and goes
 * in through IngestPipeline.submitOffline (stored in the history, status offline, no alarm at once).
 */
export function uplinkOf(e: CarrierDeviceEvent): Record<string, unknown> | null {
  const f = e.fields;
  const values: Record<string, number> = {};
  for (const [name, v] of Object.entries(f.values ?? {})) {
    const mapped = READING_NAMES[name];
    if (mapped) values[mapped] = v;
  }
  const hasValues = Object.keys(values).length > 0;
  let type: string;
  switch (e.type) {
    case "offline":
      return null; // not a device message: see submit() below
    case "online":
      type = "heartbeat";
      break;
    case "reading":
      type = hasValues ? "reading" : "heartbeat";
      break;
    default:
      type = e.type;
  }
  const out: Record<string, unknown> = { id: e.msgId, ts: e.ts, type };
  for (const k of ["battery", "smoke", "rssi", "snr"] as const) if (f[k] !== undefined) out[k] = f[k];
  if (hasValues && (type === "reading" || type === "gas_alarm" || type === "gas_clear")) out.values = values;
  if (type === "command_ack") {
    out.commandId = f.commandId ?? "";
    out.result = f.result ?? "ok";
  }
  return out;
}

const MAX_CACHE = 10_000;
const RELOAD_MIN_MS = 5_000;

export class CarrierIntake {
  private readonly ctwingAccess: CtwingAccess;
  private readonly onenetToken: string;
  private readonly onenetKey: OnenetAesKey | undefined;
  /** `${platform}:${platformDeviceId}` -> profile id, from the devices' registrations */
  private pins: Record<string, string> = {};
  private pinsLoadedAt = -Infinity;
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly prisma: Prisma,
    private readonly ingest: IngestPipeline,
    private readonly profiles: ProfileRegistry,
    settings: CarrierSettings,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    const allow = (settings.CTWING_ALLOWED_ADDRESSES ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    this.ctwingAccess = {
      token: settings.CTWING_PUSH_TOKEN ?? "",
      ...(allow.length ? { allowList: parseAllowList(allow) } : {}),
    };
    this.onenetToken = settings.ONENET_PUSH_TOKEN ?? "";
    this.onenetKey = settings.ONENET_AES_KEY ? onenetAesKey(settings.ONENET_AES_KEY) : undefined;
  }

  private async loadPins(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.pinsLoadedAt < 60_000) return;
    if (force && now - this.pinsLoadedAt < RELOAD_MIN_MS) return;
    const rows = await this.prisma.device.findMany({
      where: { carrierPlatform: { not: null }, carrierDeviceId: { not: null }, profileId: { not: null } },
      select: { carrierPlatform: true, carrierDeviceId: true, profileId: true },
      take: 200_000,
    });
    const pins: Record<string, string> = {};
    for (const r of rows) pins[`${r.carrierPlatform}:${r.carrierDeviceId}`] = r.profileId!;
    this.pins = pins;
    this.pinsLoadedAt = now;
  }

  private resolver(): ProfileResolver {
    return this.profiles.resolver(this.pins);
  }

  /** The Anxin device registered with this platform id (or, failing that, this IMEI). */
  async deviceOf(d: PlatformDevice): Promise<string | null> {
    const key = `${d.platform}:${d.deviceId}`;
    const cached = this.ids.get(key);
    if (cached) return cached;
    const row =
      (await this.prisma.device.findUnique({
        where: { carrierPlatform_carrierDeviceId: { carrierPlatform: d.platform, carrierDeviceId: d.deviceId } },
        select: { id: true },
      })) ??
      (d.imei
        ? await this.prisma.device.findFirst({
            where: { imei: d.imei, carrierPlatform: d.platform },
            select: { id: true },
          })
        : null);
    if (!row) return null;
    if (this.ids.size >= MAX_CACHE) this.ids.clear();
    this.ids.set(key, row.id);
    return row.id;
  }

  /** A CTWing subscription push (the token and sender are checked before the body is read). */
  async ctwing(body: string, token: unknown, remoteAddress: string | undefined): Promise<PushReceipt> {
    const access = checkCtwingAccess({ token, remoteAddress }, this.ctwingAccess);
    if (!access.ok) throw this.refused("ctwing", access.refusal);
    return this.receive("ctwing", (resolveProfile) =>
      parseCtwingPush(body, { now: this.clock.now().getTime(), resolveProfile }),
    );
  }

  /** A OneNET data push (signed; decrypted in the encrypted mode). */
  async onenet(body: string): Promise<PushReceipt> {
    return this.receive("onenet", (resolveProfile) =>
      parseOnenetPush(body, {
        token: this.onenetToken,
        ...(this.onenetKey ? { aesKey: this.onenetKey } : {}),
        now: this.clock.now().getTime(),
        resolveProfile,
      }),
    );
  }

  /** OneNET's URL check: the `msg` to echo, or a refusal. */
  onenetCheck(q: { msg?: unknown; nonce?: unknown; signature?: unknown }): string {
    if (!this.onenetToken) throw this.refused("onenet", { reason: "not_configured", detail: "no push token" });
    const r = verifyOnenetUrl(q, this.onenetToken);
    if (!r.ok) throw this.refused("onenet", r.refusal);
    return r.answer;
  }

  private refused(platform: CarrierPlatform, r: Refusal): PushRefused {
    this.metrics.refused.inc({ source: platform, reason: r.reason });
    this.log.warn({ source: platform, reason: r.reason, detail: r.detail }, "carrier push refused");
    return new PushRefused(r, STATUS[r.reason] ?? 400);
  }

  private async receive(platform: CarrierPlatform, parse: (r: ProfileResolver) => PushOutcome): Promise<PushReceipt> {
    await this.loadPins();
    let outcome = parse(this.resolver());
    // a device registered since the profiles were last read: read them again once, then parse again
    if (outcome.ok && outcome.skipped.some((s) => s.reason === "no_profile")) {
      await this.loadPins(true);
      outcome = parse(this.resolver());
    }
    if (!outcome.ok) throw this.refused(platform, outcome.refusal);
    for (const s of outcome.skipped) this.metrics.refused.inc({ source: platform, reason: s.reason });
    if (outcome.skipped.length)
      this.log.warn({ source: platform, skipped: outcome.skipped.slice(0, 10) }, "parts of a carrier push skipped");
    const receipt: PushReceipt = { ok: true, stored: 0, duplicates: 0, refused: [], skipped: outcome.skipped };
    // fire first (the parsers order the events so); each waits for its store: the answer waits for all
    const results: Promise<IngestOutcome | null>[] = [];
    for (const e of outcome.events) results.push(this.submit(platform, e, receipt));
    for (const r of await Promise.all(results)) {
      if (!r) continue;
      if (r.outcome === "stored") receipt.stored++;
      else if (r.outcome === "duplicate") receipt.duplicates++;
      else receipt.refused.push({ reason: r.reason, detail: r.detail });
    }
    return receipt;
  }

  private async submit(
    platform: CarrierPlatform,
    e: CarrierDeviceEvent,
    receipt: PushReceipt,
  ): Promise<IngestOutcome | null> {
    const deviceId = await this.deviceOf(e.platformDevice);
    if (!deviceId) {
      const detail = `${platform} device ${e.platformDevice.deviceId.slice(0, 64)} is not registered`;
      this.metrics.refused.inc({ source: platform, reason: "unknown_device" });
      this.log.warn(
        { source: platform, platformDeviceId: e.platformDevice.deviceId },
        "carrier push for an unknown device",
      );
      receipt.refused.push({ reason: "unknown_device", detail });
      return null;
    }
    // the platform saw the device detach: status offline now, stored like any push; the OFFLINE alarm waits
    // for the model's missed heartbeats (a sleeping NB-IoT device detaches routinely; docs/carriers.md)
    if (e.type === "offline")
      return this.ingest.submitOffline(deviceId, { msgId: e.msgId, ts: e.ts, source: platform });
    const uplink = uplinkOf(e);
    if (!uplink) return null;
    return this.ingest.submit(deviceId, JSON.stringify(uplink), platform);
  }
}
