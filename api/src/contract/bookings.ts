// Experience-centre bookings (transport/http/routes/bookings.routes.ts): one zod schema per request and
// reply. The routes validate with them, the service and the portal use the inferred types, and the
// mini-program takes the types with `import type`, so a renamed field breaks their build rather than a user.
import { z } from "zod";
import { isClockTime, MAX_DATES } from "./county-time.ts";
import { dateSpan, isoDate, latitude, longitude, page, queryLatitude, queryLongitude } from "../shared/bounded.ts";

export const id = z.string().min(1).max(64);
/** :id of a centre, session or booking */
export const byId = z.object({ id });
/** A family booking brings at most this many people; larger parties book as a group (booking-policy.ts). */
export const MAX_FAMILY_SEATS = 6;
/** A county calendar date within 2000-2099 (shared/bounded.ts). */
export const countyDate = isoDate;
/** The most days one calendar query or one generation run covers. */
export const MAX_SESSION_DAYS = 92;
/** A closure covers at most a year; a longer one is a centre to deactivate. */
export const MAX_CLOSURE_DAYS = 366;
export const clockTime = z.string().refine(isClockTime, "应为时间 HH:MM");
const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "应为手机号或带区号的固定电话");

export const centreLevel = z.enum(["COUNTY", "TOWNSHIP", "COMMUNITY"]);
export const sessionTopic = z.enum([
  "SMOKE_ESCAPE",
  "EXTINGUISHER_USE",
  "HOME_HAZARDS",
  "EBIKE_SAFETY",
  "GAS_SAFETY",
  "COMPREHENSIVE",
]);
export const sessionStatus = z.enum(["OPEN", "CANCELLED", "CLOSED"]);
export const groupType = z.enum(["TOWNSHIP", "SCHOOL", "COMMUNITY", "COMPANY"]);
export const bookingStatus = z.enum([
  "CONFIRMED",
  "WAITLISTED",
  "OFFERED",
  "CHECKED_IN",
  "NO_SHOW",
  "CANCELLED",
  "EXPIRED",
  "SESSION_CANCELLED",
]);

// ---- centres ----

export const centreView = z.object({
  id: z.string(),
  name: z.string(),
  level: centreLevel,
  townshipId: z.string().nullable(),
  townshipName: z.string().nullable(),
  communityId: z.string().nullable(),
  runBy: z.object({ kind: z.enum(["county", "township", "company"]), id: z.string().nullable() }),
  address: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  openingHours: z.string(),
  photos: z.array(z.string()),
  phone: z.string().nullable(),
  active: z.boolean(),
  /** from the lat/lng given in the query, else null */
  distanceKm: z.number().nullable(),
});
export type CentreView = z.infer<typeof centreView>;

/** GET /api/centres */
export const centreList = z.object({ items: z.array(centreView) });

export const closureView = z.object({ id: z.string(), startDate: z.string(), endDate: z.string(), reason: z.string() });
export const centreDetail = centreView.extend({ upcomingClosures: z.array(closureView) });
/** The centres a staff member runs (all active ones for an admin), the county's today, and why none. */
export const managedCentres = z.object({
  items: z.array(centreView),
  today: z.string(),
  /** why the list is empty: a centre staff account not tied to a centre */
  notice: z.string().nullable(),
});
export type ManagedCentres = z.infer<typeof managedCentres>;

export const centreListQuery = z.object({
  lat: queryLatitude.optional(),
  lng: queryLongitude.optional(),
  level: centreLevel.optional(),
  townshipId: id.optional(),
});

export const centreBody = z.object({
  name: z.string().trim().min(1).max(64),
  level: centreLevel,
  townshipId: id.nullable().optional(),
  communityId: id.nullable().optional(),
  runByTownshipId: id.nullable().optional(),
  runByCompanyId: id.nullable().optional(),
  address: z.string().trim().min(1).max(200),
  latitude: latitude.nullable().optional(),
  longitude: longitude.nullable().optional(),
  capacity: z.number().int().min(1).max(2000),
  facilities: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  openingHours: z.string().trim().min(1).max(200),
  photos: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(20)
    .default([]),
  phone: phone.nullable().optional(),
});
export type CentreInput = z.infer<typeof centreBody>;
export const centrePatch = centreBody.partial().extend({ active: z.boolean().optional() });
export type CentrePatch = z.infer<typeof centrePatch>;

// ---- sessions ----

const ages = {
  minAge: z.number().int().min(0).max(120).nullable().optional(),
  maxAge: z.number().int().min(0).max(120).nullable().optional(),
};

