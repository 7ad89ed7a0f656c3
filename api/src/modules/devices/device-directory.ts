// What the ingest path needs to know about a device, cached in memory: its secret hash (to authenticate
// MQTT connections), its mode and where it is installed. Changes made through DeviceService invalidate
// the entry; entries also expire so another instance's change is seen within a minute.
import type { Prisma, DeviceMode } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";

export interface DeviceInfo {
  id: string;
  secretHash: string;
  mode: DeviceMode;
  householdId: string | null;
  communityId: string | null;
  /** a networked unit's device: where in the unit (its alarms are the unit's, issue 17) */
  unitId: string | null;
  unitBuildingId: string | null;
  keyPartId: string | null;
  floor: number | null;
  placeName: string | null;
  heartbeatIntervalSec: number;
  missedHeartbeats: number;
}

const UNKNOWN_TTL_MS = 10_000;

export class DeviceDirectory {
  /**
   * How long an entry is trusted. With several API instances another one may change a device, so 60 s;
   * with the embedded broker this is the only instance, every change goes through invalidate(), and the
   * transport makes entries permanent.
   */
  ttlMs = 60_000;
  private cache = new Map<string, { info: DeviceInfo | null; at: number }>();
  private inflight = new Map<string, Promise<DeviceInfo | null>>();

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /** Synchronous look-up for the hot path; undefined when not cached yet. */
  peek(id: string): DeviceInfo | null | undefined {
    const hit = this.cache.get(id);
    // an unknown id is remembered only briefly: the device may be registered a moment later
    if (!hit || this.clock.now().getTime() - hit.at > (hit.info ? this.ttlMs : UNKNOWN_TTL_MS)) return undefined;
    return hit.info;
  }

  async get(id: string): Promise<DeviceInfo | null> {
    const hit = this.peek(id);
    if (hit !== undefined) return hit;
    let p = this.inflight.get(id);
    if (!p) {
      p = this.load(id).finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  /**
   * Loads every device in pages, so a broker restart with thousands of devices reconnecting at once does
   * not turn into thousands of single queries (measured: they also left the process ~100 MB larger).
   */
  async warm(pageSize = 5000): Promise<number> {
    let cursor: string | undefined;
    let n = 0;
    for (;;) {
      const rows = await this.prisma.device.findMany({
        take: pageSize,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
        orderBy: { id: "asc" },
        select: {
          id: true,
          secretHash: true,
          mode: true,
          householdId: true,
          communityId: true,
          unitId: true,
          unitBuildingId: true,
          keyPartId: true,
          floor: true,
          placeName: true,
          model: { select: { heartbeatIntervalSec: true, missedHeartbeats: true } },
        },
      });
      const at = this.clock.now().getTime();
      for (const d of rows) {
        const { model, ...rest } = d;
        this.cache.set(d.id, {
          info: { ...rest, heartbeatIntervalSec: model.heartbeatIntervalSec, missedHeartbeats: model.missedHeartbeats },
          at,
        });
      }
      n += rows.length;
      if (rows.length < pageSize) return n;
      cursor = rows[rows.length - 1]!.id;
    }
  }

  private async load(id: string): Promise<DeviceInfo | null> {
    const d = await this.prisma.device.findUnique({ where: { id }, include: { model: true } });
    const info: DeviceInfo | null = d
      ? {
          id: d.id,
          secretHash: d.secretHash,
          mode: d.mode,
          householdId: d.householdId,
          communityId: d.communityId,
          unitId: d.unitId,
          unitBuildingId: d.unitBuildingId,
          keyPartId: d.keyPartId,
          floor: d.floor,
          placeName: d.placeName ?? d.room,
          heartbeatIntervalSec: d.model.heartbeatIntervalSec,
          missedHeartbeats: d.model.missedHeartbeats,
        }
      : null;
    this.cache.set(id, { info, at: this.clock.now().getTime() });
    return info;
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }
}
