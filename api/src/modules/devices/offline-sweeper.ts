// Offline detection per device model: a device that has missed `missedHeartbeats` heartbeats of its
// model's interval is offline (vendors range from 30 minutes to 64 hours, so no global timeout).
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { AlarmService } from "../alarms/alarm-service.ts";
import type { StatusStore } from "./status-store.ts";

/** What an OFFLINE alarm needs of a device: its mode and where it is. */
const PLACE_SELECT = {
  id: true,
  mode: true,
  householdId: true,
  communityId: true,
  unitId: true,
  unitBuildingId: true,
  keyPartId: true,
  floor: true,
  placeName: true,
} as const;

export class OfflineSweeper {
  constructor(
    private readonly prisma: Prisma,
    private readonly status: StatusStore,
    private readonly alarms: AlarmService,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * One sweep; returns the devices newly found offline: marked now, or marked earlier by their carrier
   * platform and now past their model's window (those get their OFFLINE alarm now).
   */
  async sweep(): Promise<string[]> {
    const now = this.clock.now().getTime();
    const models = await this.prisma.deviceModel.findMany({
      select: { id: true, heartbeatIntervalSec: true, missedHeartbeats: true },
    });
    type Late = {
      id: string;
      mode: "NORMAL" | "INSTALLATION" | "MAINTENANCE";
      householdId: string | null;
      communityId: string | null;
      unitId: string | null;
      unitBuildingId: string | null;
      keyPartId: string | null;
      floor: number | null;
      placeName: string | null;
    };
    const late: Late[] = [];
    const reported: (Late & { silentSince: Date })[] = [];
    for (const m of models) {
      const cutoff = new Date(now - m.heartbeatIntervalSec * m.missedHeartbeats * 1000);
      const rows = await this.prisma.device.findMany({
        where: { modelId: m.id, status: { online: true, lastSeenAt: { lt: cutoff } } },
        select: PLACE_SELECT,
      });
      late.push(...rows);
      reported.push(...(await this.reportedOffline(m.id, cutoff)));
    }
    const changed = new Set(await this.status.markOffline(late.map((d) => d.id)));
    const at = this.clock.now();
    for (const d of late) {
      if (!changed.has(d.id) || d.mode !== "NORMAL") continue;
      await this.alarms.raise(d, "OFFLINE", at, `offline/${d.id}/${at.getTime()}`);
    }
    if (changed.size) this.log.info({ count: changed.size }, "devices offline");
    // one alarm per silence: another instance sweeping at the same moment repeats the same key, a no-op
    for (const d of reported) {
      const change = await this.alarms.raise(d, "OFFLINE", at, `offline/${d.id}/silent/${d.silentSince.getTime()}`);
      if (change.outcome === "created") changed.add(d.id);
    }
    return [...changed];
  }

  /**
   * Carrier devices whose platform reported them offline (status offline already, so the pass above does not
   * see them), silent past their model's window and without an OFFLINE alarm for this silence: they get one
   * now, as any device does. A sleeping NB-IoT device detaches routinely, so the report alone raises nothing
   * (docs/carriers.md). Bounded: the most recently silent first, at most 500 a model a sweep.
   */
  private async reportedOffline(modelId: string, cutoff: Date) {
    const rows = await this.prisma.device.findMany({
      where: {
        modelId,
        mode: "NORMAL",
        carrierPlatform: { not: null },
        status: { online: false, lastSeenAt: { lt: cutoff } },
        alarms: { none: { kind: "OFFLINE", openSlot: "OPEN" } },
      },
      select: { ...PLACE_SELECT, status: { select: { lastSeenAt: true } } },
      orderBy: { status: { lastSeenAt: "desc" } },
      take: 500,
    });
    if (!rows.length) return [];
    // an OFFLINE alarm raised since the device was last heard (and closed by staff since) is this silence's
    const last = await this.prisma.alarm.groupBy({
      by: ["deviceId"],
      where: { deviceId: { in: rows.map((r) => r.id) }, kind: "OFFLINE" },
      _max: { startedAt: true },
    });
    const lastRaised = new Map(last.map((l) => [l.deviceId, l._max.startedAt]));
    return rows.flatMap(({ status, ...d }) => {
      const silentSince = status?.lastSeenAt;
      if (!silentSince) return [];
      const raised = lastRaised.get(d.id);
      return raised && raised >= silentSince ? [] : [{ ...d, silentSince }];
    });
  }
}
