// The report figures, computed from plain rows (report-repository.ts) so they are tested without a database.
import { countyDate } from "../../shared/county-time.ts";
import type { AlarmRow, CommunityRow } from "./report-repository.ts";
import { percentile, rate } from "./report-math.ts";

/** The plan's target: at least half of the old high-rise households equipped. */
export const COVERAGE_TARGET = 0.5;
/** More false alarms than this on one county day flags a device or household (the issue, after GB 50440). */
export const FALSE_ALARMS_PER_DAY_LIMIT = 5;

export interface ResponseTimes {
  alarms: number;
  acknowledged: number;
  ackMedianSec: number | null;
  ackP90Sec: number | null;
  resolved: number;
  resolveMedianSec: number | null;
  resolveP90Sec: number | null;
}

const seconds = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 1000);

/**
 * Alarm to first acknowledgement and alarm to resolution, over fire alarms only: technical alarms
 * (offline, low battery) often close themselves and would make the brigade's response look instant.
 * An alarm resolved without a separate acknowledgement was acknowledged when it was resolved.
 */
export function responseTimes(alarms: readonly AlarmRow[]): ResponseTimes {
  const fire = alarms.filter((a) => a.kind === "FIRE");
  const ack = fire.flatMap((a) => {
    const at = a.acknowledgedAt ?? a.resolvedAt;
    return at ? [seconds(a.startedAt, at)] : [];
  });
  const res = fire.flatMap((a) => (a.resolvedAt ? [seconds(a.startedAt, a.resolvedAt)] : []));
  return {
    alarms: fire.length,
    acknowledged: ack.length,
    ackMedianSec: percentile(ack, 50),
    ackP90Sec: percentile(ack, 90),
    resolved: res.length,
    resolveMedianSec: percentile(res, 50),
    resolveP90Sec: percentile(res, 90),
  };
}

/** Households with a working alarm, of all households in the given units. */
export function coverage(units: readonly { households: number; covered: number }[]) {
  const households = units.reduce((n, u) => n + u.households, 0);
  const covered = units.reduce((n, u) => n + u.covered, 0);
  return { households, covered, rate: rate(covered, households) };
}

export interface FalseAlarmRow {
  id: string;
  name: string;
  fireAlarms: number;
  falseAlarms: number;
  rate: number;
  maxPerDay: number;
  flagged: boolean;
}

/** False-alarm rate per device or household (key), and the worst county day's count of false alarms. */
export function falseAlarms(
  alarms: readonly AlarmRow[],
  key: (a: AlarmRow) => string | null,
  nameOf: (id: string) => string,
): FalseAlarmRow[] {
  const by = new Map<string, { fire: number; false: number; days: Map<string, number> }>();
  for (const a of alarms) {
    const k = key(a);
    if (a.kind !== "FIRE" || !k) continue;
    const e = by.get(k) ?? { fire: 0, false: 0, days: new Map<string, number>() };
    e.fire++;
    if (a.resolution === "FALSE_ALARM") {
      e.false++;
      const day = countyDate(a.startedAt);
      e.days.set(day, (e.days.get(day) ?? 0) + 1);
    }
    by.set(k, e);
  }
  return [...by].map(([id, e]) => {
    const maxPerDay = Math.max(0, ...e.days.values());
    return {
      id,
      name: nameOf(id),
      fireAlarms: e.fire,
      falseAlarms: e.false,
      rate: rate(e.false, e.fire),
      maxPerDay,
      flagged: maxPerDay > FALSE_ALARMS_PER_DAY_LIMIT,
    };
  });
}

/** Counts of alarms since each instant. */
export function alarmCounts(alarms: readonly AlarmRow[], since: Date) {
  const rows = alarms.filter((a) => a.startedAt >= since);
  return { all: rows.length, fire: rows.filter((a) => a.kind === "FIRE").length };
}

/** Groups rows by a key, keeping the first-seen order. */
export function groupBy<T>(rows: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Property companies and the communities they run, by name. */
export function companiesOf(communities: readonly CommunityRow[]) {
  const m = new Map<string, { id: string; name: string; communityIds: Set<string> }>();
  for (const c of communities) {
    if (!c.companyId) continue;
    const e = m.get(c.companyId) ?? { id: c.companyId, name: c.companyName ?? "", communityIds: new Set<string>() };
    e.communityIds.add(c.id);
    m.set(c.companyId, e);
  }
  return [...m.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}

/** Townships and their communities, by name. */
export function townshipsOf(communities: readonly CommunityRow[]) {
  const m = new Map<string, { id: string; name: string; communityIds: Set<string> }>();
  for (const c of communities) {
    const e = m.get(c.townshipId) ?? { id: c.townshipId, name: c.townshipName, communityIds: new Set<string>() };
    e.communityIds.add(c.id);
    m.set(c.townshipId, e);
  }
  return [...m.values()].sort((a, b) => a.name.localeCompare(b.name, "zh-CN"));
}
