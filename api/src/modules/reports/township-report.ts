// A township's own page (issue 14): its communities with households, devices online and coverage (the one
// rule, modules/dispatch/coverage.ts), the open alarms of its homes and networked units, and its experience
// centres with their sessions ahead and the township's group bookings. Scope is the caller's: a township
// coordinator sees their own township and no other (another township's id is "not found", as everywhere);
// the brigade and admins name one (the first by name when they do not).
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import { KIND_LABEL } from "../alarms/alarm.ts";
import { COVERAGE_RULE } from "../dispatch/coverage.ts";
import { addDays, countyDate } from "../../shared/county-time.ts";
import { coverage, COVERAGE_TARGET } from "./figures.ts";
import type { ReportRepository, TownshipRepository } from "./report-repository.ts";
import type { TownshipQuery, TownshipReport } from "../../contract/reports.ts";

/** The days ahead the centres' sessions are counted over. */
export const CENTRE_DAYS_AHEAD = 14;
const ALARMS_SHOWN = 50;
const BOOKINGS_SHOWN = 20;

async function townshipOf(p: Principal, q: TownshipQuery, repo: TownshipRepository) {
  const missing = () => new AppError("NOT_FOUND", "找不到该乡镇/街道");
  if (p.kind !== "staff") throw missing();
  if (p.role === "TOWNSHIP_COORDINATOR") {
    if (!p.townshipId || (q.township && q.township !== p.townshipId)) throw missing();
    return (await repo.township(p.townshipId)) ?? Promise.reject(missing());
  }
  if (p.role === "FIRE_SUPERVISOR" || p.role === "ADMIN") {
    const t = q.township ? await repo.township(q.township) : await repo.firstTownship();
    if (!t) throw missing();
    return t;
  }
  throw missing();
}

export async function townshipReport(
  deps: { repo: ReportRepository; townships: TownshipRepository; now: Date },
  p: Principal,
  q: TownshipQuery,
): Promise<TownshipReport> {
  const { repo, townships, now } = deps;
  const township = await townshipOf(p, q, townships);
  const ids = await townships.communityIds(township.id);
  const today = countyDate(now);
  const [communities, counts, covered, alarms, openCounts, centres, bookings] = await Promise.all([
    repo.communities(ids),
    townships.perCommunity(ids),
    townships.coverage(ids, now),
    townships.openAlarms(township.id, ids, ALARMS_SHOWN),
    townships.openAlarmsByCommunity(ids),
    townships.centres(township.id, today, addDays(today, CENTRE_DAYS_AHEAD - 1)),
    townships.groupBookings(township.id, today, BOOKINGS_SHOWN),
  ]);
  const coveredBy = new Map(covered.map((c) => [c.communityId, c]));
  const names = new Map(communities.map((c) => [c.id, c.name]));
  const rows = communities.map((c) => {
    const n = counts.get(c.id) ?? { households: 0, devices: 0, online: 0 };
    const cov = coverage([coveredBy.get(c.id) ?? { households: 0, covered: 0 }]);
    return {
      id: c.id,
      name: c.name,
      company: c.companyName,
      households: n.households,
      devices: { online: n.online, total: n.devices },
      coverage: cov,
      meetsTarget: cov.households > 0 && cov.rate >= COVERAGE_TARGET,
      openAlarms: openCounts.get(c.id) ?? 0,
    };
  });
  return {
    generatedAt: now.toISOString(),
    township,
    coverageTarget: COVERAGE_TARGET,
    coverageRule: COVERAGE_RULE,
    totals: {
      communities: rows.length,
      households: rows.reduce((s, r) => s + r.households, 0),
      devices: {
        online: rows.reduce((s, r) => s + r.devices.online, 0),
        total: rows.reduce((s, r) => s + r.devices.total, 0),
      },
      coverage: coverage(rows.map((r) => r.coverage)),
      openAlarms: alarms.total,
    },
    communities: rows,
    openAlarms: {
      total: alarms.total,
      items: alarms.items.map((a) => ({
        id: a.id,
        kind: a.kind,
        kindLabel: KIND_LABEL[a.kind] ?? a.kind,
        severity: a.severity,
        status: a.status,
        startedAt: a.startedAt.toISOString(),
        community: a.communityId ? (names.get(a.communityId) ?? null) : null,
        place: a.place,
      })),
    },
    centres: { days: CENTRE_DAYS_AHEAD, items: centres },
    groupBookings: bookings,
  };
}
