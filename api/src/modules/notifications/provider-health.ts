// How the providers that reach people's phones have been doing lately (issue 12 item 4: with SMS and voice
// unreachable every send failed and /ready still said ready). Each send's outcome is kept for a while per
// channel; a channel whose recent sends mostly fail is "degraded", which /ready reports with the details
// and /metrics counts. Staff screens (PUSH) and the console printout are not providers: no screen open is
// not an outage.
import type { NotificationChannel } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";

export type SendOutcome = "sent" | "retry" | "failed" | "cancelled" | "delivered" | "undelivered";

export const PROVIDER_CHANNELS = ["SMS", "VOICE", "WECHAT"] as const satisfies readonly NotificationChannel[];
type ProviderChannel = (typeof PROVIDER_CHANNELS)[number];

/** Outcomes within this window count; at most KEEP per channel are kept. */
export const HEALTH_WINDOW_MS = 10 * 60_000;
const KEEP = 20;
/** Degraded: at least this many failures in the window, and no more successes than failures. */
const MIN_FAILURES = 2;

export interface ChannelHealth {
  channel: ProviderChannel;
  state: "ok" | "idle" | "degraded" | "not configured";
  /** for people: what failed, how often, the last code */
  detail: string;
}

interface Sample {
  at: number;
  ok: boolean;
  code: string;
}

const isProvider = (c: NotificationChannel): c is ProviderChannel =>
  (PROVIDER_CHANNELS as readonly string[]).includes(c);

export class ProviderHealth {
  private readonly samples = new Map<ProviderChannel, Sample[]>();

  constructor(
    private readonly clock: Clock,
    private readonly configured: Readonly<Record<ProviderChannel, boolean>>,
  ) {}

  record(channel: NotificationChannel, outcome: SendOutcome, code = ""): void {
    if (!isProvider(channel) || outcome === "cancelled") return;
    const ok = outcome === "sent" || outcome === "delivered";
    const list = this.samples.get(channel) ?? [];
    list.push({ at: this.clock.now().getTime(), ok, code: ok ? "" : code || outcome });
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
    this.samples.set(channel, list);
  }

  of(channel: ProviderChannel): ChannelHealth {
    const since = this.clock.now().getTime() - HEALTH_WINDOW_MS;
    const recent = (this.samples.get(channel) ?? []).filter((s) => s.at >= since);
    const failed = recent.filter((s) => !s.ok);
    if (failed.length >= MIN_FAILURES && failed.length >= recent.length - failed.length) {
      const last = failed[failed.length - 1]!;
      return {
        channel,
        state: "degraded",
        detail: `${failed.length} of the last ${recent.length} sends in ${HEALTH_WINDOW_MS / 60_000} min failed (last: ${last.code} at ${new Date(last.at).toISOString()})${this.configured[channel] ? "" : "; not configured"}`,
      };
    }
    if (!this.configured[channel]) return { channel, state: "not configured", detail: "not configured" };
    if (!recent.length) return { channel, state: "idle", detail: "no sends in the last 10 min" };
    return { channel, state: "ok", detail: `${recent.length - failed.length} of the last ${recent.length} sends ok` };
  }

  all(): ChannelHealth[] {
    return PROVIDER_CHANNELS.map((c) => this.of(c));
  }
}
