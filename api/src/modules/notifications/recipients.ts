// Who a target group is for one alarm: the repository that turns "members", "duty_staff"... into people
// with the ways to reach them (STYLE habit 5: only repositories touch the database).
import type { AlarmKind, Prisma } from "../../db/client.ts";
import type { TargetGroup } from "./escalation-policy.ts";
import type { Recipient } from "./notification.ts";
import type { StepQueries } from "./step-queries.ts";

export type { Recipient };

/** Who a step reaches, looked up ahead: per notify entry its people, and their WeChat consents. */
export interface Audience {
  people: Recipient[][];
  consents: Map<string, { longTerm: boolean }>;
}

/** Residents' consents to one WeChat template, as the reads that found them brought them along */
interface ConsentsSeen {
  templateId: string;
  /** by resident, each one read: their consent, or null when they have none usable now */
  read: Map<string, { longTerm: boolean } | null>;
}

export interface AlarmPlace {
  householdId: string | null;
  communityId: string | null;
  /** a networked unit's alarm (no community): its people stand in for the property company's duty staff */
  unitId?: string | null;
  /** what the alarm is about: members who switched this kind of device problem off are left out (never for FIRE) */
  kind?: AlarmKind;
}

/** The HouseholdMember flag that says whether a member hears about this kind of device problem; null: always. */
export const MEMBER_PREFERENCE: Record<
  AlarmKind,
  "notifyLowBattery" | "notifyOffline" | "notifyTamper" | "notifyFault" | null
> = {
  FIRE: null, // a fire reaches every member, whatever they chose
  LOW_BATTERY: "notifyLowBattery",
  OFFLINE: "notifyOffline",
  TAMPER: "notifyTamper",
  FAULT: "notifyFault",
  NOTIFY_FAILED: null, // goes to staff and supervisors only
  // fire-class: every member, whatever they chose
  CALL_POINT: null,
  GAS_LEAK: null,
  SUSPECTED_FIRE: null,
  // facility problems go to the unit's or the property company's people, never to residents (issue 15);
  // should one reach a home, it follows the member's choice for device faults
  LOW_WATER: "notifyFault",
  HIGH_WATER: "notifyFault",
  LOW_PRESSURE: "notifyFault",
  HIGH_PRESSURE: "notifyFault",
  PUMP_NOT_AUTO: "notifyFault",
  PUMP_FAULT: "notifyFault",
  PUMP_STARTED: "notifyFault",
  POWER_LOST: "notifyFault",
  LEAKAGE_CURRENT: "notifyFault",
  OVER_TEMPERATURE: "notifyFault",
  HYDRANT_OPENED: "notifyFault",
  HYDRANT_KNOCKED: "notifyFault",
  VALVE_CLOSED: "notifyFault",
  PANEL_FAULT: "notifyFault",
  PANEL_SUPERVISION: "notifyFault",
  PANEL_SHIELDED: "notifyFault",
};

const resident = (r: { id: string; nickname: string | null; phone: string | null; openid: string }): Recipient => ({
  key: `resident:${r.id}`,
  residentId: r.id,
  name: r.nickname,
  phone: r.phone,
  openid: r.openid,
  staffId: null,
});

/** A staff member as a message's recipient (their screen by staff id, their phone; never an openid). */
export const staffRecipient = (s: { id: string; name: string; phone: string | null }): Recipient => ({
  key: `staff:${s.id}`,
  residentId: null,
  name: s.name,
  phone: s.phone,
  openid: null,
  staffId: s.id,
});

/** Who in a unit is told of its alarms, in the order they are listed. */
const UNIT_DUTY_ROLES = ["CONTROL_ROOM_OPERATOR", "UNIT_MANAGER", "UNIT_SAFETY_OFFICER"] as const;

export class RecipientDirectory {
  /** `fast`: a fire's members and their consents in prepared statements (step-queries.ts) */
  constructor(
    private readonly prisma: Prisma,
    private readonly fast?: StepQueries,
  ) {}

