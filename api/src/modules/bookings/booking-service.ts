// Booking seats: a resident for their family, a coordinator for a group. Seats are taken with a conditional
// UPDATE inside the transaction that writes the booking (seat-ledger.ts); when none are left the request
// joins the waitlist, and when that is full too it is refused with SESSION_FULL.
import QRCode from "qrcode";
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Principal } from "../auth/principal.ts";
import type { BookingAccess } from "./booking-access.ts";
import type { BookingView, FamilyBookingBody, GroupBookingBody } from "../../contract/bookings.ts";
import { bookingInclude, bookingView, type BookingRow } from "./booking-view.ts";
import { scheduleReminder } from "./booking-outbox.ts";
import { joinWaitlist, takeSeats, TX_OPTIONS } from "./seat-ledger.ts";
import { LIVE, MAX_LIVE_FAMILY_BOOKINGS } from "./booking-policy.ts";
import { groupShortCode, type TicketSigner } from "./ticket.ts";

interface Placement {
  sessionId: string;
  seats: number;
  kind: "FAMILY" | "GROUP";
  residentId?: string;
  staffUserId?: string;
  townshipId: string | null;
  groupType?: GroupBookingBody["groupType"];
  groupName?: string;
  contactName: string;
  contactPhone: string;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

export class BookingService {
  constructor(
    private readonly prisma: Prisma,
    private readonly clock: Clock,
    private readonly access: BookingAccess,
    private readonly tickets: TicketSigner,
  ) {}

  async bookFamily(p: Principal, sessionId: string, input: FamilyBookingBody): Promise<BookingView> {
    if (p.kind !== "resident") throw new AppError("FORBIDDEN", "家庭预约由居民本人在小程序中提交");
    const resident = await this.prisma.resident.findUnique({
      where: { id: p.id },
      select: { nickname: true, phone: true },
    });
    const contactPhone = input.contactPhone ?? resident?.phone;
    if (!contactPhone) throw new AppError("VALIDATION_FAILED", "请填写联系电话，或先在小程序中授权手机号");
    const id = await this.place({
      sessionId,
      seats: input.seats,
      kind: "FAMILY",
      residentId: p.id,
      townshipId: await this.residentTownship(p.id),
      contactName: input.contactName ?? resident?.nickname ?? "居民",
      contactPhone,
    });
    return this.get(p, id);
  }

  async bookGroup(p: Principal, sessionId: string, input: GroupBookingBody): Promise<BookingView> {
    if (p.kind !== "staff") throw new AppError("FORBIDDEN");
    const townshipId = p.role === "ADMIN" ? (input.townshipId ?? (await this.centreTownship(sessionId))) : p.townshipId;
    const id = await this.place({
      sessionId,
      seats: input.headCount,
      kind: "GROUP",
      staffUserId: p.id,
      townshipId,
      groupType: input.groupType,
      groupName: input.groupName,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
    });
    return this.get(p, id);
  }

  /** Checks what can be checked up front, then takes seats or a place in line atomically. */
  private async place(x: Placement): Promise<string> {
    const now = this.clock.now();
    const s = await this.prisma.centreSession.findUnique({ where: { id: x.sessionId } });
    if (!s) throw new AppError("NOT_FOUND", "找不到该场次");
    if (s.status === "CANCELLED") throw new AppError("BOOKING_CLOSED", `该场次已取消：${s.cancelReason ?? ""}`);
    if (s.status === "CLOSED" || now >= s.startsAt)
      throw new AppError("BOOKING_CLOSED", "该场次已开始或已结束，不能再预约");
    if (x.seats > s.capacity)
      throw new AppError("NOT_ENOUGH_SEATS", `人数超过本场次容量（${s.capacity} 人），请分场次预约`);
    if (
      x.residentId &&
      (await this.prisma.booking.count({ where: { sessionId: s.id, residentId: x.residentId, activeSlot: "ACTIVE" } }))
    ) {
      throw new AppError("ALREADY_BOOKED");
    }
    if (
      x.residentId &&
      (await this.prisma.booking.count({
        where: {
          residentId: x.residentId,
          kind: "FAMILY",
          status: { in: [...LIVE] },
          session: { startsAt: { gt: now } },
        },
      })) >= MAX_LIVE_FAMILY_BOOKINGS
    ) {
      throw new AppError(
        "CONFLICT",
        `每位居民最多同时保留 ${MAX_LIVE_FAMILY_BOOKINGS} 个未开始场次的家庭预约，请先参加或取消已有预约`,
      );
    }
    const data = {
      sessionId: s.id,
      kind: x.kind,
      seats: x.seats,
      residentId: x.residentId ?? null,
      staffUserId: x.staffUserId ?? null,
      townshipId: x.townshipId,
      groupType: x.groupType ?? null,
      groupName: x.groupName ?? null,
      contactName: x.contactName,
      contactPhone: x.contactPhone,
    };
    try {
      return await this.prisma.$transaction(async (tx) => {
        if (await takeSeats(tx, s.id, x.seats)) {
          const b = await tx.booking.create({ data: { ...data, status: "CONFIRMED" }, select: { id: true } });
          await scheduleReminder(tx, b.id, s.date, now);
          return b.id;
        }
        if (await joinWaitlist(tx, s.id, x.seats)) {
          const waitReason = `本场次名额已满（共 ${s.capacity} 人），已加入候补名单；有人取消时按先后顺序为您保留名额，保留 2 小时`;
          const b = await tx.booking.create({
            data: { ...data, status: "WAITLISTED", waitlistedAt: now, waitReason },
            select: { id: true },
          });
          return b.id;
        }
        throw new AppError("SESSION_FULL", `本场次 ${s.capacity} 个名额已满，候补名单也已排满，请选择其他场次`);
      }, TX_OPTIONS);
    } catch (e) {
      // the unique (session, resident, activeSlot) index: a second request from the same resident in flight
      if (isUniqueViolation(e)) throw new AppError("ALREADY_BOOKED");
      throw e;
    }
  }

