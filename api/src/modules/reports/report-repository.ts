// The rows the reports are computed from. The only file of this module that touches Prisma; every method
// takes the communities in scope (null: the whole county) and returns plain objects.
import type { AlarmKind, AlarmResolution, AlarmStatus, DeviceMode, Prisma } from "../../db/client.ts";
import type { StatusLike } from "../devices/device-state.ts";
import { coveringDeviceWhere, heartbeatModels } from "../dispatch/coverage.ts";

export type CommunityIds = readonly string[] | null;

export interface CommunityRow {
  id: string;
  name: string;
  townshipId: string;
  townshipName: string;
  companyId: string | null;
  companyName: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Households of one unit, and how many of them have a working alarm. */
export interface UnitCoverage {
  unitId: string;
  buildingId: string;
  buildingName: string;
  communityId: string;
  oldHighRise: boolean;
  households: number;
  covered: number;
}

/**
 * A device that protects its home is a covering smoke alarm (modules/dispatch/coverage.ts: in service,
 * online, not faulty, on its base, heard within its model's heartbeat window): one definition for the
 * reports and the daily coverage record.
 */
export interface DeviceRow {
  id: string;
  name: string | null;
  householdId: string | null;
  communityId: string | null;
  mode: DeviceMode;
  status: StatusLike | null;
}

export interface AlarmRow {
  id: string;
  kind: AlarmKind;
  status: AlarmStatus;
  resolution: AlarmResolution | null;
  deviceId: string;
  householdId: string | null;
  communityId: string | null;
  startedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

const inScope = (ids: CommunityIds) => (ids ? { in: [...ids] } : undefined);

export class ReportRepository {
  constructor(private readonly prisma: Prisma) {}

  async communities(ids: CommunityIds): Promise<CommunityRow[]> {
    const rows = await this.prisma.community.findMany({
      where: ids ? { id: { in: [...ids] } } : {},
      include: { township: { select: { name: true } }, propertyCompany: { select: { name: true } } },
      orderBy: { name: "asc" },
    });
    return rows.map((c) => ({
      id: c.id,
      name: c.name,
      townshipId: c.townshipId,
      townshipName: c.township.name,
      companyId: c.propertyCompanyId,
      companyName: c.propertyCompany?.name ?? null,
      latitude: c.latitude,
      longitude: c.longitude,
    }));
  }

  /**
   * Coverage counted in the database, one row per unit: a county's households are tens of thousands and
   * Prisma costs a fraction of a millisecond per row read, while two grouped counts cost one query each.
   */
  async unitCoverage(ids: CommunityIds, now: Date, opts: { oldHighRiseOnly?: boolean } = {}): Promise<UnitCoverage[]> {
    const building = { communityId: inScope(ids), ...(opts.oldHighRiseOnly ? { oldHighRise: true } : {}) };
    const [models, units] = await Promise.all([
      heartbeatModels(this.prisma),
      this.prisma.unit.findMany({
        where: { building },
        select: {
          id: true,
          buildingId: true,
          building: { select: { name: true, communityId: true, oldHighRise: true } },
        },
      }),
    ]);
    // counts filtered by the units' ids, not through the relation again: half the time on PostgreSQL
    const unitId = { in: units.map((u) => u.id) };
    const [all, covered] = await Promise.all([
      this.prisma.household.groupBy({ by: ["unitId"], where: { unitId }, _count: { _all: true } }),
      this.prisma.household.groupBy({
        by: ["unitId"],
        where: { unitId, devices: { some: coveringDeviceWhere(models, now) } },
        _count: { _all: true },
      }),
    ]);
    const allBy = new Map(all.map((r) => [r.unitId, r._count._all]));
    const coveredBy = new Map(covered.map((r) => [r.unitId, r._count._all]));
    return units.map((u) => ({
      unitId: u.id,
      buildingId: u.buildingId,
      buildingName: u.building.name,
      communityId: u.building.communityId,
      oldHighRise: u.building.oldHighRise,
      households: allBy.get(u.id) ?? 0,
      covered: coveredBy.get(u.id) ?? 0,
    }));
  }

  /** Devices registered in scope, and how many are online now. */
  async deviceTotals(ids: CommunityIds): Promise<{ online: number; total: number }> {
    const where = ids
      ? {
          OR: [
            { communityId: { in: [...ids] } },
            { household: { unit: { building: { communityId: { in: [...ids] } } } } },
          ],
        }
      : {};
    const [total, online] = await Promise.all([
      this.prisma.device.count({ where }),
      this.prisma.device.count({ where: { ...where, status: { is: { online: true } } } }),
    ]);
    return { online, total };
  }

  /** "AX100001 客厅烟感" for each of the given devices. */
  async deviceNames(deviceIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.device.findMany({
      where: { id: { in: [...deviceIds] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((d) => [d.id, d.name ? `${d.id} ${d.name}` : d.id]));
  }

  /** "幸福小区1号楼1单元1203" for each of the given households. */
  async addresses(householdIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.household.findMany({
      where: { id: { in: [...householdIds] } },
      select: {
        id: true,
        roomNo: true,
        unit: { select: { name: true, building: { select: { name: true, community: { select: { name: true } } } } } },
      },
    });
    return new Map(
      rows.map((h) => [h.id, `${h.unit.building.community.name}${h.unit.building.name}${h.unit.name}${h.roomNo}`]),
    );
  }

  async devices(ids: CommunityIds): Promise<DeviceRow[]> {
    const rows = await this.prisma.device.findMany({
      where: ids
        ? {
            OR: [
              { communityId: { in: [...ids] } },
              { household: { unit: { building: { communityId: { in: [...ids] } } } } },
            ],
          }
        : {},
      select: {
        id: true,
        name: true,
        householdId: true,
        communityId: true,
        mode: true,
        household: { select: { unit: { select: { building: { select: { communityId: true } } } } } },
        status: {
          select: { online: true, lastSeenAt: true, smokeAlarm: true, lowBattery: true, tamper: true, fault: true },
        },
      },
    });
    return rows.map((d) => ({
      id: d.id,
      name: d.name,
      householdId: d.householdId,
      communityId: d.communityId ?? d.household?.unit.building.communityId ?? null,
      mode: d.mode,
      status: d.status,
    }));
  }

  /** Alarms started in [from, to): what devices raised (a NOTIFY_FAILED alarm is about the providers, not a home). */
  async alarms(ids: CommunityIds, from: Date, to: Date): Promise<AlarmRow[]> {
    return this.prisma.alarm.findMany({
      where: { communityId: inScope(ids), startedAt: { gte: from, lt: to }, kind: { not: "NOTIFY_FAILED" } },
      select: {
        id: true,
        kind: true,
        status: true,
        resolution: true,
        deviceId: true,
        householdId: true,
        communityId: true,
        startedAt: true,
        acknowledgedAt: true,
        resolvedAt: true,
      },
      orderBy: { startedAt: "asc" },
    });
  }

  /** Alarms not resolved at the instant `at` (started before it, resolved after it or not yet). */
  async openAt(ids: CommunityIds, at: Date): Promise<AlarmRow[]> {
    return this.prisma.alarm.findMany({
      where: {
        communityId: inScope(ids),
        startedAt: { lt: at },
        OR: [{ resolvedAt: null }, { resolvedAt: { gte: at } }],
      },
      select: {
        id: true,
        kind: true,
        status: true,
        resolution: true,
        deviceId: true,
        householdId: true,
        communityId: true,
        startedAt: true,
        acknowledgedAt: true,
        resolvedAt: true,
      },
    });
  }
}
