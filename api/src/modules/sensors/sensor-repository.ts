// The sensor domain's reads and writes through Prisma (the hot path is reading-store.ts): the devices' place
// and model, the limit engine's state per point, limit overrides with their history, open alarms.
import type { AlarmKind, DeviceKind, DeviceMode, LinkageScope, Prisma, SensorLimitState } from "../../db/client.ts";
import { outOfServiceSince } from "../devices/device-service-mode.ts";
import { ALARM_CLASS } from "./alarm-classes.ts";
import type { Limit } from "./limits.ts";
import type { PointState } from "./limit-engine.ts";

/** A device with what the sensor domain needs: its kind, model limits and place. */
export interface SensorDevice {
  id: string;
  name: string | null;
  kind: DeviceKind;
  modelLimits: string | null;
  mode: string;
  householdId: string | null;
  communityId: string | null;
  unitId: string | null;
  buildingId: string | null;
  unitBuildingId: string | null;
  floor: number | null;
  placeName: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface PointRow {
  id: number;
  deviceId: string;
  point: string;
  value: number;
  ts: Date;
  limitState: SensorLimitState;
  stateSince: Date;
  pendingSide: SensorLimitState | null;
  pendingSince: Date | null;
  evaluatedAt: Date | null;
}

export interface LimitChangeRow {
  id: string;
  deviceId: string;
  point: string;
  action: string;
  before: string;
  after: string;
  by: string;
  at: Date;
  note: string | null;
}

export const FIRE_KINDS = (Object.keys(ALARM_CLASS) as AlarmKind[]).filter((k) => ALARM_CLASS[k] === "fire");

const deviceSelect = {
  id: true,
  name: true,
  mode: true,
  householdId: true,
  communityId: true,
  unitId: true,
  buildingId: true,
  unitBuildingId: true,
  floor: true,
  placeName: true,
  latitude: true,
  longitude: true,
  model: { select: { kind: true, limits: true } },
} as const;

type DeviceRow = {
  id: string;
  name: string | null;
  mode: string;
  householdId: string | null;
  communityId: string | null;
  unitId: string | null;
  buildingId: string | null;
  unitBuildingId: string | null;
  floor: number | null;
  placeName: string | null;
  latitude: number | null;
  longitude: number | null;
  model: { kind: DeviceKind; limits: string | null };
};

/** A device as a place's list shows it (sensor-queries.ts facilities): with its serial and since when registered. */
export interface ListedDevice extends Omit<SensorDevice, "mode"> {
  serial: string;
  mode: DeviceMode;
  registeredAt: Date;
}

const listedSelect = { ...deviceSelect, serial: true, registeredAt: true } as const;

const toDevice = ({ model, ...d }: DeviceRow): SensorDevice => ({ ...d, kind: model.kind, modelLimits: model.limits });

export function toPointState(r: PointRow): PointState {
  return {
    limitState: r.limitState,
    stateSince: r.stateSince.getTime(),
    pendingSide: r.pendingSide === "NORMAL" ? null : r.pendingSide,
    pendingSince: r.pendingSince?.getTime() ?? null,
    evaluatedAt: r.evaluatedAt?.getTime() ?? null,
  };
}

/** A point's limit-engine state as its row's columns. */
const stateData = (s: PointState) => ({
  limitState: s.limitState,
  stateSince: new Date(s.stateSince),
  pendingSide: s.pendingSide,
  pendingSince: s.pendingSince === null ? null : new Date(s.pendingSince),
  evaluatedAt: s.evaluatedAt === null ? null : new Date(s.evaluatedAt),
});

export class SensorRepository {
  constructor(private readonly prisma: Prisma) {}

  async device(id: string): Promise<SensorDevice | null> {
    const d = await this.prisma.device.findUnique({ where: { id }, select: deviceSelect });
    return d ? toDevice(d) : null;
  }

  async devicesWhere(where: Record<string, unknown>, take: number): Promise<SensorDevice[]> {
    const rows = await this.prisma.device.findMany({ where, select: deviceSelect, orderBy: { id: "asc" }, take });
    return rows.map(toDevice);
  }

