// A device problem's reminders (low battery, offline, a facility not ready...): one round a timer, held back in
// quiet hours for the kinds that may wait, limited per device per day, each round scheduling the next. Run by
// the escalation service's timer loop (escalation-service.ts) beside the fire chain's steps.
import type { AlarmNotifier } from "./alarm-notifier.ts";
import type { EscalationDeps } from "./escalation-deps.ts";
import { QUIET_KINDS, REMINDERS, localTime, quietUntil } from "./escalation-policy.ts";
import { reminderKey, type ReminderTimer } from "./escalation-timers.ts";

export class ReminderRounds {
  constructor(
    private readonly d: Pick<EscalationDeps, "clock" | "quiet" | "timers" | "kickOutbox">,
    private readonly notifier: AlarmNotifier,
  ) {}

  /** A reminder round; returns when to try again if quiet hours hold it back. */
  async run(r: ReminderTimer): Promise<Date | null> {
    const alarm = await this.notifier.load(r.alarmId);
    if (!alarm || alarm.status === "RESOLVED") return null;
    const now = this.d.clock.now();
    if (QUIET_KINDS.has(alarm.kind)) {
      const until = quietUntil(now, this.d.quiet);
      if (until) return until;
    }
    if (await this.takeQuota(alarm.deviceId, now)) {
      const content = this.notifier.content(
        alarm,
        "DEVICE_REMINDER",
        r.round === 0 ? "设备异常提醒" : `设备异常仍未处理（第 ${r.round + 1} 次提醒）`,
      );
      const scope = reminderKey(alarm.id, r.round);
      const n = await this.notifier.queue({ alarm, notify: REMINDERS.notify, content, scope, cancelUnless: "OPEN" });
      await this.notifier.action(
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
}
