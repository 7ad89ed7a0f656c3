// How many units of a scope are in each command-view state, by category (全县态势's 联网单位 section): the
// wall's one rule, unitState in command-view.ts, applied to the same three inputs the wall's map reads (a
// unit's open alarms, its devices cameras aside, those of them online), counted in the database rather
// than read unit by unit. A unit with no device and no open alarm is what unitState calls it (未接入)
// without a row being read for it: a county's units are thousands, those with a device a fraction.
import type { AlarmKind, Prisma, PrismaNs, UnitCategory } from "../../db/client.ts";
import { unitWhere, type UnitScope } from "../units/unit-scope.ts";
import { unitDeviceCounts, unitState, WATCHED_DEVICE, type UnitState } from "./command-view.ts";

export interface UnitStateCount {
  category: UnitCategory;
  state: UnitState;
  units: number;
}

/** Units with a device or an open alarm whose state is worked out one by one (the rest: 未接入). */
const MAX_WATCHED = 50_000;

/**
 * The active units of a scope (the wall shows the active ones) counted by category and state. One round
 * of five grouped queries, whatever the number of units.
 */
export async function unitStateCounts(prisma: Prisma, scope: UnitScope): Promise<UnitStateCount[]> {
  const units: PrismaNs.NetworkedUnitWhereInput = { AND: [{ active: true }, unitWhere(scope)] };
  // as the wall's map (CommandView.map): open = not resolved; devices = the unit's, cameras aside; online =
  // online with a lastSeenAt
  const open: PrismaNs.AlarmWhereInput = { status: { not: "RESOLVED" } };
  const watching: PrismaNs.DeviceWhereInput = WATCHED_DEVICE;
  const [totals, watched, alarms, perUnit] = await Promise.all([
    prisma.networkedUnit.groupBy({ by: ["category"], where: units, _count: { _all: true } }),
    prisma.networkedUnit.findMany({
      where: { AND: [units, { OR: [{ devices: { some: watching } }, { alarms: { some: open } }] }] },
      select: { id: true, category: true },
      take: MAX_WATCHED,
    }),
    prisma.alarm.groupBy({ by: ["unitId", "kind"], where: { ...open, unit: { is: units } } }),
    unitDeviceCounts(prisma, { unit: { is: units } }),
  ]);
  const kinds = new Map<string, { kind: AlarmKind }[]>();
  for (const a of alarms) kinds.set(a.unitId ?? "", [...(kinds.get(a.unitId ?? "") ?? []), { kind: a.kind }]);
  const [devicesOf, onlineOf] = [perUnit.devices, perUnit.online];

  const counts = new Map<string, UnitStateCount>();
  const add = (category: UnitCategory, state: UnitState, n: number) => {
    const key = `${category}:${state}`;
    const row = counts.get(key) ?? { category, state, units: 0 };
    row.units += n;
    counts.set(key, row);
  };
  const seen = new Map<UnitCategory, number>();
  for (const u of watched) {
    add(
      u.category,
      unitState({ open: kinds.get(u.id) ?? [], devices: devicesOf.get(u.id) ?? 0, online: onlineOf.get(u.id) ?? 0 }),
      1,
    );
    seen.set(u.category, (seen.get(u.category) ?? 0) + 1);
  }
  const quiet = unitState({ open: [], devices: 0, online: 0 });
  for (const t of totals) {
    const rest = t._count._all - (seen.get(t.category) ?? 0);
    if (rest > 0) add(t.category, quiet, rest);
  }
  return [...counts.values()];
}
