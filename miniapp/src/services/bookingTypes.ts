/**
 * Experience-centre bookings (issue 6): the request and reply shapes of docs/bookings-api.md, line for
 * line with the zod schemas in api/src/modules/bookings/bookings.schemas.ts (the mini-program cannot
 * import them: it does not depend on zod or on the API's sources).
 */

export type CentreLevel = "COUNTY" | "TOWNSHIP" | "COMMUNITY";
export type SessionTopic =
  "SMOKE_ESCAPE" | "EXTINGUISHER_USE" | "HOME_HAZARDS" | "EBIKE_SAFETY" | "GAS_SAFETY" | "COMPREHENSIVE";
export type SessionStatus = "OPEN" | "CANCELLED" | "CLOSED";
export type GroupType = "TOWNSHIP" | "SCHOOL" | "COMMUNITY" | "COMPANY";
export type BookingStatus =
  "CONFIRMED" | "WAITLISTED" | "OFFERED" | "CHECKED_IN" | "NO_SHOW" | "CANCELLED" | "EXPIRED" | "SESSION_CANCELLED";

export interface CentreView {
  id: string;
  name: string;
  level: CentreLevel;
  townshipId: string | null;
  townshipName: string | null;
  communityId: string | null;
  runBy: { kind: "county" | "township" | "company"; id: string | null };
  address: string;
  latitude: number | null;
  longitude: number | null;
  capacity: number;
  facilities: string[];
  openingHours: string;
  photos: string[];
  phone: string | null;
  active: boolean;
  /** from the lat/lng given in the query, else null */
  distanceKm: number | null;
}

export interface ClosureView {
  id: string;
  startDate: string;
  endDate: string;
  reason: string;
}
export interface CentreDetail extends CentreView {
  upcomingClosures: ClosureView[];
}

export interface SessionView {
  id: string;
  centreId: string;
  centreName: string;
  /** county calendar day "2026-11-29" */
  date: string;
  /** county wall clock "09:30" */
  startTime: string;
  endTime: string;
  /** ISO instants (UTC) */
  startsAt: string;
  endsAt: string;
  topic: SessionTopic;
  title: string;
  minAge: number | null;
  maxAge: number | null;
  capacity: number;
  bookedSeats: number;
  seatsLeft: number;
  waitlistSeatsLeft: number;
  status: SessionStatus;
  cancelReason: string | null;
}

export interface Attendee {
  name: string;
  age?: number;
}

export interface BookingView {
  id: string;
  kind: "FAMILY" | "GROUP";
  status: BookingStatus;
  seats: number;
  session: SessionView;
  groupType: GroupType | null;
  groupName: string | null;
  contactName: string;
  contactPhone: string;
  attendees: Attendee[] | null;
  /** 1 = next in line; null unless WAITLISTED */
  waitlistPosition: number | null;
  waitReason: string | null;
  offerExpiresAt: string | null;
  checkedInAt: string | null;
  attendedCount: number | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  cancellable: boolean;
  cancelBlockedReason: string | null;
  createdAt: string;
}

export interface FamilyBookingInput {
  seats: number;
  contactName?: string;
  contactPhone?: string;
}

export interface GroupBookingInput {
  groupType: GroupType;
  groupName: string;
  headCount: number;
  contactName: string;
  contactPhone: string;
}

export interface TicketView {
  bookingId: string;
  /** the text the QR encodes; staff scan it (or type it) for /api/check-in */
  ticket: string;
  /** 8 digits grouped ("4821 0937"), printed under the QR: read aloud and typed at the desk */
  shortCode: string;
  validOn: string;
  qrSvg: string;
}

export interface CheckInResult {
  outcome: "CHECKED_IN" | "ALREADY_USED" | "REFUSED";
  reason: string | null;
  booking: {
    id: string;
    kind: "FAMILY" | "GROUP";
    seats: number;
    groupName: string | null;
    contactName: string;
    sessionTitle: string;
    date: string;
    startTime: string;
  } | null;
  checkedInAt: string | null;
  checkedInBy: { id: string; name: string } | null;
  attendedCount: number | null;
}

export interface AttendanceView {
  session: SessionView;
  totals: { confirmed: number; checkedIn: number; noShow: number; waitlisted: number; peopleCheckedIn: number };
  bookings: {
    id: string;
    kind: "FAMILY" | "GROUP";
    status: BookingStatus;
    seats: number;
    groupName: string | null;
    contactName: string;
    contactPhone: string;
    checkedInAt: string | null;
    attendedCount: number | null;
  }[];
}

export interface CloseAttendanceResult {
  sessionId: string;
  checkedIn: number;
  noShows: number;
}

export interface StaffToday {
  centre: CentreView;
  date: string;
  sessions: SessionView[];
}

export interface BookingList {
  total: number;
  items: BookingView[];
}
