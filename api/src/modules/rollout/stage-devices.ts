// Where a subject's stage and its devices disagree (the programme's lists flag it, its summary counts it): a
// unit or old high-rise building recorded 已安装待验收 or 已验收 with no device registered or none online, or one
// still before 已安装 whose devices have been reporting for days. What "online" means is not decided here:
// - a unit: the command wall's rule (centre/command-view.ts unitState) on the inputs its map and the county
//   view read (CommandView.map, centre/unit-state-counts.ts): the unit's devices, cameras aside, and those of
//   them online (DeviceStatus `online`, which the offline sweeper clears when heartbeats are missed, and a
//   `lastSeenAt`);
// - a building: the homes' coverage rule (dispatch/coverage.ts): a home is online when a smoke alarm in it is in
//   service, online, not faulty, on its base and heard within its model's heartbeat window; the building's
//   devices are those of its homes and its shared places (as acceptance checks them).
// "For days": one of them online now by that rule that was already heard ONLINE_DAYS ago (a stored event).
// Read for the whole scope in the database, whatever the number of subjects: grouped counts, and one statement
// (an index seek a candidate device) for the events. One subject's own page (subjectMismatch) and the monthly
// dispatch's count (countStageMismatches, handed to modules/dispatch by the composition root) read the same.
import { sql, sqlJoin, type Prisma, type PrismaNs, type RolloutStage } from "../../db/client.ts";
import { ROLLOUT_STAGE_LABEL, STAGE_MISMATCH_LABEL } from "../../contract/labels.ts";
import { ONLINE_DEVICE, unitDeviceCounts, unitState, WATCHED_DEVICE, type UnitState } from "../centre/command-view.ts";
import { coveringDeviceWhere, heartbeatModels } from "../dispatch/coverage.ts";
import type { StageSubject } from "./catalogue.ts";

export type MismatchKind = keyof typeof STAGE_MISMATCH_LABEL;
export interface StageMismatch {
  kind: MismatchKind;
  /** in words: "已验收，但设备全部离线", "设备已上线多日，阶段仍为安装中" */
  text: string;
}

/** A subject before 已安装 is flagged when a device online now was already heard this many days ago. */
export const ONLINE_DAYS = 3;

/** What the programme page says the rule is. */
export const MISMATCH_RULE = `推进状态与设备核对：已安装待验收或已验收的，须登记了设备且至少一台在线（联网单位按指挥大屏的在线规则，摄像机不计；老旧高层住宅楼按住户覆盖规则：户内烟感正常使用、在线、无故障、未拆离底座，且在心跳周期内有上报）；尚未安装完成的，如有正常使用的设备现在在线且 ${ONLINE_DAYS} 天前已有它自己的上报，记为“设备已上线多日”。`;

/** Stages that say the devices are in place. */
const IN_PLACE: readonly RolloutStage[] = ["INSTALLED", "ACCEPTED"];
/** Stages that say they are not yet. */
const NOT_YET: readonly RolloutStage[] = ["NOT_STARTED", "SURVEYED", "PLANNED", "INSTALLING"];
/** Subjects, and candidate devices, read at most (a county's units and buildings are thousands). */
const MAX_ROWS = 20_000;
/** Device ids named in one statement (under both engines' limits on parameters). */
const CHUNK = 5_000;

// the wall's inputs (CommandView.map, unitStateCounts): the unit's devices, cameras aside; those online
const watching: PrismaNs.DeviceWhereInput = WATCHED_DEVICE;
const online: PrismaNs.DeviceWhereInput = ONLINE_DEVICE;

/**
 * A subject's stage against what its devices say. `state` is the wall's word for its devices (unitState with
 * nothing open: UNCONNECTED none registered, OFFLINE none online, NORMAL some online); `onlineForDays` whether
 * one online now was already heard days ago.
 */
