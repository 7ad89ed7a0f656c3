// Unit fire alarm handling (issue 17). A fire-class signal from a networked unit gets a confirmation
// deadline (per unit category, units/confirm-countdown.ts), reaches the unit's control room (push, voice call
// and SMS to its operators) and the centre's board at once. The operator's verdict (real fire, false alarm
// with a cause, test, fault) is recorded once; a real fire is handed to 119. No verdict by the deadline: the
// unit's manager and responsible person are called, the centre operators prompted to phone the unit, and the
// alarm is treated as real (handed to 119, except a video suspicion, which needs a person first).
//
// Every step is a durable timer (notifications/timer-repository.ts) claimed by one instance, every message
// an outbox row with a dedupe key, every timeline entry an AlarmAction with an event key: a step that runs
// twice (two instances, a crash half way) adds nothing the second time.
//
// Beside it: centre-messages.ts (the messages, their people and the timeline), centre-deps.ts (what it is
// built with).
import type { AlarmKind, AlarmVerdict } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { AlarmChange, AlarmRecord } from "../alarms/alarm-service.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { InFlight } from "../../shared/loop.ts";
import { Fifo } from "../../shared/fifo.ts";
import type { MessageContent } from "../notifications/notification.ts";
import { claimAndRun } from "../notifications/timer-runner.ts";
import { CONFIRM_SETTING_KEY, confirmCountdown, parseCountySettings } from "../units/confirm-countdown.ts";
import type { Caller } from "../units/unit-scope.ts";
import type { CentreServiceDeps } from "./centre-deps.ts";
import { CentreMessages, type Person } from "./centre-messages.ts";
import { UNIT_FIRE_KINDS } from "./incident-facts.ts";
import { ROLE_SETS } from "../../contract/roles.ts";
import type { Withdrawal119 } from "../../contract/centre.ts";
import { ALARM_VERDICT_LABEL } from "../../contract/labels.ts";

/** The verdicts in the contract's words (labels.ts: 火警确认 and the live board's close say the same), both ways. */
export const VERDICT_LABEL: Record<AlarmVerdict, string> = ALARM_VERDICT_LABEL;
type SameVerdicts = [keyof typeof ALARM_VERDICT_LABEL] extends [AlarmVerdict] ? true : never;
const sameVerdicts: SameVerdicts = true;
void sameVerdicts;

/** Who may give a verdict: the unit's own people, and the centre. */
const CONFIRMER_ROLES: ReadonlySet<string> = new Set<string>(ROLE_SETS.fireConfirmers);
const CENTRE_ROLES: ReadonlySet<string> = new Set<string>(ROLE_SETS.monitoringCentre);

export const CENTRE_TIMER_KINDS = ["centre.confirm-timeout"] as const;
const TIMER_LOCK_MS = 30_000;
const timeoutKey = (alarmId: string) => `centre:${alarmId}:confirm-timeout`;
/**
 * Countdowns started at once at most: a flood of fire signals (a panel reporting a whole building's detectors)
 * waits here, in order, rather than as hundreds of statement chains in the database pool's queue.
 */
const COUNTDOWNS_AT_ONCE = 4;

export interface BoardAlarm {
  id: string;
  kind: AlarmKind;
  kindLabel: string;
  status: string;
  unitId: string;
  unitName: string;
  location: string | null;
  floor: number | null;
  startedAt: string;
  confirmDeadlineAt: string | null;
  verdict: AlarmVerdict | null;
  verdictLabel: string | null;
  report119: boolean;
}

/** A verdict given on a unit fire alarm (the 火警确认 page's 最近已确认): the board's alarm, answered. */
export type RecentVerdict = Omit<BoardAlarm, "confirmDeadlineAt" | "verdict" | "verdictLabel"> & {
  verdict: AlarmVerdict;
  verdictLabel: string;
  verdictCause: string | null;
  verdictAt: string;
  /** the alarm is closed (a false alarm, a test, a fault); a real fire stays open */
  closed: boolean;
  /** the withdrawal notice sent to 119 (withdrawal.ts), when the alarm had been handed to 119 */
  withdrawal119: Withdrawal119 | null;
};

