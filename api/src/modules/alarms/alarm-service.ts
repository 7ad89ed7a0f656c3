// The alarm engine: one open alarm per device and kind, a lifecycle (active -> acknowledged -> resolved)
// with who did what and when, and a change report on every call so notifications fire exactly once.
//
// This file is the engine and what devices and the system report to it (raise, repeat, clear, note);
// beside it: alarm-handling.ts (what people do: acknowledge, resolve, dispatch, photos and notes) and
// alarm-reads.ts (who sees an alarm, the list, an alarm's page, who was told). AlarmService keeps every
// public method.
import type { Prisma, AlarmKind, AlarmResolution, AlarmVerdict, Driver } from "../../db/client.ts";
import { BUSY } from "../../db/sqlite-no-wait.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import { SEVERITY } from "./alarm.ts";
import { AlarmHandling, type GiveVerdict } from "./alarm-handling.ts";
import { postgresRaise, type PostgresRaise } from "./alarm-raise-postgres.ts";
import { sqliteRaise, type PreparedRaise } from "./alarm-raise-sqlite.ts";
import { AlarmReads, type AlarmListQuery } from "./alarm-reads.ts";
import type { AlarmChange, AlarmListener, AlarmPlace, DeviceContext, PointPlace } from "./alarm-types.ts";

