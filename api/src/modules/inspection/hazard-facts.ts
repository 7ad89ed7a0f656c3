// The open hazards of a scope's units in figures (全县态势's 联网单位 section), by the 隐患整改 list's own
// words: open is not yet verified (UNCLOSED_STATUSES, the list's "未关闭"), overdue is past the deadline and
// still to be fixed (OPEN_STATUSES, the list's "已逾期"); the units are those the caller's unit scope covers,
// as the list's (hazard-reads.ts: a county scope means every unit's hazard, a community's not included).
// Two grouped counts.
import type { HazardSeverity, Prisma, PrismaNs } from "../../db/client.ts";
import { unitWhere, type UnitScope } from "../units/unit-scope.ts";
import { OPEN_STATUSES, UNCLOSED_STATUSES } from "./hazard-rules.ts";

export interface SeverityCounts {
  total: number;
  major: number;
  general: number;
}

export interface UnitHazardFacts {
  open: SeverityCounts;
  overdue: SeverityCounts;
}

/** Units of a narrower scope than the county named one by one (a township's, a sector's: tens to hundreds). */
const MAX_SCOPE_UNITS = 20_000;

export async function unitHazardFacts(prisma: Prisma, scope: UnitScope, now: Date): Promise<UnitHazardFacts> {
  let inScope: PrismaNs.HazardWhereInput = { unitId: { not: null } };
  if (scope.kind !== "county") {
    const rows = await prisma.networkedUnit.findMany({
      where: unitWhere(scope),
      select: { id: true },
      take: MAX_SCOPE_UNITS,
    });
    inScope = { unitId: { in: rows.map((r) => r.id) } };
  }
  const [open, overdue] = await Promise.all([
    prisma.hazard.groupBy({
      by: ["severity"],
      where: { AND: [inScope, { status: { in: [...UNCLOSED_STATUSES] } }] },
      _count: { _all: true },
    }),
    prisma.hazard.groupBy({
      by: ["severity"],
      where: { AND: [inScope, { status: { in: [...OPEN_STATUSES] } }, { deadline: { lt: now } }] },
      _count: { _all: true },
    }),
  ]);
  return { open: bySeverity(open), overdue: bySeverity(overdue) };
}

function bySeverity(rows: { severity: HazardSeverity; _count: { _all: number } }[]): SeverityCounts {
  const n = (s: HazardSeverity) => rows.find((r) => r.severity === s)?._count._all ?? 0;
  return { total: n("MAJOR") + n("GENERAL"), major: n("MAJOR"), general: n("GENERAL") };
}