/** How far back, and how many, recent verdicts are listed (the contract's bounds: contract/centre.ts). */
const RECENT_HOURS = 24;
const RECENT_MAX_HOURS = 72;
const RECENT_MAX = 100;

/** What the board and the recent verdicts both say of a unit's alarm. */
function unitAlarmView(r: {
  id: string;
  kind: AlarmKind;
  status: string;
  unitId: string | null;
  unit: { name: string } | null;
  location: string | null;
  floor: number | null;
  startedAt: Date;
  report119: boolean;
}) {
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: KIND_LABEL[r.kind],
    status: r.status,
    unitId: r.unitId!,
    unitName: r.unit?.name ?? "",
    location: r.location,
    floor: r.floor,
    startedAt: r.startedAt.toISOString(),
    report119: r.report119,
  };
}

export class CentreService {
  readonly inflight = new InFlight();
  private readonly messages: CentreMessages;

  constructor(private readonly d: CentreServiceDeps) {
    this.messages = new CentreMessages(d);
  }

  /** Unit fire alarms whose countdown waits for a place among COUNTDOWNS_AT_ONCE */
  private readonly countdowns = new Fifo<string>();
  private countdownsRunning = 0;

  /**
   * The AlarmService listener: a new unit fire signal starts its countdown, beside the alarm engine, not in its
   * way. The alarm engine awaits its listeners, and the panel ingest applies fire signals one after another: a
   * countdown (a dozen statements: the deadline, its timer, the control room's messages) awaited here held the
   * next fire's raise, and its place on the live board, behind it (docs/performance.md, "What held the panels'
   * fire effects"). Never throws: a countdown that fails, or never runs because the process died, is started by the
   * sweep within one poll (each of its writes is keyed, so two runs of it do it once).
   */
  readonly onAlarmChange = (change: AlarmChange & { alarm: AlarmRecord }): void => {
    if (change.outcome !== "created" || !UNIT_FIRE_KINDS.has(change.alarm.kind)) return;
    // a home's fire (no unit) has no countdown: not read again to find that out (issue 21, fire path statements)
    if ((change.alarm as { unitId?: string | null }).unitId === null) return;
    this.countdowns.push(change.alarm.id);
    this.nextCountdowns();
  };

  /** Starts waiting countdowns, in order, up to COUNTDOWNS_AT_ONCE running (tracked: settle() waits for them) */
  private nextCountdowns(): void {
    while (this.countdownsRunning < COUNTDOWNS_AT_ONCE && this.countdowns.size) {
      const alarmId = this.countdowns.shift()!;
      this.countdownsRunning++;
      const run = this.startCountdown(alarmId)
        .catch((e: unknown) =>
          this.d.log.error({ err: e as Error, alarmId }, "could not start a unit alarm's countdown"),
        )
        .finally(() => {
          this.countdownsRunning--;
          this.nextCountdowns();
        });
      this.inflight.track(run);
    }
  }

