// Sends what the outbox holds: claims due rows, hands each to its channel, and records the answer. Transient
// failures (provider busy or down, flow control) are retried with exponential backoff; a final failure, or
// running out of attempts, marks the row FAILED and queues the same message on the fallback channel
// (notification.ts fallbackOf), so a provider outage loses nothing. Rows that only matter while the alarm is
// unacknowledged are cancelled instead of sent once someone has acted.
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { maskPhone } from "../../shared/mask.ts";
import {
  unavailableChannel,
  type Channel,
  type Delivery,
  type LookupResult,
  type SendResult,
} from "../../channels/channel.ts";
import {
  dedupeKey,
  fallbackOf,
  maskOpenid,
  scopeOfKey,
  targetFor,
  type NotificationChannel,
  type TemplateName,
} from "./notification.ts";
import type { ClaimedNotification, OutboxRepository } from "./outbox-repository.ts";
import { InFlight } from "../../shared/loop.ts";
import { fireMark } from "../../shared/fire-trace.ts";
import type { SendOutcome } from "./provider-health.ts";

export interface OutboxOptions {
  /** this API instance, written into lockedBy */
  owner: string;
  /** longer than the slowest provider call, so a live sender never loses its lock */
  lockMs: number;
  batch: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_OUTBOX: Omit<OutboxOptions, "owner"> = {
  lockMs: 30_000,
  batch: 20,
  maxAttempts: 5,
  backoffBaseMs: 5_000,
  backoffMaxMs: 5 * 60_000,
};

/** 5 s, 10 s, 20 s, 40 s... capped: the delay before attempt n + 1 after attempt n failed. */
export function backoffMs(attempt: number, o: Pick<OutboxOptions, "backoffBaseMs" | "backoffMaxMs">): number {
  return Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}

export function maskTarget(channel: NotificationChannel, target: string): string {
  if (channel === "SMS" || channel === "VOICE") return maskPhone(target);
  if (channel === "WECHAT") return maskOpenid(target);
  return target;
}

export class OutboxWorker {
  private readonly channels: Map<NotificationChannel, Channel>;
  /** called after a row is sent (the live feed shows "who was told") */
  onSent: ((n: ClaimedNotification) => void) | null = null;
  /** called when a fallback row was queued, so the loop runs again at once */
  onQueued: (() => void) | null = null;
  /** every send's outcome (provider health on /ready, counters on /metrics) */
  onOutcome: ((channel: NotificationChannel, outcome: SendOutcome, code?: string) => void) | null = null;

  readonly inflight = new InFlight();

  constructor(
    private readonly repo: OutboxRepository,
    channels: Channel[],
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: OutboxOptions,
  ) {
    this.channels = new Map(channels.map((c) => [c.kind, c]));
  }

  /** One round: claim due rows and send them concurrently. Returns how many rows were handled. */
  readonly runOnce = async (): Promise<number> => {
    const now = this.clock.now();
    const rows = await this.repo.claimDue(
      this.opts.owner,
      now,
      new Date(now.getTime() + this.opts.lockMs),
      this.opts.batch,
    );
    if (!rows.length) return 0;
    const statuses = await this.repo.alarmStatuses([
      ...new Set(rows.map((r) => r.alarmId).filter((x): x is string => x !== null)),
    ]);
    await Promise.all(rows.map((r) => this.handle(r, r.alarmId ? statuses.get(r.alarmId) : undefined)));
    return rows.length;
  };

  /** Sends rows this instance stored already claimed (enqueueClaimed), without waiting for the loop. */
  dispatch(rows: ClaimedNotification[], alarmStatus: string): void {
    for (const r of rows) {
      this.inflight.track(
        this.handle(r, alarmStatus).catch((e: Error) =>
          this.log.error({ err: e, notificationId: r.id }, "sending failed; retried when the lock expires"),
        ),
      );
    }
  }

  get lockMs(): number {
    return this.opts.lockMs;
  }

  /** The channel rows of this kind go out on (tests: a sender that dies after the provider accepted). */
  channel(kind: NotificationChannel): Channel {
    return this.channels.get(kind) ?? unavailableChannel(kind, `no ${kind} provider configured`);
  }

  private delivery(n: ClaimedNotification): Delivery {
    return { id: n.id, channel: n.channel, recipient: n.recipient, target: n.target, content: n.payload.content };
  }

