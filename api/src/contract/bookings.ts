// Experience-centre bookings: the schemas live in modules/bookings/bookings.schemas.ts (the routes and the
// service use them); these are the types clients read, inferred from them.
import type { z } from "zod";
import type * as s from "../modules/bookings/bookings.schemas.ts";

export type CentreLevel = z.output<typeof s.centreLevel>;
export type SessionTopic = z.output<typeof s.sessionTopic>;
export type SessionStatus = z.output<typeof s.sessionStatus>;
export type GroupType = z.output<typeof s.groupType>;
export type BookingStatus = z.output<typeof s.bookingStatus>;
export type CentreView = z.output<typeof s.centreView>;
export type CentreDetail = z.output<typeof s.centreDetail>;
export type SessionView = z.output<typeof s.sessionView>;
export type Attendee = z.output<typeof s.attendee>;
export type BookingView = z.output<typeof s.bookingView>;
export type BookingList = z.output<typeof s.bookingList>;
export type FamilyBookingInput = z.input<typeof s.familyBookingBody>;
export type GroupBookingInput = z.input<typeof s.groupBookingBody>;
export type TicketView = z.output<typeof s.ticketView>;
export type CheckInResult = z.output<typeof s.checkInResult>;
export type AttendanceView = z.output<typeof s.attendanceView>;
export type CloseAttendanceResult = z.output<typeof s.closeAttendanceResult>;
export type StaffToday = z.output<typeof s.staffToday>;
