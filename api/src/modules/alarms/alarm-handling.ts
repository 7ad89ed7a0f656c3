// What people do to an alarm: acknowledge it ("I'm handling it", which stops escalation), resolve it with an
// outcome (a resident may not dismiss a fire while the sensor still reports heavy smoke), send a property
// company's staff member to it, and add photos and notes to its timeline. Each change goes through the
// engine (AlarmService: emit, close), so listeners hear it exactly once.
import type { Prisma, AlarmKind, AlarmResolution } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import { smokeStillHigh } from "./alarm.ts";
import type { AlarmReads } from "./alarm-reads.ts";
import type { AlarmChange } from "./alarm-types.ts";

/** What handling needs of the engine (AlarmService): telling the listeners of a change, closing an alarm. */
export interface AlarmEngine {
  emit(change: AlarmChange): Promise<AlarmChange>;
  close(id: string, resolution: AlarmResolution, actor: string, at: Date, note: string | null): Promise<AlarmChange>;
}

export class AlarmHandling {
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
