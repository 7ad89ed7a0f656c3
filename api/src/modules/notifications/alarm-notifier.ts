// Queues an alarm's notifications in the outbox for the escalation service: the alarm as a step reads it,
// who a step reaches, one row per recipient and channel (a fallback where a channel cannot reach them), the
// console's summary line, and the alarm's history record of what was done.
import type { AlarmKind, NotificationChannel } from "../../db/client.ts";
import { NOTIFICATION_CHANNEL_LABEL } from "../../contract/labels.ts";
import type { EscalationDeps } from "./escalation-deps.ts";
import type { EscalationStep } from "./escalation-policy.ts";
import {
  alarmMessage,
  dedupeKey,
  fallbackOf,
  targetFor,
  type MessageContent,
  type NotificationPayload,
  type TemplateName,
} from "./notification.ts";
import type { NewNotification } from "./outbox-repository.ts";
import type { AlarmPlace, Audience } from "./recipients.ts";
import type { TimerRow, TimerWrite } from "./timer-repository.ts";
import type { StepAlarm } from "./step-queries.ts";

/** What an escalation step, a reminder or a real-fire notice sends, and to whom */
export interface StepMessages {
  alarm: {
    id: string;
    kind: AlarmKind;
    status: string;
    householdId: string | null;
    communityId: string | null;
    unitId?: string | null;
  };
  notify: EscalationStep["notify"];
  content: MessageContent;
  /** the rows' dedupe keys start with it */
  scope: string;
  cancelUnless: NotificationPayload["cancelUnless"];
  /** who it reaches, looked up ahead; absent: looked up now */
  audience?: Audience;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export class AlarmNotifier {
  constructor(
    private readonly d: Pick<
      EscalationDeps,
      | "prisma"
      | "clock"
      | "recipients"
      | "outbox"
      | "owner"
      | "wechatTemplates"
      | "console"
      | "dispatch"
      | "sendLockMs"
      | "queries"
    >,
  ) {}

  load(id: string): Promise<StepAlarm | null> {
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

  content(alarm: StepAlarm, template: TemplateName, step: string): MessageContent {
    return alarmMessage(alarm, template, step);
  }

  /** Everyone a step reaches, every notify entry looked up at once, with their WeChat consents. */
  audience(notify: EscalationStep["notify"], place: AlarmPlace, templateId: string, at: Date): Promise<Audience> {
    return this.d.recipients.audience(
      notify.map((entry) => entry.targets),
      place,
      at,
      templateId,
    );
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
      .map(([c, k]) => `${CHANNEL_LABEL[c as NotificationChannel]} ${k}`)
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
  async queue(m: StepMessages): Promise<number> {
    const rows = await this.rowsFor(m);
    const claimed = await this.d.outbox.enqueueClaimed(rows, this.d.owner, this.sendLock(), (row) =>
      this.d.dispatch([row], m.alarm.status),
    );
    return claimed.length;
  }

  /**
   * As `queue`, the rows written with the step's own timer, claimed by this instance, in one statement
   * (PostgreSQL: OutboxRepository.enqueueWithTimer). Null when the timer's key was another run's: nothing was
   * written, nothing sent.
   */
  async queueWithTimer(
    m: StepMessages,
    timer: TimerWrite & { lockedBy: string; lockedUntil: Date },
  ): Promise<{ timer: TimerRow; sent: number } | null> {
    const rows = await this.rowsFor(m);
    const written = await this.d.outbox.enqueueWithTimer(timer, rows, this.sendLock(), (row) =>
      this.d.dispatch([row], m.alarm.status),
    );
    return written.timer ? { timer: written.timer, sent: written.claimed.length } : null;
  }

  /** Until when rows written now are this instance's to send */
  private sendLock(): Date {
    return new Date(this.d.clock.now().getTime() + this.d.sendLockMs);
  }

  /** A step's rows: one a recipient and channel, one-time subscriptions used, and the console's summary line. */
  private async rowsFor({ alarm, notify, content, scope, cancelUnless, audience }: StepMessages) {
    const now = this.d.clock.now();
    const templateId =
      content.template === "DEVICE_REMINDER" ? this.d.wechatTemplates.reminder : this.d.wechatTemplates.alarm;
    const { rows, oneTime } = this.buildRows(
      alarm.id,
      notify,
      content,
      scope,
      cancelUnless,
      audience ?? (await this.audience(notify, alarm, templateId, now)),
      now,
    );
    for (const [key, residentId] of oneTime) {
      if (await this.d.outbox.exists(key)) continue; // written in an earlier run of this step: its subscription was used then
      if (!(await this.d.recipients.useOneTime(residentId, templateId))) rows.delete(key); // none left: the SMS row covers them
    }
    this.addSummaryRow(rows, alarm.id, content, scope, cancelUnless, now);
    return [...rows.values()];
  }

  async action(alarmId: string, action: string, note: string, eventKey: string): Promise<void> {
    try {
      await this.d.prisma.alarmAction.create({
        data: { alarmId, action, actor: "system", note, eventKey, at: this.d.clock.now() },
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // a step that ran again after a crash: recorded already
    }
  }
}

/**
 * Every channel's one word (the contract's, labels.ts), checked both ways against the database's enum: a channel
 * added to the schema without its word, or a word for a channel that is not there, does not compile.
 */
const CHANNEL_LABEL: Record<NotificationChannel, string> = NOTIFICATION_CHANNEL_LABEL;
type SameChannels = [keyof typeof NOTIFICATION_CHANNEL_LABEL] extends [NotificationChannel] ? true : never;
const sameChannels: SameChannels = true;
void sameChannels;
