// The unit register's reads and writes (Prisma). A unit's file is written in one transaction: the unit,
// its buildings, its key parts (placed in a building by name) and its facilities.
import type { PrismaNs, Prisma, ServiceCompanyKind } from "../../db/client.ts";
import type { BuildingRow, FacilityRow, KeyPartRow, UnitBase } from "./unit-fields.ts";

export type UnitRow = Omit<UnitBase, "keyUnit" | "hasAutoFireAlarm" | "pilot" | "sector"> & {
  keyUnit: boolean;
  hasAutoFireAlarm: boolean;
  pilot: boolean;
  sector: NonNullable<UnitBase["sector"]>;
};

export type BuildingData = Omit<BuildingRow, "floorsBelow" | "highRise"> & { floorsBelow: number; highRise: boolean };
export type FacilityData = Omit<FacilityRow, "count"> & { count: number };

export interface FileLists {
  buildings?: BuildingData[];
  keyParts?: KeyPartRow[];
  facilities?: FacilityData[];
}

const fileInclude = {
  township: { select: { id: true, name: true } },
  buildings: { orderBy: { name: "asc" } },
  keyParts: { orderBy: { name: "asc" }, include: { building: { select: { name: true } } } },
  facilities: { orderBy: { kind: "asc" } },
  documents: { orderBy: { at: "desc" } },
  staff: {
    include: { staffUser: { select: { id: true, name: true, role: true, phone: true, active: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies PrismaNs.NetworkedUnitInclude;

export type UnitFileRecord = PrismaNs.NetworkedUnitGetPayload<{ include: typeof fileInclude }>;

export const summarySelect = {
  id: true,
  name: true,
  creditCode: true,
  category: true,
  keyUnit: true,
  sector: true,
  address: true,
  latitude: true,
  longitude: true,
  pilot: true,
  hasAutoFireAlarm: true,
  rolloutStage: true,
  active: true,
  township: { select: { id: true, name: true } },
  _count: { select: { buildings: true, staff: true, devices: true } },
} as const satisfies PrismaNs.NetworkedUnitSelect;

export type UnitSummaryRecord = PrismaNs.NetworkedUnitGetPayload<{ select: typeof summarySelect }>;

type Tx = PrismaNs.TransactionClient;

export class UnitRepository {
  constructor(private readonly prisma: Prisma) {}

  async townshipExists(id: string): Promise<boolean> {
    return (await this.prisma.township.count({ where: { id } })) === 1;
  }

  async serviceCompanies(ids: string[]): Promise<Map<string, { name: string; kind: ServiceCompanyKind }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.serviceCompany.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, kind: true },
    });
    return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
  }

  async creditCodeTaken(code: string, exceptId?: string): Promise<boolean> {
    const r = await this.prisma.networkedUnit.findUnique({ where: { creditCode: code }, select: { id: true } });
    return !!r && r.id !== exceptId;
  }

  async nameTaken(townshipId: string, name: string, exceptId?: string): Promise<boolean> {
    const r = await this.prisma.networkedUnit.findUnique({
      where: { townshipId_name: { townshipId, name } },
      select: { id: true },
    });
    return !!r && r.id !== exceptId;
  }

  async create(unit: UnitRow, lists: FileLists): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      const { townshipId, ...rest } = unit;
      const created = await tx.networkedUnit.create({
        data: { ...rest, township: { connect: { id: townshipId } } },
        select: { id: true },
      });
      await this.writeLists(tx, created.id, lists);
      return created.id;
    });
  }

  /** Devices placed in these buildings or key parts (they cannot be removed from the file while placed). */
  async devicesPlaced(where: { unitBuildingIds?: string[]; keyPartIds?: string[] }): Promise<number> {
    const or: PrismaNs.DeviceWhereInput[] = [];
    if (where.unitBuildingIds?.length) or.push({ unitBuildingId: { in: where.unitBuildingIds } });
    if (where.keyPartIds?.length) or.push({ keyPartId: { in: where.keyPartIds } });
    return or.length ? this.prisma.device.count({ where: { OR: or } }) : 0;
  }

  async current(id: string) {
    return this.prisma.networkedUnit.findUnique({
      where: { id },
      include: {
        buildings: { select: { id: true, name: true } },
        keyParts: { select: { id: true, name: true, buildingId: true } },
      },
    });
  }

  async update(id: string, base: Partial<UnitRow>, lists: FileLists): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { townshipId, ...rest } = base;
      await tx.networkedUnit.update({
        where: { id },
        data: { ...rest, ...(townshipId ? { township: { connect: { id: townshipId } } } : {}) },
      });
      await this.writeLists(tx, id, lists);
    });
  }

  /**
   * Replaces the lists given: entries are matched by name (buildings, key parts) or kind (facilities) so
   * their ids, which devices and alarms refer to, stay the same; entries no longer listed are removed.
   */
  private async writeLists(tx: Tx, unitId: string, lists: FileLists): Promise<void> {
    if (lists.buildings) {
      const existing = new Map(
        (await tx.unitBuilding.findMany({ where: { unitId }, select: { id: true, name: true } })).map((b) => [
          b.name,
          b.id,
        ]),
      );
      const keep = new Set(lists.buildings.map((b) => b.name));
      const gone = [...existing].filter(([name]) => !keep.has(name)).map(([, bid]) => bid);
      if (gone.length) {
        await tx.keyPart.updateMany({ where: { buildingId: { in: gone } }, data: { buildingId: null } });
        await tx.unitBuilding.deleteMany({ where: { id: { in: gone } } });
      }
      for (const b of lists.buildings) {
        const bid = existing.get(b.name);
        if (bid) await tx.unitBuilding.update({ where: { id: bid }, data: b });
        else await tx.unitBuilding.create({ data: { ...b, unitId } });
      }
    }
    if (lists.keyParts) {
      const buildings = new Map(
        (await tx.unitBuilding.findMany({ where: { unitId }, select: { id: true, name: true } })).map((b) => [
          b.name,
          b.id,
        ]),
      );
      const existing = new Map(
        (await tx.keyPart.findMany({ where: { unitId }, select: { id: true, name: true } })).map((k) => [k.name, k.id]),
      );
      const keep = new Set(lists.keyParts.map((k) => k.name));
      const gone = [...existing].filter(([name]) => !keep.has(name)).map(([, kid]) => kid);
      if (gone.length) await tx.keyPart.deleteMany({ where: { id: { in: gone } } });
      for (const k of lists.keyParts) {
        const data = {
          name: k.name,
          floor: k.floor,
          description: k.description,
          buildingId: k.building ? (buildings.get(k.building) ?? null) : null,
        };
        const kid = existing.get(k.name);
        if (kid) await tx.keyPart.update({ where: { id: kid }, data });
        else await tx.keyPart.create({ data: { ...data, unitId } });
      }
    }
    if (lists.facilities) {
      const kinds = lists.facilities.map((f) => f.kind);
      await tx.unitFacility.deleteMany({ where: { unitId, kind: { notIn: kinds } } });
      for (const f of lists.facilities)
        await tx.unitFacility.upsert({
          where: { unitId_kind: { unitId, kind: f.kind } },
          create: { ...f, unitId },
          update: f,
        });
    }
  }

  file(id: string): Promise<UnitFileRecord | null> {
    return this.prisma.networkedUnit.findUnique({ where: { id }, include: fileInclude });
  }

  async list(
    where: PrismaNs.NetworkedUnitWhereInput,
    page: { offset: number; limit: number },
  ): Promise<{ total: number; items: UnitSummaryRecord[] }> {
    const [total, items] = await Promise.all([
      this.prisma.networkedUnit.count({ where }),
      this.prisma.networkedUnit.findMany({
        where,
        select: summarySelect,
        orderBy: [{ name: "asc" }, { id: "asc" }],
        skip: page.offset,
        take: page.limit,
      }),
    ]);
    return { total, items };
  }

  async setting(key: string): Promise<string | null> {
    return (await this.prisma.setting.findUnique({ where: { key } }))?.value ?? null;
  }

  async saveSetting(key: string, value: string, by: string): Promise<void> {
    await this.prisma.setting.upsert({
      where: { key },
      create: { key, value, updatedBy: by },
      update: { value, updatedBy: by },
    });
  }
}
