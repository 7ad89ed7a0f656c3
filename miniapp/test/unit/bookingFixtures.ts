// Shared fixtures for the booking subpackage's unit tests (booking*.test.tsx).
import type { BookingView, CentreView, SessionView } from "@anxin/contract";
import { countyDate } from "@anxin/contract/county-time";

const HOUR = 3600_000;
/** A county date `days` from now (UTC+8). */
export function countyDay(days: number): string {
  return countyDate(Date.now() + days * 86_400_000);
}

export function centre(over: Partial<CentreView> = {}): CentreView {
  return {
    id: "c1",
    name: "示范县消防安全体验馆",
    level: "COUNTY",
    townshipId: "t1",
    townshipName: "城关街道",
    communityId: null,
    runBy: { kind: "county", id: null },
    address: "城关街道人民路 200 号",
    latitude: 28.68,
    longitude: 115.86,
    capacity: 60,
    facilities: ["烟雾逃生通道"],
    openingHours: "周二至周日 09:00-17:00",
    photos: [],
    phone: "0791-88881190",
    active: true,
    distanceKm: null,
    ...over,
  };
}

export function session(over: Partial<SessionView> = {}): SessionView {
  const startsAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
  return {
    id: "s1",
    centreId: "c1",
    centreName: "示范县消防安全体验馆",
    date: countyDay(2),
    startTime: "09:30",
    endTime: "10:30",
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + HOUR).toISOString(),
    topic: "SMOKE_ESCAPE",
    title: "烟雾逃生体验",
    minAge: 6,
    maxAge: null,
    capacity: 30,
    bookedSeats: 18,
    seatsLeft: 12,
    waitlistSeatsLeft: 30,
    status: "OPEN",
    cancelReason: null,
    ...over,
  };
}

export function booking(over: Partial<BookingView> = {}): BookingView {
  return {
    id: "b1",
    shortCode: "4821 0937",
    kind: "FAMILY",
    status: "CONFIRMED",
    seats: 3,
    session: session(),
    groupType: null,
    groupName: null,
    contactName: "张阿姨",
    contactPhone: "13800138000",
    attendees: null,
    waitlistPosition: null,
    waitReason: null,
    offerExpiresAt: null,
    checkedInAt: null,
    attendedCount: null,
    cancelledAt: null,
    cancelReason: null,
    cancellable: true,
    cancelBlockedReason: null,
    createdAt: new Date().toISOString(),
    ...over,
  };
}
