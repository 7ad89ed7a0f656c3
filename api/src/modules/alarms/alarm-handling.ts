// What people do to an alarm: acknowledge it ("I'm handling it", which stops escalation), resolve it with an
// outcome (a resident may not dismiss a fire while the sensor still reports heavy smoke; a networked unit's
// fire signal is closed by its verdict, as 火警确认 gives it), send a property company's staff member to it,
// and add photos and notes to its timeline. Each change goes through the engine (AlarmService: emit, close),
// so listeners hear it exactly once.
import type { Prisma, AlarmKind, AlarmResolution, AlarmVerdict } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import { ALARM_VERDICT_LABEL, UNIT_FIRE_SIGNAL_KINDS } from "../../contract/labels.ts";
import { inRoleSet, ROLE_SETS } from "../../contract/roles.ts";
import { smokeStillHigh } from "./alarm.ts";
import type { AlarmReads } from "./alarm-reads.ts";
import type { AlarmChange } from "./alarm-types.ts";

/** What handling needs of the engine (AlarmService): telling the listeners of a change, closing an alarm. */
export interface AlarmEngine {
  emit(change: AlarmChange): Promise<AlarmChange>;
  close(id: string, resolution: AlarmResolution, actor: string, at: Date, note: string | null): Promise<AlarmChange>;
}

/**
 * The monitoring centre's verdict on a networked unit's fire signal (centre/centre-service.ts `confirm`, the
 * entry 火警确认 uses), passed in by the composition root: the first verdict stands; a real fire is handed to
 * 119, a verdict of no fire closes the alarm (through AlarmService.closeByVerdict, which tells the listeners),
 * stops the hand-off's retries and tells 119 when it had the alarm.
 * Throws the centre's refusals in Chinese (a verdict given already, a false alarm without its cause).
 */
export type GiveVerdict = (
  p: Principal,
  alarmId: string,
  verdict: AlarmVerdict,
  cause: string | null,
) => Promise<unknown>;

/** The fire signals of networked units that the centre chases (countdown, verdict, 119): closed by a verdict. */
const CHASED: ReadonlySet<AlarmKind> = new Set<AlarmKind>(UNIT_FIRE_SIGNAL_KINDS);
const isChased = (a: { kind: AlarmKind; unitId: string | null }) => a.unitId !== null && CHASED.has(a.kind);
/** How the board's outcome is the centre's verdict: the same four, a fault by its own name. */
const VERDICT_OF: Record<Exclude<AlarmResolution, "CONDITION_CLEARED">, AlarmVerdict> = {
  REAL_FIRE: "REAL_FIRE",
  FALSE_ALARM: "FALSE_ALARM",
  TEST: "TEST",
  DEVICE_FAULT: "FAULT",
};
export const NEEDS_VERDICT =
  "联网单位的火警要先确认是否真实火警才能结束处置：请消防控制室值班员、单位负责人或监控中心在“火警确认”中确认（误报、测试、设备故障确认后即结束处置）";

