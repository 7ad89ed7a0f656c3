// The staff and residents' read side of alarms: whether the caller sees one (another company's alarm does
// not exist for them), the list in their scope, an alarm's page with its timeline, the staff it was sent to
// and who was told. AlarmService reads through this and checks its callers' scope here (visible()).
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";

export interface AlarmListQuery {
  status: "open" | "all";
  offset: number;
  limit: number;
  communityId?: string | undefined;
  dispatchedTo?: "me" | undefined;
}

/** How a resident reads the neighbours told of their home's alarm: one "neighbour", never who they are. */
export const NEIGHBOUR = "neighbour";
export const NEIGHBOUR_NAME = "同单元的邻居";

/**
 * Which recipients a caller reads as a neighbour: for a resident, the residents told who belong to none of
 * `householdIds` (the other homes' people who opted in to neighbour alerts, recipients.ts); for staff, none.
 */
export async function neighboursFor(
  prisma: Prisma,
  p: Principal,
  householdIds: string[],
): Promise<(recipient: string) => boolean> {
  if (p.kind !== "resident") return () => false;
  const rows = householdIds.length
    ? await prisma.householdMember.findMany({
        where: { householdId: { in: householdIds } },
        select: { residentId: true },
      })
    : [];
  const members = new Set([`resident:${p.id}`, ...rows.map((r) => `resident:${r.residentId}`)]);
  return (recipient) => recipient.startsWith("resident:") && !members.has(recipient);
}

export class AlarmReads {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
  ) {}

  /** The alarm if the caller may see it; NOT_FOUND otherwise (another company's alarm does not exist for them). */
  async visible(p: Principal, id: string) {
    const alarm = await this.prisma.alarm.findUnique({ where: { id } });
    if (!alarm) throw new AppError("NOT_FOUND", "找不到该报警");
    if (!this.scopes.covers(await this.scopes.of(p), alarm)) throw new AppError("NOT_FOUND", "找不到该报警");
    return alarm;
  }

  async list(p: Principal, q: AlarmListQuery) {
    const scope = await this.scopes.of(p);
    const where: Record<string, unknown> = {};
    if (scope.kind === "households") where.householdId = { in: scope.householdIds };
    else if (scope.kind === "communities") where.communityId = { in: scope.communityIds };
    else if (scope.kind === "none") where.id = { in: [] };
    if (q.communityId) {
      await this.scopes.assertCommunity(p, q.communityId);
      where.communityId = q.communityId;
    }
    if (q.status === "open") where.status = { not: "RESOLVED" };
    // "sent to me": only staff are dispatched, so a resident's "me" matches nothing
    if (q.dispatchedTo === "me") where.dispatchedTo = p.kind === "staff" ? p.id : { in: [] };
    const [total, rows] = await Promise.all([
      this.prisma.alarm.count({ where }),
      this.prisma.alarm.findMany({
        where,
        orderBy: [{ severity: "asc" }, { startedAt: "desc" }],
        skip: q.offset,
        take: q.limit,
        include: {
          device: { select: { id: true, name: true, room: true } },
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
          // a networked unit's alarm has no address: its unit's name says where
          unit: { select: { name: true } },
        },
      }),
    ]);
    const people = await this.dispatchees(rows.map((r) => r.dispatchedTo));
    return {
      total,
      rows: rows.map((r) => ({ ...r, dispatchee: r.dispatchedTo ? (people.get(r.dispatchedTo) ?? null) : null })),
    };
  }

  /** The staff members alarms were sent to (dispatchedTo holds a StaffUser id). */
  async dispatchees(ids: (string | null)[]): Promise<Map<string, { id: string; name: string; phone: string | null }>> {
    const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
    if (!wanted.length) return new Map();
    const rows = await this.prisma.staffUser.findMany({
      where: { id: { in: wanted } },
      select: { id: true, name: true, phone: true },
    });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async detail(p: Principal, id: string) {
    await this.visible(p, id);
    return this.prisma.alarm
      .findUniqueOrThrow({
        where: { id },
        include: {
          device: {
            select: {
              id: true,
              name: true,
              room: true,
              model: { select: { name: true, supportsMute: true } },
              status: true,
            },
          },
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
          unit: { select: { name: true } },
          actions: { orderBy: { at: "asc" } },
          notifications: { orderBy: { createdAt: "asc" } },
          photos: { orderBy: { at: "asc" } },
        },
      })
      .then(async (a) => {
        const neighbour = await neighboursFor(this.prisma, p, a.householdId ? [a.householdId] : []);
        const notifications = a.notifications.map((n) =>
          neighbour(n.recipient) ? { ...n, recipient: NEIGHBOUR, target: "" } : n,
        );
        const recipientNames = await this.recipientNames(notifications.map((n) => n.recipient));
        if (notifications.some((n) => n.recipient === NEIGHBOUR)) recipientNames.set(NEIGHBOUR, NEIGHBOUR_NAME);
        return {
          ...a,
          notifications,
          dispatchee: a.dispatchedTo ? ((await this.dispatchees([a.dispatchedTo])).get(a.dispatchedTo) ?? null) : null,
          recipientNames,
        };
      });
  }

  /**
   * How staff and residents read "who was told": a resident by nickname (else the masked phone), staff by name,
   * an emergency contact by name and relation. Keys are the notifications' recipients ("resident:<id>", ...).
   */
  async recipientNames(recipients: string[]): Promise<Map<string, string>> {
    const ids = { resident: new Set<string>(), staff: new Set<string>(), contact: new Set<string>() };
    for (const r of recipients) {
      const [kind, id] = r.split(":", 2) as [string, string | undefined];
      if (id && (kind === "resident" || kind === "staff" || kind === "contact")) ids[kind].add(id);
    }
    const [residents, staff, contacts] = await Promise.all([
      ids.resident.size
        ? this.prisma.resident.findMany({
            where: { id: { in: [...ids.resident] } },
            select: { id: true, nickname: true, phone: true },
          })
        : [],
      ids.staff.size
        ? this.prisma.staffUser.findMany({ where: { id: { in: [...ids.staff] } }, select: { id: true, name: true } })
        : [],
      ids.contact.size
        ? this.prisma.emergencyContact.findMany({
            where: { id: { in: [...ids.contact] } },
            select: { id: true, name: true, relation: true },
          })
        : [],
    ]);
    const names = new Map<string, string>();
    for (const r of residents) names.set(`resident:${r.id}`, r.nickname ?? (r.phone ? maskPhone(r.phone) : "住户"));
    for (const r of staff) names.set(`staff:${r.id}`, r.name);
    for (const c of contacts) names.set(`contact:${c.id}`, c.relation ? `${c.name}（${c.relation}）` : c.name);
    return names;
  }
}
