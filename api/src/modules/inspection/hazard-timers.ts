// A hazard's reminders and overdue chain as durable timers (Timer rows, kind "hazard"): the reminder before
// the deadline, then overdue, escalated to the responsible person, escalated to the regulators (stepsFor in
// hazard-rules.ts). A step runs once across API instances because its outbox rows are keyed per step and it
// is recorded by raising Hazard.escalationLevel (dueSoonSent for the reminder) with a conditional update, so
// a step that half ran is completed, never repeated; a timer of an earlier assignment (another generation)
// does nothing.
import type { HazardSeverity, HazardStatus } from "../../db/client.ts";
import { claimAndRun } from "../notifications/timer-runner.ts";
import { OPEN_STATUSES, stepsFor, type HazardStep } from "./hazard-rules.ts";
import type { HazardNotifier } from "./hazard-notices.ts";
import { countyWhen, HAZARD_SELECT, has, recordEvent, type HazardDeps } from "./hazard-rows.ts";

export const HAZARD_TIMER_KIND = "hazard";
const TIMER_LOCK_MS = 60_000;

interface TimerPayload {
  hazardId: string;
  generation: number;
  level: number;
}

export class HazardTimers {
  constructor(
    private readonly d: Pick<HazardDeps, "prisma" | "timers" | "clock" | "log" | "owner" | "kickTimers">,
    private readonly notifier: HazardNotifier,
  ) {}

  /** The timers of an assignment (a generation): the steps not yet sent, the reminder only while ahead. */
  async schedule(id: string, generation: number, now: Date, deadline: Date, severity: HazardSeverity) {
    const h = await this.d.prisma.hazard.findUnique({
      where: { id },
      select: { escalationLevel: true, dueSoonSent: true },
    });
    const steps = stepsFor(now, deadline, severity).filter((s) =>
      s.level === 0 ? !h?.dueSoonSent && s.at.getTime() > now.getTime() : s.level > (h?.escalationLevel ?? 0),
    );
    await this.d.timers.scheduleMany(
      steps.map((s) => ({
        key: `hazard:${id}:g${generation}:${s.name}`,
        kind: HAZARD_TIMER_KIND,
        payload: { hazardId: id, generation, level: s.level } satisfies TimerPayload,
        dueAt: s.at,
      })),
    );
    this.d.kickTimers?.();
  }

  /** Drops the timers of a generation not yet run (a re-assignment, a fix). */
  async cancel(id: string, generation: number, now: Date): Promise<void> {
    await this.d.timers.cancel(`hazard:${id}:g${generation}:`, now);
  }

  /** The timer loop's body: runs due reminder and escalation steps; returns how many ran. */
  readonly runDue = (): Promise<number> =>
    // a step that throws is left locked: claimed again once the lock expires; the step is idempotent
    claimAndRun(
      this.d,
      { kinds: [HAZARD_TIMER_KIND], limit: 20, lockMs: TIMER_LOCK_MS, failed: "hazard timer failed" },
      (t) => this.runStep(JSON.parse(t.payload) as TimerPayload),
    );

  private async runStep(t: TimerPayload): Promise<void> {
    const h = await this.d.prisma.hazard.findUnique({ where: { id: t.hazardId }, select: HAZARD_SELECT });
    if (!h || h.generation !== t.generation || !has(OPEN_STATUSES, h.status) || !h.deadline) return;
    const step = stepsFor(h.createdAt, h.deadline, h.severity).find((s) => s.level === t.level) as HazardStep;
    if (step.level === 0) {
      const dueSoonSent = (
        await this.d.prisma.hazard.findUnique({ where: { id: h.id }, select: { dueSoonSent: true } })
      )?.dueSoonSent;
      if (dueSoonSent) return;
      // the rows first (keyed per step: a rerun adds none), then the mark that makes the step done
      await this.notifier.push(
        h.id,
        `hazard:${h.id}:step:0`,
        step.to,
        `${step.label}（${countyWhen(h.deadline)}）`,
        "隐患提醒",
      );
      const r = await this.d.prisma.hazard.updateMany({
        where: { id: h.id, dueSoonSent: false },
        data: { dueSoonSent: true },
      });
      if (r.count === 1) await recordEvent(this.d, h.id, "system", step.name, step.label);
      return;
    }
    if (h.escalationLevel >= step.level) return;
    await this.notifier.push(h.id, `hazard:${h.id}:step:${step.level}`, step.to, step.label, "隐患逾期");
    const status: HazardStatus = step.level >= 2 ? "ESCALATED" : "OVERDUE";
    const r = await this.d.prisma.hazard.updateMany({
      where: { id: h.id, escalationLevel: { lt: step.level }, status: { in: [...OPEN_STATUSES] } },
      data: { escalationLevel: step.level, status },
    });
    if (r.count === 1) await recordEvent(this.d, h.id, "system", step.level >= 2 ? "escalated" : "overdue", step.label);
  }
}
