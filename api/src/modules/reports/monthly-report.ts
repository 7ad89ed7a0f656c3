// The monthly progress review (the plan asks for one each month): per township and per property company,
// coverage, alarms, response times, open problems, and the experience centres' sessions and people trained.
import type { Principal } from "../auth/principal.ts";
import type { BookingStats } from "../bookings/booking-stats.ts";
import { addDays, countyDate } from "../../shared/county-time.ts";
import { alarmCounts, companiesOf, coverage, COVERAGE_TARGET, responseTimes, townshipsOf } from "./figures.ts";
import { monthRange } from "./report-math.ts";
import type { AlarmRow, CommunityIds, ReportRepository } from "./report-repository.ts";
import type { MonthlyReport } from "../../contract/reports.ts";

interface Deps {
  repo: ReportRepository;
  bookingStats: BookingStats;
  now: Date;
}

/**
 * Coverage is the state when the report is made (device status has no history); alarms and response
 * times are those of alarms started in the month; open problems are alarms still open at the month's end
 * (or now, for the current month).
 */
export async function monthlyReport(d: Deps, p: Principal, ids: CommunityIds, month: string): Promise<MonthlyReport> {
  const { from, to } = monthRange(month);
  const cut = to < d.now ? to : d.now;
  const [communities, units, alarms, open] = await Promise.all([
    d.repo.communities(ids),
    d.repo.unitCoverage(ids, d.now, { oldHighRiseOnly: true }),
    d.repo.alarms(ids, from, to),
    d.repo.openAt(ids, cut),
  ]);
  const figures = (id: string, name: string, communityIds: ReadonlySet<string>) => {
    const inIt = (a: AlarmRow) => communityIds.has(a.communityId ?? "");
    const mine = alarms.filter(inIt);
    return {
      id,
      name,
      coverage: coverage(units.filter((u) => communityIds.has(u.communityId))),
      alarms: alarmCounts(mine, from),
      responseTimes: responseTimes(mine),
      openProblems: open.filter(inIt).length,
    };
  };
  // the centres' figures are county-wide: shown to the brigade, not to one company
  const county = ids === null;
  const stats = county
    ? await d.bookingStats.stats(p, { from: countyDate(from), to: addDays(countyDate(to), -1) })
    : null;
  const trainedIn = (townshipId: string | null) =>
    stats
      ? stats.trained.byTownshipMonth
          .filter((t) => t.month === month && (townshipId === null || t.townshipId === townshipId))
          .reduce((n, t) => n + t.people, 0)
      : null;
  const all = new Set(communities.map((c) => c.id));
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: d.now.toISOString(),
    scope: county ? "county" : (communities[0]?.companyName ?? "company"),
    coverageTarget: COVERAGE_TARGET,
    townships: townshipsOf(communities).map((t) => ({
      ...figures(t.id, t.name, t.communityIds),
      trainedPeople: trainedIn(t.id),
    })),
    companies: companiesOf(communities).map((c) => figures(c.id, c.name, c.communityIds)),
    total: {
      ...figures("total", county ? "全县" : "合计", all),
      sessionsHeld: stats?.sessionsHeld ?? null,
      trainedPeople: trainedIn(null),
    },
  };
}
