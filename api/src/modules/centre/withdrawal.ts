// The withdrawal notice (撤销/误报通报, docs/alert-119.md): an alarm handed to the county's 119 dispatch centre
// (a timeout treated as real) that the unit or the centre then finds was no fire (a false alarm, a test, a
// faulty device) is reported to 119 in a signed HTTP POST of its own, so nobody sends engines to a false alarm
// without being told. It goes to a separate endpoint (ALERT_119_WITHDRAW_URL, by default
// <ALERT_119_URL>/withdrawals) with its own idempotency key, so a receiver of the v1 hand-off never takes it for
// a new incident. It is informational: 119 decides whether to stand down.
//
// The same machinery as the hand-off (handoff.ts): the notice is stored (a durable timer holding what it says)
// before it is sent; each attempt is a Notification row (channel HANDOFF_119, template WITHDRAW_119) and a
// timeline entry; a refused or unanswered attempt is retried with the hand-off's back-off until 119 answers
// {"ack": true}; no acknowledgement within the hand-off's fallback time and the centre's operators (and 119's
// duty desk) get a call and an SMS asking them to phone 119. Each step is a keyed timer run by one instance, so
// a restart, a second instance or a repeated verdict sends nothing twice; a timer written before the verdict
// (intend) starts it should the verdict's process die before it did. Never started when no hand-off attempt was
// made (the verdict came first: 119 knows nothing to withdraw).
import type { AlarmVerdict, StaffRole } from "../../db/client.ts";
import { InFlight } from "../../shared/loop.ts";
import { providerFetch } from "../../shared/provider-http.ts";
import type { MessageContent } from "../notifications/notification.ts";
import type { TimerRow } from "../notifications/timer-repository.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import { ALARM_VERDICT_LABEL, STAFF_ROLE_LABEL } from "../../contract/labels.ts";
import type { Withdrawal119 } from "../../contract/centre.ts";
import { DEFAULT_HANDOFF, HANDOFF_TEMPLATE, type ConfirmedBy, type HandoffOptions } from "./handoff.ts";
import {
  acknowledgedBy119,
  attemptRow,
  callFallback,
  failReason,
  incidentHead,
  NOT_CONFIGURED,
  recordAttempt,
  retryAfter,
  runDueSteps,
  runStep,
  send119,
  TIMER_LOCK_MS,
  type Attempt119Deps,
} from "./attempt-119.ts";
import type { IncidentFacts } from "./incident-facts.ts";

export const WITHDRAWAL_TIMER_KINDS = ["centre.withdraw", "centre.withdraw-check", "centre.withdraw-start"] as const;
/** The template of a withdrawal attempt's Notification row (channel HANDOFF_119, beside the hand-off's). */
export const WITHDRAWAL_TEMPLATE = "WITHDRAW_119";
/** The path added to ALERT_119_URL when ALERT_119_WITHDRAW_URL is not set. */
export const WITHDRAWAL_PATH = "withdrawals";

/** The verdicts that withdraw a fire: everything but a real fire. */
export type WithdrawingVerdict = Exclude<AlarmVerdict, "REAL_FIRE">;

const VERDICT_LABEL: Record<WithdrawingVerdict, string> = ALARM_VERDICT_LABEL;
/** What the notice tells 119, in the words the console and the messages use. */
const NOTICE_WORD: Record<WithdrawingVerdict, string> = {
  FALSE_ALARM: "误报",
  TEST: "测试（非火警）",
  FAULT: "设备故障（非火警）",
};
const CENTRE_ROLES: ReadonlySet<string> = new Set<string>(ROLE_SETS.monitoringCentre);

