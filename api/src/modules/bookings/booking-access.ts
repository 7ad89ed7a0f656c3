// Who sees and changes what in bookings, decided on the server:
// a resident their own bookings; a township coordinator the group bookings of their township; centre staff
// the sessions and bookings of their own centre; the fire brigade and admins the county. Anything outside
// a caller's reach is NOT_FOUND, never FORBIDDEN, so ids cannot be probed.
import type { Prisma, PrismaNs } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Principal } from "../auth/principal.ts";

export class BookingAccess {
  constructor(private readonly prisma: Prisma) {}

  /** The centre a CENTRE_STAFF account works at, or null. */
  async staffCentreId(p: Principal): Promise<string | null> {
    if (p.kind !== "staff" || p.role !== "CENTRE_STAFF") return null;
    const row = await this.prisma.centreStaff.findUnique({ where: { staffUserId: p.id }, select: { centreId: true } });
    return row?.centreId ?? null;
  }

  /** Bookings the caller may see, as a Prisma filter. */
  async bookingWhere(p: Principal): Promise<PrismaNs.BookingWhereInput> {
    if (p.kind === "resident") return { residentId: p.id };
    switch (p.role) {
      case "ADMIN":
      case "FIRE_SUPERVISOR":
        return {};
      case "TOWNSHIP_COORDINATOR":
        return { kind: "GROUP", OR: [{ staffUserId: p.id }, ...(p.townshipId ? [{ townshipId: p.townshipId }] : [])] };
      case "CENTRE_STAFF":
        return { session: { centreId: (await this.staffCentreId(p)) ?? "-" } };
      default:
        return { id: "-" };
    }
  }

  /** Throws NOT_FOUND unless the caller may see the booking. */
  async assertBooking(p: Principal, bookingId: string): Promise<void> {
    const n = await this.prisma.booking.count({ where: { AND: [{ id: bookingId }, await this.bookingWhere(p)] } });
    if (n === 0) throw new AppError("NOT_FOUND", "找不到该预约");
  }

  /** The booker side: the resident who booked, the coordinators of the group's township, admins. */
  isBookerSide(
    p: Principal,
    b: { residentId: string | null; staffUserId: string | null; townshipId: string | null },
  ): boolean {
    if (p.kind === "resident") return b.residentId === p.id;
    if (p.role === "ADMIN") return true;
    if (p.role === "TOWNSHIP_COORDINATOR")
      return b.staffUserId === p.id || (p.townshipId !== null && b.townshipId === p.townshipId);
    return false;
  }

  /** Staff who run sessions at a centre: its own centre staff, and admins. NOT_FOUND otherwise. */
  async assertManagesCentre(p: Principal, centreId: string): Promise<void> {
    const exists = await this.prisma.centre.count({ where: { id: centreId } });
    if (!exists) throw new AppError("NOT_FOUND", "找不到该体验馆");
    if (p.kind === "staff" && p.role === "ADMIN") return;
    if ((await this.staffCentreId(p)) === centreId) return;
    throw new AppError("NOT_FOUND", "找不到该体验馆");
  }
}