  async resolve(
    groups: readonly TargetGroup[],
    place: AlarmPlace,
    at: Date,
    seen?: ConsentsSeen,
  ): Promise<Recipient[]> {
    const out = new Map<string, Recipient>();
    for (const g of new Set(groups))
      for (const r of await this.group(g, place, at, seen)) if (!out.has(r.key)) out.set(r.key, r);
    return [...out.values()];
  }

  /**
   * Everyone a step reaches (each notify entry looked up at once) and the WeChat consents of the residents among
   * them. A fire's members come with their consents in one read (step-queries.ts); the consents of anyone else
   * (neighbours, or members read through Prisma) in one query after.
   */
  async audience(entries: readonly (readonly TargetGroup[])[], place: AlarmPlace, at: Date, templateId: string) {
    const seen: ConsentsSeen = { templateId, read: new Map() };
    const people = await Promise.all(entries.map((groups) => this.resolve(groups, place, at, seen)));
    const residents = new Set(people.flat().flatMap((p) => (p.residentId ? [p.residentId] : [])));
    const consents = new Map<string, { longTerm: boolean }>();
    for (const [id, c] of seen.read) if (c && residents.has(id)) consents.set(id, c);
    const rest = [...residents].filter((id) => !seen.read.has(id));
    for (const [id, c] of await this.wechatConsents(rest, templateId)) consents.set(id, c);
    return { people, consents } satisfies Audience;
  }

  private group(g: TargetGroup, place: AlarmPlace, at: Date, seen?: ConsentsSeen): Promise<Recipient[]> {
    switch (g) {
      case "members":
        return this.members(place.householdId, place.kind, seen);
      case "emergency_contacts":
        return this.emergencyContacts(place.householdId);
      case "duty_staff":
        return place.communityId || !place.unitId ? this.dutyStaff(place.communityId, at) : this.unitDuty(place.unitId);
      case "supervisors":
        return this.supervisors();
      case "neighbours":
        return this.neighbours(place.householdId);
    }
  }

