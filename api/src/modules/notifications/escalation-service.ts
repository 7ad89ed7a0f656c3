// Turns alarm changes into notifications (STYLE habit 4: only "created", "acknowledged" and "resolved" act,
// so a redelivered device message, which the alarm engine reports as "ignored", never notifies twice).
// A fire alarm gets one durable timer per escalation step; each step, when due and the alarm still
// unacknowledged, queues its notifications in the outbox. Device problems get reminders, held back in quiet
// hours and limited per device per day. Everything is keyed, so a step or reminder that runs twice (a crash
// between queueing and marking the timer done) queues nothing new.
//
// Beside it: escalation-timers.ts (the timers' payloads and keys), alarm-notifier.ts (queueing a step's
// notifications), reminder-rounds.ts (a device problem's reminders) and escalation-deps.ts (what it is built
// with).
import { isFacilityProblem } from "../sensors/alarm-classes.ts";
import type { AlarmRecord, HeardChange } from "../alarms/alarm-service.ts";
import { KIND_LABEL, RESOLUTION_LABEL } from "../alarms/alarm.ts";
import { alarmKindLabel } from "../../contract/labels.ts";
import {
  parsePolicy,
  toSteps,
  UNREACHED_CHECK_SEC,
  UNREACHED_POLICY,
  REAL_FIRE_NOTIFY,
  REMINDER_KINDS,
  type EscalationStep,
} from "./escalation-policy.ts";
import type { TimerRow } from "./timer-repository.ts";
import { InFlight } from "../../shared/loop.ts";
import { fireMark } from "../../shared/fire-trace.ts";
import { AlarmNotifier } from "./alarm-notifier.ts";
import { ReminderRounds } from "./reminder-rounds.ts";
import type { Audience } from "./recipients.ts";
import type { StepAlarm } from "./step-queries.ts";
import type { EscalationDeps } from "./escalation-deps.ts";
import {
  CHAINED,
  TIMER_LOCK_MS,
  checkKey,
  reminderKey,
  stepKey,
  type ReminderTimer,
  type StepCheck,
  type StepTimer,
} from "./escalation-timers.ts";

/** A community's policy is read from the database at most this often per instance (a PUT here forgets it). */
const POLICY_CACHE_MS = 30_000;

/** An escalation step's reads, under way */
interface StepReads {
  alarm: Promise<StepAlarm | null>;
  audience: Promise<Audience> | null;
}

export class EscalationService {
  readonly inflight = new InFlight();
  private readonly notifier: AlarmNotifier;
  private readonly reminders: ReminderRounds;

  constructor(private readonly d: EscalationDeps) {
    this.notifier = new AlarmNotifier(d);
    this.reminders = new ReminderRounds(d, this.notifier);
  }

  /** The AlarmService listener. Never throws: a failure is logged and reconcile() catches up. */
  readonly onAlarmChange = async (change: HeardChange): Promise<void> => {
    const a = change.alarm;
    try {
      this.d.live.publish({
        type: "alarm",
        communityId: a.communityId,
        alarmId: a.id,
        at: this.d.clock.now().toISOString(),
        data: {
          outcome: change.outcome,
          kind: a.kind,
          kindLabel: alarmKindLabel(a), // a unit's alarm as the board's card and the centre's screens name it
          status: a.status,
          severity: a.severity,
          householdId: a.householdId,
          deviceId: a.deviceId,
          resolution: a.resolution,
          report119: a.report119,
          occurrences: a.occurrences,
        },
      });
      if (change.outcome === "created") {
        if (CHAINED.has(a.kind)) fireMark("raised", { alarmId: a.id, deviceId: a.deviceId });
        await this.plan(a);
      } else if (change.outcome === "acknowledged") await this.stop(a, `已确认（${a.acknowledgedBy ?? "未知"}）`);
      else if (change.outcome === "resolved") await this.closed(a);
    } catch (e) {
      this.d.log.error(
        { err: e as Error, alarmId: a.id, outcome: change.outcome },
        "could not plan notifications for an alarm change",
      );
    }
  };

