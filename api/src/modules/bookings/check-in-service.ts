// Check-in at the door and attendance afterwards. A scan has three outcomes (FIELD-FACTS §8): checked in;
// already used, with by whom and when; or refused, with why. Tickets are valid only on the session's day in
// county time. After a session ends, confirmed bookings never scanned are recorded as no-shows.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { Principal } from "../auth/principal.ts";
import type { BookingAccess } from "./booking-access.ts";
import type { CheckInResult } from "../../contract/bookings.ts";
import { sessionInclude, sessionView } from "./booking-view.ts";
import { countyDate } from "../../shared/county-time.ts";
import { lockSession, TX_OPTIONS } from "./seat-ledger.ts";
import { readShortCode, type TicketClaims, type TicketSigner } from "./ticket.ts";

const REFUSALS: Partial<Record<string, string>> = {
  WAITLISTED: "该预约仍在候补中，没有获得名额",
  OFFERED: "该预约的候补名额尚未确认",
  CANCELLED: "该预约已取消",
  EXPIRED: "该预约的候补名额已过期",
  SESSION_CANCELLED: "该场次已取消",
  NO_SHOW: "该场次已结束，已记为未到场",
};

/** Bookings of one day searched for a typed ticket number (a county centre takes a few hundred a day). */
const MAX_BOOKINGS_A_DAY = 5000;

const refused = (reason: string, booking: CheckInResult["booking"] = null): CheckInResult => ({
  outcome: "REFUSED",
  reason,
  booking,
  checkedInAt: null,
  checkedInBy: null,
  attendedCount: null,
});