  /**
   * The household's members; for a device problem, only those who still want to hear about that kind. `seen`:
   * where a fire's members' consents are noted, read with them.
   */
  async members(householdId: string | null, kind?: AlarmKind, seen?: ConsentsSeen): Promise<Recipient[]> {
    if (!householdId) return [];
    const flag = kind ? MEMBER_PREFERENCE[kind] : null;
    if (!flag && this.fast && seen) {
      const { people, consents } = await this.fast.members(householdId, seen.templateId);
      for (const p of people) if (p.residentId) seen.read.set(p.residentId, consents.get(p.residentId) ?? null);
      return people;
    }
    const rows = await this.prisma.householdMember.findMany({
      where: { householdId, ...(flag ? { [flag]: true } : {}) },
      include: { resident: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((m) => resident(m.resident));
  }

  async emergencyContacts(householdId: string | null): Promise<Recipient[]> {
    if (!householdId) return [];
    const rows = await this.prisma.emergencyContact.findMany({
      where: { householdId },
      orderBy: [{ priority: "asc" }, { createdAt: "asc" }],
    });
    return rows.map((c) => ({
      key: `contact:${c.id}`,
      residentId: null,
      name: c.name,
      phone: c.phone,
      openid: null,
      staffId: null,
    }));
  }

  /** Staff on a shift now; with nobody on shift, the company's managers and staff (better all than none). */
  async dutyStaff(communityId: string | null, at: Date): Promise<Recipient[]> {
    if (!communityId) return [];
    const c = await this.prisma.community.findUnique({
      where: { id: communityId },
      select: { propertyCompanyId: true },
    });
    if (!c?.propertyCompanyId) return [];
    const shifts = await this.prisma.dutyShift.findMany({
      where: {
        propertyCompanyId: c.propertyCompanyId,
        startsAt: { lte: at },
        endsAt: { gt: at },
        staffUser: { active: true },
      },
      include: { staffUser: true },
    });
    if (shifts.length) return shifts.map((s) => staffRecipient(s.staffUser));
    const all = await this.prisma.staffUser.findMany({
      where: {
        propertyCompanyId: c.propertyCompanyId,
        active: true,
        role: { in: ["PROPERTY_MANAGER", "PROPERTY_STAFF"] },
      },
      orderBy: { createdAt: "asc" },
    });
    return all.map(staffRecipient);
  }

  /**
   * A networked unit's people who act on its alarms: the control room's operators first, then the unit's
   * managers and safety officers (issue 15: a water tank running low in a hospital must reach somebody there).
   */
  async unitDuty(unitId: string): Promise<Recipient[]> {
    const rows = await this.prisma.staffUser.findMany({
      where: {
        active: true,
        role: { in: [...UNIT_DUTY_ROLES] },
        units: { some: { unitId } },
      },
      orderBy: { createdAt: "asc" },
    });
    const rank = (r: string) => UNIT_DUTY_ROLES.indexOf(r as (typeof UNIT_DUTY_ROLES)[number]);
    return rows.sort((a, b) => rank(a.role) - rank(b.role)).map(staffRecipient);
  }

  /** Residents by id (a notice to one person). */
  async residents(ids: string[]): Promise<Recipient[]> {
    if (!ids.length) return [];
    const rows = await this.prisma.resident.findMany({ where: { id: { in: ids } } });
    return rows.map(resident);
  }

  /** The managers of the property company that runs a community. */
  async companyManagers(communityId: string): Promise<Recipient[]> {
    const c = await this.prisma.community.findUnique({
      where: { id: communityId },
      select: { propertyCompanyId: true },
    });
    if (!c?.propertyCompanyId) return [];
    const rows = await this.prisma.staffUser.findMany({
      where: { propertyCompanyId: c.propertyCompanyId, role: "PROPERTY_MANAGER", active: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map(staffRecipient);
  }

  async supervisors(): Promise<Recipient[]> {
    const rows = await this.prisma.staffUser.findMany({
      where: { role: "FIRE_SUPERVISOR", active: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map(staffRecipient);
  }

  /** Opted-in residents of the other households in the same unit. */
  async neighbours(householdId: string | null): Promise<Recipient[]> {
    if (!householdId) return [];
    const h = await this.prisma.household.findUnique({
      where: { id: householdId },
      select: { unitId: true, members: { select: { residentId: true } } },
    });
    if (!h) return [];
    const own = new Set(h.members.map((m) => m.residentId));
    const rows = await this.prisma.householdMember.findMany({
      where: { neighbourAlerts: true, householdId: { not: householdId }, household: { unitId: h.unitId } },
      include: { resident: true },
    });
    return rows.filter((m) => !own.has(m.residentId)).map((m) => resident(m.resident));
  }

  /** Residents who may get this WeChat template now: a long-term subscription, or a one-time one left. */
  async wechatConsents(residentIds: string[], templateId: string): Promise<Map<string, { longTerm: boolean }>> {
    if (!residentIds.length) return new Map();
    if (this.fast) return this.fast.consents(residentIds, templateId);
    const rows = await this.prisma.subscribeConsent.findMany({
      where: {
        residentId: { in: residentIds },
        template: templateId,
        OR: [{ longTerm: true }, { remaining: { gt: 0 } }],
      },
    });
    return new Map(rows.map((r) => [r.residentId, { longTerm: r.longTerm }]));
  }

  /** What a resident accepted in the mini-program: long-term, or one more one-time message per acceptance. */
  async recordConsent(
    residentId: string,
    templates: string[],
    longTerm: boolean,
  ): Promise<{ template: string; longTerm: boolean; remaining: number }[]> {
    const out = [];
    for (const template of templates) {
      const r = await this.prisma.subscribeConsent.upsert({
        where: { residentId_template: { residentId, template } },
        create: { residentId, template, longTerm, remaining: longTerm ? 0 : 1 },
        update: longTerm ? { longTerm: true } : { remaining: { increment: 1 } },
      });
      out.push({ template: r.template, longTerm: r.longTerm, remaining: r.remaining });
    }
    return out;
  }

  /** Uses up one one-time subscription; false when none was left (another send took it). */
  async useOneTime(residentId: string, templateId: string): Promise<boolean> {
    const r = await this.prisma.subscribeConsent.updateMany({
      where: { residentId, template: templateId, remaining: { gt: 0 } },
      data: { remaining: { decrement: 1 } },
    });
    return r.count === 1;
  }
}