  private async plan(
    a: Pick<AlarmRecord, "id" | "kind" | "communityId" | "householdId" | "startedAt"> & { unitId?: string | null },
  ): Promise<void> {
    // a networked unit's fire signal has its own chain (control room, then the unit's managers, the centre
    // and 119: modules/centre); the residents' chain would reach nobody and only raise NOTIFY_FAILED
    if (CHAINED.has(a.kind) && a.unitId && !a.householdId) return;
    if (CHAINED.has(a.kind)) {
      const steps = a.kind !== "NOTIFY_FAILED" ? await this.stepsFor(a.communityId) : toSteps(UNREACHED_POLICY);
      const place = { householdId: a.householdId, communityId: a.communityId, kind: a.kind };
      const payload = (s: EscalationStep): StepTimer => ({
        alarmId: a.id,
        step: s.index,
        label: s.label,
        notify: s.notify,
        place,
      });
      const dueAt = (s: EscalationStep) => new Date(a.startedAt.getTime() + s.afterSec * 1000);
      const later = steps
        .slice(1)
        .map((s) => ({ key: stepKey(a.id, s.index), payload: payload(s), dueAt: dueAt(s).toISOString() }));
      const now = this.d.clock.now();
      const lockedUntil = new Date(now.getTime() + TIMER_LOCK_MS);
      // One write before the first message: the first step's timer, already ours, carrying the later steps.
      // It runs straight away (not waiting for the timer loop, nor holding up the device ingest that called
      // us); it sends, then writes the later steps' timers, then is marked done. Should this process die on
      // the way, the timer is claimed again when its lock expires and the step completes, keyed, not repeated.
      // The step's reads (the alarm, who to tell) go to the database beside that write, not after it: no
      // message is written or sent before the timer is, and on PostgreSQL each is a round trip of its own
      // (docs/performance.md, "The fire path on PostgreSQL"). There the timer is written with the step's
      // messages instead, after the reads: one commit for all (firstTogether).
      const step0 = { ...payload(steps[0]!), later } satisfies StepTimer;
      const due0 = dueAt(steps[0]!);
      const reads = due0 <= now ? this.stepReads(step0) : undefined;
      if (reads && this.d.outbox.writesWithTimer) {
        if (await this.firstTogether(step0, due0, lockedUntil, reads)) return;
      } else if (reads) {
        const claim = { owner: this.d.owner, lockedUntil };
        const first = await this.d.timers.scheduleClaimed(stepKey(a.id, 0), "escalation", step0, due0, claim);
        if (first) {
          this.inflight.track(this.runClaimed(first, reads));
          return;
        }
      }
      // the chain was written before (a reconcile racing the listener), or its first step is not due yet:
      // timer by timer, each keyed
      for (const s of steps) await this.d.timers.schedule(stepKey(a.id, s.index), "escalation", payload(s), dueAt(s));
      const claimed = await this.d.timers.claimKey(stepKey(a.id, 0), this.d.owner, now, lockedUntil);
      if (claimed) this.inflight.track(this.runClaimed(claimed));
      this.d.kickTimers();
    } else if (REMINDER_KINDS.has(a.kind) || isFacilityProblem(a.kind)) {
      // a facility not ready (water, pressure, pump, power, electrical fire...): the place's duty staff
      await this.d.timers.schedule(
        reminderKey(a.id, 0),
        "reminder",
        { alarmId: a.id, round: 0 } satisfies ReminderTimer,
        this.d.clock.now(),
      );
      this.d.kickTimers();
    }
  }

  private readonly policies = new Map<string, { steps: EscalationStep[]; readAt: number }>();

  /** The community's chain (cached for POLICY_CACHE_MS: a fire alarm should not wait for a policy read). */
  async stepsFor(communityId: string | null): Promise<EscalationStep[]> {
    const cached = communityId ? this.policies.get(communityId) : undefined;
    if (cached && Date.now() - cached.readAt < POLICY_CACHE_MS) return cached.steps;
    const row = communityId ? await this.d.prisma.escalationPolicy.findUnique({ where: { communityId } }) : null;
    const { steps, problem } = parsePolicy(row?.steps);
    if (problem) this.d.log.warn({ communityId, problem }, "escalation policy unusable; using the defaults");
    if (communityId) this.policies.set(communityId, { steps, readAt: Date.now() });
    return steps;
  }

