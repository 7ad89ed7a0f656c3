// Centres and their calendars: centres near a resident, session templates, generated and one-off sessions,
// closures (which cancel the sessions they cover and tell those booked), and centre staff accounts.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { BookingAccess } from "./booking-access.ts";
import {
  MAX_CLOSURE_DAYS,
  MAX_SESSION_DAYS,
  type CentreInput,
  type CentrePatch,
  type ManagedCentres,
  type SessionInput,
  type SessionView,
  type TemplateInput,
} from "../../contract/bookings.ts";
import { centreView, sessionInclude, sessionView } from "./booking-view.ts";
import { addDays, countyDate, countyInstant, datesBetween, daysBetween, isoWeekday } from "../../shared/county-time.ts";
import { isLive } from "./booking-policy.ts";
import { dropReminder, queueNotice } from "./booking-outbox.ts";
import { lockSession, TX_OPTIONS } from "./seat-ledger.ts";
import { noticeSelect } from "./waitlist.ts";

/** How far ahead sessions may be generated in one call. */
const MAX_GENERATE_DAYS = MAX_SESSION_DAYS;
const LEVEL_ORDER = ["COUNTY", "TOWNSHIP", "COMMUNITY"] as const;

export class CentreService {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly access: BookingAccess,
  ) {}

  private async townshipNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const rows = await this.prisma.township.findMany({
      where: { id: { in: ids.filter((x): x is string => !!x) } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((t) => [t.id, t.name]));
  }

  /** Active centres, nearest first when the caller says where they are. */
  async list(q: {
    lat?: number | undefined;
    lng?: number | undefined;
    level?: "COUNTY" | "TOWNSHIP" | "COMMUNITY" | undefined;
    townshipId?: string | undefined;
  }) {
    const rows = await this.prisma.centre.findMany({
      where: {
        active: true,
        ...(q.level ? { level: q.level } : {}),
        ...(q.townshipId ? { townshipId: q.townshipId } : {}),
      },
      orderBy: { name: "asc" },
    });
    rows.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level)); // SQLite sorts enums as text
    const names = await this.townshipNames(rows.map((c) => c.townshipId));
    const from = q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : undefined;
    const items = rows.map((c) => centreView(c, c.townshipId ? (names.get(c.townshipId) ?? null) : null, from));
    if (from) items.sort((a, b) => (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity));
    return items;
  }

  async get(id: string) {
    const c = await this.prisma.centre.findUnique({ where: { id } });
    if (!c) throw new AppError("NOT_FOUND", "找不到该体验馆");
    const names = await this.townshipNames([c.townshipId]);
    const closures = await this.prisma.centreClosure.findMany({
      where: { centreId: id, endDate: { gte: countyDate(this.clock.now()) } },
      orderBy: { startDate: "asc" },
    });
    return {
      ...centreView(c, c.townshipId ? (names.get(c.townshipId) ?? null) : null),
      upcomingClosures: closures.map((x) => ({
        id: x.id,
        startDate: x.startDate,
        endDate: x.endDate,
        reason: x.reason,
      })),
    };
  }

  private data(input: Partial<CentreInput>) {
    const { facilities, photos, ...rest } = input;
    return {
      ...rest,
      ...(facilities ? { facilities: JSON.stringify(facilities) } : {}),
      ...(photos ? { photos: JSON.stringify(photos) } : {}),
    };
  }

  async create(input: CentreInput) {
    if (await this.prisma.centre.count({ where: { name: input.name } }))
      throw new AppError("CONFLICT", "已有同名体验馆");
    const c = await this.prisma.centre.create({
      data: this.data(input) as CentreInput & { facilities: string; photos: string },
    });
    return this.get(c.id);
  }

  async update(p: Principal, id: string, patch: CentrePatch) {
    await this.access.assertManagesCentre(p, id);
    if (patch.name && (await this.prisma.centre.count({ where: { name: patch.name, id: { not: id } } })))
      throw new AppError("CONFLICT", "已有同名体验馆");
    await this.prisma.centre.update({ where: { id }, data: this.data(patch) });
    return this.get(id);
  }

  /** Ties a CENTRE_STAFF account to a centre (moving it from any other). */
  async assignStaff(centreId: string, staffUserId: string) {
    if (!(await this.prisma.centre.count({ where: { id: centreId } })))
      throw new AppError("NOT_FOUND", "找不到该体验馆");
    const u = await this.prisma.staffUser.findUnique({ where: { id: staffUserId }, select: { role: true } });
    if (!u) throw new AppError("NOT_FOUND", "找不到该工作人员");
    if (u.role !== "CENTRE_STAFF") throw new AppError("CONFLICT", "只有体验馆工作人员账号可以绑定体验馆");
    await this.prisma.centreStaff.upsert({
      where: { staffUserId },
      create: { centreId, staffUserId },
      update: { centreId },
    });
    return { centreId, staffUserId };
  }

  async templates(p: Principal, centreId: string) {
    await this.access.assertManagesCentre(p, centreId);
    const rows = await this.prisma.sessionTemplate.findMany({ where: { centreId }, orderBy: { startTime: "asc" } });
    return rows.map((t) => ({ ...t, weekdays: t.weekdays.split(",").map(Number) }));
  }

  async addTemplate(p: Principal, centreId: string, t: TemplateInput) {
    await this.access.assertManagesCentre(p, centreId);
    await this.assertFits(centreId, t);
    const row = await this.prisma.sessionTemplate.create({
      data: {
        centreId,
        topic: t.topic,
        title: t.title,
        weekdays: [...new Set(t.weekdays)].sort().join(","),
        startTime: t.startTime,
        endTime: t.endTime,
        capacity: t.capacity,
        minAge: t.minAge ?? null,
        maxAge: t.maxAge ?? null,
      },
    });
    return { ...row, weekdays: row.weekdays.split(",").map(Number) };
  }

  private async assertFits(
    centreId: string,
    t: {
      startTime: string;
      endTime: string;
      capacity: number;
      minAge?: number | null | undefined;
      maxAge?: number | null | undefined;
    },
  ) {
    if (t.endTime <= t.startTime) throw new AppError("VALIDATION_FAILED", "结束时间应晚于开始时间");
    if (t.minAge != null && t.maxAge != null && t.maxAge < t.minAge)
      throw new AppError("VALIDATION_FAILED", "最大年龄应不小于最小年龄");
    const c = await this.prisma.centre.findUniqueOrThrow({ where: { id: centreId }, select: { capacity: true } });
    if (t.capacity > c.capacity)
      throw new AppError("VALIDATION_FAILED", `场次容量不能超过体验馆容量（${c.capacity} 人）`);
  }

  /** Sessions from the centre's active templates for each day from..to; days already generated are kept. */
  async generate(p: Principal, centreId: string, from: string, to: string): Promise<{ created: number }> {
    await this.access.assertManagesCentre(p, centreId);
    return this.generateSessions(centreId, from, to);
  }

  async generateSessions(centreId: string, from: string, to: string): Promise<{ created: number }> {
    if (to < from) throw new AppError("VALIDATION_FAILED", "结束日期应不早于开始日期");
    if (daysBetween(from, to) > MAX_GENERATE_DAYS)
      throw new AppError("VALIDATION_FAILED", `一次最多生成 ${MAX_GENERATE_DAYS} 天`);
    const [templates, closures] = await Promise.all([
      this.prisma.sessionTemplate.findMany({ where: { centreId, active: true } }),
      this.prisma.centreClosure.findMany({ where: { centreId, endDate: { gte: from }, startDate: { lte: to } } }),
    ]);
    let created = 0;
    for (const date of datesBetween(from, to)) {
      if (closures.some((c) => c.startDate <= date && date <= c.endDate)) continue;
      for (const t of templates) {
        if (!t.weekdays.split(",").map(Number).includes(isoWeekday(date))) continue;
        if (await this.prisma.centreSession.count({ where: { templateId: t.id, date } })) continue;
        try {
          await this.prisma.centreSession.create({
            data: this.sessionData(centreId, { ...t, date, waitlistCapacity: t.capacity }, t.id),
          });
          created++;
        } catch (e) {
          // unique (templateId, date): another run generated the same day just now
          if ((e as { code?: string }).code !== "P2002") throw e;
        }
      }
    }
    return { created };
  }

  private sessionData(
    centreId: string,
    s: Omit<SessionInput, "waitlistCapacity"> & { waitlistCapacity?: number | undefined },
    templateId: string | null,
  ) {
    return {
      centreId,
      templateId,
      date: s.date,
      startTime: s.startTime,
      endTime: s.endTime,
      startsAt: countyInstant(s.date, s.startTime),
      endsAt: countyInstant(s.date, s.endTime),
      topic: s.topic,
      title: s.title,
      minAge: s.minAge ?? null,
      maxAge: s.maxAge ?? null,
      capacity: s.capacity,
      waitlistCapacity: s.waitlistCapacity ?? s.capacity,
    };
  }

  async addSession(p: Principal, centreId: string, s: SessionInput): Promise<SessionView> {
    await this.access.assertManagesCentre(p, centreId);
    await this.assertFits(centreId, s);
    if (countyInstant(s.date, s.startTime) <= this.clock.now())
      throw new AppError("VALIDATION_FAILED", "场次开始时间已过");
    const row = await this.prisma.centreSession.create({
      data: this.sessionData(centreId, s, null),
      include: sessionInclude,
    });
    return sessionView(row);
  }

  async sessions(q: {
    centreId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    topic?: SessionInput["topic"] | undefined;
  }): Promise<SessionView[]> {
    const from = q.from ?? countyDate(this.clock.now());
    const to = q.to ?? addDays(from, 13);
    if (daysBetween(from, to) > MAX_GENERATE_DAYS)
      throw new AppError("VALIDATION_FAILED", `一次最多查询 ${MAX_GENERATE_DAYS} 天`);
    const rows = await this.prisma.centreSession.findMany({
      where: {
        date: { gte: from, lte: to },
        ...(q.centreId ? { centreId: q.centreId } : {}),
        ...(q.topic ? { topic: q.topic } : {}),
        centre: { active: true },
      },
      include: sessionInclude,
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      take: 1000,
    });
    return rows.map(sessionView);
  }

  async session(id: string): Promise<SessionView> {
    const s = await this.prisma.centreSession.findUnique({ where: { id }, include: sessionInclude });
    if (!s) throw new AppError("NOT_FOUND", "找不到该场次");
    return sessionView(s);
  }

  /** The centres the caller runs: every active one for an admin, their own for centre staff; with today. */
  async managed(p: Principal): Promise<ManagedCentres> {
    const today = countyDate(this.clock.now());
    if (p.kind === "staff" && p.role === "ADMIN") return { items: await this.list({}), today, notice: null };
    const centreId = await this.access.staffCentreId(p);
    if (!centreId) return { items: [], today, notice: "该账号尚未绑定体验馆，请联系管理员" };
    const { upcomingClosures: _closures, ...centre } = await this.get(centreId);
    return { items: [centre], today, notice: null };
  }

  /** Centre staff: their centre and today's sessions. */
  async staffToday(p: Principal) {
    const centreId = await this.access.staffCentreId(p);
    if (!centreId) throw new AppError("NOT_FOUND", "该账号尚未绑定体验馆，请联系管理员");
    const date = countyDate(this.clock.now());
    const { upcomingClosures: _closures, ...centre } = await this.get(centreId);
    return { centre, date, sessions: await this.sessions({ centreId, from: date, to: date }) };
  }

  /** Closes a centre for whole days: cancels the open sessions in them and tells everyone booked. */
  async addClosure(p: Principal, centreId: string, c: { startDate: string; endDate: string; reason: string }) {
    await this.access.assertManagesCentre(p, centreId);
    if (c.endDate < c.startDate) throw new AppError("VALIDATION_FAILED", "结束日期应不早于开始日期");
    if (daysBetween(c.startDate, c.endDate) > MAX_CLOSURE_DAYS)
      throw new AppError("VALIDATION_FAILED", `一次最多闭馆 ${MAX_CLOSURE_DAYS} 天`);
    const closure = await this.prisma.centreClosure.create({
      data: { centreId, ...c, createdBy: `${p.kind}:${p.id}` },
    });
    const sessions = await this.prisma.centreSession.findMany({
      where: { centreId, status: "OPEN", date: { gte: c.startDate, lte: c.endDate } },
      select: { id: true },
    });
    let notified = 0;
    for (const s of sessions) notified += await this.cancelSessionRow(s.id, `闭馆：${c.reason}`);
    return {
      id: closure.id,
      startDate: c.startDate,
      endDate: c.endDate,
      reason: c.reason,
      cancelledSessions: sessions.length,
      notifiedBookings: notified,
    };
  }

  async cancelSession(p: Principal, sessionId: string, reason: string): Promise<SessionView> {
    const s = await this.prisma.centreSession.findUnique({
      where: { id: sessionId },
      select: { centreId: true, status: true },
    });
    if (!s) throw new AppError("NOT_FOUND", "找不到该场次");
    await this.access.assertManagesCentre(p, s.centreId);
    if (s.status !== "OPEN") throw new AppError("CONFLICT", "该场次已取消或已结束");
    await this.cancelSessionRow(sessionId, reason);
    return this.session(sessionId);
  }

  /** Cancels one session and its live bookings, queueing a notice for each. Returns bookings told. */
  private async cancelSessionRow(sessionId: string, reason: string): Promise<number> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      await lockSession(tx, sessionId);
      const moved = await tx.centreSession.updateMany({
        where: { id: sessionId, status: "OPEN" },
        data: { status: "CANCELLED", cancelReason: reason },
      });
      if (moved.count !== 1) return 0;
      const live = await tx.booking.findMany({ where: { sessionId }, select: { id: true, status: true } });
      let told = 0;
      for (const b of live.filter((x) => isLive(x.status))) {
        await tx.booking.update({
          where: { id: b.id },
          data: {
            status: "SESSION_CANCELLED",
            activeSlot: null,
            cancelledAt: now,
            cancelledBy: "system:closure",
            cancelReason: reason,
            offerExpiresAt: null,
          },
        });
        await dropReminder(tx, b.id, now);
        const notice = await tx.booking.findUniqueOrThrow({ where: { id: b.id }, select: noticeSelect });
        await queueNotice(tx, "booking.session_cancelled", notice, now, { reason });
        told++;
      }
      await tx.centreSession.update({ where: { id: sessionId }, data: { bookedSeats: 0, waitlistedSeats: 0 } });
      return told;
    }, TX_OPTIONS);
  }
}
