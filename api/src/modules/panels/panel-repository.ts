// The panels tables (prisma/schema/85-panels.prisma). The only file of this module that touches Prisma;
// it returns plain objects, component addresses as numbers (stored as BIGINT: 32 bits do not fit INTEGER).
import { sqliteTime, type Driver, type Prisma, type PrismaNs } from "../../db/client.ts";
import { BUSY, noWait } from "../../db/sqlite-no-wait.ts";

export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string })?.code === "P2002";

export interface TransmissionDeviceRow {
  id: string;
  deviceId: string;
  address: string;
  unitId: string;
  profile: string;
  patrolIntervalSec: number;
  lastClockSyncAt: Date | null;
  createdAt: Date;
}

export interface SystemRow {
  id: string;
  transmissionDeviceId: string;
  unitId: string;
  systemType: number;
  systemAddress: number;
  name: string | null;
}

export interface ComponentRow {
  id: string;
  systemId: string;
  unitId: string;
  componentType: number;
  componentAddress: number;
  name: string | null;
  keyPartId: string | null;
  location: string | null;
  description: string | null;
  stateBits: number;
  fire: boolean;
  fault: boolean;
  supervision: boolean;
  shielded: boolean;
  stateChangedAt: Date | null;
  seenAt: Date | null;
}

export interface ComponentWithSystem extends ComponentRow {
  system: SystemRow;
}

export interface ComponentData {
  componentType?: number;
  name?: string | null;
  keyPartId?: string | null;
  location?: string | null;
  description?: string | null;
}

export interface ComponentStateData {
  stateBits?: number;
  fire: boolean;
  fault: boolean;
  supervision: boolean;
  shielded: boolean;
  stateChangedAt?: Date;
  seenAt?: Date;
  description?: string;
  componentType?: number;
}

export interface ComponentQuery {
  systemId?: string;
  /** only components nobody has named yet */
  unnamed?: boolean;
  /** only components in fire, fault, supervision or shielded now */
  abnormal?: boolean;
  limit: number;
  /** the last id of the previous page */
  after?: string;
}

type RawComponent = Omit<ComponentRow, "componentAddress"> & { componentAddress: bigint };

const component = (r: RawComponent): ComponentRow => ({ ...r, componentAddress: Number(r.componentAddress) });

type SqliteDb = Extract<Driver, { provider: "sqlite" }>["sqlite"];

/**
 * A component's state as one statement prepared once on SQLite (issue 16: the gateway saves the state of
 * every component a frame reports, and Prisma compiles each updateMany anew, 1-2 ms of the event loop the
 * confirms and a fire's alarm share). The same rules as the Prisma way: fields left out are kept, and a state
 * older than the stored one changes nothing. BUSY (nothing written) while Prisma's connection holds the lock.
 */
function sqliteStateWrite(db: SqliteDb) {
  const update = db.prepare(
    `UPDATE "PanelComponent" SET
       "fire" = ?, "fault" = ?, "supervision" = ?, "shielded" = ?,
       "stateBits" = COALESCE(?, "stateBits"), "stateChangedAt" = COALESCE(?, "stateChangedAt"),
       "seenAt" = COALESCE(?, "seenAt"), "description" = COALESCE(?, "description"),
       "componentType" = COALESCE(?, "componentType"), "updatedAt" = ?
     WHERE "systemId" = ? AND "componentAddress" = ?
       AND (? IS NULL OR "stateChangedAt" IS NULL OR "stateChangedAt" <= ?)`,
  );
  return (systemId: string, componentAddress: number, d: ComponentStateData): boolean | typeof BUSY => {
    const changedAt = d.stateChangedAt ? sqliteTime(d.stateChangedAt) : null;
    return noWait(
      db,
      () =>
        update.run(
          d.fire ? 1 : 0,
          d.fault ? 1 : 0,
          d.supervision ? 1 : 0,
          d.shielded ? 1 : 0,
          d.stateBits ?? null,
          changedAt,
          d.seenAt ? sqliteTime(d.seenAt) : null,
          d.description ?? null,
          d.componentType ?? null,
          sqliteTime(new Date()),
          systemId,
          BigInt(componentAddress),
          changedAt,
          changedAt,
        ).changes > 0,
    );
  };
}

export class PanelRepository {
  private readonly fastState: ReturnType<typeof sqliteStateWrite> | null;

  /** `driver`: on SQLite, a component's state as a prepared statement; absent or PostgreSQL: Prisma */
  constructor(
    private readonly prisma: Prisma,
    driver?: Driver,
  ) {
    this.fastState = driver?.provider === "sqlite" ? sqliteStateWrite(driver.sqlite) : null;
  }

  createDevice(data: {
    deviceId: string;
    address: string;
    unitId: string;
    profile: string;
    patrolIntervalSec: number;
  }): Promise<TransmissionDeviceRow> {
    return this.prisma.transmissionDevice.create({ data });
  }

  updateDevice(
    id: string,
    data: Partial<Pick<TransmissionDeviceRow, "profile" | "patrolIntervalSec" | "lastClockSyncAt">>,
  ): Promise<TransmissionDeviceRow> {
    return this.prisma.transmissionDevice.update({ where: { id }, data });
  }

  deviceById(id: string): Promise<TransmissionDeviceRow | null> {
    return this.prisma.transmissionDevice.findUnique({ where: { id } });
  }

  deviceByAddress(address: string): Promise<TransmissionDeviceRow | null> {
    return this.prisma.transmissionDevice.findUnique({ where: { address } });
  }