export class AlarmHandling {
  /** the centre's verdict (AlarmService.closeUnitFiresThrough); without it a unit's fire signal is not closed */
  giveVerdict: GiveVerdict | null = null;

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly reads: Pick<AlarmReads, "visible" | "dispatchees">,
    private readonly engine: AlarmEngine,
  ) {}

  /** "I'm handling it": stops escalation. Acknowledging twice is harmless. */
  async acknowledge(p: Principal, id: string, note?: string): Promise<AlarmChange> {
    await this.reads.visible(p, id);
    const at = this.clock.now();
    const actor = `${p.kind}:${p.id}`;
    const claimed = await this.prisma.alarm.updateMany({
      where: { id, status: "ACTIVE" },
      data: { status: "ACKNOWLEDGED", acknowledgedAt: at, acknowledgedBy: actor },
    });
    const alarm = await this.prisma.alarm.findUniqueOrThrow({ where: { id } });
    if (claimed.count === 0)
      return {
        outcome: "ignored",
        alarm,
        reason: alarm.status === "RESOLVED" ? "already resolved" : "already acknowledged",
      };
    await this.prisma.alarmAction.create({
      data: { alarmId: id, action: "acknowledged", actor, note: note ?? null, at },
    });
    return this.engine.emit({ outcome: "acknowledged", alarm });
  }

  async resolve(p: Principal, id: string, resolution: AlarmResolution, note?: string): Promise<AlarmChange> {
    const alarm = await this.reads.visible(p, id);
    if (resolution === "CONDITION_CLEARED") throw new AppError("VALIDATION_FAILED", "“已恢复”只能由设备上报");
    await this.assertNotDismissingSmoke(p, alarm, resolution);
    if (isChased(alarm) && alarm.status !== "RESOLVED") {
      const closed = await this.byVerdict(p, alarm, VERDICT_OF[resolution], note?.trim() || null);
      if (closed) return closed;
    }
    const at = this.clock.now();
    const actor = `${p.kind}:${p.id}`;
    if (alarm.status === "ACTIVE") {
      // resolving implies someone acted: record the acknowledgement too, so response times stay honest
      await this.prisma.alarm.updateMany({
        where: { id, status: "ACTIVE" },
        data: { status: "ACKNOWLEDGED", acknowledgedAt: at, acknowledgedBy: actor },
      });
    }
    return this.engine.close(id, resolution, actor, at, note ?? null);
  }

  /**
   * A networked unit's fire signal is closed with what it was, through the centre's verdict (the one 火警确认
   * gives): a verdict of no fire closes it there, through the engine's closeByVerdict (the listeners hear it
   * closed then, once, as from any close; the hand-off's retries stop, 119 is told when it had it); a real fire
   * is handed to 119 and then closed here as before (null: the caller closes it). With a verdict given already,
   * the close must say the same. Only the people who may give a verdict close one that has none: anyone else is
   * told who does.
   */
  private async byVerdict(
    p: Principal,
    alarm: { id: string; verdict: AlarmVerdict | null },
    verdict: AlarmVerdict,
    cause: string | null,
  ): Promise<AlarmChange | null> {
    if (alarm.verdict) {
      if (alarm.verdict === verdict) return null;
      const given = ALARM_VERDICT_LABEL[alarm.verdict];
      throw new AppError("CONFLICT", `该报警已确认为“${given}”，请按“${given}”结束处置`);
    }
    if (!this.giveVerdict || !inRoleSet(ROLE_SETS.fireConfirmers, p.role))
      throw new AppError("FORBIDDEN", NEEDS_VERDICT);
    if (verdict === "FALSE_ALARM" && !cause)
      throw new AppError("VALIDATION_FAILED", "误报请在备注中填写原因（如油烟、水汽、施工粉尘）");
    await this.giveVerdict(p, alarm.id, verdict, cause);
    if (verdict === "REAL_FIRE") return null;
    // the verdict closed it through the engine (AlarmService.closeByVerdict): the listeners have heard it
    const closed = await this.prisma.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
    return { outcome: "resolved", alarm: closed };
  }

  /**
   * A resident may not close a fire as "false alarm" or "test" while the sensor still reports heavy smoke
   * (issue 22: one misclick must not close a real fire). Staff, who are trained and on site or on the phone,
   * close with an explicit outcome of their choice; a resident may still close it as a real fire.
   */
  private async assertNotDismissingSmoke(
    p: Principal,
    alarm: { kind: AlarmKind; deviceId: string },
    resolution: AlarmResolution,
  ): Promise<void> {
    if (p.kind !== "resident" || alarm.kind !== "FIRE") return;
    if (resolution !== "FALSE_ALARM" && resolution !== "TEST") return;
    const status = await this.prisma.deviceStatus.findUnique({
      where: { deviceId: alarm.deviceId },
      select: { smoke: true, smokeAlarm: true },
    });
    if (smokeStillHigh(status))
      throw new AppError(
        "SMOKE_STILL_HIGH",
        `报警器还测到很浓的烟，不能按“${resolution === "TEST" ? "测试" : "误报"}”结束报警。请先离开并确认安全，着火了请拨打119。烟散了以后再结束。`,
      );
  }

  /**
   * Records that `staffUserId` was sent to the alarm (a re-dispatch replaces the last one; every dispatch stays
   * in the timeline). Dispatching counts as handling: an ACTIVE alarm is acknowledged first, by the dispatcher,
   * so the escalation chain stops. The caller has checked scope and that the staff member may be sent.
   */
  async dispatch(
    p: Principal,
    id: string,
    staff: { id: string; name: string },
    note: string | null,
  ): Promise<AlarmChange> {
    const at = this.clock.now();
    const actor = `${p.kind}:${p.id}`;
    const current = await this.prisma.alarm.findUniqueOrThrow({ where: { id } });
    if (current.status === "RESOLVED") throw new AppError("CONFLICT", "该报警已处置完毕，不能再派遣");
    if (current.status === "ACTIVE") await this.acknowledge(p, id, `派遣${staff.name}到场`);
    const claimed = await this.prisma.alarm.updateMany({
      where: { id, status: { not: "RESOLVED" } },
      data: { dispatchedTo: staff.id, dispatchedBy: actor, dispatchedAt: at },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "该报警已处置完毕，不能再派遣");
    const before =
      current.dispatchedTo && current.dispatchedTo !== staff.id
        ? (await this.reads.dispatchees([current.dispatchedTo])).get(current.dispatchedTo)
        : null;
    const replaced = before ? `（改派，原派遣 ${before.name}）` : current.dispatchedTo ? "（再次派遣）" : "";
    await this.prisma.alarmAction.create({
      data: {
        alarmId: id,
        action: "dispatched",
        actor,
        note: `派遣 ${staff.name} 到场${replaced}${note ? `：${note}` : ""}`,
        at,
      },
    });
    const alarm = await this.prisma.alarm.findUniqueOrThrow({ where: { id } });
    return this.engine.emit({ outcome: "dispatched", alarm });
  }

  /** A photo was added: one timeline entry (the photo itself is listed with the alarm's photos). */
  async recordPhoto(p: Principal, id: string, caption: string | null): Promise<void> {
    await this.prisma.alarmAction.create({
      data: {
        alarmId: id,
        action: "photo",
        actor: `${p.kind}:${p.id}`,
        note: caption ? `上传现场照片：${caption}` : "上传现场照片",
        at: this.clock.now(),
      },
    });
  }

  async addNote(p: Principal, id: string, note: string): Promise<void> {
    await this.reads.visible(p, id);
    await this.prisma.alarmAction.create({
      data: { alarmId: id, action: "note", actor: `${p.kind}:${p.id}`, note, at: this.clock.now() },
    });
  }
}
