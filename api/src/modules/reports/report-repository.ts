// The rows the reports are computed from. The only file of this module that touches Prisma; every method
// takes the communities in scope (null: the whole county) and returns plain objects.
import type { AlarmKind, AlarmResolution, AlarmStatus, DeviceMode, Prisma } from "../../db/client.ts";
import type { StatusLike } from "../devices/device-state.ts";
import {
  communityCoverage,
  coveringDeviceWhere,
  heartbeatModels,
  type CommunityCoverage,
} from "../dispatch/coverage.ts";

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

/** A township's page (issue 14): its open alarms, its households' places and units' names. */
export interface TownshipAlarmRow {
  id: string;
  kind: AlarmKind;
  severity: string;
  status: AlarmStatus;
  startedAt: Date;
  communityId: string | null;
  place: string;
}

export interface TownshipCentreRow {
  id: string;
  name: string;
  level: "COUNTY" | "TOWNSHIP" | "COMMUNITY";
  address: string;
  phone: string | null;
  openingHours: string;
  capacity: number;
  sessionsAhead: number;
  seatsAhead: number;
  seatsBooked: number;
}

export interface TownshipBookingRow {
  id: string;
  centre: string;
  date: string;
  startTime: string;
  title: string;
  groupName: string | null;
  seats: number;
  status: string;
}

/** Reads for the township page; every method takes the township (and its communities) decided by the service. */
export class TownshipRepository {
  constructor(private readonly prisma: Prisma) {}

  township(id: string): Promise<{ id: string; name: string } | null> {
    return this.prisma.township.findUnique({ where: { id }, select: { id: true, name: true } });
  }

  firstTownship(): Promise<{ id: string; name: string } | null> {
    return this.prisma.township.findFirst({ orderBy: { name: "asc" }, select: { id: true, name: true } });
  }

  /** Old high-rise households and covered ones per community: the one coverage rule (dispatch/coverage.ts). */
  coverage(communityIds: readonly string[], now: Date): Promise<CommunityCoverage[]> {
    return communityCoverage(this.prisma, now, communityIds);
  }

  async communityIds(townshipId: string): Promise<string[]> {
    const rows = await this.prisma.community.findMany({ where: { townshipId }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Households and devices (registered, online) per community: three counts each, a township has tens. */
  async perCommunity(
    communityIds: readonly string[],
  ): Promise<Map<string, { households: number; devices: number; online: number }>> {
    const rows = await Promise.all(
      communityIds.map(async (id) => {
        const devices = { OR: [{ communityId: id }, { household: { unit: { building: { communityId: id } } } }] };
        const [households, total, online] = await Promise.all([
          this.prisma.household.count({ where: { unit: { building: { communityId: id } } } }),
          this.prisma.device.count({ where: devices }),
          this.prisma.device.count({ where: { ...devices, status: { is: { online: true } } } }),
        ]);
        return [id, { households, devices: total, online }] as const;
      }),
    );
    return new Map(rows);
  }

  /** Alarms not resolved in the township's communities and its networked units, fire first, newest first. */
  async openAlarms(
    townshipId: string,
    communityIds: readonly string[],
    limit: number,
  ): Promise<{ total: number; items: TownshipAlarmRow[] }> {
    const where = {
      status: { not: "RESOLVED" as const },
      OR: [{ communityId: { in: [...communityIds] } }, { unit: { is: { townshipId } } }],
    };
    const [total, rows] = await Promise.all([
      this.prisma.alarm.count({ where }),
      this.prisma.alarm.findMany({
        where,
        orderBy: [{ severity: "asc" }, { startedAt: "desc" }],
        take: limit,
        select: {
          id: true,
          kind: true,
          severity: true,
          status: true,
          startedAt: true,
          communityId: true,
          location: true,
          unit: { select: { name: true } },
          household: {
            select: {
              roomNo: true,
              unit: {
                select: { name: true, building: { select: { name: true, community: { select: { name: true } } } } },
              },
            },
          },
        },
      }),
    ]);
    return {
      total,
      items: rows.map((a) => {
        const h = a.household;
        const place = h
          ? `${h.unit.building.community.name}${h.unit.building.name}${h.unit.name}${h.roomNo}`
          : a.unit
            ? `${a.unit.name}${a.location ? ` ${a.location}` : ""}`
            : (a.location ?? "");
        return {
          id: a.id,
          kind: a.kind,
          severity: a.severity,
          status: a.status,
          startedAt: a.startedAt,
          communityId: a.communityId,
          place,
        };
      }),
    };
  }

  /** Open alarms per community (all of them, not only the ones listed). */
  async openAlarmsByCommunity(communityIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.prisma.alarm.groupBy({
      by: ["communityId"],
      where: { status: { not: "RESOLVED" }, communityId: { in: [...communityIds] } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.communityId ?? "", r._count._all]));
  }

  /** The experience centres in the township or run by it, with their sessions from `from` to `to` (county days). */
  async centres(townshipId: string, from: string, to: string): Promise<TownshipCentreRow[]> {
    const centres = await this.prisma.centre.findMany({
      where: { active: true, OR: [{ townshipId }, { runByTownshipId: townshipId }] },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        level: true,
        address: true,
        phone: true,
        openingHours: true,
        capacity: true,
        sessions: {
          where: { date: { gte: from, lte: to }, status: { not: "CANCELLED" } },
          select: { capacity: true, bookedSeats: true },
        },
      },
    });
    return centres.map(({ sessions, ...c }) => ({
      ...c,
      sessionsAhead: sessions.length,
      seatsAhead: sessions.reduce((n, s) => n + s.capacity, 0),
      seatsBooked: sessions.reduce((n, s) => n + s.bookedSeats, 0),
    }));
  }

  /** The township's group bookings for sessions from `from` on, soonest first. */
  async groupBookings(townshipId: string, from: string, limit: number): Promise<TownshipBookingRow[]> {
    const rows = await this.prisma.booking.findMany({
      where: {
        kind: "GROUP",
        townshipId,
        status: { in: ["CONFIRMED", "WAITLISTED", "OFFERED", "CHECKED_IN"] },
        session: { date: { gte: from } },
      },
      orderBy: [{ session: { startsAt: "asc" } }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        groupName: true,
        seats: true,
        status: true,
        session: { select: { date: true, startTime: true, title: true, centre: { select: { name: true } } } },
      },
    });
    return rows.map((b) => ({
      id: b.id,
      centre: b.session.centre.name,
      date: b.session.date,
      startTime: b.session.startTime,
      title: b.session.title,
      groupName: b.groupName,
      seats: b.seats,
      status: b.status,
    }));
  }
}