  /** After a policy was changed through this instance: read it afresh next time. */
  forgetPolicy(communityId: string): void {
    this.policies.delete(communityId);
  }

  private async stop(a: AlarmRecord, why: string): Promise<void> {
    const now = this.d.clock.now();
    const timers = await this.d.timers.cancel(`alarm:${a.id}:step:`, now);
    const rows = await this.d.outbox.cancelForAlarm(a.id, ["ACTIVE"], why);
    if (a.kind === "FIRE")
      this.d.console?.line(
        `✅ [${KIND_LABEL[a.kind]}] ${why}：升级已停止（取消 ${timers} 个后续步骤、${rows} 条待发通知）`,
      );
  }

  private async closed(a: AlarmRecord): Promise<void> {
    const label = a.resolution ? RESOLUTION_LABEL[a.resolution as keyof typeof RESOLUTION_LABEL] : "已关闭";
    await this.stop(a, `已处理：${label}`);
    if (a.kind === "FIRE") await this.d.unreached?.clear(a.deviceId, a.id);
    await this.d.timers.cancel(`alarm:${a.id}:reminder:`, this.d.clock.now());
    await this.d.outbox.cancelForAlarm(a.id, ["OPEN"], `已处理：${label}`);
    if (a.resolution === "REAL_FIRE") await this.realFire(a.id);
  }

  /** "Real fire": the supervisor(s) are told at once, whatever step the chain had reached. */
  private async realFire(alarmId: string): Promise<void> {
    const alarm = await this.notifier.load(alarmId);
    if (!alarm) return;
    const content = this.notifier.content(alarm, "FIRE_REAL", "现场确认真实火情，已标记 119");
    const n = await this.notifier.queue({
      alarm,
      notify: REAL_FIRE_NOTIFY,
      content,
      scope: `alarm:${alarmId}:real`,
      cancelUnless: null,
    });
    await this.notifier.action(alarmId, "dispatched", `真实火情：已通知消防监督员（${n} 条通知）`, "escalation:real");
    this.d.kickOutbox();
  }

  /** Runs due timers (the timer loop's body). */
  readonly runDueTimers = async (): Promise<number> => {
    const now = this.d.clock.now();
    const due = await this.d.timers.claimDue(this.d.owner, now, new Date(now.getTime() + TIMER_LOCK_MS), 20, [
      "escalation",
      "reminder",
      "step-check",
    ]);
    for (const t of due) await this.runClaimed(t);
    return due.length;
  };

  /** `reads`: the escalation step's reads, started already (plan) */
  private async runClaimed(t: TimerRow, reads?: StepReads): Promise<void> {
    try {
      const postpone = await this.fire(t, reads);
      if (postpone) await this.d.timers.postpone(t.id, this.d.owner, postpone);
      else await this.d.timers.done(t.id, this.d.owner, this.d.clock.now());
    } catch (e) {
      // left locked: claimed again when the lock expires; the handlers are idempotent
      this.d.log.error({ err: e as Error, timer: t.key }, "timer failed");
    }
  }

  private async fire(t: TimerRow, reads?: StepReads): Promise<Date | null> {
    if (t.kind === "escalation") await this.runStep(JSON.parse(t.payload) as StepTimer, reads);
    else if (t.kind === "reminder") return this.reminders.run(JSON.parse(t.payload) as ReminderTimer);
    else if (t.kind === "step-check") await this.checkStep(JSON.parse(t.payload) as StepCheck);
    return null;
  }