/** The body of a withdrawal notice (docs/alert-119.md, "Withdrawal"). */
export interface WithdrawalPayload {
  version: 1;
  /** always "withdrawal": a hand-off has no such field */
  type: "withdrawal";
  alarmId: string;
  /** 119's incident number from the hand-off's acknowledgement; null when the hand-off was not acknowledged */
  incidentId: string | null;
  verdict: WithdrawingVerdict;
  verdictLabel: string;
  /** the cause or note given with the verdict (a false alarm's cause is required) */
  note: string | null;
  givenBy: {
    /** the unit's people (its control room, its manager) or the monitoring centre */
    side: "unit" | "centre";
    name: string | null;
    role: StaffRole | null;
    roleLabel: string | null;
    phone: string | null;
  };
  givenAt: string;
  /** the hand-off this withdraws: why it was sent, when, and whether 119 acknowledged it */
  handoff: { confirmedBy: ConfirmedBy | null; confirmedAt: string | null; acknowledged: boolean };
  unit: { id: string; name: string; address: string; phone: string | null; controlRoomPhone: string | null };
  trigger: { kind: string; kindLabel: string; location: string | null; startedAt: string };
  incidentUrl: string;
}

/** What the notice's timer holds: the notice as stored before it is first sent. */
interface AttemptTimer {
  alarmId: string;
  attempt: number;
  notice: WithdrawalPayload;
}

export interface WithdrawalOptions extends HandoffOptions {
  /** ALERT_119_WITHDRAW_URL; null: <url>/withdrawals */
  withdrawUrl: string | null;
}

/** the same as the hand-off's (attempt-119.ts) */
export type WithdrawalDeps = Attempt119Deps;

const attemptKey = (alarmId: string, n: number) => `centre:${alarmId}:withdraw:${n}`;
const checkKey = (alarmId: string) => `centre:${alarmId}:withdraw-check`;
const startKey = (alarmId: string) => `centre:${alarmId}:withdraw-start`;
/** the idempotency key of a withdrawal: its own, never the hand-off's (the alarm id) */
export const withdrawalIdempotencyKey = (alarmId: string) => `withdrawal:${alarmId}`;
/** whose steps, in the log */
const WHAT = "119 withdrawal";

/**
 * Where withdrawals go: ALERT_119_WITHDRAW_URL when set, else ALERT_119_URL's path with /withdrawals added (its
 * query kept). Null when neither is set, or when the two are the same (a v1 receiver would open a new incident).
 */
