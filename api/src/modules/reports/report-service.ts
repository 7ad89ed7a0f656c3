// The fire brigade's county view, a property company's own figures, and the monthly progress report.
// Scope is decided here from the caller, never from the request: a company sees only its communities.
import type { Clock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import type { BookingStats } from "../bookings/booking-stats.ts";
import { deviceState } from "../devices/device-state.ts";
import {
  alarmCounts,
  companiesOf,
  coverage,
  COVERAGE_TARGET,
  FALSE_ALARMS_PER_DAY_LIMIT,
  falseAlarms,
  groupBy,
  responseTimes,
  townshipsOf,
} from "./figures.ts";
import { page, periodsAt, rate } from "./report-math.ts";
import type { AlarmRow, CommunityIds, ReportRepository, TownshipRepository } from "./report-repository.ts";
import type { CompanyQuery, CompanyReport, CountyQuery, CountyReport } from "../../contract/reports.ts";
import type { TownshipQuery, TownshipReport } from "../../contract/reports.ts";
import { monthlyReport } from "./monthly-report.ts";
import { ReadCache } from "../../shared/read-cache.ts";
import { townshipReport } from "./township-report.ts";
import type { CountyUnitFigures } from "./county-units.ts";
import type { Caller, UnitScope } from "../units/unit-scope.ts";

export class ReportService {
  /** the county view by query: one computation a second however many read it (REPORTS_CACHE_MS) */
  private readonly countyCache: ReadCache<CountyReport>;

  constructor(
    private readonly repo: ReportRepository,
    private readonly scopes: ScopeService,
    private readonly bookingStats: BookingStats,
    private readonly clock: Clock,
    private readonly townships: TownshipRepository,
    private readonly units: CountyUnitFigures,
    countyCacheMs = 0,
  ) {
    this.countyCache = new ReadCache(countyCacheMs);
  }

  /** The communities a caller's reports cover: null is the county. */
  async communityIds(p: Principal): Promise<CommunityIds> {
    const s = await this.scopes.of(p);
    if (s.kind === "county") return null;
    if (s.kind === "communities") return s.communityIds;
    return [];
  }

  /**
   * The county view. The homes' part is the same for everyone allowed it (the county is their scope); the
   * networked units' part is the caller's unit scope (the county for the brigade and admins). An answer is
   * kept per scope and query, so one computed for one supervisor serves all who ask within
   * REPORTS_CACHE_MS; generatedAt says when it was computed.
   */
  async county(caller: Caller & { role?: string }, q: CountyQuery): Promise<CountyReport> {
    const scope = await this.units.scopeOf(caller);
    return this.countyCache.get(JSON.stringify([scope, q]), () => this.computeCounty(scope, q));
  }

  private async computeCounty(scope: UnitScope, q: CountyQuery): Promise<CountyReport> {
    const now = this.clock.now();
    const per = periodsAt(now);
    const since = per.weekFrom < per.monthFrom ? per.weekFrom : per.monthFrom;
    const [communities, units, devices, alarms, open, networked] = await Promise.all([
      this.repo.communities(null),
      this.repo.unitCoverage(null, now, { oldHighRiseOnly: true }),
      this.repo.deviceTotals(null),
      this.repo.alarms(null, since, now),
      this.repo.openAt(null, now),
      this.units.figures(scope, q.uPeriod, now),
    ]);
    const month = alarms.filter((a) => a.startedAt >= per.monthFrom);
    const byCommunity = groupBy(month, (a) => a.communityId);
    const unitsByCommunity = groupBy(units, (u) => u.communityId);
    const openByCommunity = groupBy(open, (a) => a.communityId);
    return {
      generatedAt: now.toISOString(),
      alarms: {
        today: alarmCounts(alarms, per.todayFrom),
        week: alarmCounts(alarms, per.weekFrom),
        month: alarmCounts(month, per.monthFrom),
      },
      responseWindow: { from: per.monthFrom.toISOString(), to: now.toISOString() },
      responseTimes: responseTimes(month),
      responseByCommunity: page(
        communities.map((c) => ({
          id: c.id,
          name: c.name,
          company: c.companyName,
          ...responseTimes(byCommunity.get(c.id) ?? []),
        })),
        { offset: q.cOffset, limit: q.cLimit, sort: q.cSort, order: q.cOrder },
      ),
      responseByCompany: companiesOf(communities).map((co) => ({
        id: co.id,
        name: co.name,
        ...responseTimes(month.filter((a) => co.communityIds.has(a.communityId ?? ""))),
      })),
      devices,
      coverageTarget: COVERAGE_TARGET,
      coverage: coverage(units),
      coverageByTownship: townshipsOf(communities).map((t) => {
        const c = coverage(units.filter((u) => t.communityIds.has(u.communityId)));
        return { id: t.id, name: t.name, ...c, meetsTarget: c.rate >= COVERAGE_TARGET };
      }),
      falseAlarms: await this.falseAlarmFigures(month, q),
      communities: communities.map((c) => ({
        id: c.id,
        name: c.name,
        township: c.townshipName,
        company: c.companyName,
        latitude: c.latitude,
        longitude: c.longitude,
        openAlarms: openByCommunity.get(c.id)?.length ?? 0,
        coverage: coverage(unitsByCommunity.get(c.id) ?? []),
      })),
      units: networked,
    };
  }

  /** False alarms of the month by device and by household, with the fire code's daily flag. */
  private async falseAlarmFigures(month: readonly AlarmRow[], q: CountyQuery): Promise<CountyReport["falseAlarms"]> {
    const fire = month.filter((a) => a.kind === "FIRE");
    const [deviceNames, addresses] = await Promise.all([
      this.repo.deviceNames([...new Set(fire.map((a) => a.deviceId))]),
      this.repo.addresses([...new Set(fire.flatMap((a) => (a.householdId ? [a.householdId] : [])))]),
    ]);
    const byDevice = falseAlarms(
      fire,
      (a) => a.deviceId,
      (id) => deviceNames.get(id) ?? id,
    );
    const byHousehold = falseAlarms(
      fire,
      (a) => a.householdId,
      (id) => addresses.get(id) ?? id,
    );
    const falseCount = fire.filter((a) => a.resolution === "FALSE_ALARM").length;
    return {
      fireAlarms: fire.length,
      falseAlarms: falseCount,
      rate: rate(falseCount, fire.length),
      perDayLimit: FALSE_ALARMS_PER_DAY_LIMIT,
      flaggedDevices: byDevice.filter((d) => d.flagged).length,
      flaggedHouseholds: byHousehold.filter((h) => h.flagged).length,
      list: { by: q.by, ...page(q.by === "device" ? byDevice : byHousehold, q) },
    };
  }

  async company(p: Principal, q: CompanyQuery): Promise<CompanyReport> {
    if (p.kind !== "staff" || !p.propertyCompanyId) throw new AppError("FORBIDDEN", "物业报表仅供物业公司人员使用");
    const ids = (await this.communityIds(p)) ?? [];
    const now = this.clock.now();
    const [communities, units, devices, open] = await Promise.all([
      this.repo.communities(ids),
      this.repo.unitCoverage(ids, now),
      this.repo.devices(ids),
      this.repo.openAt(ids, now),
    ]);
    const names = new Map(communities.map((c) => [c.id, c.name]));
    const buildings = [...groupBy(units, (u) => u.buildingId)].map(([id, us]) => ({
      id,
      name: `${names.get(us[0]!.communityId) ?? ""}${us[0]!.buildingName}`,
      community: names.get(us[0]!.communityId) ?? "",
      oldHighRise: us[0]!.oldHighRise,
      ...coverage(us),
    }));
    const health: Record<string, number> = {};
    for (const d of devices) {
      const s = deviceState(d.status);
      health[s] = (health[s] ?? 0) + 1;
    }
    const byKind: Record<string, number> = {};
    for (const a of open) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
    const unitsByCommunity = groupBy(units, (u) => u.communityId);
    return {
      generatedAt: now.toISOString(),
      company: communities[0]?.companyName ?? null,
      communities: communities.map((c) => ({
        id: c.id,
        name: c.name,
        openAlarms: open.filter((a) => a.communityId === c.id).length,
        coverage: coverage(unitsByCommunity.get(c.id) ?? []),
      })),
      buildings: page(buildings, q),
      deviceHealth: health,
      openAlarms: { total: open.length, byKind },
    };
  }

  /** A township's page: the coordinator's own township; the brigade and admins name one (issue 14). */
  township(p: Principal, q: TownshipQuery): Promise<TownshipReport> {
    return townshipReport({ repo: this.repo, townships: this.townships, now: this.clock.now() }, p, q);
  }

  async monthly(p: Principal, month: string) {
    const ids = await this.communityIds(p);
    return monthlyReport({ repo: this.repo, bookingStats: this.bookingStats, now: this.clock.now() }, p, ids, month);
  }
}
