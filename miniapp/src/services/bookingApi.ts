import { residentClient, staffClient, type ApiClient } from "./client";
import type {
  AttendanceView,
  Attendee,
  BookingList,
  BookingStatus,
  BookingView,
  CentreDetail,
  CentreView,
  CheckInResult,
  CloseAttendanceResult,
  FamilyBookingInput,
  GroupBookingInput,
  SessionView,
  StaffToday,
  TicketView,
} from "@anxin/contract";

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The experience-centre calls of docs/bookings-api.md over one client (resident or staff session). */
export function createBookingApi(client: ApiClient) {
  return {
    client,
    // public
    centres: (near?: { lat: number; lng: number }) =>
      client.request<{ items: CentreView[] }>(
        "GET",
        `/api/centres${query({ lat: near?.lat, lng: near?.lng })}`,
        undefined,
        { auth: false },
      ),
    centre: (id: string) => client.request<CentreDetail>("GET", `/api/centres/${enc(id)}`, undefined, { auth: false }),
    sessions: (q: { centreId?: string; from?: string; to?: string } = {}) =>
      client.request<{ items: SessionView[] }>("GET", `/api/sessions${query(q)}`, undefined, { auth: false }),
    session: (id: string) => client.request<SessionView>("GET", `/api/sessions/${enc(id)}`, undefined, { auth: false }),
    // residents
    book: (sessionId: string, body: FamilyBookingInput) =>
      client.request<BookingView>("POST", `/api/sessions/${enc(sessionId)}/bookings`, body),
    bookings: (q: { status?: BookingStatus; sessionId?: string; offset?: number; limit?: number } = {}) =>
      client.request<BookingList>("GET", `/api/bookings${query(q)}`),
    booking: (id: string) => client.request<BookingView>("GET", `/api/bookings/${enc(id)}`),
    cancel: (id: string, reason?: string) =>
      client.request<BookingView>("POST", `/api/bookings/${enc(id)}/cancel`, reason ? { reason } : {}),
    acceptOffer: (id: string) => client.request<BookingView>("POST", `/api/bookings/${enc(id)}/accept-offer`, {}),
    ticket: (id: string) => client.request<TicketView>("GET", `/api/bookings/${enc(id)}/ticket`),
    // township coordinators
    bookGroup: (sessionId: string, body: GroupBookingInput) =>
      client.request<BookingView>("POST", `/api/sessions/${enc(sessionId)}/group-bookings`, body),
    changeHeadCount: (id: string, headCount: number) =>
      client.request<BookingView>("PATCH", `/api/bookings/${enc(id)}`, { headCount }),
    setAttendees: (id: string, attendees: Attendee[]) =>
      client.request<BookingView>("PUT", `/api/bookings/${enc(id)}/attendees`, { attendees }),
    // centre staff
    today: () => client.request<StaffToday>("GET", "/api/centre-staff/today"),
    checkIn: (ticket: string, attendedCount?: number) =>
      client.request<CheckInResult>(
        "POST",
        "/api/check-in",
        attendedCount === undefined ? { ticket } : { ticket, attendedCount },
      ),
    attendance: (sessionId: string) =>
      client.request<AttendanceView>("GET", `/api/sessions/${enc(sessionId)}/attendance`),
    closeAttendance: (sessionId: string) =>
      client.request<CloseAttendanceResult>("POST", `/api/sessions/${enc(sessionId)}/attendance/close`, {}),
  };
}

export type BookingApi = ReturnType<typeof createBookingApi>;

/** The resident's bookings (resident session). */
export const residentBookings = createBookingApi(residentClient);
/** Centre staff and township coordinators (the staff session, shared with the staff subpackage). */
export const staffBookings = createBookingApi(staffClient);
