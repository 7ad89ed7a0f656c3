// Households as residents and staff see them: members, invitations, emergency contacts, devices.
import { randomInt } from "node:crypto";
import type { Prisma, MemberRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import { deviceState } from "../devices/device-state.ts";
import type { AuditLog } from "../audit/audit-log.ts";
import { homesOf, type HomeListQuery, type HouseholdRow } from "./home-list-query.ts";

/** The per-home switches a member sets for themselves (HouseholdMember columns). */
export const MEMBERSHIP_FLAGS = [
  "neighbourAlerts",
  "notifyLowBattery",
  "notifyOffline",
  "notifyTamper",
  "notifyFault",
] as const;
export type MembershipFlag = (typeof MEMBERSHIP_FLAGS)[number];
export type MembershipPatch = Partial<Record<MembershipFlag, boolean>>;

function membershipFlags(m: Record<MembershipFlag, boolean>): Record<MembershipFlag, boolean> {
  return {
    neighbourAlerts: m.neighbourAlerts,
    notifyLowBattery: m.notifyLowBattery,
    notifyOffline: m.notifyOffline,
    notifyTamper: m.notifyTamper,
    notifyFault: m.notifyFault,
  };
}

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const INVITE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I: read aloud and typed by elderly users

const householdInclude = {
  unit: { include: { building: { include: { community: true } } } },
  devices: { include: { status: true, model: true } },
} as const;

export function addressOf(h: {
  roomNo: string;
  unit: { name: string; building: { name: string; community: { name: string } } };
}): string {
  return `${h.unit.building.community.name} ${h.unit.building.name} ${h.unit.name} ${h.roomNo}`;
}

function summary(h: HouseholdRow) {
  return {
    id: h.id,
    address: addressOf(h),
    communityId: h.unit.building.community.id,
    floor: h.floor,
    claimed: h.claimedAt !== null,
    devices: h.devices.map((d) => ({
      id: d.id,
      name: d.name,
      room: d.room,
      kind: d.model.kind,
      modelName: d.model.name,
      power: d.model.power,
      network: d.model.network,
      mode: d.mode,
      state: deviceState(d.status),
      online: d.status?.online ?? false,
      battery: d.status?.battery ?? null,
      rssi: d.status?.rssi ?? null,
      lastSeenAt: d.status?.lastSeenAt?.toISOString() ?? null,
    })),
  };
}

/**
 * A change to who owns a home, for listeners (the owner is told through the notifications outbox):
 * an ADMIN started a transfer (the owner may object before it is redeemed), or the owner was replaced.
 */
export type HouseholdChange = {
  kind: "owner_transfer_started" | "owner_changed";
  householdId: string;
  address: string;
  /** the owner who is (being) replaced */
  ownerResidentId: string;
  /** "staff:<id>" or "resident:<id>" */
  by: string;
  reason: string | null;
  /** the AuditEvent that records it */
  auditId: string;
};
export type HouseholdListener = (change: HouseholdChange) => void | Promise<void>;

export class HouseholdService {
  private listeners: HouseholdListener[] = [];

  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    /** listMine's one statement (home-list-query.ts), on the engine's own driver */
    private readonly homeList: HomeListQuery,
  ) {}

  onChange(l: HouseholdListener): void {
    this.listeners.push(l);
  }

  private async emit(change: HouseholdChange): Promise<void> {
    for (const l of this.listeners) await l(change);
  }

  private async addressOfHousehold(id: string): Promise<string> {
    const h = await this.prisma.household.findUnique({
      where: { id },
      include: { unit: { include: { building: { include: { community: true } } } } },
    });
    return h ? addressOf(h) : id;
  }

  private async currentOwner(householdId: string) {
    return this.prisma.householdMember.findFirst({
      where: { householdId, role: "OWNER" },
      orderBy: { createdAt: "asc" },
    });
  }

  /**
   * The residents' home screen, the API they call most (issue 21): one prepared statement, whatever the
   * number of homes and devices (the nested include took eight, one per relation level, and most of the
   * request's time went to them). Read fresh every time: alarm and device state are never served from a
   * cache. The scope is the resident's own memberships, from the signed principal.
   */
  async listMine(residentId: string) {
    return homesOf(await this.homeList(residentId)).map(({ role, home }) => ({ ...summary(home), role }));
  }

  async detail(p: Principal, id: string) {
    await this.scopes.assertHousehold(p, id);
    const h = await this.prisma.household.findUnique({
      where: { id },
      include: {
        ...householdInclude,
        members: { include: { resident: true }, orderBy: { createdAt: "asc" } },
        emergencyContacts: { orderBy: { priority: "asc" } },
      },
    });
    if (!h) throw new AppError("NOT_FOUND", "找不到该住户");
    const myRole = p.kind === "resident" ? (h.members.find((m) => m.residentId === p.id)?.role ?? null) : null;
    return {
      ...summary(h as HouseholdRow),
      role: myRole,
      members: h.members.map((m) => ({
        id: m.id,
        residentId: m.residentId,
        nickname: m.resident.nickname,
        phone: maskPhone(m.resident.phone),
        role: m.role,
        isMe: p.kind === "resident" && m.residentId === p.id,
        ...membershipFlags(m),
      })),
      emergencyContacts: h.emergencyContacts.map((c) => ({
        id: c.id,
        name: c.name,
        phone: maskPhone(c.phone),
        relation: c.relation,
        priority: c.priority,
      })),
    };
  }

  private async memberRole(residentId: string, householdId: string): Promise<MemberRole | null> {
    const m = await this.prisma.householdMember.findUnique({
      where: { householdId_residentId: { householdId, residentId } },
    });
    return m?.role ?? null;
  }

  /**
   * Owners invite family and tenants; property staff invite the owner of a home that has none (its claim
   * code), or, in a home with no owner yet, its family or tenants. A home's owner is replaced only by that
   * owner (a hand-over: they sold or passed on the flat) or by an ADMIN with a recorded reason (a verified
   * transfer: deeds checked at the property office), and the owner is told at once (issue 12 item 2: property
   * staff could hand any home to a stranger, who then removed the real owner and with him his fire alarms).
   */
  async createInvite(p: Principal, householdId: string, role: MemberRole, reason?: string | null) {
    await this.scopes.assertHousehold(p, householdId);
    const myRole = p.kind === "resident" ? await this.memberRole(p.id, householdId) : null;
    if (p.kind === "resident" && myRole !== "OWNER") throw new AppError("FORBIDDEN", "只有户主可以邀请家庭成员");
    let replacesOwner: string | null = null;
    if (role === "OWNER") {
      const owner = await this.currentOwner(householdId);
      if (owner) {
        const ownHandOver = p.kind === "resident" && p.id === owner.residentId;
        const adminTransfer = p.kind === "staff" && p.role === "ADMIN";
        if (!ownHandOver && !adminTransfer)
          throw new AppError(
            "FORBIDDEN",
            "该住户已有户主：户主变更只能由户主本人发起，或由管理员核实产权后登记原因发起",
          );
        if (adminTransfer && !reason?.trim())
          throw new AppError("VALIDATION_FAILED", "管理员发起户主变更须填写原因（如：已核实房产证，原户主已过户）");
        replacesOwner = owner.residentId;
      } else if (p.kind === "resident") {
        throw new AppError("FORBIDDEN", "户主邀请只能由物业发放");
      }
    } else if (p.kind === "staff" && (await this.currentOwner(householdId))) {
      // a home with an owner: who lives there is the owner's to say, never the property office's (a staff
      // account could otherwise join anyone to a stranger's home, its alarms and its contacts)
      throw new AppError("FORBIDDEN", "该住户已有户主：家人和租户由户主在小程序里邀请");
    }
    const code = Array.from({ length: 8 }, () => INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)]).join("");
    const expiresAt = new Date(this.clock.now().getTime() + INVITE_TTL_MS);
    const by = `${p.kind}:${p.id}`;
    const note = reason?.trim() || null;
    await this.prisma.householdInvite.create({
      data: { householdId, code, role, createdBy: by, expiresAt, replacesOwner, reason: note },
    });
    if (replacesOwner) {
      const auditId = await this.audit.record({
        actor: by,
        action: "household.owner_invited",
        subject: `household:${householdId}`,
        before: { owner: replacesOwner },
        after: { invite: "OWNER", expiresAt: expiresAt.toISOString() },
        note,
      });
      // an admin's transfer: the owner hears of it before anyone can redeem it (their own hand-over they know)
      if (p.kind === "staff")
        await this.emit({
          kind: "owner_transfer_started",
          householdId,
          address: await this.addressOfHousehold(householdId),
          ownerResidentId: replacesOwner,
          by,
          reason: note,
          auditId,
        });
    }
    return { code, role, expiresAt: expiresAt.toISOString(), replacesOwner: replacesOwner !== null };
  }

  async join(residentId: string, rawCode: string) {
    const code = rawCode.trim().toUpperCase();
    const now = this.clock.now();
    const invite = await this.prisma.householdInvite.findUnique({ where: { code } });
    if (!invite || invite.usedAt || invite.expiresAt <= now) throw new AppError("INVITE_INVALID");
    const householdId = invite.householdId;
    if (invite.role !== "OWNER") {
      // claim the invite first: a code works once even under concurrent use
      const claimed = await this.prisma.householdInvite.updateMany({
        where: { id: invite.id, usedAt: null },
        data: { usedAt: now, usedBy: `resident:${residentId}` },
      });
      if (claimed.count !== 1) throw new AppError("INVITE_INVALID");
      // an owner who redeems a family code stays the owner
      const existing = await this.memberRole(residentId, householdId);
      if (existing === "OWNER") return { householdId, role: existing };
      await this.prisma.householdMember.upsert({
        where: { householdId_residentId: { householdId, residentId } },
        create: { householdId, residentId, role: invite.role },
        update: { role: invite.role },
      });
      return { householdId, role: invite.role };
    }
    // An owner invitation: in one transaction that first writes the household row (so two redemptions for one
    // home take turns on PostgreSQL too), the home gets its first owner, or the owner the invitation names is
    // replaced (kept as family); any other owner invitation is stale and refused.
    const replaced = await this.prisma.$transaction(async (tx) => {
      await tx.household.update({ where: { id: householdId }, data: { claimedAt: now } });
      const owner = await tx.householdMember.findFirst({ where: { householdId, role: "OWNER" } });
      if (owner && (owner.residentId !== invite.replacesOwner || owner.residentId === residentId))
        throw new AppError("INVITE_INVALID", "该住户已有户主，此户主邀请已失效，请联系户主或物业");
      const claimed = await tx.householdInvite.updateMany({
        where: { id: invite.id, usedAt: null },
        data: { usedAt: now, usedBy: `resident:${residentId}` },
      });
      if (claimed.count !== 1) throw new AppError("INVITE_INVALID");
      if (owner) await tx.householdMember.update({ where: { id: owner.id }, data: { role: "FAMILY" } });
      await tx.householdMember.upsert({
        where: { householdId_residentId: { householdId, residentId } },
        create: { householdId, residentId, role: "OWNER" },
        update: { role: "OWNER" },
      });
      return owner?.residentId ?? null;
    });
    if (replaced) {
      const auditId = await this.audit.record({
        actor: `resident:${residentId}`,
        action: "household.owner_changed",
        subject: `household:${householdId}`,
        before: { owner: replaced },
        after: { owner: residentId, previousOwnerRole: "FAMILY", invitedBy: invite.createdBy },
        note: invite.reason,
      });
      await this.emit({
        kind: "owner_changed",
        householdId,
        address: await this.addressOfHousehold(householdId),
        ownerResidentId: replaced,
        by: invite.createdBy,
        reason: invite.reason,
        auditId,
      });
    }
    return { householdId, role: "OWNER" as const };
  }

  /**
   * A resident's own settings in one home: which device problems they hear about (low battery, offline,
   * tamper, fault; a fire alarm always reaches every member and has no switch), and whether they want to be
   * told when a neighbour's fire alarm in the same unit goes unanswered for 3 minutes (the escalation's
   * third step). Only the fields given change; the answer carries all of them.
   */
  async updateMyMembership(residentId: string, householdId: string, patch: MembershipPatch) {
    const m = await this.prisma.householdMember.findUnique({
      where: { householdId_residentId: { householdId, residentId } },
    });
    if (!m) throw new AppError("NOT_FOUND", "找不到该住户");
    const data: MembershipPatch = {};
    for (const k of MEMBERSHIP_FLAGS) if (patch[k] !== undefined) data[k] = patch[k];
    const row = await this.prisma.householdMember.update({ where: { id: m.id }, data });
    return { householdId, role: row.role, ...membershipFlags(row) };
  }

  async removeMember(p: Principal, householdId: string, memberId: string) {
    await this.scopes.assertHousehold(p, householdId);
    const member = await this.prisma.householdMember.findFirst({ where: { id: memberId, householdId } });
    if (!member) throw new AppError("NOT_FOUND", "找不到该成员");
    if (p.kind === "resident" && member.residentId !== p.id && (await this.memberRole(p.id, householdId)) !== "OWNER") {
      throw new AppError("FORBIDDEN", "只有户主可以移除其他成员");
    }
    // the owner leaves by themselves or is replaced through an owner invitation; nobody removes them
    if (member.role === "OWNER" && !(p.kind === "resident" && member.residentId === p.id))
      throw new AppError("FORBIDDEN", "不能移除户主：户主变更须由户主本人或管理员登记原因后发起");
    await this.prisma.householdMember.delete({ where: { id: member.id } });
  }

  private async assertCanEditContacts(p: Principal, householdId: string) {
    await this.scopes.assertHousehold(p, householdId);
    if (p.kind === "resident" && (await this.memberRole(p.id, householdId)) === "TENANT") {
      // tenants act on alarms but the owner and family decide who is called
      throw new AppError("FORBIDDEN", "租户不能修改紧急联系人");
    }
  }

  async addContact(
    p: Principal,
    householdId: string,
    c: { name: string; phone: string; relation?: string | undefined; priority?: number | undefined },
  ) {
    await this.assertCanEditContacts(p, householdId);
    const row = await this.prisma.emergencyContact.create({
      data: { householdId, name: c.name, phone: c.phone, relation: c.relation ?? null, priority: c.priority ?? 0 },
    });
    return { id: row.id, name: row.name, phone: maskPhone(row.phone), relation: row.relation, priority: row.priority };
  }

  async removeContact(p: Principal, householdId: string, contactId: string) {
    await this.assertCanEditContacts(p, householdId);
    const res = await this.prisma.emergencyContact.deleteMany({ where: { id: contactId, householdId } });
    if (res.count === 0) throw new AppError("NOT_FOUND", "找不到该联系人");
  }

  /** Staff: households of one community, paged. */
  async listForCommunity(p: Principal, communityId: string, page: { offset: number; limit: number }) {
    await this.scopes.assertCommunity(p, communityId);
    const where = { unit: { building: { communityId } } };
    const [total, rows] = await Promise.all([
      this.prisma.household.count({ where }),
      this.prisma.household.findMany({
        where,
        include: { ...householdInclude, members: { include: { resident: true }, orderBy: { createdAt: "asc" } } },
        // rooms in the order of the building: by floor, then room number ("101, 201, 1001", not the text
        // order "1001, 101, 201"; issue 22 item 8); rooms of one floor have numbers of one length
        orderBy: [
          { unit: { building: { name: "asc" } } },
          { unit: { name: "asc" } },
          { floor: "asc" },
          { roomNo: "asc" },
        ],
        skip: page.offset,
        take: page.limit,
      }),
    ]);
    // staff see who lives there (names and roles, phone numbers masked) to reach them in an emergency
    return {
      total,
      items: rows.map((h) => ({
        ...summary(h as HouseholdRow),
        residents: h.members.map((m) => ({
          name: m.resident.nickname,
          role: m.role,
          phone: maskPhone(m.resident.phone),
        })),
      })),
    };
  }
}
