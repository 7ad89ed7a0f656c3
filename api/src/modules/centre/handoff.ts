// The hand-off of a confirmed fire to the county's 119 dispatch centre (docs/alert-119.md): an HTTP POST to
// ALERT_119_URL with the incident's facts, signed (handoff-signature.ts). The first attempt runs at once on
// the instance that recorded the confirmation (GB 50440: within 3 s); a refused or unanswered attempt is
// retried with backoff until the dispatch centre acknowledges it. Should no acknowledgement have come 10 s
// after the confirmation, the duty officer gets a voice call and an SMS with the same facts, and the retries
// go on. Every attempt is a Notification row (channel HANDOFF_119) on the alarm's timeline, and an entry in
// its history; attempts and the check are durable timers, each run by one instance.
import { InFlight } from "../../shared/loop.ts";
import type { MessageContent } from "../notifications/notification.ts";
import type { TimerRow } from "../notifications/timer-repository.ts";
import { factsLine, type HandoffPayload, type IncidentFacts } from "./incident-facts.ts";
import { providerFetch } from "../../shared/provider-http.ts";
import {
  acknowledgedBy119,
  attemptRow,
  callFallback,
  failReason,
  incidentHead,
  recordAttempt,
  retryAfter,
  runDueSteps,
  runStep,
  send119,
  TIMER_LOCK_MS,
  type Attempt119Deps,
} from "./attempt-119.ts";

export type ConfirmedBy = HandoffPayload["confirmedBy"];

export const HANDOFF_TIMER_KINDS = ["centre.handoff", "centre.handoff-check"] as const;
/**
 * The template of a hand-off attempt's Notification row (channel HANDOFF_119); the withdrawal notice's rows
 * share the channel with a template of their own (withdrawal.ts), so neither is taken for the other.
 */
export const HANDOFF_TEMPLATE = "FIRE_REAL";

export interface HandoffOptions {
  url: string | null;
  secret: string | null;
  /** the 119 centre's duty desk, called with the centre's operators when no acknowledgement comes */
  dutyPhone: string | null;
  /** no acknowledgement by then: the fallback call and SMS */
  ackWithinMs: number;
  requestTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** a bound: retries stop after this many attempts (about 4 h at the maximum backoff) */
  maxAttempts: number;
}

export const DEFAULT_HANDOFF: Omit<HandoffOptions, "url" | "secret" | "dutyPhone"> = {
  ackWithinMs: 10_000,
  requestTimeoutMs: 5_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxAttempts: 500,
};

export interface HandoffDeps extends Attempt119Deps {
  /** notifies the screens (the live feed) of each attempt */
  onAttempt?: (alarmId: string, attempt: number, acknowledged: boolean) => void;
  /**
   * An attempt that left while a verdict of no fire was being given (it read no verdict, the verdict found no
   * attempt yet): the withdrawal notice is started from here (withdrawal.ts; keyed, so started once).
   */
  onSentAfterVerdict?: (alarmId: string) => Promise<unknown>;
}

interface AttemptTimer {
  alarmId: string;
  attempt: number;
  by: ConfirmedBy;
  confirmedAt: string;
}

const attemptKey = (alarmId: string, n: number) => `centre:${alarmId}:handoff:${n}`;
const checkKey = (alarmId: string) => `centre:${alarmId}:handoff-check`;
/** whose steps, in the log */
const WHAT = "119 hand-off";

export class Handoff {
  readonly inflight = new InFlight();
  private readonly opts: HandoffOptions;

  constructor(
    private readonly d: HandoffDeps,
    opts: Partial<HandoffOptions> & Pick<HandoffOptions, "url" | "secret" | "dutyPhone">,
  ) {
    this.opts = { ...DEFAULT_HANDOFF, ...opts };
  }

  /** Starts the hand-off of a fire (once per alarm): the first attempt now, here; the check in 10 s. */
  async start(alarmId: string, by: ConfirmedBy): Promise<void> {
    const now = this.d.clock.now();
    const payload: AttemptTimer = { alarmId, attempt: 0, by, confirmedAt: now.toISOString() };
    const first = await this.d.timers.scheduleClaimed(attemptKey(alarmId, 0), "centre.handoff", payload, now, {
      owner: this.d.owner,
      lockedUntil: new Date(now.getTime() + TIMER_LOCK_MS),
    });
    if (!first) return; // handed off already (confirmed by the unit, then again by the centre)
    await this.d.timers.schedule(
      checkKey(alarmId),
      "centre.handoff-check",
      { alarmId },
      new Date(now.getTime() + this.opts.ackWithinMs),
    );
    this.inflight.track(runStep(this.d, first, WHAT, this.step));
  }

  readonly runDueTimers = (): Promise<number> => runDueSteps(this.d, HANDOFF_TIMER_KINDS, WHAT, this.step);

  private readonly step = async (t: TimerRow): Promise<void> => {
    if (t.kind === "centre.handoff") await this.attempt(JSON.parse(t.payload) as AttemptTimer);
    else await this.check((JSON.parse(t.payload) as { alarmId: string }).alarmId);
  };