  /** Sets the deadline, tells the control room and the centre, and plans the timeout (each once). */
  async startCountdown(alarmId: string): Promise<boolean> {
    // the alarm, its unit and the county setting in one statement, the deadline in another (first one stays):
    // prepared on SQLite, named on PostgreSQL (facts-reader.ts; issue 21, fire path statements)
    const a = await this.d.reader.countdown(alarmId, CONFIRM_SETTING_KEY);
    if (!a?.unit || !UNIT_FIRE_KINDS.has(a.kind) || a.status === "RESOLVED") return false;
    const { seconds } = confirmCountdown(a.unit, parseCountySettings(a.setting));
    const deadline = new Date(a.startedAt.getTime() + seconds * 1000);
    await this.d.reader.setConfirmDeadline(a.id, deadline);
    await this.d.timers.schedule(timeoutKey(a.id), "centre.confirm-timeout", { alarmId: a.id }, deadline);
    this.d.live.publish({
      type: "alarm",
      communityId: null,
      alarmId: a.id,
      at: this.d.clock.now().toISOString(),
      data: {
        centre: true,
        unitId: a.unit.id,
        unitName: a.unit.name,
        kind: a.kind,
        kindLabel: KIND_LABEL[a.kind],
        confirmDeadlineAt: deadline.toISOString(),
      },
    });
    const operators = await this.messages.people(a.unit.id, ["CONTROL_ROOM_OPERATOR"]);
    const centre = await this.messages.centrePeople();
    const facts = await this.d.facts(a.id);
    const step = `请在 ${Math.round(seconds / 60) || 1} 分钟内到现场确认`;
    const content = this.messages.content(a, facts, "FIRE_ALARM", step);
    const n = await this.queue(a.id, `centre:${a.id}:signal`, content, [
      { people: operators, channels: ["PUSH", "VOICE", "SMS"] },
      { people: centre, channels: ["PUSH"] },
    ]);
    await this.action(
      a.id,
      "notified",
      `已通知消防控制室值班员 ${operators.length} 人、监控中心（${n} 条通知），确认时限 ${seconds} 秒`,
      "centre:signal",
    );
    return true;
  }

  /** The operator's (or the centre's) verdict. The first verdict stands; a second one is refused. */
  async confirm(
    caller: Caller,
    alarmId: string,
    verdict: AlarmVerdict,
    cause: string | null,
  ): Promise<{ alarmId: string; verdict: AlarmVerdict; handedTo119: boolean; withdrawalTo119: boolean }> {
    const a = await this.d.prisma.alarm.findUnique({ where: { id: alarmId } });
    if (!a?.unitId || !UNIT_FIRE_KINDS.has(a.kind)) throw new AppError("NOT_FOUND", "找不到该报警");
    await this.d.scopes.assertUnit(caller, a.unitId).catch(() => {
      throw new AppError("NOT_FOUND", "找不到该报警");
    });
    const who = await this.d.scopes.principal(caller);
    if (!CONFIRMER_ROLES.has(who.role))
      throw new AppError("FORBIDDEN", "只有消防控制室值班员、单位负责人或监控中心可以确认报警");
    if (verdict === "FALSE_ALARM" && !cause?.trim()) throw new AppError("VALIDATION_FAILED", "误报请填写原因");
    const now = this.d.clock.now();
    const actor = `${caller.kind}:${caller.id}`;
    const real = verdict === "REAL_FIRE";
    const verdictCause = verdict === "FALSE_ALARM" ? cause!.trim() : (cause?.trim() ?? null);
    const note = `${CENTRE_ROLES.has(who.role) ? "监控中心" : "单位"}确认：${VERDICT_LABEL[verdict]}${cause?.trim() ? `（${cause.trim()}）` : ""}`;
    // no fire on an alarm reported to 119: its withdrawal notice is made durable before the verdict is written
    if (!real && a.report119) await this.d.withdrawal.intend(a.id);
    // the verdict in one conditional write (the first one stands): a real fire stays open, handed to 119; no fire
    // closes the alarm through the engine, as any close does: its timeline line, then its listeners, at once
    let won: boolean;
    if (real) {
      const marked = await this.d.prisma.alarm.updateMany({
        where: { id: a.id, verdict: null, status: { not: "RESOLVED" } },
        data: {
          verdict,
          verdictAt: now,
          verdictBy: actor,
          verdictCause,
          ...(a.status === "ACTIVE" ? { status: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedBy: actor } : {}),
          report119: true,
        },
      });
      won = marked.count > 0;
    } else {
      const closed = await this.d.alarms.closeByVerdict(a.id, {
        verdict,
        cause: verdictCause,
        acknowledge: a.status === "ACTIVE",
        actor,
        at: now,
        note,
        eventKey: "centre:verdict",
      });
      won = closed.outcome === "resolved";
    }
    if (!won) {
      const now2 = await this.d.prisma.alarm.findUniqueOrThrow({ where: { id: a.id } });
      throw new AppError("CONFLICT", now2.verdict ? `该报警已确认为“${VERDICT_LABEL[now2.verdict]}”` : "该报警已关闭");
    }
    await this.d.timers.cancel(timeoutKey(a.id), now);
    await this.d.outbox.cancelForAlarm(a.id, ["ACTIVE"], `已确认：${VERDICT_LABEL[verdict]}`);
    if (real) await this.action(a.id, "confirmed", note, "centre:verdict", actor);
    this.d.live.publish({
      type: "alarm",
      communityId: null,
      alarmId: a.id,
      at: now.toISOString(),
      data: { centre: true, unitId: a.unitId, verdict, verdictLabel: VERDICT_LABEL[verdict] },
    });
    if (real) await this.d.handoff.start(a.id, CENTRE_ROLES.has(who.role) ? "centre" : "unit");
    // no fire, on an alarm already handed to 119 (a timeout treated as real): 119 is told (withdrawal.ts)
    // (never fails the verdict: a notice not started here is started by the timer intend() wrote)
    const withdrawalTo119 = real
      ? false
      : await this.d.withdrawal.start(a.id).catch((e: unknown) => {
          this.d.log.error({ err: e as Error, alarmId: a.id }, "could not start the 119 withdrawal notice");
          return false;
        });
    return { alarmId: a.id, verdict, handedTo119: real, withdrawalTo119 };
  }

