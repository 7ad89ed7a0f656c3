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
  heartbeatIntervalSec: number;
  missedHeartbeats: number;
}

const TTL_MS = 60_000;

export class DeviceDirectory {
  private cache = new Map<string, { info: DeviceInfo | null; at: number }>();
  private inflight = new Map<string, Promise<DeviceInfo | null>>();

  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
  ) {}

  /** Synchronous look-up for the hot path; undefined when not cached yet. */
  peek(id: string): DeviceInfo | null | undefined {
    const hit = this.cache.get(id);
    if (!hit || this.clock.now().getTime() - hit.at > TTL_MS) return undefined;
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

  private async load(id: string): Promise<DeviceInfo | null> {
    const d = await this.prisma.device.findUnique({ where: { id }, include: { model: true } });
    const info: DeviceInfo | null = d
      ? {
          id: d.id,
          secretHash: d.secretHash,
          mode: d.mode,
          householdId: d.householdId,
          communityId: d.communityId,
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