  /**
   * A fire alarm still waiting for someone, whose step has not reached a single person since it ran (every
   * send failed or is still being retried, or there was nobody to send to): that is an alarm of its own for
   * the duty staff and the supervisors (issue 12 item 4). Sends reported by the console printout do not count.
   */
  private async checkStep(c: StepCheck): Promise<void> {
    const alarm = await this.d.prisma.alarm.findUnique({
      where: { id: c.alarmId },
      select: { id: true, deviceId: true, communityId: true, status: true, kind: true },
    });
    if (!alarm || alarm.kind !== "FIRE" || alarm.status !== "ACTIVE") return;
    const rows = await this.d.prisma.notification.findMany({
      where: {
        alarmId: alarm.id,
        dedupeKey: { startsWith: `${stepKey(alarm.id, c.step)}:` },
        channel: { not: "CONSOLE" },
      },
      select: { status: true },
    });
    if (rows.some((r) => r.status === "SENT" || r.status === "DELIVERED")) return;
    const failed = rows.filter((r) => r.status === "FAILED").length;
    const pending = rows.filter((r) => r.status === "QUEUED" || r.status === "SENDING").length;
    const why = rows.length ? `${failed} 条发送失败${pending ? `，${pending} 条仍在重试` : ""}` : "没有可通知的人";
    const note = `第 ${c.step + 1} 步“${c.label}”无人收到通知（${why}）`;
    this.d.log.error(
      { alarmId: alarm.id, step: c.step, failed, pending, rows: rows.length },
      "escalation step reached nobody",
    );
    this.d.onUnreached?.();
    await this.notifier.action(alarm.id, "notify_failed", `${note}：已通知物业值班和消防监督员`, `unreached:${c.step}`);
    await this.d.unreached?.raise(alarm, c.step, note);
  }

  /**
   * A step's reads, started at once: the recipients are looked up while the alarm is read (both needed
   * before the first message leaves). Awaited by runStep; a failure surfaces there, not as an unhandled
   * rejection, and reads never awaited (the timer was written before) are dropped.
   */
  private stepReads(s: StepTimer): StepReads {
    const audience = s.place
      ? this.notifier.audience(s.notify, s.place, this.d.wechatTemplates.alarm, this.d.clock.now())
      : null;
    const alarm = this.notifier.load(s.alarmId);
    audience?.catch(() => undefined);
    alarm.catch(() => undefined);
    return { alarm, audience };
  }

  private async runStep(s: StepTimer, reads = this.stepReads(s)): Promise<void> {
    const { audience } = reads;
    const alarm = await reads.alarm;
    if (!alarm || alarm.status === "RESOLVED" || (s.step > 0 && alarm.status !== "ACTIVE")) return;
    const content = this.notifier.content(alarm, s.step === 0 ? "FIRE_ALARM" : "FIRE_ESCALATION", s.label);
    const n = await this.notifier.queue({
      alarm,
      notify: s.notify,
      content,
      scope: stepKey(alarm.id, s.step),
      cancelUnless: s.step === 0 ? null : "ACTIVE",
      audience: (await audience) ?? undefined,
    });
    await this.stepQueued(alarm, s, n);
  }

  /**
   * The first step on PostgreSQL: its timer, claimed, written in the statement that writes its messages
   * (AlarmNotifier.queueWithTimer), so the first message waits for one commit, not the timer's and then its
   * own. The reads come first; no message is written or sent without the timer, nor the timer without them.
   * False when the timer was there (another run's), the alarm is gone or closed, or a read or the write failed:
   * then the timers are written one by one as before, and a step that failed here is run again from its timer.
   * (A write that committed but whose answer was lost leaves its timer and messages locked by this instance; each
   * is taken up again when its lock expires, the messages asking their provider before sending again.)
   */
  private async firstTogether(s: StepTimer, dueAt: Date, lockedUntil: Date, reads: StepReads): Promise<boolean> {
    const key = stepKey(s.alarmId, 0);
    const together = async () => {
      const alarm = await reads.alarm;
      if (!alarm || alarm.status === "RESOLVED") return null;
      const timer = { key, kind: "escalation", payload: JSON.stringify(s), dueAt, lockedBy: this.d.owner, lockedUntil };
      const content = this.notifier.content(alarm, "FIRE_ALARM", s.label);
      const audience = (await reads.audience) ?? undefined;
      const m = { alarm, notify: s.notify, content, scope: key, cancelUnless: null, audience };
      const written = await this.notifier.queueWithTimer(m, timer);
      return written && { alarm, ...written };
    };
    const written = await together().catch((e: Error) => {
      this.d.log.warn({ err: e, timer: key }, "first step not written with its timer; writing its timer alone");
      return null;
    });
    if (!written) return false;
    const { alarm } = written;
    // the rest as runClaimed does it: a failure leaves the timer locked, claimed again when its lock expires
    const rest = async () => {
      try {
        await this.stepQueued(alarm, s, written.sent);
        await this.d.timers.done(written.timer.id, this.d.owner, this.d.clock.now());
      } catch (e) {
        this.d.log.error({ err: e as Error, timer: key }, "timer failed");
      }
    };
    this.inflight.track(rest());
    return true;
  }

