// The alarm engine: one open alarm per device and kind, a lifecycle (active -> acknowledged -> resolved)
// with who did what and when, and a change report on every call so notifications fire exactly once.
import type { Prisma, AlarmKind, AlarmResolution, Driver } from "../../db/client.ts";
import { BUSY } from "../../db/sqlite-no-wait.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import { SEVERITY, smokeStillHigh } from "./alarm.ts";
import { sqliteRaise, type PreparedRaise } from "./alarm-raise-sqlite.ts";
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

export class AlarmService {
  private listeners: AlarmListener[] = [];
  private readonly prepared: PreparedRaise | null;

  /** `driver`: on SQLite a raise runs as prepared statements (alarm-raise-sqlite.ts); absent or PostgreSQL: Prisma */
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
    private readonly clock: Clock,
    driver?: Driver,
  ) {
    this.prepared = sqliteRaise(driver);
  }

  onChange(l: AlarmListener): void {
    this.listeners.push(l);
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

  private async close(
    id: string,
    resolution: AlarmResolution,
    actor: string,
    at: Date,
    note: string | null,
    eventKey: string | null = null,
  ): Promise<AlarmChange> {
    const claimed = await this.prisma.alarm.updateMany({
      where: { id, status: { not: "RESOLVED" } },
      data: {
        status: "RESOLVED",
        openSlot: null,
        resolution,
        resolvedAt: at,
        resolvedBy: actor,
        ...(resolution === "REAL_FIRE" ? { report119: true } : {}),
      },
    });
    const alarm = await this.prisma.alarm.findUniqueOrThrow({ where: { id } });
    if (claimed.count === 0) return { outcome: "ignored", alarm, reason: "already resolved" };
    await this.prisma.alarmAction.create({
      data: { alarmId: id, action: "resolved", actor, note: note ?? resolution, eventKey, at },
    });
    return this.emit({ outcome: "resolved", alarm });
  }

  /** The alarm if the caller may see it; NOT_FOUND otherwise (another company's alarm does not exist for them). */
  async visible(p: Principal, id: string) {
    const alarm = await this.prisma.alarm.findUnique({ where: { id } });
    if (!alarm) throw new AppError("NOT_FOUND", "找不到该报警");
    if (!this.scopes.covers(await this.scopes.of(p), alarm)) throw new AppError("NOT_FOUND", "找不到该报警");
    return alarm;
  }

  /** "I'm handling it": stops escalation. Acknowledging twice is harmless. */
  async acknowledge(p: Principal, id: string, note?: string): Promise<AlarmChange> {
    await this.visible(p, id);
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
    return this.emit({ outcome: "acknowledged", alarm });
  }

  async resolve(p: Principal, id: string, resolution: AlarmResolution, note?: string): Promise<AlarmChange> {
    const alarm = await this.visible(p, id);
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
    return this.close(id, resolution, actor, at, note ?? null);
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
        ? (await this.dispatchees([current.dispatchedTo])).get(current.dispatchedTo)
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
    return this.emit({ outcome: "dispatched", alarm });
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
    await this.visible(p, id);
    await this.prisma.alarmAction.create({
      data: { alarmId: id, action: "note", actor: `${p.kind}:${p.id}`, note, at: this.clock.now() },
    });
  }

  async list(
    p: Principal,
    q: {
      status: "open" | "all";
      offset: number;
      limit: number;
      communityId?: string | undefined;
      dispatchedTo?: "me" | undefined;
    },
  ) {
    const scope = await this.scopes.of(p);
    const where: Record<string, unknown> = {};
    if (scope.kind === "households") where.householdId = { in: scope.householdIds };
    else if (scope.kind === "communities") where.communityId = { in: scope.communityIds };
    else if (scope.kind === "none") where.id = { in: [] };
    if (q.communityId) {
      await this.scopes.assertCommunity(p, q.communityId);
      where.communityId = q.communityId;
    }
    if (q.status === "open") where.status = { not: "RESOLVED" };
    // "sent to me": only staff are dispatched, so a resident's "me" matches nothing
    if (q.dispatchedTo === "me") where.dispatchedTo = p.kind === "staff" ? p.id : { in: [] };
    const [total, rows] = await Promise.all([
      this.prisma.alarm.count({ where }),
      this.prisma.alarm.findMany({
        where,
        orderBy: [{ severity: "asc" }, { startedAt: "desc" }],
        skip: q.offset,
        take: q.limit,
        include: {
          device: { select: { id: true, name: true, room: true } },
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
        },
      }),
    ]);
    const people = await this.dispatchees(rows.map((r) => r.dispatchedTo));
    return {
      total,
      rows: rows.map((r) => ({ ...r, dispatchee: r.dispatchedTo ? (people.get(r.dispatchedTo) ?? null) : null })),
    };
  }

  /** The staff members alarms were sent to (dispatchedTo holds a StaffUser id). */
  async dispatchees(ids: (string | null)[]): Promise<Map<string, { id: string; name: string; phone: string | null }>> {
    const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
    if (!wanted.length) return new Map();
    const rows = await this.prisma.staffUser.findMany({
      where: { id: { in: wanted } },
      select: { id: true, name: true, phone: true },
    });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async detail(p: Principal, id: string) {
    await this.visible(p, id);
    return this.prisma.alarm
      .findUniqueOrThrow({
        where: { id },
        include: {
          device: {
            select: {
              id: true,
              name: true,
              room: true,
              model: { select: { name: true, supportsMute: true } },
              status: true,
            },
          },
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
          actions: { orderBy: { at: "asc" } },
          notifications: { orderBy: { createdAt: "asc" } },
          photos: { orderBy: { at: "asc" } },
        },
      })
      .then(async (a) => ({
        ...a,
        dispatchee: a.dispatchedTo ? ((await this.dispatchees([a.dispatchedTo])).get(a.dispatchedTo) ?? null) : null,
        recipientNames: await this.recipientNames(a.notifications.map((n) => n.recipient)),
      }));
  }

  /**
   * How staff and residents read "who was told": a resident by nickname (else the masked phone), staff by name,
   * an emergency contact by name and relation. Keys are the notifications' recipients ("resident:<id>", ...).
   */
  async recipientNames(recipients: string[]): Promise<Map<string, string>> {
    const ids = { resident: new Set<string>(), staff: new Set<string>(), contact: new Set<string>() };
    for (const r of recipients) {
      const [kind, id] = r.split(":", 2) as [string, string | undefined];
      if (id && (kind === "resident" || kind === "staff" || kind === "contact")) ids[kind].add(id);
    }
    const [residents, staff, contacts] = await Promise.all([
      ids.resident.size
        ? this.prisma.resident.findMany({
            where: { id: { in: [...ids.resident] } },
            select: { id: true, nickname: true, phone: true },
          })
        : [],
      ids.staff.size
        ? this.prisma.staffUser.findMany({ where: { id: { in: [...ids.staff] } }, select: { id: true, name: true } })
        : [],
      ids.contact.size
        ? this.prisma.emergencyContact.findMany({
            where: { id: { in: [...ids.contact] } },
            select: { id: true, name: true, relation: true },
          })
        : [],
    ]);
    const names = new Map<string, string>();
    for (const r of residents) names.set(`resident:${r.id}`, r.nickname ?? (r.phone ? maskPhone(r.phone) : "住户"));
    for (const r of staff) names.set(`staff:${r.id}`, r.name);
    for (const c of contacts) names.set(`contact:${c.id}`, c.relation ? `${c.name}（${c.relation}）` : c.name);
    return names;
  }
}
