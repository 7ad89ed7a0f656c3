// The counts behind the unit scores (issue 19): a unit's own figures over the last SCORE_DAYS, scored and
// ranked by the pure rule in scores.ts.
import type { Prisma } from "../../db/client.ts";
import type { UnitScores } from "../../contract/dispatch.schemas.ts";
import { SECTOR_LABELS } from "../units/catalogue.ts";
import { unitsWhere, type DispatchScope } from "./dispatch-scope.ts";
import { SCORE_DAYS, SCORE_RULE, score, scoreParts, type UnitFigures } from "./scores.ts";

export async function unitScores(prisma: Prisma, s: DispatchScope, now: Date): Promise<UnitScores> {
  const since = new Date(now.getTime() - SCORE_DAYS * 86_400_000);
  const units = await prisma.networkedUnit.findMany({
    where: unitsWhere(s),
    select: { id: true, name: true, sector: true, township: { select: { name: true } } },
  });
  const inUnits = s.kind === "county" ? { not: null } : { in: units.map((u) => u.id) };
  const inUnitsStr = s.kind === "county" ? undefined : { in: units.map((u) => u.id) };
  const [devices, online, signals, inTime, falseAlarms, duty, dutyOk, plans, rounds, roundsDone, hazards] =
    await Promise.all([
      prisma.device.groupBy({ by: ["unitId"], where: { unitId: inUnits }, _count: { _all: true } }),
      prisma.device.groupBy({
        by: ["unitId"],
        where: { unitId: inUnits, status: { is: { online: true } } },
        _count: { _all: true },
      }),
      prisma.alarm.groupBy({
        by: ["unitId"],
        where: { unitId: inUnits, kind: "FIRE", confirmDeadlineAt: { not: null }, startedAt: { gte: since } },
        _count: { _all: true },
      }),
      // confirmed in time: a verdict given by the deadline (compared in code below: Prisma cannot compare columns)
      prisma.alarm.findMany({
        where: {
          unitId: inUnits,
          kind: "FIRE",
          confirmDeadlineAt: { not: null },
          verdictAt: { not: null },
          startedAt: { gte: since },
        },
        select: { unitId: true, verdictAt: true, confirmDeadlineAt: true },
      }),
      prisma.alarm.groupBy({
        by: ["unitId"],
        where: { unitId: inUnits, verdict: "FALSE_ALARM", startedAt: { gte: since } },
        _count: { _all: true },
      }),
      prisma.dutyCheck.groupBy({
        by: ["unitId"],
        where: { unitId: inUnitsStr, sentAt: { gte: since }, status: { not: "PENDING" } },
        _count: { _all: true },
      }),
      prisma.dutyCheck.groupBy({
        by: ["unitId"],
        where: { unitId: inUnitsStr, sentAt: { gte: since }, status: "ANSWERED" },
        _count: { _all: true },
      }),
      prisma.patrolPlan.groupBy({
        by: ["unitId"],
        where: { unitId: inUnitsStr, active: true },
        _count: { _all: true },
      }),
      prisma.patrolRound.groupBy({
        by: ["unitId"],
        where: { unitId: inUnitsStr, slotStart: { gte: since }, status: { not: "OPEN" } },
        _count: { _all: true },
      }),
      prisma.patrolRound.groupBy({
        by: ["unitId"],
        where: { unitId: inUnitsStr, slotStart: { gte: since }, status: "DONE" },
        _count: { _all: true },
      }),
      prisma.hazard.findMany({
        where: { unitId: inUnitsStr, deadline: { gte: since, lte: now } },
        select: { unitId: true, deadline: true, fixedAt: true },
      }),
    ]);
  const map = (rows: { unitId: string | null; _count: { _all: number } }[]) =>
    new Map(rows.map((r) => [r.unitId ?? "", r._count._all]));
  const [dev, onl, sig, fa, dc, da, pl, pr, pd] = [
    devices,
    online,
    signals,
    falseAlarms,
    duty,
    dutyOk,
    plans,
    rounds,
    roundsDone,
  ].map(map) as Map<string, number>[];
  const tally = <T extends { unitId: string | null }>(rows: T[], ok: (r: T) => boolean) => {
    const all = new Map<string, number>();
    const good = new Map<string, number>();
    for (const r of rows) {
      const k = r.unitId ?? "";
      all.set(k, (all.get(k) ?? 0) + 1);
      if (ok(r)) good.set(k, (good.get(k) ?? 0) + 1);
    }
    return { all, good };
  };
  const conf = tally(inTime, (r) => r.verdictAt! <= r.confirmDeadlineAt!);
  const hz = tally(hazards, (r) => !!r.fixedAt && r.fixedAt <= r.deadline!);
  const scored = units.map((u) => {
    const f: UnitFigures = {
      devices: dev!.get(u.id) ?? 0,
      devicesOnline: onl!.get(u.id) ?? 0,
      fireSignals: sig!.get(u.id) ?? 0,
      confirmedInTime: conf.good.get(u.id) ?? 0,
      falseAlarms: fa!.get(u.id) ?? 0,
      dutyChecks: dc!.get(u.id) ?? 0,
      dutyAnswered: da!.get(u.id) ?? 0,
      patrolPlans: pl!.get(u.id) ?? 0,
      patrols: pr!.get(u.id) ?? 0,
      patrolsDone: pd!.get(u.id) ?? 0,
      hazardsDue: hz.all.get(u.id) ?? 0,
      hazardsFixedOnTime: hz.good.get(u.id) ?? 0,
    };
    return {
      id: u.id,
      name: u.name,
      township: u.township.name,
      sector: SECTOR_LABELS[u.sector],
      score: score(f),
      parts: scoreParts(f),
    };
  });
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, "zh-CN"));
  let rank = 0;
  let last = Number.NaN;
  const ranked = scored.map((u, i) => {
    if (u.score !== last) rank = i + 1;
    last = u.score;
    return { ...u, rank };
  });
  return { days: SCORE_DAYS, rule: [...SCORE_RULE], units: ranked.slice(0, 5000) };
}