  /**
   * At most `take` devices matching `where` as a place's list shows them (with their serial and registration):
   * those out of normal use first (the morning reminder links here for them: none is left past the cut), then
   * those in use, each by id; `truncated` when more match, with how many (`total`, counted only then). Two queries
   * at most, and a count when cut.
   */
  async listedDevices(
    where: Record<string, unknown>,
    take: number,
  ): Promise<{ devices: ListedDevice[]; truncated: boolean; total: number }> {
    const read = (mode: Record<string, unknown>, n: number) =>
      this.prisma.device.findMany({
        where: { AND: [where, { mode }] },
        select: listedSelect,
        orderBy: { id: "asc" },
        take: n,
      });
    // one more than shown: whether there are more is known without counting
    const resting = await read({ not: "NORMAL" }, take + 1);
    const rows =
      resting.length > take ? resting : [...resting, ...(await read({ equals: "NORMAL" }, take + 1 - resting.length))];
    const truncated = rows.length > take;
    const devices = rows.slice(0, take).map(({ serial, registeredAt, ...d }) => ({
      ...toDevice(d),
      serial,
      mode: d.mode,
      registeredAt,
    }));
    return { devices, truncated, total: truncated ? await this.prisma.device.count({ where }) : devices.length };
  }

  /**
   * Since when each of the listed devices out of normal use has been so (the audit log's switches, else its
   * registration: outOfServiceSince, as 设备健康 says it); one query a page of 200, none when all are in use.
   */
  modesSince(devices: readonly ListedDevice[]): Promise<Map<string, Date>> {
    return outOfServiceSince(this.prisma, devices);
  }

  points(deviceIds: string[], points?: string[]): Promise<PointRow[]> {
    return this.prisma.sensorPoint.findMany({
      where: { deviceId: { in: deviceIds }, ...(points ? { point: { in: points } } : {}) },
      orderBy: [{ deviceId: "asc" }, { point: "asc" }],
    });
  }

  point(deviceId: string, point: string): Promise<PointRow | null> {
    return this.prisma.sensorPoint.findUnique({ where: { deviceId_point: { deviceId, point } } });
  }

  /** Writes the engine's new state if nobody else evaluated the point since it was read; false otherwise. */
  async saveState(row: PointRow, s: PointState): Promise<boolean> {
    const r = await this.prisma.sensorPoint.updateMany({
      where: { id: row.id, evaluatedAt: row.evaluatedAt },
      data: stateData(s),
    });
    return r.count === 1;
  }

  /**
   * `saveState` for several points at once, all or nothing: false (and nothing written) when any of them was
   * evaluated by someone else since it was read.
   */
  async saveStates(list: { row: PointRow; state: PointState }[]): Promise<boolean> {
    if (list.length === 1) return this.saveState(list[0]!.row, list[0]!.state);
    const conflict = new Error("point evaluated meanwhile");
    try {
      await this.prisma.$transaction(async (tx) => {
        for (const { row, state: s } of list) {
          const r = await tx.sensorPoint.updateMany({
            where: { id: row.id, evaluatedAt: row.evaluatedAt },
            data: stateData(s),
          });
          if (r.count !== 1) throw conflict;
        }
      });
      return true;
    } catch (e) {
      if (e === conflict) return false;
      throw e;
    }
  }

  /** Forgets a raised side (its alarm was resolved by a person): a value still past the limit raises again. */
  async resetState(deviceId: string, point: string, at: Date): Promise<boolean> {
    const r = await this.prisma.sensorPoint.updateMany({
      where: { deviceId, point, limitState: { not: "NORMAL" } },
      data: { limitState: "NORMAL", stateSince: at, pendingSide: null, pendingSince: null },
    });
    return r.count === 1;
  }

  async overrides(deviceIds: string[]): Promise<Map<string, Map<string, Limit>>> {
    const rows = await this.prisma.sensorLimitOverride.findMany({ where: { deviceId: { in: deviceIds } } });
    const out = new Map<string, Map<string, Limit>>();
    for (const r of rows) {
      let m = out.get(r.deviceId);
      if (!m) out.set(r.deviceId, (m = new Map()));
      m.set(r.point, { low: r.low, high: r.high, hysteresis: r.hysteresis, minDurationSec: r.minDurationSec });
    }
    return out;
  }

  /** Sets (or with `limit` null removes) a device's override and records the change, in one transaction. */
  async changeOverride(c: {
    deviceId: string;
    point: string;
    limit: Limit | null;
    before: string;
    after: string;
    by: string;
    at: Date;
    note: string | null;
  }): Promise<LimitChangeRow> {
    const key = { deviceId_point: { deviceId: c.deviceId, point: c.point } };
    return this.prisma.$transaction(async (tx) => {
      if (c.limit) {
        const data = { ...c.limit, updatedBy: c.by, updatedAt: c.at };
        await tx.sensorLimitOverride.upsert({
          where: key,
          create: { deviceId: c.deviceId, point: c.point, ...data },
          update: data,
        });
      } else await tx.sensorLimitOverride.deleteMany({ where: { deviceId: c.deviceId, point: c.point } });
      return tx.sensorLimitChange.create({
        data: {
          deviceId: c.deviceId,
          point: c.point,
          action: c.limit ? "set" : "reset",
          before: c.before,
          after: c.after,
          by: c.by,
          at: c.at,
          note: c.note,
        },
      });
    });
  }