export const templateBody = z.object({
  topic: sessionTopic,
  title: z.string().trim().min(1).max(64),
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  startTime: clockTime,
  endTime: clockTime,
  capacity: z.number().int().min(1).max(2000),
  ...ages,
});
export type TemplateInput = z.infer<typeof templateBody>;
export const templateView = templateBody.extend({
  id: z.string(),
  centreId: z.string(),
  active: z.boolean(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
});
export type TemplateView = z.infer<typeof templateView>;

export const sessionBody = z.object({
  date: countyDate,
  startTime: clockTime,
  endTime: clockTime,
  topic: sessionTopic,
  title: z.string().trim().min(1).max(64),
  capacity: z.number().int().min(1).max(2000),
  /** seats that may wait in line; defaults to the capacity */
  waitlistCapacity: z.number().int().min(0).max(2000).optional(),
  ...ages,
});
export type SessionInput = z.infer<typeof sessionBody>;

export const sessionView = z.object({
  id: z.string(),
  centreId: z.string(),
  centreName: z.string(),
  date: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  topic: sessionTopic,
  title: z.string(),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  capacity: z.number().int(),
  bookedSeats: z.number().int(),
  seatsLeft: z.number().int(),
  waitlistSeatsLeft: z.number().int(),
  status: sessionStatus,
  cancelReason: z.string().nullable(),
});
export type SessionView = z.infer<typeof sessionView>;

/** GET /api/sessions */
export const sessionList = z.object({ items: z.array(sessionView) });

export const sessionListQuery = z
  .object({
    centreId: id.optional(),
    from: countyDate.optional(),
    to: countyDate.optional(),
    topic: sessionTopic.optional(),
  })
  .superRefine(dateSpan("from", "to", MAX_SESSION_DAYS));

export const generateBody = z
  .object({ from: countyDate, to: countyDate })
  .superRefine(dateSpan("from", "to", MAX_SESSION_DAYS));
export const closureBody = z
  .object({
    startDate: countyDate,
    endDate: countyDate,
    reason: z.string().trim().min(1).max(200),
  })
  .superRefine(dateSpan("startDate", "endDate", MAX_CLOSURE_DAYS));
export const closureResult = closureView.extend({
  cancelledSessions: z.number().int(),
  notifiedBookings: z.number().int(),
});
export const cancelSessionBody = z.object({ reason: z.string().trim().min(1).max(200) });

// ---- bookings ----

export const familyBookingBody = z.object({
  seats: z.number().int().min(1).max(MAX_FAMILY_SEATS),
  contactName: z.string().trim().min(1).max(32).optional(),
  /** defaults to the phone confirmed in WeChat */
  contactPhone: phone.optional(),
});
/** a family booking as the route passes it on (defaults applied) */
export type FamilyBookingBody = z.infer<typeof familyBookingBody>;
/** a family booking as a client sends it */
export type FamilyBookingInput = z.input<typeof familyBookingBody>;

export const groupBookingBody = z.object({
  groupType,
  groupName: z.string().trim().min(1).max(64),
  headCount: z.number().int().min(1).max(2000),
  contactName: z.string().trim().min(1).max(32),
  contactPhone: phone,
  /** ADMIN only: the township the group comes from (a coordinator's own township otherwise) */
  townshipId: id.optional(),
});
/** a group booking as the route passes it on (defaults applied) */
export type GroupBookingBody = z.infer<typeof groupBookingBody>;
/** a group booking as a client sends it */
export type GroupBookingInput = z.input<typeof groupBookingBody>;

export const attendee = z.object({
  name: z.string().trim().min(1).max(32),
  age: z.number().int().min(0).max(120).optional(),
});
export const attendeesBody = z.object({ attendees: z.array(attendee).max(2000) });
export const headCountBody = z.object({ headCount: z.number().int().min(1).max(2000) });
export const cancelBody = z.object({ reason: z.string().trim().max(200).optional() });

export const bookingView = z.object({
  /** the row's id: for links and requests, never shown to people */
  id: z.string(),
  /**
   * the booking number people read and say (预约编号), 8 digits grouped "4821 0937": the same digits as the ticket
   * number under its QR, which the desk types in when the QR cannot be scanned
   */
  shortCode: z.string(),
  kind: z.enum(["FAMILY", "GROUP"]),
  status: bookingStatus,
  seats: z.number().int(),
  session: sessionView,
  groupType: groupType.nullable(),
  groupName: z.string().nullable(),
  contactName: z.string(),
  /** in full for the booker and the centre's staff, masked for others */
  contactPhone: z.string(),
  attendees: z.array(attendee).nullable(),
  /** 1 = next in line; null unless WAITLISTED */
  waitlistPosition: z.number().int().nullable(),
  /** why the booking is waiting, in words for the booker */
  waitReason: z.string().nullable(),
  offerExpiresAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  attendedCount: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** whether cancelling now is allowed, and why not */
  cancellable: z.boolean(),
  cancelBlockedReason: z.string().nullable(),
  createdAt: z.string(),
});
export type BookingView = z.infer<typeof bookingView>;

export const bookingListQuery = z.object({
  sessionId: id.optional(),
  status: bookingStatus.optional(),
  ...page(50, 200),
});
export const bookingList = z.object({ total: z.number().int(), items: z.array(bookingView) });

export const ticketView = z.object({
  bookingId: z.string(),
  /** the text the QR encodes; a scanner (or a person typing it) sends it to /api/check-in */
  ticket: z.string(),
  /** the ticket number printed under the QR, 8 digits grouped "4821 0937": read aloud and typed at the desk */
  shortCode: z.string(),
  validOn: z.string(),
  qrSvg: z.string(),
});

// ---- check-in and attendance ----

export const checkInBody = z.object({
  /** the scanned QR text, or the 8-digit ticket number typed at the desk */
  ticket: z.string().trim().min(1).max(256),
  /** people of the booking who actually came; defaults to the seats booked */
  attendedCount: z.number().int().min(0).max(2000).optional(),
});

export const checkInResult = z.object({
  outcome: z.enum(["CHECKED_IN", "ALREADY_USED", "REFUSED"]),
  /** for REFUSED: why, in words staff can read out */
  reason: z.string().nullable(),
  booking: z
    .object({
      id: z.string(),
      kind: z.enum(["FAMILY", "GROUP"]),
      seats: z.number().int(),
      groupName: z.string().nullable(),
      contactName: z.string(),
      sessionTitle: z.string(),
      date: z.string(),
      startTime: z.string(),
    })
    .nullable(),
  checkedInAt: z.string().nullable(),
  checkedInBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  attendedCount: z.number().int().nullable(),
});
export type CheckInResult = z.infer<typeof checkInResult>;

export const attendanceView = z.object({
  session: sessionView,
  totals: z.object({
    confirmed: z.number().int(),
    checkedIn: z.number().int(),
    noShow: z.number().int(),
    waitlisted: z.number().int(),
    peopleCheckedIn: z.number().int(),
  }),
  bookings: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(["FAMILY", "GROUP"]),
      status: bookingStatus,
      seats: z.number().int(),
      groupName: z.string().nullable(),
      contactName: z.string(),
      contactPhone: z.string(),
      checkedInAt: z.string().nullable(),
      attendedCount: z.number().int().nullable(),
    }),
  ),
});
export const closeAttendanceResult = z.object({
  sessionId: z.string(),
  checkedIn: z.number().int(),
  noShows: z.number().int(),
});

