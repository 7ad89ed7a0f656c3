// Offline detection per device model: a device that has missed `missedHeartbeats` heartbeats of its
// model's interval is offline (vendors range from 30 minutes to 64 hours, so no global timeout).
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { AlarmService } from "../alarms/alarm-service.ts";
import type { StatusStore } from "./status-store.ts";

export class OfflineSweeper {
  constructor(
    private readonly prisma: Prisma,
    private readonly status: StatusStore,
    private readonly alarms: AlarmService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** One sweep; returns the devices newly marked offline. */
  async sweep(): Promise<string[]> {
    const now = this.clock.now().getTime();
    const models = await this.prisma.deviceModel.findMany({
      select: { id: true, heartbeatIntervalSec: true, missedHeartbeats: true },
    });
    const late: {
      id: string;
      mode: "NORMAL" | "INSTALLATION" | "MAINTENANCE";
      householdId: string | null;
      communityId: string | null;
      unitId: string | null;
      unitBuildingId: string | null;
      keyPartId: string | null;
      floor: number | null;
      placeName: string | null;
    }[] = [];
    for (const m of models) {
      const cutoff = new Date(now - m.heartbeatIntervalSec * m.missedHeartbeats * 1000);
      const rows = await this.prisma.device.findMany({
        where: { modelId: m.id, status: { online: true, lastSeenAt: { lt: cutoff } } },
        select: {
          id: true,
          mode: true,
          householdId: true,
          communityId: true,
          unitId: true,
          unitBuildingId: true,
          keyPartId: true,
          floor: true,
          placeName: true,
        },
      });
      late.push(...rows);
    }
    const changed = new Set(await this.status.markOffline(late.map((d) => d.id)));
    const at = this.clock.now();
    for (const d of late) {
      if (!changed.has(d.id) || d.mode !== "NORMAL") continue;
      await this.alarms.raise(d, "OFFLINE", at, `offline/${d.id}/${at.getTime()}`);
    }
    if (changed.size) this.log.info({ count: changed.size }, "devices offline");
    return [...changed];
  }
}