  limitChanges(deviceId: string, point: string | undefined, take: number): Promise<LimitChangeRow[]> {
    return this.prisma.sensorLimitChange.findMany({
      where: { deviceId, ...(point ? { point } : {}) },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take,
    });
  }

  async statuses(deviceIds: string[]): Promise<Map<string, { online: boolean; lastSeenAt: Date | null }>> {
    const rows = await this.prisma.deviceStatus.findMany({
      where: { deviceId: { in: deviceIds } },
      select: { deviceId: true, online: true, lastSeenAt: true },
    });
    return new Map(rows.map((r) => [r.deviceId, { online: r.online, lastSeenAt: r.lastSeenAt }]));
  }

  openAlarms(deviceIds: string[]) {
    return this.prisma.alarm.findMany({
      where: { deviceId: { in: deviceIds }, openSlot: "OPEN" },
      select: { id: true, deviceId: true, kind: true, point: true, severity: true, status: true, startedAt: true },
      orderBy: { startedAt: "asc" },
    });
  }

  /** Whether a fire-class alarm is open in the device's unit or building (a pump starting then is its job). */
  async fireOpenInPlace(d: SensorDevice): Promise<boolean> {
    const places: Record<string, unknown>[] = [];
    if (d.unitId) places.push({ unitId: d.unitId }, { device: { unitId: d.unitId } });
    if (d.buildingId)
      places.push(
        { buildingId: d.buildingId },
        { device: { buildingId: d.buildingId } },
        { household: { unit: { buildingId: d.buildingId } } },
      );
    if (!places.length) return false;
    const n = await this.prisma.alarm.count({ where: { openSlot: "OPEN", kind: { in: FIRE_KINDS }, OR: places } });
    return n > 0;
  }

  buildingNames(ids: { buildingIds: string[]; unitBuildingIds: string[] }) {
    return Promise.all([
      this.prisma.building.findMany({ where: { id: { in: ids.buildingIds } }, select: { id: true, name: true } }),
      this.prisma.unitBuilding.findMany({
        where: { id: { in: ids.unitBuildingIds } },
        select: { id: true, name: true },
      }),
    ]).then(([b, u]) => new Map([...b, ...u].map((r) => [r.id, r.name])));
  }

  // ---- linkage -----------------------------------------------------------------------------------------

  alarmForLinkage(id: string) {
    return this.prisma.alarm.findUnique({
      where: { id },
      select: {
        id: true,
        kind: true,
        status: true,
        buildingId: true,
        unitBuildingId: true,
        floor: true,
        household: { select: { floor: true, unit: { select: { buildingId: true } } } },
        device: { select: { buildingId: true, unitBuildingId: true, floor: true } },
      },
    });
  }

  async linkageScope(buildingId: string): Promise<LinkageScope | null> {
    const b = await this.prisma.building.findUnique({ where: { id: buildingId }, select: { linkageScope: true } });
    return b?.linkageScope ?? null;
  }

  sounders(place: { buildingId: string } | { unitBuildingId: string }) {
    return this.prisma.device.findMany({
      where: { ...place, model: { kind: "SOUND_LIGHT" } },
      select: { id: true, floor: true },
      orderBy: { id: "asc" },
      take: 1000,
    });
  }

  /** Open fire-class alarms of a building, with the floor each is on (derived as for the alarm itself). */
  openFireAlarms(place: { buildingId: string } | { unitBuildingId: string }) {
    const OR =
      "buildingId" in place
        ? [
            { buildingId: place.buildingId },
            { device: { buildingId: place.buildingId } },
            { household: { unit: { buildingId: place.buildingId } } },
          ]
        : [{ unitBuildingId: place.unitBuildingId }, { device: { unitBuildingId: place.unitBuildingId } }];
    return this.prisma.alarm.findMany({
      where: { openSlot: "OPEN", kind: { in: FIRE_KINDS }, OR },
      select: {
        id: true,
        kind: true,
        floor: true,
        household: { select: { floor: true } },
        device: { select: { floor: true } },
      },
      take: 1000,
    });
  }
}