export function mismatchOf(
  subject: StageSubject,
  stage: RolloutStage,
  state: UnitState,
  onlineForDays: boolean,
): StageMismatch | null {
  if (IN_PLACE.includes(stage)) {
    const kind: MismatchKind | null =
      state === "UNCONNECTED"
        ? "NO_DEVICES"
        : state === "OFFLINE"
          ? subject === "BUILDING"
            ? "NONE_COVERED"
            : "ALL_OFFLINE"
          : null;
    return kind ? { kind, text: `${ROLLOUT_STAGE_LABEL[stage]}，但${STAGE_MISMATCH_LABEL[kind]}` } : null;
  }
  return onlineForDays
    ? { kind: "ONLINE_EARLY", text: `${STAGE_MISMATCH_LABEL.ONLINE_EARLY}，阶段仍为${ROLLOUT_STAGE_LABEL[stage]}` }
    : null;
}

export interface StageMismatches {
  units: Map<string, StageMismatch>;
  buildings: Map<string, StageMismatch>;
}

/** The subjects of a scope (the active units and old high-rise buildings given) whose stage their devices contradict. */
export async function stageMismatches(
  prisma: Prisma,
  scope: { units: PrismaNs.NetworkedUnitWhereInput; buildings: PrismaNs.BuildingWhereInput },
  now: Date,
): Promise<StageMismatches> {
  const heardBy = new Date(now.getTime() - ONLINE_DAYS * 86_400_000);
  const [units, buildings] = await Promise.all([
    unitMismatches(prisma, scope.units, heardBy),
    buildingMismatches(prisma, scope.buildings, now, heardBy),
  ]);
  return { units, buildings };
}

/** How many subjects of a scope are flagged (the monthly dispatch's count, passed to it by the composition root). */
export async function countStageMismatches(
  prisma: Prisma,
  scope: { units: PrismaNs.NetworkedUnitWhereInput; buildings: PrismaNs.BuildingWhereInput },
  now: Date,
): Promise<{ units: number; buildings: number }> {
  const m = await stageMismatches(prisma, scope, now);
  return { units: m.units.size, buildings: m.buildings.size };
}

/**
 * One subject's flag, as the programme's lists show it (a unit the programme follows: an active one; a building:
 * an old high-rise one). The caller's scope is checked before this is read.
 */
export async function subjectMismatch(
  prisma: Prisma,
  subject: StageSubject,
  id: string,
  now: Date,
): Promise<StageMismatch | null> {
  const heardBy = new Date(now.getTime() - ONLINE_DAYS * 86_400_000);
  const found =
    subject === "UNIT"
      ? await unitMismatches(prisma, { id, active: true }, heardBy)
      : await buildingMismatches(prisma, { id, oldHighRise: true }, now, heardBy);
  return found.get(id) ?? null;
}

async function unitMismatches(
  prisma: Prisma,
  scope: PrismaNs.NetworkedUnitWhereInput,
  heardBy: Date,
): Promise<Map<string, StageMismatch>> {
  const inPlace: PrismaNs.NetworkedUnitWhereInput = { AND: [scope, { rolloutStage: { in: [...IN_PLACE] } }] };
  const notYet: PrismaNs.NetworkedUnitWhereInput = { AND: [scope, { rolloutStage: { in: [...NOT_YET] } }] };
  const [placed, counts, candidates] = await Promise.all([
    prisma.networkedUnit.findMany({ where: inPlace, select: { id: true, rolloutStage: true }, take: MAX_ROWS }),
    unitDeviceCounts(prisma, { unit: { is: inPlace } }),
    // in service only: a device still in installation or maintenance mode while the unit is 安装中 is as it should be
    prisma.device.findMany({
      where: { ...online, mode: "NORMAL", unit: { is: notYet } },
      select: { id: true, unit: { select: { id: true, rolloutStage: true } } },
      take: MAX_ROWS,
    }),
  ]);
  const out = new Map<string, StageMismatch>();
  for (const u of placed) {
    const state = unitState({ open: [], devices: counts.devices.get(u.id) ?? 0, online: counts.online.get(u.id) ?? 0 });
    const m = mismatchOf("UNIT", u.rolloutStage, state, false);
    if (m) out.set(u.id, m);
  }
  const heard = await heardBefore(
    prisma,
    candidates.map((d) => d.id),
    heardBy,
  );
  for (const d of candidates)
    if (d.unit && heard.has(d.id) && !out.has(d.unit.id))
      out.set(d.unit.id, mismatchOf("UNIT", d.unit.rolloutStage, "NORMAL", true)!);
  return out;
}

