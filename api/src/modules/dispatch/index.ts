// The monthly dispatch module (issue 19, part B) as the composition root sees it: coverage that means
// something and its daily record, the monthly dispatch with its snapshots, talks, commendations and unit
// scores. start() runs the daily coverage record (once a county day across instances).
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import { CoverageRecorder } from "./coverage-daily.ts";
import type { StageMismatchCounter } from "./dispatch-scope.ts";
import { DispatchService } from "./dispatch-service.ts";

export { COVERAGE_RULE, covers, coveringDeviceWhere, communityCoverage } from "./coverage.ts";
export { CoverageRecorder, coverageRows, COUNTY_SCOPE_ID } from "./coverage-daily.ts";
export { DispatchService, DISPATCH_WRITERS } from "./dispatch-service.ts";
export { previousMonth } from "./monthly-figures.ts";
export type { StageMismatchCounter } from "./dispatch-scope.ts";
export { dispatchWorkbook } from "./dispatch-xlsx.ts";

export interface RolloutDispatch {
  service: DispatchService;
  coverage: CoverageRecorder;
  start(opts?: { everyMs?: number }): void;
  close(): Promise<void>;
}

export function createRolloutDispatch(deps: {
  prisma: Prisma;
  scopes: UnitScopes;
  clock: Clock;
  log: Logger;
  /** 推进计划's count of stages their devices contradict, for the dispatch to state (the roll-out module's) */
  stageMismatches?: StageMismatchCounter;
}): RolloutDispatch {
  const coverage = new CoverageRecorder(deps.prisma, deps.clock, deps.log);
  return {
    service: new DispatchService(deps.prisma, deps.scopes, deps.clock, deps.stageMismatches ?? null),
    coverage,
    start: (opts = {}) => coverage.start(opts.everyMs),
    close: () => coverage.stop(),
  };
}