  /** Runs due countdown timers (the centre loop's body, with the hand-off's and the duty checks'). */
  readonly runDueTimers = async (): Promise<number> => {
    const ran = await claimAndRun(
      this.d,
      {
        kinds: CENTRE_TIMER_KINDS,
        limit: 20,
        lockMs: TIMER_LOCK_MS,
        failed: "centre timer failed; claimed again when its lock expires",
      },
      (t) => this.timeout((JSON.parse(t.payload) as { alarmId: string }).alarmId),
    );
    return ran + (await this.sweep());
  };

  /**
   * Unit fire alarms raised by a path that does not call the listener (a module writing alarms itself), or
   * whose listener failed: their countdown starts here, within one poll. Bounded per round.
   */
  private async sweep(): Promise<number> {
    const rows = await this.d.prisma.alarm.findMany({
      where: {
        status: { not: "RESOLVED" },
        unitId: { not: null },
        confirmDeadlineAt: null,
        verdict: null,
        kind: { in: [...UNIT_FIRE_KINDS] },
      },
      select: { id: true },
      orderBy: { startedAt: "desc" },
      take: 20,
    });
    let n = 0;
    for (const r of rows) if (await this.startCountdown(r.id)) n++;
    return n;
  }

  /** Nobody confirmed in time: chase the unit's people, prompt the centre, treat it as real. */
  private async timeout(alarmId: string): Promise<void> {
    const a = await this.d.prisma.alarm.findUnique({
      where: { id: alarmId },
      include: { unit: { select: { id: true, name: true } } },
    });
    if (!a?.unit || a.verdict || a.status === "RESOLVED") return;
    const facts = await this.d.facts(a.id);
    const chiefs = await this.messages.people(a.unit.id, ["UNIT_MANAGER", "UNIT_RESPONSIBLE"]);
    const centre = await this.messages.centrePeople();
    const content = this.messages.content(a, facts, "FIRE_ESCALATION", "控制室未在时限内确认，按真实火警处置");
    const n = await this.queue(a.id, `centre:${a.id}:timeout`, content, [
      { people: chiefs, channels: ["VOICE", "SMS"] },
      {
        people: centre,
        channels: ["PUSH"],
        content: {
          ...content,
          step: `请立即致电${a.unit.name}核实${facts?.unit.controlRoomPhone ? `（控制室 ${facts.unit.controlRoomPhone}）` : ""}`,
        },
      },
    ]);
    const suspected = a.kind === "SUSPECTED_FIRE";
    await this.d.prisma.alarm.updateMany({
      where: { id: a.id, verdict: null },
      data: suspected ? {} : { report119: true },
    });
    await this.action(
      a.id,
      "confirm_timeout",
      `未在时限内确认：已电话通知单位管理人和责任人 ${chiefs.length} 人，提示监控中心致电单位（${n} 条通知）；${suspected ? "视频疑似火情须人工确认后才报 119" : "按真实火警处置"}`,
      "centre:timeout",
    );
    this.d.live.publish({
      type: "alarm",
      communityId: null,
      alarmId: a.id,
      at: this.d.clock.now().toISOString(),
      data: { centre: true, unitId: a.unit.id, timedOut: true },
    });
    if (!suspected) await this.d.handoff.start(a.id, "timeout");
  }

