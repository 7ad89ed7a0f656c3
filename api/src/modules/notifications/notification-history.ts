// Alarm history and notification logs by household, community and county, scoped like everything else
// (places/scope.ts): a resident sees their homes, property staff their company's communities, the fire
// brigade the county. Targets are masked: a log shows who was told and how, not their number.
import type { Prisma, NotificationStatus } from "../../db/client.ts";
import type { Principal } from "../auth/principal.ts";
import type { ScopeService } from "../places/scope.ts";
import { KIND_LABEL } from "../alarms/alarm.ts";
import { NEIGHBOUR, NEIGHBOUR_NAME, neighboursFor } from "../alarms/alarm-reads.ts";
import { NOTIFICATION_STATUS_LABEL } from "../../contract/labels.ts";
import { addressOf } from "../households/household-service.ts";
import { maskTarget } from "./outbox-worker.ts";

export interface HistoryQuery {
  householdId?: string | undefined;
  communityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  offset: number;
  limit: number;
}

export class NotificationHistory {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: ScopeService,
  ) {}

  /** The Prisma filter on Alarm for a caller and a query; throws NOT_FOUND outside the caller's scope. */
  private async alarmWhere(p: Principal, q: HistoryQuery): Promise<Record<string, unknown>> {
    const where: Record<string, unknown> = {};
    if (q.householdId) {
      await this.scopes.assertHousehold(p, q.householdId);
      where.householdId = q.householdId;
    } else if (q.communityId) {
      await this.scopes.assertCommunity(p, q.communityId);
      where.communityId = q.communityId;
    } else {
      const s = await this.scopes.of(p);
      if (s.kind === "households") where.householdId = { in: s.householdIds };
      else if (s.kind === "communities") where.communityId = { in: s.communityIds };
      else if (s.kind === "none") where.id = { in: [] };
    }
    if (q.from || q.to) where.startedAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) };
    return where;
  }

  async alarms(p: Principal, q: HistoryQuery) {
    const where = await this.alarmWhere(p, q);
    const [total, rows, byKind] = await Promise.all([
      this.prisma.alarm.count({ where }),
      this.prisma.alarm.findMany({
        where,
        orderBy: { startedAt: "desc" },
        skip: q.offset,
        take: q.limit,
        include: {
          household: { include: { unit: { include: { building: { include: { community: true } } } } } },
          _count: { select: { notifications: true } },
        },
      }),
      this.prisma.alarm.groupBy({ by: ["kind"], where, _count: { _all: true } }),
    ]);
    return {
      total,
      byKind: Object.fromEntries(byKind.map((k) => [k.kind, k._count._all])),
      items: rows.map((a) => ({
        id: a.id,
        kind: a.kind,
        kindLabel: KIND_LABEL[a.kind],
        status: a.status,
        resolution: a.resolution,
        report119: a.report119,
        startedAt: a.startedAt.toISOString(),
        acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
        resolvedAt: a.resolvedAt?.toISOString() ?? null,
        // seconds from the alarm to the first person acting on it: the figure the county reports on
        responseSec: a.acknowledgedAt ? Math.round((a.acknowledgedAt.getTime() - a.startedAt.getTime()) / 1000) : null,
        escalationLevel: a.escalationLevel,
        householdId: a.householdId,
        communityId: a.communityId,
        address: a.household ? addressOf(a.household) : null,
        notifications: a._count.notifications,
      })),
    };
  }

  async notifications(p: Principal, q: HistoryQuery & { alarmId?: string | undefined }) {
    const alarm = await this.alarmWhere(p, q);
    if (q.alarmId) alarm.id = q.alarmId;
    const where = { alarm, channel: { not: "CONSOLE" as const } };
    const [total, rows] = await Promise.all([
      this.prisma.notification.count({ where }),
      this.prisma.notification.findMany({ where, orderBy: { createdAt: "desc" }, skip: q.offset, take: q.limit }),
    ]);
    // a resident reads the neighbours told of their homes' alarms as neighbours, not by id or number
    const scope = p.kind === "resident" ? await this.scopes.of(p) : null;
    const neighbour = await neighboursFor(this.prisma, p, scope?.kind === "households" ? scope.householdIds : []);
    return {
      total,
      items: rows.map((n) =>
        neighbour(n.recipient)
          ? { ...notificationView(n), recipient: NEIGHBOUR, to: NEIGHBOUR_NAME }
          : notificationView(n),
      ),
    };
  }
}

/** What staff read in a notification log: sent is not yet delivered (named in the public contract). */
export const STATUS_LABEL: Record<NotificationStatus, string> = NOTIFICATION_STATUS_LABEL;
type SameStatuses = [keyof typeof NOTIFICATION_STATUS_LABEL] extends [NotificationStatus] ? true : never;
const sameStatuses: SameStatuses = true;
void sameStatuses;

export function notificationView(n: {
  id: string;
  alarmId: string | null;
  channel: Parameters<typeof maskTarget>[0];
  recipient: string;
  target: string;
  template: string;
  status: NotificationStatus;
  attempts: number;
  providerResponse: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  dedupeKey: string;
}) {
  return {
    id: n.id,
    alarmId: n.alarmId,
    channel: n.channel,
    recipient: n.recipient,
    to: maskTarget(n.channel, n.target),
    template: n.template,
    /** "step:1", "real", "reminder:0": which part of the chain sent it */
    stage: /:(step:\d+|real|reminder:\d+):/.exec(n.dedupeKey)?.[1] ?? null,
    status: n.status,
    statusLabel: STATUS_LABEL[n.status],
    attempts: n.attempts,
    providerCode: providerCode(n.providerResponse),
    nextAttemptAt: n.status === "QUEUED" ? n.nextAttemptAt.toISOString() : null,
    sentAt: n.sentAt?.toISOString() ?? null,
    deliveredAt: n.deliveredAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

/** The provider's answer code ("OK", "isv.MOBILE_NUMBER_ILLEGAL", "43101") without the rest of its body. */
function providerCode(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const j = JSON.parse(raw) as {
      Code?: string;
      errcode?: number;
      err_code?: string;
      status_code?: string;
      ErrorStatus?: string;
    };
    if (typeof j.Code === "string") return j.Code;
    if (typeof j.errcode === "number") return String(j.errcode);
    // delivery receipts: the SMS report's err_code, the call's status_code, WeChat's ErrorStatus
    if (typeof j.err_code === "string") return j.err_code;
    if (typeof j.status_code === "string") return j.status_code;
    if (typeof j.ErrorStatus === "string") return j.ErrorStatus;
  } catch {
    /* plain text */
  }
  return raw.slice(0, 80);
}
