// The hand-off of a confirmed fire to the county's 119 dispatch centre (docs/alert-119.md): an HTTP POST to
// ALERT_119_URL with the incident's facts, signed (handoff-signature.ts). The first attempt runs at once on
// the instance that recorded the confirmation (GB 50440: within 3 s); a refused or unanswered attempt is
// retried with backoff until the dispatch centre acknowledges it. Should no acknowledgement have come 10 s
// after the confirmation, the duty officer gets a voice call and an SMS with the same facts, and the retries
// go on. Every attempt is a Notification row (channel HANDOFF_119) on the alarm's timeline, and an entry in
// its history; attempts and the check are durable timers, each run by one instance.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { InFlight } from "../../shared/loop.ts";
import type { MessageContent } from "../notifications/notification.ts";
import type { TimerRepository, TimerRow } from "../notifications/timer-repository.ts";
import { factsLine, type HandoffPayload, type IncidentFacts } from "./incident-facts.ts";
import { SIGNATURE_HEADER, signHandoff, TIMESTAMP_HEADER } from "./handoff-signature.ts";
import { providerFetch, type ProviderFetch } from "../../shared/provider-http.ts";
import { acknowledgedBy119, attemptRow, backoffMs, fallbackPeople, recordAttempt } from "./attempt-119.ts";

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

interface Person {
  key: string;
  name: string;
  phone: string | null;
  staffId: string | null;
}

export interface HandoffDeps {
  prisma: Prisma;
  timers: TimerRepository;
  clock: Clock;
  log: Logger;
  owner: string;
  facts: (alarmId: string) => Promise<IncidentFacts | null>;
  /** the centre's keyed outbox writer (CentreService.queue) */
  queue: (
    alarmId: string,
    scope: string,
    content: MessageContent,
    groups: { people: Person[]; channels: ("PUSH" | "VOICE" | "SMS")[] }[],
  ) => Promise<number>;
  /** the centre's keyed history writer (CentreService.action) */
  action: (alarmId: string, action: string, note: string, eventKey: string) => Promise<void>;
  /** notifies the screens (the live feed) of each attempt */
  onAttempt?: (alarmId: string, attempt: number, acknowledged: boolean) => void;
  /**
   * An attempt that left while a verdict of no fire was being given (it read no verdict, the verdict found no
   * attempt yet): the withdrawal notice is started from here (withdrawal.ts; keyed, so started once).
   */
  onSentAfterVerdict?: (alarmId: string) => Promise<unknown>;
  fetch?: ProviderFetch;
}

interface AttemptTimer {
  alarmId: string;
  attempt: number;
  by: ConfirmedBy;
  confirmedAt: string;
}

const TIMER_LOCK_MS = 30_000;
const attemptKey = (alarmId: string, n: number) => `centre:${alarmId}:handoff:${n}`;
const checkKey = (alarmId: string) => `centre:${alarmId}:handoff-check`;
const rowKey = (alarmId: string, n: number) => `centre:${alarmId}:handoff:${n}:system:119:HANDOFF_119`;

export class Handoff {
  readonly inflight = new InFlight();
  private readonly opts: HandoffOptions;

  constructor(
    private readonly d: HandoffDeps,
    opts: Partial<HandoffOptions> & Pick<HandoffOptions, "url" | "secret" | "dutyPhone">,
  ) {
    this.opts = { ...DEFAULT_HANDOFF, ...opts };
  }

  backoffMs(attempt: number): number {
    return backoffMs(this.opts, attempt);
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
    this.inflight.track(this.runClaimed(first));
  }

  readonly runDueTimers = async (): Promise<number> => {
    const now = this.d.clock.now();
    const due = await this.d.timers.claimDue(this.d.owner, now, new Date(now.getTime() + TIMER_LOCK_MS), 20, [
      ...HANDOFF_TIMER_KINDS,
    ]);
    for (const t of due) await this.runClaimed(t);
    return due.length;
  };