  /** After a step's messages are queued: its check, the later steps' timers, the record of what it did. */
  private async stepQueued(alarm: StepAlarm, s: StepTimer, n: number): Promise<void> {
    // the step's check and the later steps' timers in one transaction (each keyed: a step run again after a
    // crash writes only those missing)
    const now = this.d.clock.now();
    const timers: { key: string; kind: string; payload: unknown; dueAt: Date }[] = [];
    if (alarm.kind === "FIRE")
      timers.push({
        key: checkKey(alarm.id, s.step),
        kind: "step-check",
        payload: { alarmId: alarm.id, step: s.step, label: s.label } satisfies StepCheck,
        dueAt: new Date(now.getTime() + UNREACHED_CHECK_SEC * 1000),
      });
    for (const t of s.later ?? [])
      timers.push({ key: t.key, kind: "escalation", payload: t.payload, dueAt: new Date(t.dueAt) });
    if (timers.length) await this.d.timers.scheduleMany(timers);
    if (s.later?.some((t) => new Date(t.dueAt) <= now)) this.d.kickTimers(); // an old alarm planned late
    await this.afterStep(alarm, s, n);
  }

  /** The record of a step that ran: escalation level, the alarm's history, the live feed. */
  private async afterStep(
    alarm: { id: string; communityId: string | null },
    s: { step: number; label: string },
    n: number,
  ): Promise<void> {
    if (s.step > 0)
      await this.d.prisma.alarm.updateMany({
        where: { id: alarm.id, escalationLevel: { lt: s.step } },
        data: { escalationLevel: s.step },
      });
    await this.notifier.action(
      alarm.id,
      s.step === 0 ? "notified" : "escalated",
      `${s.label}（${n} 条通知）`,
      `escalation:${s.step}`,
    );
    this.d.live.publish({
      type: "escalation",
      communityId: alarm.communityId,
      alarmId: alarm.id,
      at: this.d.clock.now().toISOString(),
      data: { step: s.step, label: s.label, notifications: n },
    });
    this.d.kickOutbox();
  }

  /** The next escalation step of an unacknowledged fire alarm and when it is due, for the alarm screen. */
  async nextStep(alarmId: string, status: string): Promise<{ label: string; at: string } | null> {
    if (status !== "ACTIVE") return null;
    const [next] = await this.d.timers.pending(`alarm:${alarmId}:step:`);
    if (!next) return null;
    return { label: (JSON.parse(next.payload) as StepTimer).label, at: next.dueAt.toISOString() };
  }

  /**
   * Open alarms whose plan never got written (the process died between the alarm and its listener): plans
   * them now. Bounded: the newest 500 open alarms.
   */
  async reconcile(): Promise<number> {
    const open = await this.d.prisma.alarm.findMany({
      where: { status: { not: "RESOLVED" } },
      orderBy: { startedAt: "desc" },
      take: 500,
      select: {
        id: true,
        kind: true,
        status: true,
        communityId: true,
        householdId: true,
        unitId: true,
        startedAt: true,
      },
    });
    const wanted = open.filter(
      (a) =>
        (CHAINED.has(a.kind) && a.status === "ACTIVE" && !(a.unitId && !a.householdId)) ||
        REMINDER_KINDS.has(a.kind) ||
        isFacilityProblem(a.kind),
    );
    const have = await this.d.timers.existing(
      wanted.map((a) => (CHAINED.has(a.kind) ? stepKey(a.id, 0) : reminderKey(a.id, 0))),
    );
    let planned = 0;
    for (const a of wanted) {
      if (have.has(CHAINED.has(a.kind) ? stepKey(a.id, 0) : reminderKey(a.id, 0))) continue;
      await this.plan(a);
      planned++;
    }
    return planned;
  }
}