  deviceByDeviceId(deviceId: string): Promise<TransmissionDeviceRow | null> {
    return this.prisma.transmissionDevice.findUnique({ where: { deviceId } });
  }

  devicesOfUnit(unitId: string): Promise<TransmissionDeviceRow[]> {
    return this.prisma.transmissionDevice.findMany({ where: { unitId }, orderBy: { address: "asc" }, take: 500 });
  }

  async markClockSynced(deviceId: string, at: Date): Promise<boolean> {
    const r = await this.prisma.transmissionDevice.updateMany({ where: { deviceId }, data: { lastClockSyncAt: at } });
    return r.count > 0;
  }

  systemsOf(transmissionDeviceId: string): Promise<SystemRow[]> {
    return this.prisma.panelSystem.findMany({
      where: { transmissionDeviceId },
      orderBy: [{ systemType: "asc" }, { systemAddress: "asc" }],
    });
  }

  systemsOfUnit(unitId: string): Promise<SystemRow[]> {
    return this.prisma.panelSystem.findMany({
      where: { unitId },
      orderBy: [{ transmissionDeviceId: "asc" }, { systemType: "asc" }, { systemAddress: "asc" }],
      take: 1000,
    });
  }

  systemById(id: string): Promise<SystemRow | null> {
    return this.prisma.panelSystem.findUnique({ where: { id } });
  }

  /** The system, created when first named or reported (two writers racing both get the one row). */
  async ensureSystem(transmissionDeviceId: string, unitId: string, systemType: number, systemAddress: number) {
    const key = { transmissionDeviceId_systemType_systemAddress: { transmissionDeviceId, systemType, systemAddress } };
    const found = await this.prisma.panelSystem.findUnique({ where: key });
    if (found) return found;
    try {
      return await this.prisma.panelSystem.create({
        data: { transmissionDeviceId, unitId, systemType, systemAddress },
      });
    } catch (e) {
      if (isUniqueViolation(e)) return this.prisma.panelSystem.findUniqueOrThrow({ where: key });
      throw e;
    }
  }

  renameSystem(id: string, name: string | null): Promise<SystemRow> {
    return this.prisma.panelSystem.update({ where: { id }, data: { name } });
  }

  async componentsOf(transmissionDeviceId: string): Promise<ComponentWithSystem[]> {
    const rows = await this.prisma.panelComponent.findMany({
      where: { system: { transmissionDeviceId } },
      include: { system: true },
    });
    return rows.map((r) => ({ ...component(r), system: r.system }));
  }

  async componentsOfSystem(systemId: string): Promise<ComponentRow[]> {
    return (await this.prisma.panelComponent.findMany({ where: { systemId } })).map(component);
  }

  async componentById(id: string): Promise<ComponentWithSystem | null> {
    const r = await this.prisma.panelComponent.findUnique({ where: { id }, include: { system: true } });
    return r ? { ...component(r), system: r.system } : null;
  }

  async componentsOfUnit(unitId: string, q: ComponentQuery): Promise<ComponentWithSystem[]> {
    const where: PrismaNs.PanelComponentWhereInput = { unitId };
    if (q.systemId) where.systemId = q.systemId;
    if (q.unnamed) where.name = null;
    if (q.abnormal) where.OR = [{ fire: true }, { fault: true }, { supervision: true }, { shielded: true }];
    const rows = await this.prisma.panelComponent.findMany({
      where,
      include: { system: true },
      orderBy: [{ systemId: "asc" }, { componentAddress: "asc" }, { id: "asc" }],
      take: q.limit,
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
    });
    return rows.map((r) => ({ ...component(r), system: r.system }));
  }

  async createComponent(
    system: SystemRow,
    componentAddress: number,
    data: ComponentData & { componentType: number },
  ): Promise<ComponentRow> {
    const r = await this.prisma.panelComponent.create({
      data: { ...data, systemId: system.id, unitId: system.unitId, componentAddress: BigInt(componentAddress) },
    });
    return component(r);
  }

  /** Creates the component if it is new; a concurrent creator wins and nothing is changed. */
  async ensureComponent(
    system: SystemRow,
    componentAddress: number,
    data: ComponentData & { componentType: number },
  ): Promise<ComponentRow> {
    const key = { systemId_componentAddress: { systemId: system.id, componentAddress: BigInt(componentAddress) } };
    const found = await this.prisma.panelComponent.findUnique({ where: key });
    if (found) return component(found);
    try {
      return await this.createComponent(system, componentAddress, data);
    } catch (e) {
      if (isUniqueViolation(e)) return component(await this.prisma.panelComponent.findUniqueOrThrow({ where: key }));
      throw e;
    }
  }

  async updateComponent(id: string, data: ComponentData): Promise<ComponentRow> {
    return component(await this.prisma.panelComponent.update({ where: { id }, data }));
  }

  /**
   * Writes a component's state. With `stateChangedAt`, a report older than the one stored changes
   * nothing (frames of one device may be settled out of order).
   */
  async saveState(systemId: string, componentAddress: number, data: ComponentStateData): Promise<boolean> {
    const fast = this.fastState?.(systemId, componentAddress, data);
    if (fast !== undefined && fast !== BUSY) return fast;
    const where: PrismaNs.PanelComponentWhereInput = { systemId, componentAddress: BigInt(componentAddress) };
    if (data.stateChangedAt) {
      where.OR = [{ stateChangedAt: null }, { stateChangedAt: { lte: data.stateChangedAt } }];
    }
    const r = await this.prisma.panelComponent.updateMany({ where, data });
    return r.count > 0;
  }
}