export const staffToday = z.object({ centre: centreView, date: z.string(), sessions: z.array(sessionView) });

// ---- statistics ----

export const statsQuery = z
  .object({ from: countyDate.optional(), to: countyDate.optional() })
  .superRefine(dateSpan("from", "to", MAX_DATES));
export const statsView = z.object({
  from: z.string(),
  to: z.string(),
  /** "county" or the coordinator's township */
  scope: z.string(),
  sessionsHeld: z.number().int(),
  sessionsCancelled: z.number().int(),
  trained: z.object({
    people: z.number().int(),
    byTownshipMonth: z.array(
      z.object({
        townshipId: z.string().nullable(),
        townshipName: z.string(),
        month: z.string(),
        people: z.number().int(),
      }),
    ),
  }),
  noShows: z.object({
    bookings: z.number().int(),
    noShows: z.number().int(),
    rate: z.number(),
    byTownship: z.array(
      z.object({
        townshipId: z.string().nullable(),
        townshipName: z.string(),
        bookings: z.number().int(),
        noShows: z.number().int(),
        rate: z.number(),
      }),
    ),
  }),
});
export type StatsView = z.infer<typeof statsView>;

/** PUT /api/centres/:id/staff/:staffUserId */
export const centreStaffParams = z.object({ id, staffUserId: id });
export const centreStaff = z.object({ centreId: z.string(), staffUserId: z.string() });
export const templateList = z.object({ items: z.array(templateView) });
/** POST /api/centres/:id/sessions/generate */
export const generatedSessions = z.object({ created: z.number().int() });

// ---- the types clients read that have no alias above ----

export type CentreLevel = z.output<typeof centreLevel>;
export type SessionTopic = z.output<typeof sessionTopic>;
export type SessionStatus = z.output<typeof sessionStatus>;
export type GroupType = z.output<typeof groupType>;
export type BookingStatus = z.output<typeof bookingStatus>;
export type CentreDetail = z.output<typeof centreDetail>;
export type Attendee = z.output<typeof attendee>;
export type BookingList = z.output<typeof bookingList>;
export type TicketView = z.output<typeof ticketView>;
export type AttendanceView = z.output<typeof attendanceView>;
export type CloseAttendanceResult = z.output<typeof closeAttendanceResult>;
export type StaffToday = z.output<typeof staffToday>;
export type TemplateList = z.output<typeof templateList>;
export type SessionList = z.output<typeof sessionList>;
export type ClosureResult = z.output<typeof closureResult>;
export type GeneratedSessions = z.output<typeof generatedSessions>;
