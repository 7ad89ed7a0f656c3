// A resident's side of hazards: what they report in their community's shared places (in the mini-program,
// signed in, or anonymously through the portal's form), the communities a report may name, and their own
// reports with what they are told of the progress. A report goes to the community's property company: the
// lifecycle's autoAssign (HazardService) names its manager, or its managers are told to assign it.
import { AppError } from "../../shared/errors.ts";
import { residentStatusLabel } from "./hazard-rules.ts";
import type { HazardNotifier } from "./hazard-notices.ts";
import { communityPhotoKey, type HazardDeps } from "./hazard-rows.ts";

/** A resident's report of a hazard in their community's shared places (a signed-in resident or anonymous). */
export interface ResidentHazardInput {
  communityId: string;
  place: string;
  description: string;
  category?: string | undefined;
  photoIds?: string[] | undefined;
}

export class ResidentHazards {
  constructor(
    private readonly d: Pick<HazardDeps, "prisma" | "photos" | "clock">,
    private readonly notifier: HazardNotifier,
    /** names the place's manager with the default deadline; false when there is none (HazardService) */
    private readonly autoAssign: (hazardId: string) => Promise<boolean>,
  ) {}

  /** The community of one of a resident's households (not found unless they are a member of it). */
  async residentCommunity(residentId: string, householdId: string): Promise<string> {
    const m = await this.d.prisma.householdMember.findFirst({
      where: { residentId, householdId },
      select: { household: { select: { unit: { select: { building: { select: { communityId: true } } } } } } },
    });
    if (!m) throw new AppError("NOT_FOUND", "找不到该住户");
    return m.household.unit.building.communityId;
  }

  /**
   * A resident's report of a hazard in their community's shared places (the mini-program, signed in, or the
   * portal's form, anonymous: residentId null). It goes to the community's property company: its manager is
   * named at once with the default deadline, or its managers are told to assign it.
   */
  async reportByResident(residentId: string | null, input: ResidentHazardInput): Promise<{ id: string }> {
    const community = await this.d.prisma.community.findUnique({
      where: { id: input.communityId },
      select: { id: true },
    });
    if (!community) throw new AppError("NOT_FOUND", "找不到该小区");
    const photoIds = input.photoIds ?? [];
    await this.d.photos.assertOfUnit(communityPhotoKey(community.id), photoIds);
    const reporter = residentId ? `resident:${residentId}` : "public";
    const h = await this.d.prisma.hazard.create({
      data: {
        unitId: null,
        communityId: community.id,
        place: input.place,
        category: input.category ?? "OTHER",
        description: input.description,
        severity: "GENERAL",
        source: "RESIDENT",
        reportedBy: reporter,
        photoIds: JSON.stringify(photoIds),
        events: {
          create: {
            at: this.d.clock.now(),
            actor: reporter,
            action: "reported",
            note: residentId ? "住户在小程序报告" : "群众在门户网站匿名报告",
          },
        },
      },
      select: { id: true },
    });
    if (await this.autoAssign(h.id)) return h;
    await this.notifier.push(h.id, `hazard:${h.id}:reported`, ["managers"], "住户报告小区隐患，请派发", "隐患上报");
    return h;
  }

  /** The communities a public report may name (those with a property company to receive it), by name. */
  async reportableCommunities(): Promise<{ id: string; name: string }[]> {
    return this.d.prisma.community.findMany({
      where: { propertyCompanyId: { not: null } },
      select: { id: true, name: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 1000,
    });
  }

  /** A resident's own reports, newest first, with what they are told of the progress. */
  async residentReports(residentId: string, limit = 50) {
    const rows = await this.d.prisma.hazard.findMany({
      where: { reportedBy: `resident:${residentId}` },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: limit,
      select: { id: true, communityId: true, place: true, description: true, status: true, createdAt: true },
    });
    const communityIds = [...new Set(rows.flatMap((r) => (r.communityId ? [r.communityId] : [])))];
    const names = new Map(
      (
        await this.d.prisma.community.findMany({
          where: { id: { in: communityIds } },
          select: { id: true, name: true },
        })
      ).map((c) => [c.id, c.name]),
    );
    return rows.map((r) => ({
      id: r.id,
      community: r.communityId ? (names.get(r.communityId) ?? "") : "",
      place: r.place,
      description: r.description,
      status: residentStatusLabel(r.status),
      createdAt: r.createdAt.toISOString(),
    }));
  }
}