export function withdrawalUrl(handoffUrl: string | null, withdrawUrl: string | null): string | null {
  if (withdrawUrl) return handoffUrl && sameUrl(withdrawUrl, handoffUrl) ? null : withdrawUrl;
  if (!handoffUrl) return null;
  const u = new URL(handoffUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, "")}/${WITHDRAWAL_PATH}`;
  return u.toString();
}
const sameUrl = (a: string, b: string) => new URL(a).toString() === new URL(b).toString();

export class Withdrawal {
  readonly inflight = new InFlight();
  private readonly opts: WithdrawalOptions;
  readonly url: string | null;

  constructor(
    private readonly d: WithdrawalDeps,
    opts: Partial<WithdrawalOptions> & Pick<WithdrawalOptions, "url" | "secret" | "dutyPhone">,
  ) {
    this.opts = { ...DEFAULT_HANDOFF, withdrawUrl: null, ...opts };
    this.url = withdrawalUrl(this.opts.url, this.opts.withdrawUrl);
    if (this.opts.withdrawUrl && !this.url)
      d.log.error("ALERT_119_WITHDRAW_URL is the hand-off's own URL: withdrawals are not sent there");
  }

  /**
   * After a verdict of no fire: when a hand-off attempt was made, stores the notice and sends its first attempt
   * now, here; the check in the hand-off's fallback time. Once per alarm however often it is called (the
   * verdict, and a hand-off attempt that crossed it). True when this call started it.
   */
  async start(alarmId: string): Promise<boolean> {
    const a = await this.d.prisma.alarm.findUnique({
      where: { id: alarmId },
      select: { verdict: true, verdictAt: true, verdictBy: true, verdictCause: true },
    });
    if (!a?.verdict || a.verdict === "REAL_FIRE") return false;
    const handoff = await this.d.prisma.notification.findFirst({
      where: { alarmId, channel: "HANDOFF_119", template: HANDOFF_TEMPLATE },
      orderBy: { createdAt: "asc" },
      select: { payload: true },
    });
    if (!handoff) return false; // no hand-off attempt was made: 119 has nothing to withdraw
    const facts = await this.d.facts(alarmId);
    if (!facts) return false;
    const now = this.d.clock.now();
    const notice = await this.notice(alarmId, a.verdict, a, handoff.payload, facts, now);
    // the check first: a process that dies between the two leaves the notice to intend()'s timer, never unchecked
    await this.d.timers.schedule(
      checkKey(alarmId),
      "centre.withdraw-check",
      { alarmId },
      new Date(now.getTime() + this.opts.ackWithinMs),
    );
    const first = await this.d.timers.scheduleClaimed(
      attemptKey(alarmId, 0),
      "centre.withdraw",
      { alarmId, attempt: 0, notice } satisfies AttemptTimer,
      now,
      { owner: this.d.owner, lockedUntil: new Date(now.getTime() + TIMER_LOCK_MS) },
    );
    if (!first) return false; // started already
    this.inflight.track(runStep(this.d, first, WHAT, this.step));
    return true;
  }

  private async notice(
    alarmId: string,
    verdict: WithdrawingVerdict,
    a: { verdictAt: Date | null; verdictBy: string | null; verdictCause: string | null },
    handoffPayload: string,
    facts: IncidentFacts,
    now: Date,
  ): Promise<WithdrawalPayload> {
    const staffId = a.verdictBy?.startsWith("staff:") ? a.verdictBy.slice("staff:".length) : null;
    const who = staffId
      ? await this.d.prisma.staffUser.findUnique({
          where: { id: staffId },
          select: { name: true, role: true, phone: true },
        })
      : null;
    const sent = (JSON.parse(handoffPayload) as { body?: { confirmedBy?: ConfirmedBy; confirmedAt?: string } }).body;
    const ack = await this.handoffAck(alarmId);
    return {
      version: 1,
      type: "withdrawal",
      alarmId,
      incidentId: ack.incidentId,
      verdict,
      verdictLabel: VERDICT_LABEL[verdict],
      note: a.verdictCause,
      givenBy: {
        side: who && CENTRE_ROLES.has(who.role) ? "centre" : "unit",
        name: who?.name ?? null,
        role: who?.role ?? null,
        roleLabel: who ? STAFF_ROLE_LABEL[who.role] : null,
        phone: who?.phone ?? null,
      },
      givenAt: (a.verdictAt ?? now).toISOString(),
      handoff: {
        confirmedBy: sent?.confirmedBy ?? null,
        confirmedAt: sent?.confirmedAt ?? null,
        acknowledged: ack.acknowledged,
      },
      unit: {
        id: facts.unit.id,
        name: facts.unit.name,
        address: facts.unit.address,
        phone: facts.unit.phone,
        controlRoomPhone: facts.unit.controlRoomPhone,
      },
      trigger: {
        kind: facts.trigger.kind,
        kindLabel: facts.trigger.kindLabel,
        location: facts.keyPart?.name ?? facts.trigger.location,
        startedAt: facts.trigger.startedAt,
      },
      incidentUrl: facts.incidentUrl,
    };
  }

  /** Whether 119 acknowledged the hand-off, and its incident number. */
  private async handoffAck(alarmId: string): Promise<{ acknowledged: boolean; incidentId: string | null }> {
    const r = await this.d.prisma.notification.findFirst({
      where: { alarmId, channel: "HANDOFF_119", template: HANDOFF_TEMPLATE, status: "DELIVERED" },
      orderBy: { createdAt: "asc" },
      select: { providerId: true },
    });
    return { acknowledged: r !== null, incidentId: r?.providerId ?? null };
  }

  readonly runDueTimers = (): Promise<number> => runDueSteps(this.d, WITHDRAWAL_TIMER_KINDS, WHAT, this.step);

  /**
   * Written before a verdict of no fire on an alarm reported to 119 (centre-service.ts confirm): a timer that
   * starts the notice later should the verdict's own start not happen (its process died after recording the
   * verdict, or the start failed). Run when the start did happen, it finds the notice started and does nothing.
   */
  async intend(alarmId: string): Promise<void> {
    const now = this.d.clock.now();
    await this.d.timers.schedule(
      startKey(alarmId),
      "centre.withdraw-start",
      { alarmId },
      new Date(now.getTime() + TIMER_LOCK_MS),
    );
  }

  private readonly step = async (t: TimerRow): Promise<void> => {
    if (t.kind === "centre.withdraw") await this.attempt(JSON.parse(t.payload) as AttemptTimer);
    else if (t.kind === "centre.withdraw-start")
      await this.start((JSON.parse(t.payload) as { alarmId: string }).alarmId);
    else await this.check((JSON.parse(t.payload) as { alarmId: string }).alarmId);
  };

  /** Whether 119 has acknowledged this alarm's withdrawal notice. */
  acknowledged(alarmId: string): Promise<boolean> {
    return acknowledgedBy119(this.d.prisma, alarmId, WITHDRAWAL_TEMPLATE);
  }

  private async attempt(t: AttemptTimer): Promise<void> {
    if (await this.acknowledged(t.alarmId)) return;
    // the hand-off may have been acknowledged since the notice was stored (an attempt that crossed the verdict)
    const ack = t.notice.handoff.acknowledged ? null : await this.handoffAck(t.alarmId);
    const notice: WithdrawalPayload = ack?.acknowledged
      ? { ...t.notice, incidentId: ack.incidentId, handoff: { ...t.notice.handoff, acknowledged: true } }
      : t.notice;
    const body = JSON.stringify(notice);
    const now = this.d.clock.now();
    const row = await this.row(t, body, now);
    const n = t.attempt + 1;
    const to = { url: this.url, secret: this.opts.secret };
    const outcome = await send119(this.d.fetch ?? providerFetch, to, {
      body,
      deliveryId: row.id,
      idempotencyKey: withdrawalIdempotencyKey(t.alarmId),
      now,
      timeoutMs: this.opts.requestTimeoutMs,
    });
    const at = this.d.clock.now();
    const incidentId = outcome.incidentId ?? notice.incidentId;
    await recordAttempt(this.d.prisma, row.id, outcome, incidentId, at);
    const word = NOTICE_WORD[notice.verdict];
    if (outcome.ack) {
      await this.d.action(
        t.alarmId,
        "withdraw_119",
        `119 已收到${word}通报（第 ${n} 次${incidentId ? `，接警编号 ${incidentId}` : ""}）`,
        `centre:withdraw:${t.attempt}`,
      );
      return;
    }
    const { last, retryAt, inWords } = retryAfter(this.opts, t.attempt, !!to.url && !!to.secret, at);
    await this.d.action(
      t.alarmId,
      "withdraw_119_failed",
      `向 119 通报${word}未收到回执（第 ${n} 次：${failReason(outcome.response)}）${last ? "，不再重试，请电话告知 119" : `，${inWords}`}`,
      `centre:withdraw:${t.attempt}`,
    );
    if (!last)
      await this.d.timers.schedule(
        attemptKey(t.alarmId, n),
        "centre.withdraw",
        { ...t, attempt: n } satisfies AttemptTimer,
        retryAt,
      );
  }

  /** The attempt's Notification row (attempt-119.ts: created SENDING, or taken again after a crash). */
  private row(t: AttemptTimer, body: string, now: Date): Promise<{ id: string }> {
    const word = NOTICE_WORD[t.notice.verdict];
    const content: MessageContent = {
      template: "NOTICE",
      ...head(t.notice),
      step: `向 119 通报${word}（第 ${t.attempt + 1} 次）`,
    };
    return attemptRow(
      this.d,
      {
        alarmId: t.alarmId,
        scope: attemptKey(t.alarmId, t.attempt),
        target: this.url,
        template: WITHDRAWAL_TEMPLATE,
        content,
        body,
      },
      now,
    );
  }

  /** The fallback time after the notice: still no acknowledgement, the centre is called to phone 119. */
  private async check(alarmId: string): Promise<void> {
    if (await this.acknowledged(alarmId)) return;
    // the notice as stored by its first attempt's timer (kept, done, after it ran)
    const stored = await this.d.prisma.timer.findUnique({ where: { key: attemptKey(alarmId, 0) } });
    // its start died between the check and the notice: the start's timer stores it; this runs again after its lock
    if (!stored) throw new Error("the withdrawal notice is not stored yet");
    const { notice } = JSON.parse(stored.payload) as AttemptTimer;
    const word = NOTICE_WORD[notice.verdict];
    // the providers' reminder template: "<address>的<kind>，<advice>" (SMS), "您好，<address>发生<kind>，<advice>" (voice)
    const content: MessageContent = {
      template: "NOTICE",
      ...head(notice),
      step: `119 未确认收到${word}通报，请电话告知 119`,
      contactPhone: notice.unit.controlRoomPhone,
      note: `经确认为${VERDICT_LABEL[notice.verdict]}，119未确认收到，请电话告知119`,
    };
    await callFallback(this.d, this.opts, {
      alarmId,
      kind: "withdraw",
      content,
      unanswered: `收到${word}通报`,
      next: "，请其电话告知 119；通报继续重试",
    });
  }

  /**
   * What the console says of each alarm's notice, from what is stored: started (its first timer or attempt),
   * acknowledged (an attempt DELIVERED), or unanswered (the fallback ran, its time has passed, or it cannot be
   * sent). Absent: no notice (no hand-off was made, or the verdict was a real fire). Bounded: three reads.
   */
  async states(alarms: { id: string; verdict: AlarmVerdict | null }[]): Promise<Map<string, Withdrawal119>> {
    const out = new Map<string, Withdrawal119>();
    const ids = alarms.filter((a) => a.verdict && a.verdict !== "REAL_FIRE").map((a) => a.id);
    if (!ids.length) return out;
    const firstKeys = ids.map((id) => attemptKey(id, 0));
    const [timers, rows, fallbacks] = await Promise.all([
      // the first attempt's timer: its key says the notice was stored, its dueAt (the clock's) when
      this.d.prisma.timer.findMany({ where: { key: { in: firstKeys } }, select: { key: true, dueAt: true } }),
      this.d.prisma.notification.findMany({
        where: {
          alarmId: { in: ids },
          channel: "HANDOFF_119",
          template: WITHDRAWAL_TEMPLATE,
          OR: [{ status: "DELIVERED" }, { providerResponse: NOT_CONFIGURED }],
        },
        select: { alarmId: true, status: true, providerId: true, deliveredAt: true, sentAt: true, createdAt: true },
        orderBy: { createdAt: "asc" },
        take: ids.length * 2,
      }),
      this.d.prisma.alarmAction.findMany({
        where: { alarmId: { in: ids }, action: "withdraw_fallback" },
        select: { alarmId: true, at: true },
        take: ids.length,
      }),
    ]);
    const now = this.d.clock.now().getTime();
    const verdictOf = new Map(alarms.map((a) => [a.id, a.verdict as WithdrawingVerdict]));
    for (const id of ids) {
      const started = timers.find((t) => t.key === attemptKey(id, 0));
      if (!started) continue;
      const word = NOTICE_WORD[verdictOf.get(id)!];
      const delivered = rows.find((r) => r.alarmId === id && r.status === "DELIVERED");
      const fallback = fallbacks.find((f) => f.alarmId === id);
      const unsendable = rows.some((r) => r.alarmId === id && r.status !== "DELIVERED");
      if (delivered)
        out.set(id, {
          state: "ACKNOWLEDGED",
          label: `已向119通报${word}，119已收到${delivered.providerId ? `（接警编号 ${delivered.providerId}）` : ""}`,
          incidentId: delivered.providerId,
          at: (delivered.deliveredAt ?? delivered.createdAt).toISOString(),
        });
      else if (fallback || unsendable || now - started.dueAt.getTime() >= this.opts.ackWithinMs)
        out.set(id, {
          state: "UNANSWERED",
          label: unsendable
            ? `未能向119通报${word}（未配置推送地址），请电话告知119`
            : `已向119通报${word}，但119未确认收到，请电话告知119`,
          incidentId: null,
          at: (fallback?.at ?? started.dueAt).toISOString(),
        });
      else
        out.set(id, {
          state: "SENDING",
          label: `已向119通报${word}，等待119确认收到`,
          incidentId: null,
          at: started.dueAt.toISOString(),
        });
    }
    return out;
  }
}

/** The head of the notice's messages: its unit and trigger as stored (where in the unit already chosen). */
const head = (notice: WithdrawalPayload) =>
  incidentHead(notice.alarmId, notice.unit, notice.trigger, notice.trigger.location);
