// The reports module as the composition root sees it.
import type { Db, Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { BookingStats } from "../bookings/booking-stats.ts";
import type { ScopeService } from "../places/scope.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { CountyUnitFigures } from "./county-units.ts";
import { ReportRepository, TownshipRepository } from "./report-repository.ts";
import { ReportService } from "./report-service.ts";

export { ReportService } from "./report-service.ts";

export function createReports(deps: {
  prisma: Prisma;
  scopes: ScopeService;
  bookingStats: BookingStats;
  clock: Clock;
  /** the database engine: the units' median confirmation time is one statement in each engine's words */
  engine: Db["provider"];
  /** how long a county view answers every caller (REPORTS_CACHE_MS); 0: computed every request */
  countyCacheMs?: number;
}): ReportService {
  return new ReportService(
    new ReportRepository(deps.prisma),
    deps.scopes,
    deps.bookingStats,
    deps.clock,
    new TownshipRepository(deps.prisma),
    new CountyUnitFigures(deps.prisma, deps.engine, new UnitScopes(deps.prisma)),
    deps.countyCacheMs ?? 0,
  );
}