  async list(
    p: Principal,
    q: { sessionId?: string | undefined; status?: BookingView["status"] | undefined; offset: number; limit: number },
  ) {
    const where = {
      AND: [
        await this.access.bookingWhere(p),
        ...(q.sessionId ? [{ sessionId: q.sessionId }] : []),
        ...(q.status ? [{ status: q.status }] : []),
      ],
    };
    const [total, rows] = await Promise.all([
      this.prisma.booking.count({ where }),
      this.prisma.booking.findMany({
        where,
        include: bookingInclude,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: q.offset,
        take: q.limit,
      }),
    ]);
    return { total, items: await Promise.all(rows.map((b) => this.view(p, b))) };
  }

  async get(p: Principal, id: string): Promise<BookingView> {
    return this.view(p, await this.load(p, id));
  }

  /** The booking if the caller may see it; NOT_FOUND otherwise. */
  async load(p: Principal, id: string): Promise<BookingRow> {
    const b = await this.prisma.booking.findFirst({
      where: { AND: [{ id }, await this.access.bookingWhere(p)] },
      include: bookingInclude,
    });
    if (!b) throw new AppError("NOT_FOUND", "找不到该预约");
    return b;
  }

  async view(p: Principal, b: BookingRow): Promise<BookingView> {
    const fullPhone = !(p.kind === "staff" && p.role === "FIRE_SUPERVISOR");
    return bookingView(b, {
      now: this.clock.now(),
      fullPhone,
      waitlistPosition: b.status === "WAITLISTED" ? await this.position(b) : null,
      // the booking number people read out: the ticket number's digits (ticket.ts), one number for both
      shortCode: groupShortCode(this.tickets.shortCode({ bookingId: b.id, date: b.session.date })),
    });
  }

  /** 1 for the next in line. */
  private async position(b: { id: string; sessionId: string; waitlistedAt: Date | null }): Promise<number> {
    const at = b.waitlistedAt ?? new Date(0);
    const ahead = await this.prisma.booking.count({
      where: {
        sessionId: b.sessionId,
        status: "WAITLISTED",
        OR: [{ waitlistedAt: { lt: at } }, { waitlistedAt: at, id: { lt: b.id } }],
      },
    });
    return ahead + 1;
  }

  async ticket(p: Principal, id: string) {
    const b = await this.load(p, id);
    if (!this.access.isBookerSide(p, b)) throw new AppError("FORBIDDEN", "电子票只给预约人");
    if (b.status !== "CONFIRMED" && b.status !== "CHECKED_IN")
      throw new AppError("CONFLICT", "只有已确认的预约才有电子票");
    const claims = { bookingId: b.id, date: b.session.date };
    const ticket = this.tickets.sign(claims);
    const qrSvg = await QRCode.toString(ticket, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return {
      bookingId: b.id,
      ticket,
      shortCode: groupShortCode(this.tickets.shortCode(claims)),
      validOn: b.session.date,
      qrSvg,
    };
  }

  /** Where a resident lives, for "people trained by township"; null for a resident without a home yet. */
  private async residentTownship(residentId: string): Promise<string | null> {
    const m = await this.prisma.householdMember.findFirst({
      where: { residentId },
      orderBy: { createdAt: "asc" },
      select: {
        household: {
          select: { unit: { select: { building: { select: { community: { select: { townshipId: true } } } } } } },
        },
      },
    });
    return m?.household.unit.building.community.townshipId ?? null;
  }

  private async centreTownship(sessionId: string): Promise<string | null> {
    const s = await this.prisma.centreSession.findUnique({
      where: { id: sessionId },
      select: { centre: { select: { townshipId: true } } },
    });
    return s?.centre.townshipId ?? null;
  }
}
