// What the monthly dispatch reads for a scope (issue 19): the county's phases, the units and communities a
// scope covers, and the units as they stood at a moment. Who may see which scope is DispatchService.scopeOf.
import type { Prisma, PrismaNs, SectorDepartment } from "../../db/client.ts";
import { countyDate } from "../../shared/county-time.ts";
import { unitWhere } from "../units/unit-scope.ts";
import { defaultPhases, STAGE_ORDER, type Phase } from "./plan.ts";

export type DispatchScope =
  { kind: "county" } | { kind: "township"; townshipId: string } | { kind: "sector"; sector: SectorDepartment };

export const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1000) / 1000 : 0);
export const MAX_LIST = 500;

export interface UnitRow {
  id: string;
  name: string;
  townshipId: string;
  township: { name: string };
  sector: SectorDepartment;
  keyUnit: boolean;
  hasAutoFireAlarm: boolean;
  pilot: boolean;
  rolloutStage: PrismaNs.NetworkedUnitGetPayload<object>["rolloutStage"];
  installerCompanyId: string | null;
}

/** The county's phases (settings), or the plan's dates for the current year while none are set. */
export async function countyPhases(prisma: Prisma, now: Date): Promise<{ phases: Phase[]; fromPlan: boolean }> {
  const rows = await prisma.rolloutPhase.findMany({ orderBy: [{ sortOrder: "asc" }, { startsOn: "asc" }] });
  if (rows.length) return { phases: rows, fromPlan: false };
  return { phases: defaultPhases(Number(countyDate(now).slice(0, 4))), fromPlan: true };
}

export async function communitiesIn(prisma: Prisma, s: DispatchScope) {
  if (s.kind === "sector" && s.sector !== "HOUSING") return [];
  return prisma.community.findMany({
    where: s.kind === "township" ? { townshipId: s.townshipId } : {},
    select: { id: true, name: true, townshipId: true, township: { select: { name: true } } },
    orderBy: { name: "asc" },
  });
}

export function unitsWhere(s: DispatchScope): PrismaNs.NetworkedUnitWhereInput {
  return { active: true, ...unitWhere(s) };
}

/**
 * The old high-rise buildings of a scope as 推进计划 shows them to its people (rollout-scope.ts): the county's, a
 * township's; a sector regulator's programme holds units only.
 */
export function buildingsWhere(s: DispatchScope): PrismaNs.BuildingWhereInput {
  if (s.kind === "sector") return { id: { in: [] } };
  return { oldHighRise: true, ...(s.kind === "township" ? { community: { is: { townshipId: s.townshipId } } } : {}) };
}

/**
 * How many units and buildings of these whose roll-out stage their devices contradict (推进计划's flag: the
 * roll-out module's rule, handed in by the composition root so that this module does not import that one).
 */
export type StageMismatchCounter = (
  scope: { units: PrismaNs.NetworkedUnitWhereInput; buildings: PrismaNs.BuildingWhereInput },
  now: Date,
) => Promise<{ units: number; buildings: number }>;

export async function unitsIn(prisma: Prisma, s: DispatchScope): Promise<UnitRow[]> {
  return prisma.networkedUnit.findMany({
    where: unitsWhere(s),
    select: {
      id: true,
      name: true,
      townshipId: true,
      township: { select: { name: true } },
      sector: true,
      keyUnit: true,
      hasAutoFireAlarm: true,
      pilot: true,
      rolloutStage: true,
      installerCompanyId: true,
    },
    orderBy: { name: "asc" },
  });
}

/**
 * Units as they stood at `at`, from their stage history (RolloutStageChange): the last change by then; a
 * unit whose first recorded change is later stood one stage before it; a unit with no history as it is now.
 */
export async function unitsAt(prisma: Prisma, s: DispatchScope, at: Date): Promise<UnitRow[]> {
  const units = await unitsIn(prisma, s);
  const changes = await prisma.rolloutStageChange.findMany({
    where: { subject: "UNIT", subjectId: { in: units.map((u) => u.id) } },
    orderBy: { at: "asc" },
    select: { subjectId: true, stage: true, at: true },
  });
  const by = new Map<string, typeof changes>();
  for (const c of changes) by.set(c.subjectId, [...(by.get(c.subjectId) ?? []), c]);
  return units.map((u) => {
    const cs = by.get(u.id);
    if (!cs?.length) return u;
    const before = cs.filter((c) => c.at <= at).at(-1);
    const stage = before
      ? before.stage
      : (STAGE_ORDER[Math.max(0, STAGE_ORDER.indexOf(cs[0]!.stage) - 1)] ?? "NOT_STARTED");
    return { ...u, rolloutStage: stage };
  });
}
