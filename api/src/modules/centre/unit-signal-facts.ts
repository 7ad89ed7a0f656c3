// The units' fire signals of a period for a scope, in figures (全县态势's 联网单位 section): how many, what the
// people on site found (the verdicts), how many went to 119, how many were not confirmed in time, and the
// median time to a verdict. The same figures as the centre's records per unit (records.ts: a fire signal is
// UNIT_FIRE_KINDS; the false-alarm rate is false alarms over fire signals with a verdict; the median is the
// lower one of whole seconds from the signal to its verdict), counted for the whole scope in the database:
// grouped counts, and the median by one statement on each engine (a month's signals are never read row by row).
import type { AlarmVerdict, Db, Prisma, PrismaNs } from "../../db/client.ts";
import { sqliteTime } from "../../db/client.ts";
import { unitWhere, type UnitScope } from "../units/unit-scope.ts";
import { UNIT_FIRE_KINDS } from "./incident-facts.ts";

export interface UnitSignalFacts {
  fireSignals: number;
  realFires: number;
  falseAlarms: number;
  tests: number;
  /** the device misbehaved (设备故障) */
  faults: number;
  /** no verdict yet */
  pending: number;
  /** marked for 119: a real fire, or a fire signal not confirmed in time (never a video suspicion alone) */
  handedTo119: number;
  /** signals whose confirmation countdown ran out */
  timeouts: number;
  /** signals with a verdict, which the median is of */
  confirmations: number;
  confirmMedianSec: number | null;
  /** false alarms / signals with a verdict, 0..1; null without any verdict */
  falseAlarmRate: number | null;
}

/** Units of a scope named one by one in the median's statement (a county is "all": no list). */
const MAX_SCOPE_UNITS = 20_000;

export async function unitSignalFacts(
  prisma: Prisma,
  engine: Db["provider"],
  scope: UnitScope,
  period: { from: Date; to: Date },
): Promise<UnitSignalFacts> {
  const where: PrismaNs.AlarmWhereInput = {
    unit: { is: unitWhere(scope) },
    kind: { in: [...UNIT_FIRE_KINDS] },
    startedAt: { gte: period.from, lt: period.to },
  };
  const [verdicts, handedTo119, timeouts, median] = await Promise.all([
    prisma.alarm.groupBy({ by: ["verdict"], where, _count: { _all: true } }),
    prisma.alarm.count({ where: { ...where, report119: true } }),
    prisma.alarm.count({ where: { ...where, actions: { some: { action: "confirm_timeout" } } } }),
    medianConfirmSec(prisma, engine, scope, period),
  ]);
  const n = (v: AlarmVerdict | null) => verdicts.find((r) => r.verdict === v)?._count._all ?? 0;
  const fireSignals = verdicts.reduce((s, r) => s + r._count._all, 0);
  const confirmations = fireSignals - n(null);
  return {
    fireSignals,
    realFires: n("REAL_FIRE"),
    falseAlarms: n("FALSE_ALARM"),
    tests: n("TEST"),
    faults: n("FAULT"),
    pending: n(null),
    handedTo119,
    timeouts,
    confirmations,
    confirmMedianSec: median,
    falseAlarmRate: confirmations ? n("FALSE_ALARM") / confirmations : null,
  };
}

/**
 * The lower median of whole seconds from a fire signal to its verdict, in one statement: the signals ranked
 * by that time, the middle one's. Each engine says "seconds between two instants" its own way: SQLite keeps
 * instants as ISO text (db/client.ts sqliteTime), PostgreSQL as timestamps.
 */
async function medianConfirmSec(
  prisma: Prisma,
  engine: Db["provider"],
  scope: UnitScope,
  period: { from: Date; to: Date },
): Promise<number | null> {
  let units: string[] | null = null;
  if (scope.kind !== "county") {
    const rows = await prisma.networkedUnit.findMany({
      where: unitWhere(scope),
      select: { id: true },
      take: MAX_SCOPE_UNITS,
    });
    if (!rows.length) return null;
    units = rows.map((r) => r.id);
  }
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return engine === "sqlite" ? "?" : `$${params.length}`;
  };
  const at = (d: Date) => (engine === "sqlite" ? sqliteTime(d) : d);
  const seconds =
    engine === "sqlite"
      ? `MAX(0, CAST(ROUND(ROUND((julianday("verdictAt") - julianday("startedAt")) * 86400000.0) / 1000.0) AS INTEGER))`
      : `GREATEST(0, ROUND(ROUND(EXTRACT(EPOCH FROM ("verdictAt" - "startedAt")) * 1000) / 1000))`;
  const sql = `SELECT CAST(sec AS INTEGER) AS sec FROM (
      SELECT sec, ROW_NUMBER() OVER (ORDER BY sec) AS rn, COUNT(*) OVER () AS n FROM (
        SELECT ${seconds} AS sec FROM "Alarm"
        WHERE "unitId" IS NOT NULL
          ${units ? `AND "unitId" IN (${units.map(p).join(", ")})` : ""}
          AND "verdict" IS NOT NULL AND "verdictAt" IS NOT NULL
          AND CAST("kind" AS TEXT) IN (${[...UNIT_FIRE_KINDS].map(p).join(", ")})
          AND "startedAt" >= ${p(at(period.from))} AND "startedAt" < ${p(at(period.to))}
      ) s
    ) r WHERE rn = (n + 1) / 2`;
  const rows = await prisma.$queryRawUnsafe<{ sec: number | bigint | null }[]>(sql, ...params);
  const sec = rows[0]?.sec;
  return sec === undefined || sec === null ? null : Number(sec);
}
