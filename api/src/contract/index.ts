// The public contract of the Anxin API: the zod schemas the routes validate with, the types inferred from
// them, and the Chinese names of their enums. Clients import it, never the routes:
// - the mini-program with `import type` only (no zod may reach the WeChat bundle; its lint refuses value
//   imports of this entry), and its tests' fake API validates fixtures against these schemas;
// - labels.ts and county-time.ts (the county's clock) have no imports at all, so a client may import them as
//   values (the mini-program as @anxin/contract/labels and @anxin/contract/county-time).
// Every file here imports only zod, shared/bounded.ts and each other: no module, transport or database.
export * from "./labels.ts";
export * from "./roles.ts";
export * from "./auth.ts";
export * from "./households.ts";
export * from "./devices.ts";
export * from "./alarms.ts";
export * from "./notifications.ts";
export * from "./live.ts";
export * from "./dispatch.ts";
export * from "./rollout.ts";
export * from "./units.ts";
export * from "./staff.ts";
export * from "./sensors.ts";
export * from "./cameras.ts";
export * as bookings from "./bookings.ts";
// the staff-facing domains, one namespace each (their names repeat: idParams, created ...)
export * as centre from "./centre.ts";
export * as dispatchReport from "./dispatch.schemas.ts";
export * as education from "./education.ts";
export * as health from "./health.ts";
export * as inspection from "./inspection.ts";
export * as panels from "./panels.ts";
export * as receipts from "./receipts.ts";
export * as reports from "./reports.ts";
export * as roster from "./roster.ts";
export * as setup from "./setup.ts";
export * as carriers from "./carriers.ts";
/** the staff console's own JSON (/console/session.json, /console/options.json) */
export * as consoleSite from "./console.ts";
export type {
  AttendanceView,
  Attendee,
  BookingList,
  BookingStatus,
  BookingView,
  CentreDetail,
  CentreLevel,
  CentreView,
  CheckInResult,
  CloseAttendanceResult,
  FamilyBookingInput,
  GroupBookingInput,
  GroupType,
  SessionStatus,
  SessionTopic,
  SessionView,
  StaffToday,
  TicketView,
} from "./bookings.ts";
