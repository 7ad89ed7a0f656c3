// The rows the reports are computed from. The only file of this module that touches Prisma; every method
// takes the communities in scope (null: the whole county) and returns plain objects.
import type { AlarmKind, AlarmResolution, AlarmStatus, DeviceMode, Prisma } from "../../db/client.ts";
import type { StatusLike } from "../devices/device-state.ts";

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

export interface HouseholdRow {
  id: string;
  communityId: string;
  buildingId: string;
  buildingName: string;
  oldHighRise: boolean;
}

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

  async households(ids: CommunityIds, opts: { oldHighRiseOnly?: boolean } = {}): Promise<HouseholdRow[]> {
    const rows = await this.prisma.household.findMany({
      where: { unit: { building: { communityId: inScope(ids), ...(opts.oldHighRiseOnly ? { oldHighRise: true } : {}) } } },
      select: { id: true, unit: { select: { building: { select: { id: true, name: true, communityId: true, oldHighRise: true } } } } },
    });
    return rows.map((h) => ({
      id: h.id,
      communityId: h.unit.building.communityId,
      buildingId: h.unit.building.id,
      buildingName: h.unit.building.name,
      oldHighRise: h.unit.building.oldHighRise,
    }));
  }

  /** "幸福小区1号楼1单元1203" for each of the given households. */
  async addresses(householdIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.household.findMany({
      where: { id: { in: [...householdIds] } },
      select: { id: true, roomNo: true, unit: { select: { name: true, building: { select: { name: true, community: { select: { name: true } } } } } } },
    });
    return new Map(rows.map((h) => [h.id, `${h.unit.building.community.name}${h.unit.building.name}${h.unit.name}${h.roomNo}`]));
  }

  async devices(ids: CommunityIds): Promise<DeviceRow[]> {
    const rows = await this.prisma.device.findMany({
      where: ids ? { OR: [{ communityId: { in: [...ids] } }, { household: { unit: { building: { communityId: { in: [...ids] } } } } }] } : {},
      select: {
        id: true,
        name: true,
        householdId: true,
        communityId: true,
        mode: true,
        household: { select: { unit: { select: { building: { select: { communityId: true } } } } } },
        status: { select: { online: true, lastSeenAt: true, smokeAlarm: true, lowBattery: true, tamper: true, fault: true } },
      },
    });
    return rows.map((d) => ({ id: d.id, name: d.name, householdId: d.householdId, communityId: d.communityId ?? d.household?.unit.building.communityId ?? null, mode: d.mode, status: d.status }));
  }

  /** Alarms started in [from, to). */
  async alarms(ids: CommunityIds, from: Date, to: Date): Promise<AlarmRow[]> {
    return this.prisma.alarm.findMany({
      where: { communityId: inScope(ids), startedAt: { gte: from, lt: to } },
      select: { id: true, kind: true, status: true, resolution: true, deviceId: true, householdId: true, communityId: true, startedAt: true, acknowledgedAt: true, resolvedAt: true },
      orderBy: { startedAt: "asc" },
    });
  }

  /** Alarms not resolved at the instant `at` (started before it, resolved after it or not yet). */
  async openAt(ids: CommunityIds, at: Date): Promise<AlarmRow[]> {
    return this.prisma.alarm.findMany({
      where: { communityId: inScope(ids), startedAt: { lt: at }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: at } }] },
      select: { id: true, kind: true, status: true, resolution: true, deviceId: true, householdId: true, communityId: true, startedAt: true, acknowledgedAt: true, resolvedAt: true },
    });
  }
}
