// The roll-out module (issue 19 part A) as the rest of the API sees it: the programme (phases, stages,
// device plans, pilots and demonstrations) and three-party acceptance with the system's checks.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import { AcceptanceService } from "./acceptance-service.ts";
import { RolloutPhotos } from "./photos.ts";
import { ProgrammeService } from "./programme-service.ts";
import { RolloutScopes } from "./rollout-scope.ts";

export * from "./catalogue.ts";
export { buildingScopeOf, RolloutScopes, type BuildingScope } from "./rollout-scope.ts";
export { ProgrammeService } from "./programme-service.ts";
export {
  type PhaseInput,
  type PhaseView,
  type ProgrammeOverview,
  type StageCounts,
  type SubjectHistory,
} from "./programme-views.ts";
export {
  AcceptanceService,
  type AcceptanceChecks,
  type AcceptanceSummary,
  type AcceptanceView,
  type DeviceCheck,
  type InstalledItem,
  type Signature,
} from "./acceptance-service.ts";
export { countStageMismatches } from "./stage-devices.ts";
export { MAX_ACCEPTANCE_PHOTO_BYTES, MAX_ACCEPTANCE_PHOTOS, PHOTO_ID, RolloutPhotos } from "./photos.ts";

export interface Rollout {
  scopes: RolloutScopes;
  programme: ProgrammeService;
  acceptance: AcceptanceService;
}

/** Built once in the composition root. `photoDir` is under DATA_DIR (e.g. data/rollout-photos). */
export function createRollout(deps: {
  prisma: Prisma;
  clock: Clock;
  unitScopes: UnitScopes;
  photoDir: string;
  /**
   * Puts devices still in installation mode in service once their installation passed its checks (the devices
   * module's putInService, with the ingest path's cache): passed in by the composition root.
   */
  putInService: (deviceIds: readonly string[]) => Promise<number>;
}): Rollout {
  const scopes = new RolloutScopes(deps.prisma, deps.unitScopes);
  const programme = new ProgrammeService(deps.prisma, scopes, deps.clock);
  return {
    scopes,
    programme,
    acceptance: new AcceptanceService(
      deps.prisma,
      scopes,
      programme,
      new RolloutPhotos(deps.photoDir),
      deps.clock,
      deps.putInService,
    ),
  };
}