  /** Whether the dispatch centre has acknowledged this alarm's hand-off. */
  acknowledged(alarmId: string): Promise<boolean> {
    return acknowledgedBy119(this.d.prisma, alarmId, HANDOFF_TEMPLATE);
  }

  private async attempt(t: AttemptTimer): Promise<void> {
    const alarm = await this.d.prisma.alarm.findUnique({ where: { id: t.alarmId }, select: { verdict: true } });
    if (!alarm) return;
    if (alarm.verdict && alarm.verdict !== "REAL_FIRE") {
      await this.d.action(t.alarmId, "handoff_stopped", "单位确认不是火警：停止向 119 推送", "centre:handoff:stopped");
      return;
    }
    if (await this.acknowledged(t.alarmId)) return;
    const facts = await this.d.facts(t.alarmId);
    if (!facts) return;
    const payload: HandoffPayload = { version: 1, confirmedBy: t.by, confirmedAt: t.confirmedAt, ...facts };
    const body = JSON.stringify(payload);
    const now = this.d.clock.now();
    const row = await this.row(t, facts, body, now);
    const n = t.attempt + 1;
    const outcome = await send119(this.d.fetch ?? providerFetch, this.opts, {
      body,
      deliveryId: row.id,
      idempotencyKey: t.alarmId,
      now,
      timeoutMs: this.opts.requestTimeoutMs,
    });
    const at = this.d.clock.now();
    await recordAttempt(this.d.prisma, row.id, outcome, outcome.incidentId, at);
    this.d.onAttempt?.(t.alarmId, n, outcome.ack);
    await this.crossedVerdict(t.alarmId);
    if (outcome.ack) {
      await this.d.action(
        t.alarmId,
        "handoff_119",
        `已推送 119 并收到回执（第 ${n} 次${outcome.incidentId ? `，接警编号 ${outcome.incidentId}` : ""}）`,
        `centre:handoff:${t.attempt}`,
      );
      return;
    }
    const { last, retryAt, inWords } = retryAfter(this.opts, t.attempt, !!this.opts.url && !!this.opts.secret, at);
    await this.d.action(
      t.alarmId,
      "handoff_119_failed",
      `推送 119 未收到回执（第 ${n} 次：${failReason(outcome.response)}）${last ? "，不再重试" : `，${inWords}`}`,
      `centre:handoff:${t.attempt}`,
    );
    if (!last)
      await this.d.timers.schedule(
        attemptKey(t.alarmId, n),
        "centre.handoff",
        { ...t, attempt: n } satisfies AttemptTimer,
        retryAt,
      );
  }

  /** A verdict of no fire given while this attempt was leaving: 119 may have it, so it is told (withdrawal.ts). */
  private async crossedVerdict(alarmId: string): Promise<void> {
    if (!this.d.onSentAfterVerdict) return;
    const a = await this.d.prisma.alarm.findUnique({ where: { id: alarmId }, select: { verdict: true } });
    if (a?.verdict && a.verdict !== "REAL_FIRE")
      await this.d
        .onSentAfterVerdict(alarmId)
        .catch((e: unknown) =>
          this.d.log.error({ err: e as Error, alarmId }, "could not start the 119 withdrawal notice"),
        );
  }

  /** The attempt's Notification row (attempt-119.ts: created SENDING, or taken again after a crash). */
  private row(t: AttemptTimer, facts: IncidentFacts, body: string, now: Date): Promise<{ id: string }> {
    const content: MessageContent = {
      template: "FIRE_REAL",
      ...head(t.alarmId, facts),
      step: `推送 119（第 ${t.attempt + 1} 次）`,
    };
    return attemptRow(
      this.d,
      {
        alarmId: t.alarmId,
        scope: attemptKey(t.alarmId, t.attempt),
        target: this.opts.url,
        template: HANDOFF_TEMPLATE,
        content,
        body,
      },
      now,
    );
  }

  /** 10 s after the confirmation: still no acknowledgement, the duty officer is called with the facts. */
  private async check(alarmId: string): Promise<void> {
    if (await this.acknowledged(alarmId)) return;
    const alarm = await this.d.prisma.alarm.findUnique({ where: { id: alarmId }, select: { verdict: true } });
    if (!alarm || (alarm.verdict && alarm.verdict !== "REAL_FIRE")) return;
    const facts = await this.d.facts(alarmId);
    if (!facts) return;
    const content: MessageContent = {
      template: "FIRE_REAL",
      ...head(alarmId, facts),
      step: "119 未确认接收，请立即电话报警",
      contactPhone: facts.unit.controlRoomPhone,
      note: `${factsLine(facts)}；详情 ${facts.incidentUrl}`,
    };
    await callFallback(this.d, this.opts, {
      alarmId,
      kind: "handoff",
      content,
      unanswered: "接收",
      next: "，推送继续重试",
    });
  }
}

/** The head of the hand-off's messages: the facts' unit and trigger, in the key part when it has one. */
const head = (alarmId: string, facts: IncidentFacts) =>
  incidentHead(alarmId, facts.unit, facts.trigger, facts.keyPart?.name ?? facts.trigger.location);