  private async handle(n: ClaimedNotification, alarmStatus: string | undefined): Promise<void> {
    const stop = n.payload.cancelUnless;
    const channel = this.channel(n.channel);
    const log = {
      notificationId: n.id,
      alarmId: n.alarmId,
      channel: n.channel,
      to: maskTarget(n.channel, n.target),
      attempt: n.attempts,
    };
    // A row whose earlier sender died after claiming it: the provider may have accepted it already. Asked
    // first where the provider can be asked (SMS: by OutId); otherwise sent again (docs/notifications.md).
    if (n.reclaimedFrom && channel.lookup) {
      const known = await this.lookup(n, channel, log);
      if (known === "settled" || known === "later") return;
    }
    if ((stop === "ACTIVE" && alarmStatus !== "ACTIVE") || (stop === "OPEN" && alarmStatus === "RESOLVED")) {
      await this.repo.finish(n, this.opts.owner, {
        status: "CANCELLED",
        response: `alarm ${alarmStatus?.toLowerCase() ?? "gone"} before sending`,
        at: this.clock.now(),
      });
      this.outcome(n.channel, "cancelled");
      return;
    }
    let result: SendResult;
    fireMark("sent", { alarmId: n.alarmId });
    try {
      result = await channel.send(this.delivery(n));
    } catch (e) {
      result = { ok: false, final: false, code: "EXCEPTION", response: (e as Error).message };
    }
    const at = this.clock.now();
    if (result.ok) {
      if (
        await this.repo.finish(n, this.opts.owner, {
          status: "SENT",
          response: result.response,
          at,
          providerId: result.providerId ?? null,
        })
      ) {
        this.log.info(log, "notification sent");
        this.outcome(n.channel, "sent");
        this.onSent?.(n);
      } else if (await this.repo.deliveredFirst(n)) {
        // its delivery receipt came before the provider's answer and settled the row: it was sent all the
        // same, and this attempt alone may say so (a takeover would have counted another attempt)
        this.log.info(log, "notification sent (its delivery receipt came first)");
        this.outcome(n.channel, "sent");
        this.onSent?.(n);
      }
      return;
    }
    if (!result.final && n.attempts < this.opts.maxAttempts) {
      const retryAt = new Date(at.getTime() + backoffMs(n.attempts, this.opts));
      // a request that timed out may have reached the provider: the next attempt asks before sending
      if (result.code === "NETWORK" && channel.lookup)
        await this.repo.uncertain(n, this.opts.owner, result.response, retryAt);
      else await this.repo.finish(n, this.opts.owner, { status: "QUEUED", response: result.response, at, retryAt });
      this.log.warn({ ...log, code: result.code, retryAt }, "notification not sent; will retry");
      this.outcome(n.channel, "retry", result.code);
      return;
    }
    if (!(await this.repo.finish(n, this.opts.owner, { status: "FAILED", response: result.response, at }))) return;
    this.outcome(n.channel, "failed", result.code);
    const fb = await this.fallback(n, at);
    this.log.warn({ ...log, code: result.code, final: result.final, fallback: fb }, "notification failed");
  }

  /**
   * Asks the provider about a reclaimed row. "settled": it had it, the row is recorded as sent (or delivered,
   * or failed with its fallback queued); "send": it has no record, send now; "later": the question failed, the
   * row is left to be asked again after a backoff (after the last attempt it is sent: twice beats never).
   */
  private async lookup(
    n: ClaimedNotification,
    channel: Channel,
    log: Record<string, unknown>,
  ): Promise<"settled" | "send" | "later"> {
    // any attempt since the row was stored (createdAt is database time, like the provider's records)
    const withinMs = Math.max(this.opts.lockMs, Date.now() - n.createdAt.getTime()) + 60_000;
    let r: LookupResult;
    try {
      r = await channel.lookup!(this.delivery(n), withinMs);
    } catch (e) {
      r = { found: null, response: (e as Error).message };
    }
    const at = this.clock.now();
    if (r.found === false) {
      this.log.info(log, "reclaimed notification unknown to the provider; sending it");
      return "send";
    }
    if (r.found === null) {
      if (n.attempts >= this.opts.maxAttempts) return "send";
      const retryAt = new Date(at.getTime() + backoffMs(n.attempts, this.opts));
      await this.repo.uncertain(n, this.opts.owner, r.response, retryAt);
      this.log.warn(
        { ...log, retryAt },
        "could not ask the provider about a reclaimed notification; asking again later",
      );
      return "later";
    }
    const d = r.delivered;
    const status = !d ? "SENT" : d.ok ? "DELIVERED" : "FAILED";
    if (
      await this.repo.finish(n, this.opts.owner, {
        status,
        response: r.response,
        at,
        providerId: r.providerId,
        deliveredAt: d?.ok ? (d.at ?? at) : null,
      })
    ) {
      this.log.info({ ...log, status }, "reclaimed notification was accepted by the provider already; not sent again");
      this.outcome(n.channel, status === "SENT" ? "sent" : status === "DELIVERED" ? "delivered" : "undelivered");
      if (status === "FAILED") await this.fallback(n, at);
      else this.onSent?.(n);
    }
    return "settled";
  }

  /** Reports an outcome learnt outside a send (a delivery receipt). */
  outcome(channel: NotificationChannel, outcome: SendOutcome, code?: string): void {
    try {
      this.onOutcome?.(channel, outcome, code);
    } catch (e) {
      this.log.error({ err: e as Error }, "recording a notification outcome failed");
    }
  }

  /**
   * A receipt said the message never reached the person (SMS not delivered, call not answered, WeChat message
   * blocked): the same fallback as a send that failed for good.
   */
  async undelivered(n: ClaimedNotification, at: Date): Promise<NotificationChannel | null> {
    return this.fallback(n, at);
  }

  private async fallback(n: ClaimedNotification, at: Date): Promise<NotificationChannel | null> {
    const channel = fallbackOf(n.channel, n.template as TemplateName);
    const target = channel ? targetFor(channel, n.payload.contact) : null;
    if (!channel || !target) return null;
    const created = await this.repo.enqueue([
      {
        alarmId: n.alarmId,
        channel,
        recipient: n.recipient,
        target,
        template: n.template,
        payload: n.payload,
        dedupeKey: dedupeKey(scopeOfKey(n.dedupeKey), n.recipient, channel),
        dueAt: at,
      },
    ]);
    if (created) this.onQueued?.();
    return created ? channel : null;
  }
}
