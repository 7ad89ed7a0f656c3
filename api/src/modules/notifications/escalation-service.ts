// Turns alarm changes into notifications (STYLE habit 4: only "created", "acknowledged" and "resolved" act,
// so a redelivered device message, which the alarm engine reports as "ignored", never notifies twice).
// A fire alarm gets one durable timer per escalation step; each step, when due and the alarm still
// unacknowledged, queues its notifications in the outbox. Device problems get reminders, held back in quiet
// hours and limited per device per day. Everything is keyed, so a step or reminder that runs twice (a crash
// between queueing and marking the timer done) queues nothing new.
import { isFacilityProblem } from "../sensors/alarm-classes.ts";
import type { AlarmKind, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { AlarmChange, AlarmRecord } from "../alarms/alarm-service.ts";
import { KIND_LABEL, RESOLUTION_LABEL } from "../alarms/alarm.ts";
import type { ConsoleChannel } from "../../channels/console-channel.ts";
import {
  parsePolicy,
  toSteps,
  UNREACHED_CHECK_SEC,
  UNREACHED_POLICY,
  QUIET_KINDS,
  REAL_FIRE_NOTIFY,
  REMINDER_KINDS,
  REMINDERS,
  localTime,
  quietUntil,
  type EscalationStep,
  type QuietHours,
} from "./escalation-policy.ts";
import {
  alarmMessage,
  dedupeKey,
  fallbackOf,
  targetFor,
  type MessageContent,
  type NotificationPayload,
  type TemplateName,
} from "./notification.ts";
import type { ClaimedNotification, NewNotification, OutboxRepository } from "./outbox-repository.ts";
import type { AlarmPlace, Recipient, RecipientDirectory } from "./recipients.ts";
import type { TimerRepository, TimerRow } from "./timer-repository.ts";
import type { LiveFeed } from "./live-feed.ts";
import { InFlight } from "./loop.ts";
import { fireMark } from "../../shared/fire-trace.ts";
import type { StepAlarm, StepQueries } from "./step-queries.ts";

interface StepTimer {
  alarmId: string;
  step: number;
  label: string;
  notify: EscalationStep["notify"];
  /** where the alarm is (known when the chain is planned): recipients are looked up while the alarm is read */
  place?: { householdId: string | null; communityId: string | null; kind: AlarmKind };
  /**
   * On the first step only: the later steps' timers, which the first step writes once its messages are on
   * their way (idempotently: a first step run again after a crash writes the ones missing).
   */
  later?: { key: string; payload: StepTimer; dueAt: string }[];
}

/** Who a step reaches, looked up ahead: per notify entry its people, and their WeChat consents. */
interface Audience {
  people: Recipient[][];
  consents: Map<string, { longTerm: boolean }>;
}

/** A community's policy is read from the database at most this often per instance (a PUT here forgets it). */
const POLICY_CACHE_MS = 30_000;

interface ReminderTimer {
  alarmId: string;
  round: number;
}

/** Whether a fire alarm's step reached anyone, asked UNREACHED_CHECK_SEC after it ran. */
interface StepCheck {
  alarmId: string;
  step: number;
  label: string;
}

/** The alarm engine's side of an unreached step (AlarmService.raiseUnreached / clearUnreached). */
export interface UnreachedPort {
  raise(
    fire: { id: string; deviceId: string; communityId: string | null },
    step: number,
    note: string,
  ): Promise<unknown>;
  clear(deviceId: string, fireAlarmId: string): Promise<unknown>;
}

export interface EscalationDeps {
  prisma: Prisma;
  timers: TimerRepository;
  outbox: OutboxRepository;
  recipients: RecipientDirectory;
  live: LiveFeed;
  clock: Clock;
  log: Logger;
  owner: string;
  wechatTemplates: { alarm: string; reminder: string };
  quiet: QuietHours;
  console: ConsoleChannel | null;
  kickOutbox: () => void;
  kickTimers: () => void;
  /** sends rows stored already claimed by this instance (OutboxWorker.dispatch) */
  dispatch: (rows: ClaimedNotification[], alarmStatus: string) => void;
  sendLockMs: number;
  /** set once the alarm engine exists (the composition root wires it) */
  unreached?: UnreachedPort;
  /** counted on /metrics */
  onUnreached?: () => void;
  /** the alarm read in one prepared statement (step-queries.ts); absent: through Prisma */
  queries?: StepQueries;
}

const TIMER_LOCK_MS = 30_000;
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";
const stepKey = (alarmId: string, step: number) => `alarm:${alarmId}:step:${step}`;
const reminderKey = (alarmId: string, round: number) => `alarm:${alarmId}:reminder:${round}`;
const checkKey = (alarmId: string, step: number) => `alarm:${alarmId}:check:${step}`;
/** Alarms with an escalation chain: a fire, and a fire nobody could be told about. */
// a pressed call point and a gas leak are fire-class (issue 15): the place's fire chain, like smoke
const CHAINED: ReadonlySet<AlarmKind> = new Set(["FIRE", "NOTIFY_FAILED", "CALL_POINT", "GAS_LEAK"]);

export class EscalationService {
  readonly inflight = new InFlight();

  constructor(private readonly d: EscalationDeps) {}

  /** The AlarmService listener. Never throws: a failure is logged and reconcile() catches up. */
  readonly onAlarmChange = async (change: AlarmChange & { alarm: AlarmRecord }): Promise<void> => {
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
          kindLabel: KIND_LABEL[a.kind],
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
      const first =
        dueAt(steps[0]!) > now
          ? null
          : await this.d.timers.scheduleClaimed(
              stepKey(a.id, 0),
              "escalation",
              { ...payload(steps[0]!), later } satisfies StepTimer,
              dueAt(steps[0]!),
              { owner: this.d.owner, lockedUntil },
            );
      if (first) {
        this.inflight.track(this.runClaimed(first));
        return;
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
    const alarm = await this.load(alarmId);
    if (!alarm) return;
    const content = this.content(alarm, "FIRE_REAL", "现场确认真实火情，已标记 119");
    const n = await this.queue(alarm, REAL_FIRE_NOTIFY, content, `alarm:${alarmId}:real`, null);
    await this.action(alarmId, "dispatched", `真实火情：已通知消防监督员（${n} 条通知）`, "escalation:real");
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

  private async runClaimed(t: TimerRow): Promise<void> {
    try {
      const postpone = await this.fire(t);
      if (postpone) await this.d.timers.postpone(t.id, this.d.owner, postpone);
      else await this.d.timers.done(t.id, this.d.owner, this.d.clock.now());
    } catch (e) {
      // left locked: claimed again when the lock expires; the handlers are idempotent
      this.d.log.error({ err: e as Error, timer: t.key }, "timer failed");
    }
  }

  private async fire(t: TimerRow): Promise<Date | null> {
    if (t.kind === "escalation") await this.runStep(JSON.parse(t.payload) as StepTimer);
    else if (t.kind === "reminder") return this.runReminder(JSON.parse(t.payload) as ReminderTimer);
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
    await this.action(alarm.id, "notify_failed", `${note}：已通知物业值班和消防监督员`, `unreached:${c.step}`);
    await this.d.unreached?.raise(alarm, c.step, note);
  }

  private async runStep(s: StepTimer): Promise<void> {
    // the recipients are looked up while the alarm is read (both needed before the first message leaves)
    const audience = s.place
      ? this.audience(s.notify, s.place, this.d.wechatTemplates.alarm, this.d.clock.now())
      : null;
    audience?.catch(() => undefined); // awaited below; a failure surfaces there, not as an unhandled rejection
    const alarm = await this.load(s.alarmId);
    if (!alarm || alarm.status === "RESOLVED" || (s.step > 0 && alarm.status !== "ACTIVE")) return;
    const content = this.content(alarm, s.step === 0 ? "FIRE_ALARM" : "FIRE_ESCALATION", s.label);
    const n = await this.queue(
      alarm,
      s.notify,
      content,
      stepKey(alarm.id, s.step),
      s.step === 0 ? null : "ACTIVE",
      (await audience) ?? undefined,
    );
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
    await this.action(
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

  /** A reminder round; returns when to try again if quiet hours hold it back. */
  private async runReminder(r: ReminderTimer): Promise<Date | null> {
    const alarm = await this.load(r.alarmId);
    if (!alarm || alarm.status === "RESOLVED") return null;
    const now = this.d.clock.now();
    if (QUIET_KINDS.has(alarm.kind)) {
      const until = quietUntil(now, this.d.quiet);
      if (until) return until;
    }
    if (await this.takeQuota(alarm.deviceId, now)) {
      const content = this.content(
        alarm,
        "DEVICE_REMINDER",
        r.round === 0 ? "设备异常提醒" : `设备异常仍未处理（第 ${r.round + 1} 次提醒）`,
      );
      const n = await this.queue(alarm, REMINDERS.notify, content, reminderKey(alarm.id, r.round), "OPEN");
      await this.action(
        alarm.id,
        "reminded",
        alarm.unitId && !alarm.householdId ? `提醒单位值班人员（${n} 条通知）` : `提醒住户和物业（${n} 条通知）`,
        `reminder:${r.round}`,
      );
      this.d.kickOutbox();
    }
    await this.d.timers.schedule(
      reminderKey(alarm.id, r.round + 1),
      "reminder",
      { alarmId: alarm.id, round: r.round + 1 } satisfies ReminderTimer,
      new Date(now.getTime() + REMINDERS.intervalSec * 1000),
    );
    return null;
  }

  /** One of the device's reminder slots for today (local date), or false when they are used up. */
  private async takeQuota(deviceId: string, now: Date): Promise<boolean> {
    const day = localTime(now, this.d.quiet.timeZone).date;
    for (let slot = 0; slot < REMINDERS.perDevicePerDay; slot++) {
      if (await this.d.timers.mark(`quota:reminder:${deviceId}:${day}:${slot}`, now)) return true;
    }
    return false;
  }

  private load(id: string): Promise<StepAlarm | null> {
    if (this.d.queries) return this.d.queries.alarm(id);
    return this.d.prisma.alarm.findUnique({
      where: { id },
      include: {
        device: { select: { room: true, name: true } },
        household: { include: { unit: { include: { building: { include: { community: true } } } } } },
        community: { select: { name: true, propertyCompany: { select: { contactPhone: true } } } },
        unit: { select: { name: true, controlRoomPhone: true } },
      },
    });
  }

  private content(alarm: StepAlarm, template: TemplateName, step: string): MessageContent {
    return alarmMessage(alarm, template, step);
  }

  /**
   * Queues one row per recipient and channel. A channel the recipient cannot get (no openid, no WeChat
   * subscription, no phone, not staff) is replaced by its fallback. Returns how many rows are new; a console
   * line summarises the step when the console channel is on.
   */
  /** Everyone a step reaches, every notify entry looked up at once, and their WeChat consents in one query. */
  private async audience(
    notify: EscalationStep["notify"],
    place: AlarmPlace,
    templateId: string,
    at: Date,
  ): Promise<Audience> {
    const people = await Promise.all(notify.map((entry) => this.d.recipients.resolve(entry.targets, place, at)));
    const residents = [...new Set(people.flat().flatMap((p) => (p.residentId ? [p.residentId] : [])))];
    return { people, consents: await this.d.recipients.wechatConsents(residents, templateId) };
  }

  /**
   * One row per recipient and channel. A channel the recipient cannot get (no openid, no WeChat
   * subscription, no phone, not staff) is replaced by its fallback. `oneTime`: WeChat rows (by key) that use up
   * a one-time subscription of this resident.
   */
  private buildRows(
    alarmId: string,
    notify: EscalationStep["notify"],
    content: MessageContent,
    scope: string,
    cancelUnless: NotificationPayload["cancelUnless"],
    audience: Audience,
    now: Date,
  ) {
    const rows = new Map<string, NewNotification>();
    const oneTime = new Map<string, string>();
    for (const [i, entry] of notify.entries()) {
      for (const p of audience.people[i] ?? []) {
        for (const wanted of entry.channels) {
          let channel = wanted;
          let target = targetFor(channel, p);
          const noWechat = channel === "WECHAT" && (!p.residentId || !audience.consents.has(p.residentId));
          if (!target || noWechat) {
            const fb = fallbackOf(channel, content.template);
            channel = fb ?? channel;
            target = fb ? targetFor(fb, p) : null;
          }
          if (!target) continue;
          const key = dedupeKey(scope, p.key, channel);
          if (rows.has(key)) continue;
          if (channel === "WECHAT" && p.residentId && !audience.consents.get(p.residentId)?.longTerm)
            oneTime.set(key, p.residentId);
          const contact = { name: p.name, phone: p.phone, openid: p.openid, staffId: p.staffId };
          rows.set(key, {
            alarmId,
            channel,
            recipient: p.key,
            target,
            template: content.template,
            payload: { content, contact, cancelUnless },
            dedupeKey: key,
            dueAt: now,
          });
        }
      }
    }
    return { rows, oneTime };
  }

  /** With the console channel on, one line summing up the step (the demo). */
  private addSummaryRow(
    rows: Map<string, NewNotification>,
    alarmId: string,
    content: MessageContent,
    scope: string,
    cancelUnless: NotificationPayload["cancelUnless"],
    now: Date,
  ): void {
    if (!this.d.console || !rows.size) return;
    const by = [...rows.values()].reduce<Record<string, number>>(
      (m, r) => ({ ...m, [r.channel]: (m[r.channel] ?? 0) + 1 }),
      {},
    );
    const note = `${new Set([...rows.values()].map((r) => r.recipient)).size} 人 · ${Object.entries(by)
      .map(([c, k]) => `${CHANNEL_LABEL[c] ?? c} ${k}`)
      .join("，")}`;
    const key = dedupeKey(scope, "system:console", "CONSOLE");
    rows.set(key, {
      alarmId,
      channel: "CONSOLE",
      recipient: "system:console",
      target: "console",
      template: "STEP_SUMMARY",
      payload: {
        content: { ...content, note },
        contact: { name: null, phone: null, openid: null, staffId: null },
        cancelUnless,
      },
      dedupeKey: key,
      dueAt: now,
    });
  }

  /**
   * Queues one row per recipient and channel and sends each as soon as it is written. Returns how many rows
   * are new; a console line summarises the step when the console channel is on.
   */
  private async queue(
    alarm: {
      id: string;
      kind: AlarmKind;
      status: string;
      householdId: string | null;
      communityId: string | null;
      unitId?: string | null;
    },
    notify: EscalationStep["notify"],
    content: MessageContent,
    scope: string,
    cancelUnless: NotificationPayload["cancelUnless"],
    ahead?: Audience,
  ): Promise<number> {
    const now = this.d.clock.now();
    const templateId =
      content.template === "DEVICE_REMINDER" ? this.d.wechatTemplates.reminder : this.d.wechatTemplates.alarm;
    const { rows, oneTime } = this.buildRows(
      alarm.id,
      notify,
      content,
      scope,
      cancelUnless,
      ahead ?? (await this.audience(notify, alarm, templateId, now)),
      now,
    );
    for (const [key, residentId] of oneTime) {
      if (await this.d.outbox.exists(key)) continue; // written in an earlier run of this step: its subscription was used then
      if (!(await this.d.recipients.useOneTime(residentId, templateId))) rows.delete(key); // none left: the SMS row covers them
    }
    this.addSummaryRow(rows, alarm.id, content, scope, cancelUnless, now);
    const claimed = await this.d.outbox.enqueueClaimed(
      [...rows.values()],
      this.d.owner,
      new Date(now.getTime() + this.d.sendLockMs),
      (row) => this.d.dispatch([row], alarm.status),
    );
    return claimed.length;
  }

  private async action(alarmId: string, action: string, note: string, eventKey: string): Promise<void> {
    try {
      await this.d.prisma.alarmAction.create({
        data: { alarmId, action, actor: "system", note, eventKey, at: this.d.clock.now() },
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // a step that ran again after a crash: recorded already
    }
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

const CHANNEL_LABEL: Record<string, string> = {
  WECHAT: "微信",
  SMS: "短信",
  VOICE: "电话",
  PUSH: "值班屏",
  CONSOLE: "控制台",
};
