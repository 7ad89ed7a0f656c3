// What the patrol files share (patrol-service.ts and patrol-rounds.ts): what they are built with, and the
// JSON lists (a checkpoint's checklist, a plan's checkpoints) as they read them.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import type { CheckpointTags } from "./checkpoint-tag.ts";
import type { NoticeSender } from "./hazard-rows.ts";
import type { HazardService } from "./hazard-service.ts";
import type { InspectionPhotos } from "./photos.ts";

export interface PatrolDeps {
  prisma: Prisma;
  scopes: UnitScopes;
  tags: CheckpointTags;
  hazards: HazardService;
  photos: InspectionPhotos;
  notices: NoticeSender;
  clock: Clock;
}

export const has = (list: readonly string[], v: string) => list.includes(v);
export const strings = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};