async function buildingMismatches(
  prisma: Prisma,
  scope: PrismaNs.BuildingWhereInput,
  now: Date,
  heardBy: Date,
): Promise<Map<string, StageMismatch>> {
  const covering = coveringDeviceWhere(await heartbeatModels(prisma), now);
  const inPlace: PrismaNs.BuildingWhereInput = { AND: [scope, { rolloutStage: { in: [...IN_PLACE] } }] };
  const notYet: PrismaNs.BuildingWhereInput = { AND: [scope, { rolloutStage: { in: [...NOT_YET] } }] };
  const [placed, candidates] = await Promise.all([
    prisma.building.findMany({
      where: inPlace,
      select: { id: true, rolloutStage: true, units: { select: { id: true } } },
      take: MAX_ROWS,
    }),
    prisma.device.findMany({
      where: { AND: [covering, { household: { is: { unit: { is: { building: { is: notYet } } } } } }] },
      select: {
        id: true,
        household: { select: { unit: { select: { building: { select: { id: true, rolloutStage: true } } } } } },
      },
      take: MAX_ROWS,
    }),
  ]);
  // the stairwell units' ids, then counts filtered by them (as communityCoverage: faster on PostgreSQL than the
  // same filter through unit -> building)
  const buildingOf = new Map(placed.flatMap((b) => b.units.map((u) => [u.id, b.id] as const)));
  const unitId = { in: [...buildingOf.keys()] };
  const [shared, homes, covered, heard] = await Promise.all([
    prisma.device.groupBy({
      by: ["buildingId"],
      where: { ...watching, buildingId: { in: placed.map((b) => b.id) } },
      _count: { _all: true },
    }),
    prisma.household.groupBy({
      by: ["unitId"],
      where: { unitId, devices: { some: watching } },
      _count: { _all: true },
    }),
    prisma.household.groupBy({
      by: ["unitId"],
      where: { unitId, devices: { some: covering } },
      _count: { _all: true },
    }),
    heardBefore(
      prisma,
      candidates.map((d) => d.id),
      heardBy,
    ),
  ]);
  const devicesOf = new Map<string, number>();
  const onlineOf = new Map<string, number>();
  const add = (m: Map<string, number>, id: string | null | undefined, n: number) => {
    if (id) m.set(id, (m.get(id) ?? 0) + n);
  };
  for (const r of shared) add(devicesOf, r.buildingId, r._count._all);
  for (const r of homes) add(devicesOf, buildingOf.get(r.unitId), r._count._all);
  // a building's online count is its homes covered (dispatch/coverage.ts), the figure its target is measured by
  for (const r of covered) add(onlineOf, buildingOf.get(r.unitId), r._count._all);
  const out = new Map<string, StageMismatch>();
  for (const b of placed) {
    const state = unitState({ open: [], devices: devicesOf.get(b.id) ?? 0, online: onlineOf.get(b.id) ?? 0 });
    const m = mismatchOf("BUILDING", b.rolloutStage, state, false);
    if (m) out.set(b.id, m);
  }
  for (const d of candidates) {
    const b = d.household?.unit.building;
    if (b && heard.has(d.id) && !out.has(b.id)) out.set(b.id, mismatchOf("BUILDING", b.rolloutStage, "NORMAL", true)!);
  }
  return out;
}

/**
 * Which of these devices were heard at or before `by` (an event the device sent: not the app's own rows, a
 * handover or an unbinding, `source` "app"): one statement a few thousand ids, each
 * an index seek on (deviceId, receivedAt) that stops at the first row. The same SQL on both engines (Prisma
 * writes each one's placeholders and instants).
 */
async function heardBefore(prisma: Prisma, ids: readonly string[], by: Date): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await prisma.$queryRaw<{ id: string }[]>(
      sql`SELECT d."id" AS id FROM "Device" d WHERE d."id" IN (${sqlJoin(ids.slice(i, i + CHUNK))})
        AND EXISTS (SELECT 1 FROM "DeviceEvent" e WHERE e."deviceId" = d."id" AND e."receivedAt" <= ${by}
          AND e."source" <> 'app')`,
    );
    for (const r of rows) out.add(r.id);
  }
  return out;
}
