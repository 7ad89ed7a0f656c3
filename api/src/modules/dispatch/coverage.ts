// Coverage that means something (issue 19): a household of an old high-rise building is covered only when it
// has a smoke alarm that is in service (NORMAL mode), online, not faulty, on its base (no tamper) and heard
// within its model's heartbeat window (heartbeatIntervalSec x missedHeartbeats, the offline sweeper's rule).
// A gas detector, a faulty or removed alarm, one never connected or one silent past its window does not count.
// The one definition: reports (figures of the county view and the monthly report) and the daily record use it.
import type { DeviceKind, DeviceMode, Prisma, PrismaNs } from "../../db/client.ts";

export interface HeartbeatModel {
  id: string;
  kind: DeviceKind;
  heartbeatIntervalSec: number;
  missedHeartbeats: number;
}

export interface CoveringStatus {
  online: boolean;
  lastSeenAt: Date | null;
  tamper: boolean;
  fault: boolean;
}

/** The instant before which a device of this model has been silent too long. */
export const heartbeatCutoff = (m: HeartbeatModel, now: Date): Date =>
  new Date(now.getTime() - m.heartbeatIntervalSec * m.missedHeartbeats * 1000);

/** The rule on one device, for tests and explanations (the query below is the same rule). */
export function covers(
  d: { mode: DeviceMode; status: CoveringStatus | null },
  model: HeartbeatModel,
  now: Date,
): boolean {
  const s = d.status;
  return (
    model.kind === "SMOKE_ALARM" &&
    d.mode === "NORMAL" &&
    !!s &&
    s.online &&
    !s.fault &&
    !s.tamper &&
    !!s.lastSeenAt &&
    s.lastSeenAt >= heartbeatCutoff(model, now)
  );
}

/**
 * The Prisma filter for covering devices at `now`, given the device models (one OR branch per smoke alarm
 * model: the heartbeat window differs by model). No smoke alarm model: nothing covers.
 */
export function coveringDeviceWhere(models: readonly HeartbeatModel[], now: Date): PrismaNs.DeviceWhereInput {
  const smoke = models.filter((m) => m.kind === "SMOKE_ALARM");
  if (!smoke.length) return { id: { in: [] } };
  return {
    mode: "NORMAL",
    OR: smoke.map((m) => ({
      modelId: m.id,
      status: { is: { online: true, fault: false, tamper: false, lastSeenAt: { gte: heartbeatCutoff(m, now) } } },
    })),
  };
}

/** The device models with their heartbeat windows (a handful of rows). */
export function heartbeatModels(prisma: Prisma): Promise<HeartbeatModel[]> {
  return prisma.deviceModel.findMany({
    select: { id: true, kind: true, heartbeatIntervalSec: true, missedHeartbeats: true },
  });
}

/** What the page says the rule is. */
export const COVERAGE_RULE =
  "一户计为已覆盖：户内有一台独立式感烟火灾探测报警器，处于正常使用状态，在线、无故障、未被拆离底座，且在其型号的心跳周期（心跳间隔×允许漏报次数）内有上报。燃气探测器等其他设备、故障、被拆除、从未上线或超时未上报的设备不计。";

export interface CommunityCoverage {
  communityId: string;
  households: number;
  covered: number;
}

/**
 * Old high-rise households and covered households per community, counted in the database (two grouped
 * counts by stairwell unit, then summed per community: tens of thousands of households, a few thousand rows).
 */
export async function communityCoverage(
  prisma: Prisma,
  now: Date,
  communityIds: readonly string[] | null = null,
): Promise<CommunityCoverage[]> {
  const building = { oldHighRise: true, ...(communityIds ? { communityId: { in: [...communityIds] } } : {}) };
  // the stairwell units first, then the counts filtered by their ids: on PostgreSQL this halves the time of
  // the same filter written through the unit -> building relation (bench/rollout.ts)
  const [models, units] = await Promise.all([
    heartbeatModels(prisma),
    prisma.unit.findMany({ where: { building }, select: { id: true, building: { select: { communityId: true } } } }),
  ]);
  const unitId = { in: units.map((u) => u.id) };
  const [all, covered] = await Promise.all([
    prisma.household.groupBy({ by: ["unitId"], where: { unitId }, _count: { _all: true } }),
    prisma.household.groupBy({
      by: ["unitId"],
      where: { unitId, devices: { some: coveringDeviceWhere(models, now) } },
      _count: { _all: true },
    }),
  ]);
  const communityOf = new Map(units.map((u) => [u.id, u.building.communityId]));
  const by = new Map<string, CommunityCoverage>();
  const entry = (unitId: string) => {
    const c = communityOf.get(unitId);
    if (!c) return null;
    let e = by.get(c);
    if (!e) by.set(c, (e = { communityId: c, households: 0, covered: 0 }));
    return e;
  };
  for (const r of all) {
    const e = entry(r.unitId);
    if (e) e.households += r._count._all;
  }
  for (const r of covered) {
    const e = entry(r.unitId);
    if (e) e.covered += r._count._all;
  }
  return [...by.values()];
}
