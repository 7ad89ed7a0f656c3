// The open facility faults of a scope's units in figures (全县态势's 联网单位 section): alarms of the facility
// class (alarm-classes.ts: water level and pressure, pumps, power, electrical fire, hydrants, valves, the fire
// alarm panel) not yet resolved, by kind, and how many units have one. The units are the active ones of the
// scope, as the command view shows them. A NOTIFY_FAILED alarm is of that class for its audience but is about
// the message providers, not a facility: not counted. Grouped counts only.
import type { AlarmKind, Prisma, PrismaNs } from "../../db/client.ts";
import { unitWhere, type UnitScope } from "../units/unit-scope.ts";
import { ALARM_CLASS } from "./alarm-classes.ts";

export const FACILITY_FAULT_KINDS: readonly AlarmKind[] = (Object.keys(ALARM_CLASS) as AlarmKind[]).filter(
  (k) => ALARM_CLASS[k] === "facility" && k !== "NOTIFY_FAILED",
);

export interface FacilityFaultFacts {
  /** open facility alarms */
  total: number;
  /** units with at least one */
  units: number;
  /** most first, then in the order of the kinds */
  byKind: { kind: AlarmKind; count: number }[];
}

export async function openFacilityFaults(prisma: Prisma, scope: UnitScope): Promise<FacilityFaultFacts> {
  const units: PrismaNs.NetworkedUnitWhereInput = { AND: [{ active: true }, unitWhere(scope)] };
  const open: PrismaNs.AlarmWhereInput = { status: { not: "RESOLVED" }, kind: { in: [...FACILITY_FAULT_KINDS] } };
  const [byKind, withFault] = await Promise.all([
    prisma.alarm.groupBy({ by: ["kind"], where: { ...open, unit: { is: units } }, _count: { _all: true } }),
    prisma.networkedUnit.count({ where: { AND: [units, { alarms: { some: open } }] } }),
  ]);
  const order = (k: AlarmKind) => FACILITY_FAULT_KINDS.indexOf(k);
  return {
    total: byKind.reduce((s, r) => s + r._count._all, 0),
    units: withFault,
    byKind: byKind
      .map((r) => ({ kind: r.kind, count: r._count._all }))
      .sort((a, b) => b.count - a.count || order(a.kind) - order(b.kind)),
  };
}
