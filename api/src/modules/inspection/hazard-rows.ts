// What the hazard files share (hazard-service.ts and the files beside it): what they are built with, the
// hazard row as they read it, the key its photos are stored under, and the timeline's events.
import type { Prisma, PrismaNs } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { countyClockTime, countyDate } from "../../shared/county-time.ts";
import type { Notice } from "../notifications/notices.ts";
import type { TimerRepository } from "../notifications/timer-repository.ts";
import type { UnitScopes } from "../units/unit-scope.ts";
import type { InspectionPhotos } from "./photos.ts";

export interface NoticeSender {
  send(n: Notice): Promise<number>;
}

export interface HazardDeps {
  prisma: Prisma;
  scopes: UnitScopes;
  photos: InspectionPhotos;
  notices: NoticeSender;
  timers: TimerRepository;
  clock: Clock;
  log: Logger;
  /** this instance's name for claiming timers */
  owner: string;
  kickTimers?: () => void;
}

/** "2026-12-09 17:26", county time: how people read a deadline in a push or a timeline. */
export const countyWhen = (d: Date) => `${countyDate(d)} ${countyClockTime(d)}`;

export const has = (list: readonly string[], v: string) => list.includes(v);
export const ids = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** The key photos of a community's hazards are stored under (InspectionPhoto.unitId holds a unit's id or this). */
export const communityPhotoKey = (communityId: string) => `community:${communityId}`;

/** The key a hazard's photos are stored under: its unit, or its community. */
export function photoKeyOf(h: { unitId: string | null; communityId: string | null }): string {
  return h.unitId ?? communityPhotoKey(h.communityId ?? "");
}

export const HAZARD_SELECT = {
  id: true,
  unitId: true,
  communityId: true,
  checkpointId: true,
  place: true,
  category: true,
  description: true,
  severity: true,
  source: true,
  status: true,
  reportedBy: true,
  assigneeId: true,
  deadline: true,
  interimMeasures: true,
  photoIds: true,
  evidenceIds: true,
  fixedBy: true,
  fixedAt: true,
  verifiedBy: true,
  verifiedAt: true,
  escalationLevel: true,
  generation: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type HazardRow = PrismaNs.HazardGetPayload<{ select: typeof HAZARD_SELECT }>;

/** The property company of a community (the one that fixes its hazards), or null. */
export async function companyOf(prisma: Prisma, communityId: string | null): Promise<string | null> {
  if (!communityId) return null;
  const c = await prisma.community.findUnique({
    where: { id: communityId },
    select: { propertyCompanyId: true },
  });
  return c?.propertyCompanyId ?? null;
}

/** One line of a hazard's timeline, stamped now. */
export async function recordEvent(
  d: Pick<HazardDeps, "prisma" | "clock">,
  hazardId: string,
  actor: string,
  action: string,
  note: string | null,
): Promise<void> {
  await d.prisma.hazardEvent.create({ data: { hazardId, at: d.clock.now(), actor, action, note } });
}
