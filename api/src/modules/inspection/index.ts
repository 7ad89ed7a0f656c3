// Facility inspection and hazards (issue 18) as the rest of the API sees it: checkpoints with signed tags,
// patrol plans and rounds, photos, and the hazard loop with its reminders and overdue chain. Built once in
// the composition root; start() runs the hazard timers (durable, kind "hazard") and the patrol sweep.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { Loop } from "../../shared/loop.ts";
import { TimerRepository } from "../notifications/timer-repository.ts";
import type { UnitDocuments } from "../units/unit-documents.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import { CheckpointTags } from "./checkpoint-tag.ts";
import { FacilityTests } from "./facility-tests.ts";
import { HazardService } from "./hazard-service.ts";
import type { NoticeSender } from "./hazard-rows.ts";
import { PatrolService } from "./patrol-service.ts";
import { InspectionPhotos } from "./photos.ts";
import { RectificationNotices } from "./rectification-notice.ts";

export { CheckpointTags, MAX_TAG_CHARS } from "./checkpoint-tag.ts";
export { HazardService, type HazardInput } from "./hazard-service.ts";
export type { HazardListQuery } from "./hazard-reads.ts";
export { HAZARD_TIMER_KIND } from "./hazard-timers.ts";
export * from "./hazard-rules.ts";
export {
  FacilityTests,
  MAX_TEST_ITEM_CHARS,
  MAX_TEST_ITEMS,
  MAX_TEST_NOTE_CHARS,
  MAX_TEST_REPORTS,
  MAX_TEST_SUMMARY_CHARS,
  TEST_KIND_CODES,
  TEST_KINDS,
  TEST_RECORDER_ROLES,
  type TestKind,
} from "./facility-tests.ts";
export { CHECKLISTS, PATROL_ROLES, PatrolService } from "./patrol-service.ts";
export { MAX_INSPECTION_PHOTO_BYTES, MAX_PHOTOS, InspectionPhotos } from "./photos.ts";
export {
  MAX_NOTICE_ITEMS,
  NOTICE_ROLES,
  RectificationNotices,
  type RectificationNotice,
} from "./rectification-notice.ts";
export { slotFor, slotsBetween, GRACE_MS } from "./patrol-slots.ts";

export interface Inspection {
  tags: CheckpointTags;
  photos: InspectionPhotos;
  hazards: HazardService;
  patrols: PatrolService;
  /** 责令改正通知书: a supervisor's notice whose items become hazards of the unit */
  notices: RectificationNotices;
  /** the yearly facility test by the maintenance company and the monthly inspection, with their reports */
  facilityTests: FacilityTests;
  /** runs due hazard timers until none is due (tests with a ManualClock) */
  settle(): Promise<number>;
  start(opts?: { pollMs?: number; sweepMs?: number }): void;
  close(): Promise<void>;
}

export function createInspection(deps: {
  prisma: Prisma;
  clock: Clock;
  log: Logger;
  /** the notifications slice's NoticeService: pushes go through the outbox */
  notices: NoticeSender;
  /** signs checkpoint tags (derived from the installation's secret) */
  tagSecret: string;
  photoDir: string;
  /** this instance's name for claiming timers */
  owner: string;
  scopes?: UnitScopes;
  /** the units slice's document store: test reports are kept in the unit's file */
  documents?: UnitDocuments;
}): Inspection {
  const scopes = deps.scopes ?? new UnitScopes(deps.prisma);
  const tags = new CheckpointTags(deps.tagSecret);
  const photos = new InspectionPhotos(deps.prisma, scopes, deps.photoDir, deps.clock);
  let loop: Loop | null = null;
  const hazards = new HazardService({
    prisma: deps.prisma,
    scopes,
    photos,
    notices: deps.notices,
    timers: new TimerRepository(deps.prisma),
    clock: deps.clock,
    log: deps.log,
    owner: deps.owner,
    kickTimers: () => loop?.kick(),
  });
  loop = new Loop("hazard-timers", hazards.runDue, deps.log);
  const patrols = new PatrolService({
    prisma: deps.prisma,
    scopes,
    tags,
    hazards,
    photos,
    notices: deps.notices,
    clock: deps.clock,
  });
  let sweeper: NodeJS.Timeout | null = null;
  let started = false;
  return {
    tags,
    photos,
    hazards,
    patrols,
    notices: new RectificationNotices({ prisma: deps.prisma, scopes, hazards, clock: deps.clock }),
    facilityTests: new FacilityTests({
      prisma: deps.prisma,
      scopes,
      hazards,
      documents: deps.documents ?? null,
      clock: deps.clock,
    }),
    settle: () => loop.settle(),
    start(opts = {}) {
      if (started) return;
      started = true;
      loop.start(opts.pollMs ?? 15_000);
      sweeper = setInterval(
        () => {
          patrols.sweep().catch((e: Error) => deps.log.error({ err: e }, "patrol sweep failed"));
        },
        opts.sweepMs ?? 5 * 60_000,
      );
      sweeper.unref();
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      await loop.stop();
    },
  };
}