  private async runClaimed(t: TimerRow): Promise<void> {
    try {
      if (t.kind === "centre.handoff") await this.attempt(JSON.parse(t.payload) as AttemptTimer);
      else await this.check((JSON.parse(t.payload) as { alarmId: string }).alarmId);
      await this.d.timers.done(t.id, this.d.owner, this.d.clock.now());
    } catch (e) {
      this.d.log.error(
        { err: e as Error, timer: t.key },
        "119 hand-off step failed; claimed again when its lock expires",
      );
    }
  }

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
    let outcome: PostOutcome;
    if (!this.opts.url || !this.opts.secret) {
      outcome = { ack: false, response: "ALERT_119_URL / ALERT_119_SECRET not configured", incidentId: null };
    } else
      outcome = await postTo119(this.d.fetch ?? providerFetch, {
        url: this.opts.url,
        secret: this.opts.secret,
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
    const last = n >= this.opts.maxAttempts || !this.opts.url || !this.opts.secret;
    const retryAt = new Date(at.getTime() + this.backoffMs(t.attempt));
    await this.d.action(
      t.alarmId,
      "handoff_119_failed",
      `推送 119 未收到回执（第 ${n} 次：${failReason(outcome.response)}）${last ? "，不再重试" : `，${Math.round((retryAt.getTime() - at.getTime()) / 1000)} 秒后重试`}`,
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
      alarmId: t.alarmId,
      kind: facts.trigger.kind,
      kindLabel: facts.trigger.kindLabel,
      address: `${facts.unit.name}（${facts.unit.address}）`,
      room: facts.keyPart?.name ?? facts.trigger.location,
      at: facts.trigger.startedAt,
      step: `推送 119（第 ${t.attempt + 1} 次）`,
    };
    return attemptRow(
      this.d.prisma,
      this.d.owner,
      {
        alarmId: t.alarmId,
        dedupeKey: rowKey(t.alarmId, t.attempt),
        target: this.opts.url ?? "(not configured)",
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
    const people = await fallbackPeople(this.d.prisma, this.opts.dutyPhone);
    const content: MessageContent = {
      template: "FIRE_REAL",
      alarmId,
      kind: facts.trigger.kind,
      kindLabel: facts.trigger.kindLabel,
      address: `${facts.unit.name}（${facts.unit.address}）`,
      room: facts.keyPart?.name ?? facts.trigger.location,
      at: facts.trigger.startedAt,
      step: "119 未确认接收，请立即电话报警",
      contactPhone: facts.unit.controlRoomPhone,
      note: `${factsLine(facts)}；详情 ${facts.incidentUrl}`,
    };
    const n = await this.d.queue(alarmId, `centre:${alarmId}:handoff-fallback`, content, [
      { people, channels: ["VOICE", "SMS"] },
    ]);
    await this.d.action(
      alarmId,
      "handoff_fallback",
      `119 在 ${this.opts.ackWithinMs / 1000} 秒内未确认接收：已电话和短信通知值班人员 ${people.length} 人（${n} 条通知），推送继续重试`,
      "centre:handoff:fallback",
    );
  }
}

export interface PostOutcome {
  ack: boolean;
  response: string;
  incidentId: string | null;
}

/**
 * One signed POST to the 119 centre (docs/alert-119.md): the hand-off and the withdrawal notice alike. Only a
 * 2xx answer whose JSON has "ack": true acknowledges; its incidentId (at most 100 characters) is kept.
 */
export async function postTo119(
  fetch: ProviderFetch,
  r: {
    url: string;
    secret: string;
    body: string;
    deliveryId: string;
    idempotencyKey: string;
    now: Date;
    timeoutMs: number;
  },
): Promise<PostOutcome> {
  const ts = Math.floor(r.now.getTime() / 1000);
  try {
    const res = await fetch(r.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        [TIMESTAMP_HEADER]: String(ts),
        [SIGNATURE_HEADER]: signHandoff(r.secret, ts, r.body),
        "x-anxin-delivery": r.deliveryId,
        "idempotency-key": r.idempotencyKey,
      },
      body: r.body,
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    const text = (await res.text()).slice(0, 2000);
    let ack = false;
    let incidentId: string | null = null;
    try {
      const j = JSON.parse(text) as { ack?: unknown; incidentId?: unknown };
      ack = res.ok && j.ack === true;
      if (typeof j.incidentId === "string") incidentId = j.incidentId.slice(0, 100);
    } catch {
      ack = false;
    }
    return { ack, response: `HTTP ${res.status} ${text}`, incidentId };
  } catch (e) {
    return { ack: false, response: `NETWORK ${(e as Error).message}`, incidentId: null };
  }
}

/**
 * Why an attempt got no acknowledgement, in words for the timeline (the provider's raw answer stays on the
 * attempt's Notification row, providerResponse, for whoever diagnoses it).
 */
export function failReason(response: string): string {
  if (response.startsWith("ALERT_119_URL")) return "未配置 119 推送地址";
  if (response.startsWith("NETWORK")) return "网络不通或对方无应答";
  const code = /^HTTP (\d{3})/.exec(response)?.[1];
  if (!code) return "对方未确认接收";
  return code.startsWith("2") ? "对方收到但未确认接收" : `对方返回错误（HTTP ${code}）`;
}