export type {
  AlarmChange,
  AlarmListener,
  AlarmPlace,
  AlarmRecord,
  ChangeOutcome,
  DeviceContext,
  HeardChange,
  PointPlace,
} from "./alarm-types.ts";

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** A verdict of no fire, and the outcome it closes its alarm with (a fault by the close's own name). */
export type NoFireVerdict = Exclude<AlarmVerdict, "REAL_FIRE">;
const CLOSED_AS: Record<NoFireVerdict, AlarmResolution> = {
  FALSE_ALARM: "FALSE_ALARM",
  TEST: "TEST",
  FAULT: "DEVICE_FAULT",
};

/** The verdict a close writes with it (closeByVerdict), in the same conditional write. */
interface VerdictWrite {
  verdict: NoFireVerdict;
  cause: string | null;
  /** the alarm was still ACTIVE when the verdict was given: the verdict acknowledges it too */
  acknowledge: boolean;
}

/** What the monitoring centre closes a unit's fire signal with (centre/centre-service.ts confirm). */
export type VerdictCloser = Pick<AlarmService, "closeByVerdict">;

export class AlarmService {
  private listeners: AlarmListener[] = [];
  private readonly prepared: PreparedRaise | null;
  private readonly oneStatement: PostgresRaise | null;
  private readonly reads: AlarmReads;
  private readonly handling: AlarmHandling;

  /**
   * `driver`: on SQLite a raise runs as prepared statements (alarm-raise-sqlite.ts), on PostgreSQL as one
   * statement (alarm-raise-postgres.ts); without it, through Prisma
   */
  constructor(
    private readonly prisma: Prisma,
    scopes: ScopeService,
    private readonly clock: Clock,
    driver?: Driver,
  ) {
    this.prepared = sqliteRaise(driver);
    this.oneStatement = postgresRaise(driver);
    this.reads = new AlarmReads(prisma, scopes);
    this.handling = new AlarmHandling(prisma, clock, this.reads, {
      emit: (change) => this.emit(change),
      close: (id, resolution, actor, at, note) => this.close(id, resolution, actor, at, note),
    });
  }

  onChange(l: AlarmListener): void {
    this.listeners.push(l);
  }

  /**
   * How a networked unit's fire signal is closed (resolve): through the centre's verdict (the composition root
   * passes centre/centre-service.ts confirm). Without it, such an alarm without a verdict is not closed.
   */
  closeUnitFiresThrough(give: GiveVerdict): void {
    this.handling.giveVerdict = give;
  }

  private async emit(change: AlarmChange): Promise<AlarmChange> {
    if (change.alarm && change.outcome !== "ignored") {
      for (const l of this.listeners) await l({ ...change, outcome: change.outcome, alarm: change.alarm });
    }
    return change;
  }

  private openAlarm(deviceId: string, kind: AlarmKind, point = "") {
    return this.prisma.alarm.findUnique({
      where: { deviceId_kind_point_openSlot: { deviceId, kind, point, openSlot: "OPEN" } },
    });
  }

  /** Raise (or repeat) an alarm for a device. `eventKey` makes a redelivered message a no-op. */
  async raise(
    device: DeviceContext,
    kind: AlarmKind,
    at: Date,
    eventKey: string,
    source?: string,
  ): Promise<AlarmChange> {
    if (kind === "FIRE" && device.mode !== "NORMAL") {
      return {
        outcome: "ignored",
        alarm: null,
        reason: `device in ${device.mode.toLowerCase()} mode raises no fire alarm`,
      };
    }
    // the alarm says how the message came (mqtt, ctwing, onenet) when it is not the default, and, for a
    // networked unit's device, which unit and where: that makes it the unit's alarm (control room, centre)
    const unit = device.unitId
      ? {
          unitId: device.unitId,
          unitBuildingId: device.unitBuildingId ?? null,
          keyPartId: device.keyPartId ?? null,
          floor: device.floor ?? null,
          location: device.placeName ?? null,
        }
      : {};
    const place =
      device.unitId || (source && source !== "mqtt") ? { point: "", source: source ?? "mqtt", ...unit } : undefined;
    return this.openOrRepeat(device, kind, at, eventKey, `device:${device.id}`, null, place);
  }

  /** Raise (or repeat) an alarm at a place of a device (a panel's component, a unit's device). */
  async raiseAt(
    device: DeviceContext,
    kind: AlarmKind,
    at: Date,
    eventKey: string,
    place: AlarmPlace,
  ): Promise<AlarmChange> {
    return this.raisePoint(device, kind, place.point, at, eventKey, place, null);
  }

  /** The condition at a place of a device is gone. */
  async clearAt(
    deviceId: string,
    kind: AlarmKind,
    point: string,
    at: Date,
    eventKey: string | null,
    note: string | null = null,
  ): Promise<AlarmChange> {
    const open = await this.openAlarm(deviceId, kind, point);
    if (!open) return { outcome: "ignored", alarm: null, reason: "no open alarm" };
    return this.close(open.id, "CONDITION_CLEARED", `device:${deviceId}`, at, note, eventKey);
  }

  /** A note from the device on the open alarm at a place (a panel no longer reports fire there). */
  async noteAt(
    deviceId: string,
    kind: AlarmKind,
    point: string,
    note: string,
    at: Date,
    eventKey: string,
  ): Promise<AlarmChange> {
    const open = await this.openAlarm(deviceId, kind, point);
    if (!open) return { outcome: "ignored", alarm: null, reason: "no open alarm" };
    try {
      await this.prisma.alarmAction.create({
        data: { alarmId: open.id, action: "device_note", actor: `device:${deviceId}`, note, eventKey, at },
      });
    } catch (e) {
      if (isUniqueViolation(e)) return { outcome: "ignored", alarm: open, reason: "redelivered message" };
      throw e;
    }
    return { outcome: "ignored", alarm: open, reason: "noted" };
  }

  /**
   * A fire alarm's escalation step reached nobody (issue 12 item 4): a NOTIFY_FAILED alarm on the same device
   * for the property company's duty staff and the fire supervisors. It has no household (residents were the
   * ones not reached; it is for staff), one stays open per device, and a later unreached step repeats it.
   */
  async raiseUnreached(
    fire: { id: string; deviceId: string; communityId: string | null },
    step: number,
    note: string,
  ): Promise<AlarmChange> {
    const at = this.clock.now();
    const device = { id: fire.deviceId, mode: "NORMAL" as const, householdId: null, communityId: fire.communityId };
    return this.openOrRepeat(device, "NOTIFY_FAILED", at, `unreached:${fire.id}:${step}`, "system", note);
  }

  /** The fire alarm is closed: its NOTIFY_FAILED alarm, if open, closes with it. */
  async clearUnreached(deviceId: string, fireAlarmId: string): Promise<AlarmChange> {
    const open = await this.openAlarm(deviceId, "NOTIFY_FAILED");
    if (!open) return { outcome: "ignored", alarm: null, reason: "no open alarm" };
    return this.close(open.id, "CONDITION_CLEARED", "system", this.clock.now(), `火警已处理（${fireAlarmId}）`);
  }

  private async openOrRepeat(
    device: DeviceContext,
    kind: AlarmKind,
    at: Date,
    eventKey: string,
    actor: string,
    note: string | null,
    place?: AlarmPlace,
  ): Promise<AlarmChange> {
    if (this.prepared) {
      const change = this.prepared({ device, kind, at, eventKey, actor, note, place });
      // locked by Prisma's own connection: the Prisma way below queues behind it
      if (change !== BUSY) return this.emit(change);
    }
    if (this.oneStatement)
      return this.emit(await this.oneStatement({ device, kind, at, eventKey, actor, note, place }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const open = await this.openAlarm(device.id, kind, place?.point ?? "");
      if (open) {
        const seen = await this.prisma.alarmAction.findUnique({
          where: { alarmId_eventKey: { alarmId: open.id, eventKey } },
        });
        if (seen) return { outcome: "ignored", alarm: open, reason: "redelivered message" };
        try {
          const [alarm] = await this.prisma.$transaction([
            this.prisma.alarm.update({
              where: { id: open.id },
              data: { occurrences: { increment: 1 }, lastEventAt: at > open.lastEventAt ? at : open.lastEventAt },
            }),
            this.prisma.alarmAction.create({
              data: { alarmId: open.id, action: "repeated", actor, note, eventKey, at },
            }),
          ]);
          return this.emit({ outcome: "updated", alarm });
        } catch (e) {
          if (isUniqueViolation(e)) return { outcome: "ignored", alarm: open, reason: "redelivered message" };
          throw e;
        }
      }
      try {
        const alarm = await this.prisma.alarm.create({
          data: {
            deviceId: device.id,
            householdId: device.householdId,
            communityId: device.communityId,
            ...(place
              ? {
                  point: place.point,
                  source: place.source ?? "mqtt",
                  unitId: place.unitId ?? null,
                  unitBuildingId: place.unitBuildingId ?? null,
                  keyPartId: place.keyPartId ?? null,
                  floor: place.floor ?? null,
                  location: place.location ?? null,
                  ...(place.buildingId ? { buildingId: place.buildingId } : {}),
                }
              : {}),
            kind,
            severity: SEVERITY[kind],
            startedAt: at,
            lastEventAt: at,
            actions: { create: { action: "raised", actor, note, eventKey, at } },
          },
        });
        return this.emit({ outcome: "created", alarm });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // another instance opened it at the same moment: go round and repeat it instead
      }
    }
    throw new Error(`could not raise ${kind} for ${device.id}`);
  }

  /**
   * Raise (or repeat) the alarm of one part of a device (a measurement point, an event's part), with where it
   * is. A fire-class alarm of a device not in service is not raised, as for smoke.
   */
  async raisePoint(
    device: DeviceContext,
    kind: AlarmKind,
    point: string,
    at: Date,
    eventKey: string,
    place: PointPlace,
    note: string | null,
  ): Promise<AlarmChange> {
    if (SEVERITY[kind] === "CRITICAL" && device.mode !== "NORMAL")
      return { outcome: "ignored", alarm: null, reason: `device in ${device.mode.toLowerCase()} mode` };
    return this.openOrRepeat(device, kind, at, eventKey, `device:${device.id}`, note, { ...place, point });
  }

  /** The device's part is back within its limits (or says so): its open alarm closes as cleared. */
  async clearPoint(
    deviceId: string,
    kind: AlarmKind,
    point: string,
    at: Date,
    eventKey: string,
    note: string | null,
  ): Promise<AlarmChange> {
    return this.clearAt(deviceId, kind, point, at, eventKey, note);
  }

  /** A note from the device on a part's open alarm (a call point reset: a person must still close it). */
  async notePoint(
    deviceId: string,
    kind: AlarmKind,
    point: string,
    note: string,
    at: Date,
    eventKey: string,
  ): Promise<AlarmChange> {
    return this.noteAt(deviceId, kind, point, note, at, eventKey);
  }

  /** The device says the condition is gone (battery replaced, remounted, back online). */
  async clearFromDevice(deviceId: string, kind: AlarmKind, at: Date, eventKey: string | null): Promise<AlarmChange> {
    return this.clearAt(deviceId, kind, "", at, eventKey);
  }

  /** A note from the device on its open alarm (smoke gone, silenced on site). */
  async noteFromDevice(
    deviceId: string,
    kind: AlarmKind,
    note: string,
    at: Date,
    eventKey: string,
  ): Promise<AlarmChange> {
    return this.noteAt(deviceId, kind, "", note, at, eventKey);
  }

  /**
   * The monitoring centre's verdict of no fire on a networked unit's fire signal (centre/centre-service.ts
   * confirm: 火警确认, or its close on the live board) closes it as any close does: the verdict and the close
   * in one conditional write (of two verdicts at once one wins; the other, or one on an alarm closed already, is
   * "ignored"), then its line on the timeline and the listeners (the live feed, the escalation, linkage's
   * sounders), at once, on the instance that won.
   */
  closeByVerdict(
    id: string,
    v: VerdictWrite & { actor: string; at: Date; note: string; eventKey: string },
  ): Promise<AlarmChange> {
    const { verdict, cause, acknowledge } = v;
    return this.close(id, CLOSED_AS[verdict], v.actor, v.at, v.note, v.eventKey, { verdict, cause, acknowledge });
  }

  private async close(
    id: string,
    resolution: AlarmResolution,
    actor: string,
    at: Date,
    note: string | null,
    eventKey: string | null = null,
    verdict: VerdictWrite | null = null,
  ): Promise<AlarmChange> {
    const claimed = await this.prisma.alarm.updateMany({
      // with a verdict, the first verdict stands
      where: { id, status: { not: "RESOLVED" }, ...(verdict ? { verdict: null } : {}) },
      data: {
        ...(verdict
          ? {
              verdict: verdict.verdict,
              verdictAt: at,
              verdictBy: actor,
              verdictCause: verdict.cause,
              ...(verdict.acknowledge ? { acknowledgedAt: at, acknowledgedBy: actor } : {}),
            }
          : {}),
        status: "RESOLVED",
        openSlot: null,
        resolution,
        resolvedAt: at,
        resolvedBy: actor,
        ...(resolution === "REAL_FIRE" ? { report119: true } : {}),
      },
    });
    const alarm = await this.prisma.alarm.findUniqueOrThrow({ where: { id } });
    if (claimed.count === 0)
      return {
        outcome: "ignored",
        alarm,
        reason: alarm.status === "RESOLVED" ? "already resolved" : "verdict given already",
      };
    await this.prisma.alarmAction.create({
      data: { alarmId: id, action: "resolved", actor, note: note ?? resolution, eventKey, at },
    });
    return this.emit({ outcome: "resolved", alarm });
  }

  // ---- what people do to an alarm (alarm-handling.ts) ----

  /** "I'm handling it": stops escalation. Acknowledging twice is harmless. */
  acknowledge(p: Principal, id: string, note?: string): Promise<AlarmChange> {
    return this.handling.acknowledge(p, id, note);
  }

  /** Closes the alarm with an outcome (a resident may not dismiss a fire while the smoke is still heavy). */
  resolve(p: Principal, id: string, resolution: AlarmResolution, note?: string): Promise<AlarmChange> {
    return this.handling.resolve(p, id, resolution, note);
  }

  /** Records that a staff member was sent to the alarm; the caller has checked scope and who may be sent. */
  dispatch(p: Principal, id: string, staff: { id: string; name: string }, note: string | null): Promise<AlarmChange> {
    return this.handling.dispatch(p, id, staff, note);
  }

  /** A photo was added: one timeline entry (the photo itself is listed with the alarm's photos). */
  recordPhoto(p: Principal, id: string, caption: string | null): Promise<void> {
    return this.handling.recordPhoto(p, id, caption);
  }

  addNote(p: Principal, id: string, note: string): Promise<void> {
    return this.handling.addNote(p, id, note);
  }

  // ---- reading (alarm-reads.ts) ----

  /** The alarm if the caller may see it; NOT_FOUND otherwise (another company's alarm does not exist for them). */
  visible(p: Principal, id: string) {
    return this.reads.visible(p, id);
  }

  list(p: Principal, q: AlarmListQuery) {
    return this.reads.list(p, q);
  }

  /** The staff members alarms were sent to (dispatchedTo holds a StaffUser id). */
  dispatchees(ids: (string | null)[]): Promise<Map<string, { id: string; name: string; phone: string | null }>> {
    return this.reads.dispatchees(ids);
  }

  detail(p: Principal, id: string) {
    return this.reads.detail(p, id);
  }

  /** How staff and residents read "who was told" (keys are the notifications' recipients). */
  recipientNames(recipients: string[]): Promise<Map<string, string>> {
    return this.reads.recipientNames(recipients);
  }
}
