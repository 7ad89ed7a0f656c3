// Rows to the shapes in contract/bookings.ts.
import type { Booking, Centre, CentreSession } from "../../db/generated/postgres/client.ts";
import { maskPhone } from "../../shared/mask.ts";
import type { BookingView, CentreView, SessionView } from "../../contract/bookings.ts";
import { canCancel } from "./booking-policy.ts";

export type SessionRow = CentreSession & { centre: Pick<Centre, "name" | "address"> };
export type BookingRow = Booking & { session: SessionRow };

const json = <T>(s: string | null, fallback: T): T => {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/** Great-circle distance (haversine), good to metres at county scale. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h =
    Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
    Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return Math.round(2 * 6371 * Math.asin(Math.sqrt(h)) * 10) / 10;
}

export function centreView(c: Centre, townshipName: string | null, from?: { lat: number; lng: number }): CentreView {
  return {
    id: c.id,
    name: c.name,
    level: c.level,
    townshipId: c.townshipId,
    townshipName,
    communityId: c.communityId,
    runBy: c.runByCompanyId
      ? { kind: "company", id: c.runByCompanyId }
      : c.runByTownshipId
        ? { kind: "township", id: c.runByTownshipId }
        : { kind: "county", id: null },
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    capacity: c.capacity,
    facilities: json<string[]>(c.facilities, []),
    openingHours: c.openingHours,
    photos: json<string[]>(c.photos, []),
    phone: c.phone,
    active: c.active,
    distanceKm:
      from && c.latitude !== null && c.longitude !== null
        ? distanceKm(from, { lat: c.latitude, lng: c.longitude })
        : null,
  };
}

export function sessionView(s: SessionRow): SessionView {
  return {
    id: s.id,
    centreId: s.centreId,
    centreName: s.centre.name,
    date: s.date,
    startTime: s.startTime,
    endTime: s.endTime,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    topic: s.topic,
    title: s.title,
    minAge: s.minAge,
    maxAge: s.maxAge,
    capacity: s.capacity,
    bookedSeats: s.bookedSeats,
    seatsLeft: s.status === "OPEN" ? Math.max(0, s.capacity - s.bookedSeats) : 0,
    waitlistSeatsLeft: s.status === "OPEN" ? Math.max(0, s.waitlistCapacity - s.waitlistedSeats) : 0,
    status: s.status,
    cancelReason: s.cancelReason,
  };
}

export function bookingView(
  b: BookingRow,
  opts: { now: Date; fullPhone: boolean; waitlistPosition: number | null; shortCode: string },
): BookingView {
  const cancel = canCancel(b.status, b.session.startsAt, opts.now);
  return {
    id: b.id,
    shortCode: opts.shortCode,
    kind: b.kind,
    status: b.status,
    seats: b.seats,
    session: sessionView(b.session),
    groupType: b.groupType,
    groupName: b.groupName,
    contactName: b.contactName,
    contactPhone: opts.fullPhone ? b.contactPhone : maskPhone(b.contactPhone),
    attendees: json<{ name: string; age?: number }[] | null>(b.attendees, null),
    waitlistPosition: opts.waitlistPosition,
    waitReason: b.waitReason,
    offerExpiresAt: b.offerExpiresAt?.toISOString() ?? null,
    checkedInAt: b.checkedInAt?.toISOString() ?? null,
    attendedCount: b.attendedCount,
    cancelledAt: b.cancelledAt?.toISOString() ?? null,
    cancelReason: b.cancelReason,
    cancellable: cancel.ok,
    cancelBlockedReason: cancel.ok ? null : cancel.reason,
    createdAt: b.createdAt.toISOString(),
  };
}

export const sessionInclude = { centre: { select: { name: true, address: true } } } as const;
export const bookingInclude = { session: { include: sessionInclude } } as const;
