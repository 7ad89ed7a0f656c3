// Duty checks (查岗, issue 17): the centre asks a unit's control room whether it is staffed (GB 25506: 24 h,
// two certified operators a shift). The operators see it on their screens (console, mini-program) and
// answer; answered within the answer time it counts as answered, later as late, not at all by the miss time
// as missed, and each counts for the unit (records.ts). Checks are sent on demand by a centre operator, and
// at random times each day per unit with an automatic fire alarm system (a daily plan timer writes one
// keyed timer per unit and check, so two instances plan and send each check once).
import { randomInt } from "node:crypto";
import type { DutyCheckStatus, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { AppError } from "../../shared/errors.ts";
import type { TimerRepository, TimerRow } from "../notifications/timer-repository.ts";
import { claimAndRun } from "../notifications/timer-runner.ts";
import type { NewNotification, OutboxRepository } from "../notifications/outbox-repository.ts";
import { dedupeKey } from "../notifications/notification.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { countyDay, countyInstant } from "../../shared/county-time.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

export const DUTY_CHECK_TIMER_KINDS = [
  "centre.dutycheck-plan",
  "centre.dutycheck-random",
  "centre.dutycheck-missed",
] as const;

export const DUTY_STATUS_LABEL: Record<DutyCheckStatus, string> = {
  PENDING: "等待应答",
  ANSWERED: "按时应答",
  LATE: "超时应答",
  MISSED: "未应答",
};

export interface DutyCheckOptions {
  /** answered within this: ANSWERED */
  answerSec: number;
  /** not answered within this: MISSED (between the two: LATE) */
  missSec: number;
  /** random checks per unit and county day (0: none) */
  perDay: number;
}

export const DEFAULT_DUTY_CHECKS: DutyCheckOptions = { answerSec: 120, missSec: 600, perDay: 1 };

const TIMER_LOCK_MS = 30_000;
const MAX_UNITS_PLANNED = 5000;
const ANSWER_ROLES: ReadonlySet<string> = new Set<string>(ROLE_SETS.dutyAnswerers);
const CENTRE_ROLES: ReadonlySet<string> = new Set<string>(ROLE_SETS.monitoringCentre);

/** The county's calendar day of a moment, and when that day starts (shared/county-time.ts). */
export { countyDay };

export interface DutyCheckView {
  id: string;
  unitId: string;
  unitName: string;
  origin: string;
  via: string;
  sentAt: string;
  dueAt: string;
  missedAt: string;
  status: DutyCheckStatus;
  statusLabel: string;
  answeredAt: string | null;
}

export interface DutyCheckDeps {
  prisma: Prisma;
  timers: TimerRepository;
  outbox: OutboxRepository;
  scopes: UnitScopes;
  clock: Clock;
  log: Logger;
  owner: string;
  kickOutbox: () => void;
}

export class DutyChecks {
  private readonly opts: DutyCheckOptions;

  constructor(
    private readonly d: DutyCheckDeps,
    opts: Partial<DutyCheckOptions> = {},
  ) {
    this.opts = { ...DEFAULT_DUTY_CHECKS, ...opts };
  }

  /** A centre operator checks a unit's control room now. */
  async request(caller: Caller, unitId: string): Promise<DutyCheckView> {
    const who = await this.d.scopes.principal(caller);
    if (!CENTRE_ROLES.has(who.role)) throw new AppError("FORBIDDEN", "只有监控中心值班员可以查岗");
    await this.d.scopes.assertUnit(caller, unitId);
    return this.send(unitId, "ON_DEMAND", `staff:${caller.id}`, null);
  }

  private async send(
    unitId: string,
    origin: "ON_DEMAND" | "SCHEDULED",
    by: string,
    key: string | null,
  ): Promise<DutyCheckView> {
    const now = this.d.clock.now();
    const unit = await this.d.prisma.networkedUnit.findUnique({
      where: { id: unitId },
      select: { id: true, name: true },
    });
    if (!unit) throw new AppError("NOT_FOUND", "找不到该单位");
    const gb = await this.d.prisma.device.count({ where: { unitId, transport: "gb26875" } });
    let check;
    try {
      check = await this.d.prisma.dutyCheck.create({
        data: {
          key,
          unitId,
          origin,
          via: gb ? "gb26875" : "app",
          requestedBy: by,
          sentAt: now,
          dueAt: new Date(now.getTime() + this.opts.answerSec * 1000),
          missedAt: new Date(now.getTime() + this.opts.missSec * 1000),
        },
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002" || !key) throw e;
      check = await this.d.prisma.dutyCheck.findUniqueOrThrow({ where: { key } }); // sent already
      return view(check, unit.name);
    }
    await this.d.timers.schedule(
      `centre:dutycheck:${check.id}:missed`,
      "centre.dutycheck-missed",
      { checkId: check.id },
      check.missedAt,
    );
    await this.tell(check.id, unit, check.dueAt);
    if (gb && this.panel) {
      // the standard's own way (type 91): the transmission device beeps and shows the check on the panel
      const minutes = Math.max(1, Math.min(255, Math.round(this.opts.answerSec / 60)));
      const sent = await this.panel.send(unitId, minutes).catch((e: unknown) => {
        this.d.log.warn({ err: e as Error, unitId }, "duty check: the type 91 command could not be sent");
        return 0;
      });
      if (!sent) this.d.log.info({ unitId }, "duty check: the type 91 command was not queued for any device");
    }
    return view(check, unit.name);
  }

  /**
   * How a duty check reaches the unit's transmission devices (GB/T 26875.3 type 91): set by the composition
   * root; queues the command for the gateway holding each device (any instance) and answers how many.
   */
  panel: { send(unitId: string, timeoutMinutes: number): Promise<number> } | null = null;

  /** 查岗应答 pressed on the unit's transmission device: answers its oldest pending check, like the app does. */
  async answerFromPanel(unitId: string, at: Date, deviceId: string): Promise<DutyCheckView | null> {
    const check = await this.d.prisma.dutyCheck.findFirst({
      where: { unitId, status: "PENDING", sentAt: { lte: at } },
      orderBy: { sentAt: "asc" },
    });
    if (!check) return null; // a reply nobody asked for (or already answered on the phone)
    const status: DutyCheckStatus = at <= check.dueAt ? "ANSWERED" : at <= check.missedAt ? "LATE" : "MISSED";
    const r = await this.d.prisma.dutyCheck.updateMany({
      where: { id: check.id, status: "PENDING" },
      data: { status, answeredAt: at, answeredBy: `device:${deviceId}` },
    });
    if (r.count === 0) return null;
    const after = await this.d.prisma.dutyCheck.findUniqueOrThrow({ where: { id: check.id } });
    const unit = await this.d.prisma.networkedUnit.findUnique({ where: { id: unitId }, select: { name: true } });
    return view(after, unit?.name ?? "");
  }

  /** The unit's operators see the check on their screens and get an SMS. */
  private async tell(checkId: string, unit: { id: string; name: string }, dueAt: Date): Promise<void> {
    const ops = await this.d.prisma.staffUser.findMany({
      where: { active: true, role: "CONTROL_ROOM_OPERATOR", units: { some: { unitId: unit.id } } },
      select: { id: true, name: true, phone: true },
      take: 20,
    });
    const now = this.d.clock.now();
    const content = {
      template: "NOTICE" as const,
      alarmId: null,
      kind: "DUTY_CHECK",
      kindLabel: "监控中心查岗",
      address: unit.name,
      room: null,
      at: now.toISOString(),
      note: `请在 ${Math.round((dueAt.getTime() - now.getTime()) / 60_000) || 1} 分钟内应答查岗`,
    };
    const rows: NewNotification[] = [];
    for (const o of ops)
      for (const channel of ["PUSH", "SMS"] as const) {
        const target = channel === "PUSH" ? o.id : o.phone;
        if (!target) continue;
        rows.push({
          alarmId: null,
          channel,
          recipient: `staff:${o.id}`,
          target,
          template: "NOTICE",
          payload: {
            content,
            contact: { name: o.name, phone: o.phone, openid: null, staffId: o.id },
            cancelUnless: null,
          },
          dedupeKey: dedupeKey(`dutycheck:${checkId}`, `staff:${o.id}`, channel),
          dueAt: now,
        });
      }
    if (await this.d.outbox.enqueue(rows)) this.d.kickOutbox();
  }

  /** An operator answers: on time, late, or too late (missed stays missed). */
  async answer(caller: Caller, checkId: string): Promise<DutyCheckView> {
    const check = await this.d.prisma.dutyCheck.findUnique({ where: { id: checkId } });
    if (!check) throw new AppError("NOT_FOUND", "找不到该查岗");
    await this.d.scopes.assertUnit(caller, check.unitId).catch(() => {
      throw new AppError("NOT_FOUND", "找不到该查岗");
    });
    const who = await this.d.scopes.principal(caller);
    if (!ANSWER_ROLES.has(who.role)) throw new AppError("FORBIDDEN", "只有消防控制室值班员可以应答查岗");
    const now = this.d.clock.now();
    const status: DutyCheckStatus = now <= check.dueAt ? "ANSWERED" : now <= check.missedAt ? "LATE" : "MISSED";
    const r = await this.d.prisma.dutyCheck.updateMany({
      where: { id: check.id, status: "PENDING" },
      data: { status, answeredAt: now, answeredBy: `staff:${caller.id}` },
    });
    const after = await this.d.prisma.dutyCheck.findUniqueOrThrow({ where: { id: check.id } });
    if (r.count === 0) throw new AppError("CONFLICT", `该查岗已是“${DUTY_STATUS_LABEL[after.status]}”`);
    const unit = await this.d.prisma.networkedUnit.findUnique({ where: { id: check.unitId }, select: { name: true } });
    return view(after, unit?.name ?? "");
  }

  /** Checks the caller may see, newest first (a unit's operators: their units'; the centre: all). */
  async list(
    caller: Caller,
    opts: { pendingOnly?: boolean; unitId?: string; limit?: number } = {},
  ): Promise<DutyCheckView[]> {
    const ids = await this.d.scopes.visibleIds(caller);
    if (ids !== "all" && !ids.length) return [];
    if (opts.unitId && ids !== "all" && !ids.includes(opts.unitId)) return [];
    const rows = await this.d.prisma.dutyCheck.findMany({
      where: {
        ...(opts.unitId ? { unitId: opts.unitId } : ids === "all" ? {} : { unitId: { in: ids } }),
        ...(opts.pendingOnly ? { status: "PENDING" } : {}),
      },
      orderBy: { sentAt: "desc" },
      take: Math.min(Math.max(1, opts.limit ?? 50), 200),
    });
    const units = await this.d.prisma.networkedUnit.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } },
      select: { id: true, name: true },
    });
    const names = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => view(r, names.get(r.unitId) ?? ""));
  }

  /** Plans today's random checks (at start; each day's plan then plans the next day). */
  async ensurePlanned(): Promise<void> {
    if (this.opts.perDay <= 0) return;
    const { day } = countyDay(this.d.clock.now());
    await this.d.timers.schedule(`centre:dutycheck-plan:${day}`, "centre.dutycheck-plan", { day }, this.d.clock.now());
  }

  readonly runDueTimers = (): Promise<number> =>
    claimAndRun(
      this.d,
      {
        kinds: DUTY_CHECK_TIMER_KINDS,
        limit: 50,
        lockMs: TIMER_LOCK_MS,
        failed: "duty check timer failed; claimed again when its lock expires",
      },
      (t) => this.timerStep(t),
    );

  /** One claimed timer's step: plan a day, send a random check, mark a check missed. */
  private async timerStep(t: TimerRow): Promise<void> {
    const p = JSON.parse(t.payload) as { day?: string; unitId?: string; checkId?: string };
    if (t.kind === "centre.dutycheck-plan") await this.plan(p.day!);
    else if (t.kind === "centre.dutycheck-random") await this.send(p.unitId!, "SCHEDULED", "system", t.key);
    else if (t.kind === "centre.dutycheck-missed")
      await this.d.prisma.dutyCheck.updateMany({
        where: { id: p.checkId!, status: "PENDING" },
        data: { status: "MISSED" },
      });
  }

  /** One random moment per check for each unit with an automatic fire alarm system, the rest of `day`. */
  private async plan(day: string): Promise<void> {
    const start = countyInstant(day).getTime();
    const end = start + 24 * 3600_000;
    const from = Math.max(start, this.d.clock.now().getTime());
    const units = await this.d.prisma.networkedUnit.findMany({
      where: { active: true, hasAutoFireAlarm: true },
      select: { id: true },
      orderBy: { id: "asc" },
      take: MAX_UNITS_PLANNED,
    });
    const timers = [];
    for (const u of units)
      for (let i = 0; i < this.opts.perDay && end - from > 60_000; i++)
        timers.push({
          key: `centre:dutycheck:${u.id}:${day}:${i}`,
          kind: "centre.dutycheck-random",
          payload: { unitId: u.id },
          dueAt: new Date(from + randomInt(0, end - from)),
        });
    for (let i = 0; i < timers.length; i += 200) await this.d.timers.scheduleMany(timers.slice(i, i + 200));
    const next = new Date(end).toISOString().slice(0, 10);
    const nextDay = countyDay(new Date(end)).day;
    await this.d.timers.schedule(
      `centre:dutycheck-plan:${nextDay}`,
      "centre.dutycheck-plan",
      { day: nextDay },
      new Date(end),
    );
    this.d.log.info({ day, units: units.length, checks: timers.length, next }, "duty checks planned");
  }
}

function view(
  r: {
    id: string;
    unitId: string;
    origin: string;
    via: string;
    sentAt: Date;
    dueAt: Date;
    missedAt: Date;
    status: DutyCheckStatus;
    answeredAt: Date | null;
  },
  unitName: string,
): DutyCheckView {
  return {
    id: r.id,
    unitId: r.unitId,
    unitName,
    origin: r.origin,
    via: r.via,
    sentAt: r.sentAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    missedAt: r.missedAt.toISOString(),
    status: r.status,
    statusLabel: DUTY_STATUS_LABEL[r.status],
    answeredAt: r.answeredAt?.toISOString() ?? null,
  };
}