  /** The centre's board: open unit alarms the caller may see, fire first, newest first. */
  async board(caller: Caller, limit = 100): Promise<BoardAlarm[]> {
    const ids = await this.d.scopes.visibleIds(caller);
    if (ids !== "all" && !ids.length) return [];
    const rows = await this.d.prisma.alarm.findMany({
      where: { unitId: ids === "all" ? { not: null } : { in: ids }, status: { not: "RESOLVED" } },
      include: { unit: { select: { name: true } } },
      orderBy: { startedAt: "desc" },
      take: Math.min(Math.max(1, limit), 200),
    });
    const fire = (k: AlarmKind) => (UNIT_FIRE_KINDS.has(k) ? 0 : 1);
    return rows
      .sort((x, y) => fire(x.kind) - fire(y.kind))
      .map((r) => ({
        ...unitAlarmView(r),
        confirmDeadlineAt: r.confirmDeadlineAt?.toISOString() ?? null,
        verdict: r.verdict,
        verdictLabel: r.verdict ? VERDICT_LABEL[r.verdict] : null,
      }));
  }

  /**
   * The fire verdicts given lately on the caller's units, newest first: closed alarms included (a false alarm,
   * a test, a fault close the alarm; a real fire stays open), so a control room sees what it answered.
   * Bounded: at most RECENT_MAX rows, at most RECENT_MAX_HOURS back.
   */
  async recentVerdicts(caller: Caller, opts: { limit?: number; hours?: number } = {}): Promise<RecentVerdict[]> {
    const ids = await this.d.scopes.visibleIds(caller);
    if (ids !== "all" && !ids.length) return [];
    const hours = Math.min(Math.max(1, opts.hours ?? RECENT_HOURS), RECENT_MAX_HOURS);
    const since = new Date(this.d.clock.now().getTime() - hours * 3_600_000);
    const rows = await this.d.prisma.alarm.findMany({
      where: {
        unitId: ids === "all" ? { not: null } : { in: ids },
        kind: { in: [...UNIT_FIRE_KINDS] },
        verdict: { not: null },
        verdictAt: { gte: since },
      },
      include: { unit: { select: { name: true } } },
      orderBy: { verdictAt: "desc" },
      take: Math.min(Math.max(1, opts.limit ?? 20), RECENT_MAX),
    });
    const withdrawals = await this.d.withdrawal.states(rows);
    return rows.map((r) => ({
      ...unitAlarmView(r),
      verdict: r.verdict!,
      verdictLabel: VERDICT_LABEL[r.verdict!],
      verdictCause: r.verdictCause,
      verdictAt: (r.verdictAt ?? r.startedAt).toISOString(),
      closed: r.status === "RESOLVED",
      withdrawal119: withdrawals.get(r.id) ?? null,
    }));
  }

  /** One outbox row per person and channel, keyed; returns how many are new (CentreMessages.queue). */
  queue(
    alarmId: string,
    scope: string,
    content: MessageContent,
    groups: { people: Person[]; channels: ("PUSH" | "VOICE" | "SMS")[]; content?: MessageContent }[],
  ): Promise<number> {
    return this.messages.queue(alarmId, scope, content, groups);
  }

  /** A timeline entry, once per event key (CentreMessages.action). */
  action(alarmId: string, action: string, note: string, eventKey: string, actor = "system"): Promise<void> {
    return this.messages.action(alarmId, action, note, eventKey, actor);
  }
}
