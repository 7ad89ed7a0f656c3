// Changes to a booking after it is made: cancel (or decline an offer), accept an offer, change a group's
// head count, fill in its attendee list, and let a lapsed offer pass to the next in line. Each change locks
// the session first and moves the booking only from the status it was read in, so a change that raced
// another (a double tap, a scan) fails cleanly instead of counting seats twice.
import type { Prisma, BookingStatus } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { BookingAccess } from "./booking-access.ts";
import type { BookingService } from "./booking-service.ts";
import type { BookingView } from "../../contract/bookings.ts";
import type { BookingRow } from "./booking-view.ts";
import { canCancel, canChangeHeadCount } from "./booking-policy.ts";
import { dropReminder, scheduleReminder } from "./booking-outbox.ts";
import {
  joinWaitlist,
  leaveWaitlist,
  lockSession,
  releaseSeats,
  takeSeats,
  TX_OPTIONS,
  type Tx,
} from "./seat-ledger.ts";
import { giveBack, offerFreedSeats } from "./waitlist.ts";

const raced = () => new AppError("CONFLICT", "预约状态刚刚发生了变化，请刷新后重试");

export class BookingChanges {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly access: BookingAccess,
    private readonly bookings: BookingService,
  ) {}

  /** The booker cancels (until 2 hours before), or the centre's staff and admins at any time before the start. */
  async cancel(p: Principal, id: string, reason?: string): Promise<BookingView> {
    const b = await this.bookings.load(p, id);
    const staffSide =
      (p.kind === "staff" && p.role === "ADMIN") || (await this.access.staffCentreId(p)) === b.session.centreId;
    if (!staffSide && !this.access.isBookerSide(p, b))
      throw new AppError("FORBIDDEN", "只有预约人或体验馆工作人员可以取消");
    const now = this.clock.now();
    const rule = canCancel(b.status, b.session.startsAt, now);
    const onlyTheCutoff = !rule.ok && b.status === "CONFIRMED" && now < b.session.startsAt;
    if (!rule.ok && !(staffSide && onlyTheCutoff))
      throw new AppError(onlyTheCutoff ? "CANCEL_TOO_LATE" : "CONFLICT", rule.reason);
    await this.prisma.$transaction(async (tx) => {
      await lockSession(tx, b.sessionId);
      const moved = await tx.booking.updateMany({
        where: { id, status: b.status },
        data: {
          status: "CANCELLED",
          activeSlot: null,
          cancelledAt: now,
          cancelledBy: `${p.kind}:${p.id}`,
          cancelReason: reason ?? null,
          offerExpiresAt: null,
        },
      });
      if (moved.count !== 1) throw raced();
      await giveBack(tx, b.sessionId, b.status, b.seats);
      await dropReminder(tx, id, now);
      await offerFreedSeats(tx, b.sessionId, now);
    }, TX_OPTIONS);
    return this.bookings.get(p, id);
  }

  async acceptOffer(p: Principal, id: string): Promise<BookingView> {
    const b = await this.bookings.load(p, id);
    if (!this.access.isBookerSide(p, b)) throw new AppError("FORBIDDEN", "只有预约人可以确认候补名额");
    if (b.status !== "OFFERED") throw new AppError("CONFLICT", "该预约没有待确认的候补名额");
    const now = this.clock.now();
    if (!b.offerExpiresAt || b.offerExpiresAt <= now) {
      await this.expireOffer(b.id, now);
      throw new AppError("OFFER_EXPIRED");
    }
    await this.prisma.$transaction(async (tx) => {
      await lockSession(tx, b.sessionId);
      const moved = await tx.booking.updateMany({
        where: { id, status: "OFFERED", offerExpiresAt: { gt: now } },
        data: { status: "CONFIRMED", offerExpiresAt: null },
      });
      if (moved.count !== 1) throw raced();
      await scheduleReminder(tx, id, b.session.date, now);
    }, TX_OPTIONS);
    return this.bookings.get(p, id);
  }

  /** An unanswered offer lapses: its seats go to the next in line. Idempotent; true if this call expired it. */
  async expireOffer(bookingId: string, now: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const b = await tx.booking.findUnique({ where: { id: bookingId }, select: { sessionId: true, seats: true } });
      if (!b) return false;
      await lockSession(tx, b.sessionId);
      const moved = await tx.booking.updateMany({
        where: { id: bookingId, status: "OFFERED", offerExpiresAt: { lte: now } },
        data: { status: "EXPIRED", activeSlot: null, waitReason: "候补名额保留时间已过，已让给下一位" },
      });
      if (moved.count !== 1) return false;
      await releaseSeats(tx, b.sessionId, b.seats);
      await offerFreedSeats(tx, b.sessionId, now);
      return true;
    }, TX_OPTIONS);
  }

  /** Groups change their head count until the day before; more people need free seats (or room in line). */
  async changeHeadCount(p: Principal, id: string, headCount: number): Promise<BookingView> {
    const b = await this.groupBooking(p, id);
    if (b.status !== "CONFIRMED" && b.status !== "WAITLISTED")
      throw new AppError("CONFLICT", "只有已确认或候补中的团体预约可以修改人数");
    const now = this.clock.now();
    const rule = canChangeHeadCount(b.session.date, now);
    if (!rule.ok) throw new AppError("CHANGE_TOO_LATE", rule.reason);
    const delta = headCount - b.seats;
    if (delta === 0) return this.bookings.get(p, id);
    if (headCount > b.session.capacity)
      throw new AppError("NOT_ENOUGH_SEATS", `人数超过本场次容量（${b.session.capacity} 人）`);
    await this.prisma.$transaction(async (tx) => {
      await lockSession(tx, b.sessionId);
      const moved = await tx.booking.updateMany({
        where: { id, status: b.status, seats: b.seats },
        data: { seats: headCount },
      });
      if (moved.count !== 1) throw raced();
      await this.adjust(tx, b, delta);
      if (delta < 0) await offerFreedSeats(tx, b.sessionId, now);
    }, TX_OPTIONS);
    return this.bookings.get(p, id);
  }

  private async adjust(tx: Tx, b: BookingRow, delta: number): Promise<void> {
    const confirmed = b.status === "CONFIRMED";
    if (delta < 0) return confirmed ? releaseSeats(tx, b.sessionId, -delta) : leaveWaitlist(tx, b.sessionId, -delta);
    if (confirmed && !(await takeSeats(tx, b.sessionId, delta))) {
      const left =
        b.session.capacity - (await tx.centreSession.findUniqueOrThrow({ where: { id: b.sessionId } })).bookedSeats;
      throw new AppError("NOT_ENOUGH_SEATS", `本场次只剩 ${Math.max(0, left)} 个名额，不能增加 ${delta} 人`);
    }
    if (!confirmed && !(await joinWaitlist(tx, b.sessionId, delta)))
      throw new AppError("SESSION_FULL", "候补名单已满，不能增加人数");
  }

  async setAttendees(
    p: Principal,
    id: string,
    attendees: { name: string; age?: number | undefined }[],
  ): Promise<BookingView> {
    const b = await this.groupBooking(p, id);
    const live: BookingStatus[] = ["CONFIRMED", "WAITLISTED", "OFFERED"];
    if (!live.includes(b.status)) throw new AppError("CONFLICT", "该预约已结束或已取消，不能再修改名单");
    if (attendees.length > b.seats)
      throw new AppError(
        "VALIDATION_FAILED",
        `名单有 ${attendees.length} 人，超过预约人数 ${b.seats} 人；请先修改人数`,
      );
    await this.prisma.booking.update({ where: { id }, data: { attendees: JSON.stringify(attendees) } });
    return this.bookings.get(p, id);
  }

  private async groupBooking(p: Principal, id: string): Promise<BookingRow> {
    const b = await this.bookings.load(p, id);
    if (b.kind !== "GROUP") throw new AppError("CONFLICT", "只有团体预约有人数和名单");
    if (!this.access.isBookerSide(p, b)) throw new AppError("FORBIDDEN", "只有预约的协调员可以修改团体预约");
    return b;
  }
}