export class CheckInService {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly access: BookingAccess,
    private readonly tickets: TicketSigner,
  ) {}

  async checkIn(p: Principal, ticket: string, attendedCount?: number): Promise<CheckInResult> {
    const today = countyDate(this.clock.now());
    const typed = readShortCode(ticket);
    let claims: TicketClaims | null;
    if (typed) {
      const found = await this.byShortCode(p, typed, today);
      if (found === "ambiguous") return refused("这个票号对应不止一个预约，请扫电子票上的二维码");
      if (!found)
        return refused("找不到这个票号：请核对 8 位数字（票号只在预约当天、在本馆有效），或扫电子票上的二维码");
      claims = found;
    } else {
      claims = this.tickets.verify(ticket);
    }
    if (!claims) return refused("无效的电子票（签名不符或内容被修改），请让预约人打开小程序出示电子票");
    if (claims.date !== today)
      return refused(`该票仅在 ${claims.date} 当天有效${claims.date < today ? "，场次已过" : "，还没到日期"}`);
    const b = await this.prisma.booking.findUnique({
      where: { id: claims.bookingId },
      include: { session: { include: sessionInclude } },
    });
    if (!b) return refused("找不到该预约");
    const summary = {
      id: b.id,
      kind: b.kind,
      seats: b.seats,
      groupName: b.groupName,
      contactName: b.contactName,
      sessionTitle: b.session.title,
      date: b.session.date,
      startTime: b.session.startTime,
    };
    const isAdmin = p.kind === "staff" && p.role === "ADMIN";
    if (!isAdmin && (await this.access.staffCentreId(p)) !== b.session.centreId)
      return refused(`该票属于${b.session.centre.name}，不是本馆的场次`, summary);
    if (b.session.date !== claims.date) return refused("票面日期与场次不符", summary);
    if (b.status === "CHECKED_IN") return this.alreadyUsed(b.id, summary);
    if (b.status !== "CONFIRMED") return refused(REFUSALS[b.status] ?? "该预约不能签到", summary);
    const now = this.clock.now();
    const attended = Math.min(attendedCount ?? b.seats, b.seats);
    const moved = await this.prisma.booking.updateMany({
      where: { id: b.id, status: "CONFIRMED" },
      data: { status: "CHECKED_IN", checkedInAt: now, checkedInBy: `staff:${p.id}`, attendedCount: attended },
    });
    // two scanners at once: one wins, the other reports the first
    if (moved.count !== 1) return this.alreadyUsed(b.id, summary);
    return {
      outcome: "CHECKED_IN",
      reason: null,
      booking: summary,
      checkedInAt: now.toISOString(),
      checkedInBy: await this.staff(`staff:${p.id}`),
      attendedCount: attended,
    };
  }

  /**
   * The booking whose ticket number is `code` among today's bookings of the caller's centre (every centre for
   * an administrator). A centre has a few hundred bookings a day at most; the scan is bounded all the same.
   */
  private async byShortCode(p: Principal, code: string, today: string): Promise<TicketClaims | "ambiguous" | null> {
    const isAdmin = p.kind === "staff" && p.role === "ADMIN";
    const centreId = await this.access.staffCentreId(p);
    if (!isAdmin && !centreId) return null;
    const rows = await this.prisma.booking.findMany({
      where: { session: { date: today, ...(centreId ? { centreId } : {}) } },
      select: { id: true },
      take: MAX_BOOKINGS_A_DAY,
    });
    const hits = rows.filter((r) => this.tickets.shortCode({ bookingId: r.id, date: today }) === code);
    if (hits.length > 1) return "ambiguous";
    return hits[0] ? { bookingId: hits[0].id, date: today } : null;
  }

  private async alreadyUsed(bookingId: string, summary: NonNullable<CheckInResult["booking"]>): Promise<CheckInResult> {
    const b = await this.prisma.booking.findUniqueOrThrow({ where: { id: bookingId } });
    const by = b.checkedInBy ? await this.staff(b.checkedInBy) : null;
    const when = b.checkedInAt ? b.checkedInAt.toISOString() : null;
    return {
      outcome: "ALREADY_USED",
      reason: `该票已于 ${when ?? "之前"} 由${by?.name ?? "工作人员"}核销`,
      booking: summary,
      checkedInAt: when,
      checkedInBy: by,
      attendedCount: b.attendedCount,
    };
  }

  private async staff(subject: string): Promise<{ id: string; name: string } | null> {
    const id = subject.replace(/^staff:/, "");
    const u = await this.prisma.staffUser.findUnique({ where: { id }, select: { id: true, name: true } });
    return u ?? { id, name: "工作人员" };
  }

  private async managedSession(p: Principal, sessionId: string) {
    const s = await this.prisma.centreSession.findUnique({ where: { id: sessionId }, include: sessionInclude });
    if (!s) throw new AppError("NOT_FOUND", "找不到该场次");
    const countyWide = p.kind === "staff" && (p.role === "ADMIN" || p.role === "FIRE_SUPERVISOR");
    if (!countyWide && (await this.access.staffCentreId(p)) !== s.centreId)
      throw new AppError("NOT_FOUND", "找不到该场次");
    return s;
  }

  async attendance(p: Principal, sessionId: string) {
    const s = await this.managedSession(p, sessionId);
    const rows = await this.prisma.booking.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const count = (st: string) => rows.filter((b) => b.status === st).length;
    const masked = p.kind === "staff" && p.role === "FIRE_SUPERVISOR";
    return {
      session: sessionView(s),
      totals: {
        confirmed: count("CONFIRMED"),
        checkedIn: count("CHECKED_IN"),
        noShow: count("NO_SHOW"),
        waitlisted: count("WAITLISTED"),
        peopleCheckedIn: rows.reduce((n, b) => n + (b.status === "CHECKED_IN" ? (b.attendedCount ?? b.seats) : 0), 0),
      },
      bookings: rows.map((b) => ({
        id: b.id,
        kind: b.kind,
        status: b.status,
        seats: b.seats,
        groupName: b.groupName,
        contactName: b.contactName,
        contactPhone: masked ? maskPhone(b.contactPhone) : b.contactPhone,
        checkedInAt: b.checkedInAt?.toISOString() ?? null,
        attendedCount: b.attendedCount,
      })),
    };
  }

  /** Staff close attendance after the session ends (the jobs do it too). */
  async closeAttendanceFor(p: Principal, sessionId: string) {
    const s = await this.managedSession(p, sessionId);
    if (s.status === "CANCELLED") throw new AppError("CONFLICT", "该场次已取消");
    if (this.clock.now() < s.endsAt) throw new AppError("CONFLICT", `场次 ${s.endTime} 结束后才能结束签到`);
    return this.closeAttendance(sessionId, this.clock.now());
  }

  /**
   * Records the outcome of an ended session: confirmed but unscanned bookings become no-shows; offers and
   * places in line that never turned into seats expire. Idempotent: a closed session is left as it is.
   */
  async closeAttendance(
    sessionId: string,
    now: Date,
  ): Promise<{ sessionId: string; checkedIn: number; noShows: number }> {
    return this.prisma.$transaction(async (tx) => {
      await lockSession(tx, sessionId);
      const closed = await tx.centreSession.updateMany({
        where: { id: sessionId, status: "OPEN", endsAt: { lte: now } },
        data: { status: "CLOSED", attendanceClosedAt: now },
      });
      if (closed.count === 1) {
        await tx.booking.updateMany({
          where: { sessionId, status: "CONFIRMED" },
          data: { status: "NO_SHOW", activeSlot: null },
        });
        const offered = await tx.booking.aggregate({ where: { sessionId, status: "OFFERED" }, _sum: { seats: true } });
        await tx.booking.updateMany({
          where: { sessionId, status: { in: ["OFFERED", "WAITLISTED"] } },
          data: { status: "EXPIRED", activeSlot: null, waitReason: "场次已结束，候补未获得名额" },
        });
        await tx.centreSession.update({
          where: { id: sessionId },
          data: { bookedSeats: { decrement: offered._sum.seats ?? 0 }, waitlistedSeats: 0 },
        });
      }
      const checkedIn = await tx.booking.count({ where: { sessionId, status: "CHECKED_IN" } });
      const noShows = await tx.booking.count({ where: { sessionId, status: "NO_SHOW" } });
      return { sessionId, checkedIn, noShows };
    }, TX_OPTIONS);
  }
}
