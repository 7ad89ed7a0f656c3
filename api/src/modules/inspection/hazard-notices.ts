// Who is told of a hazard's event, and the push queued for them: the person named to fix it, the unit's
// managers or its responsible person (for a community's hazard, its property manager stands for both), the
// sector regulator and the fire supervisors. Every push goes through the notifications outbox (NoticeService),
// keyed per event, so an event queued twice sends nothing twice.
import type { StaffRole } from "../../db/client.ts";
import { staffRecipient, type Recipient } from "../notifications/recipients.ts";
import type { StepAudience } from "./hazard-rules.ts";
import { companyOf, type HazardDeps } from "./hazard-rows.ts";

export class HazardNotifier {
  constructor(private readonly d: Pick<HazardDeps, "prisma" | "notices">) {}

  private async audience(
    h: { unitId: string | null; communityId: string | null; assigneeId: string | null },
    to: readonly StepAudience[],
  ) {
    const people = new Map<string, Recipient>();
    const add = (rows: { id: string; name: string; phone: string | null }[]) => {
      for (const s of rows) people.set(s.id, staffRecipient(s));
    };
    const sel = { id: true, name: true, phone: true } as const;
    const company = h.unitId ? null : await companyOf(this.d.prisma, h.communityId);
    // a community's hazard: its property manager stands for the unit's manager and responsible person
    const unitRole = (role: StaffRole) =>
      h.unitId
        ? this.d.prisma.staffUser.findMany({
            where: { role, active: true, units: { some: { unitId: h.unitId } } },
            select: sel,
            take: 50,
          })
        : company
          ? this.d.prisma.staffUser.findMany({
              where: { role: "PROPERTY_MANAGER", active: true, propertyCompanyId: company },
              select: sel,
              take: 50,
            })
          : Promise.resolve([]);
    for (const a of to) {
      if (a === "assignee" && h.assigneeId)
        add(await this.d.prisma.staffUser.findMany({ where: { id: h.assigneeId, active: true }, select: sel }));
      if (a === "managers") add(await unitRole("UNIT_MANAGER"));
      if (a === "responsible") add(await unitRole("UNIT_RESPONSIBLE"));
      if (a === "regulators") {
        const unit = h.unitId
          ? await this.d.prisma.networkedUnit.findUnique({ where: { id: h.unitId }, select: { sector: true } })
          : null;
        add(
          await this.d.prisma.staffUser.findMany({
            where: {
              active: true,
              OR: [
                { role: "FIRE_SUPERVISOR" },
                ...(unit ? [{ role: "SECTOR_REGULATOR" as const, sector: unit.sector }] : []),
              ],
            },
            select: sel,
            take: 100,
          }),
        );
      }
    }
    return [...people.values()];
  }

  /** Queues the push of one event (scope: unique per event, so a rerun queues nothing new). */
  async push(id: string, scope: string, to: readonly StepAudience[], note: string, kindLabel: string) {
    const h = await this.d.prisma.hazard.findUnique({
      where: { id },
      select: { unitId: true, communityId: true, assigneeId: true, place: true, description: true },
    });
    if (!h) return 0;
    const people = await this.audience(h, to);
    const unit = h.unitId
      ? await this.d.prisma.networkedUnit.findUnique({ where: { id: h.unitId }, select: { name: true } })
      : h.communityId
        ? await this.d.prisma.community.findUnique({ where: { id: h.communityId }, select: { name: true } })
        : null;
    return this.d.notices.send({
      scope,
      kind: "hazard",
      kindLabel: kindLabel.slice(0, 5),
      address: `${unit?.name ?? ""} ${h.place}`.trim(),
      note: `${note}：${h.description}`.slice(0, 200),
      to: [{ people, channels: ["PUSH", "SMS"] }],
    });
  }
}
