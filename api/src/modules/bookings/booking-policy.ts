// The booking rules in one place, as pure functions of the clock (issue 6, FIELD-FACTS §8).
import type { BookingStatus } from "../../db/client.ts";
import { countyDate } from "../../shared/county-time.ts";

/** Freed seats are held for the next in line this long before passing on. */
export const OFFER_TTL_MS = 2 * 3600 * 1000;
/** No cancelling a confirmed booking in the last 2 hours: the centre has planned staff and materials. */
export const CANCEL_CUTOFF_MS = 2 * 3600 * 1000;
/** Reminders go out at this county time on the day before the session. */
export const REMINDER_TIME = "18:00";
/** A family booking brings at most this many people (named in contract/bookings.ts, the public contract). */
export { MAX_FAMILY_SEATS } from "../../contract/bookings.ts";
/**
 * A resident holds at most this many family bookings for sessions not yet started (issue 12: a new account
 * with no home booked 6 seats in each of 15 sessions, leaving families without seats).
 */
export const MAX_LIVE_FAMILY_BOOKINGS = 3;

/** Statuses that hold seats in the session's bookedSeats counter. */
export const HOLDS_SEATS: readonly BookingStatus[] = ["CONFIRMED", "OFFERED", "CHECKED_IN"];
/** Statuses still in play before the session: the booker can cancel them, a closure cancels them. */
export const LIVE: readonly BookingStatus[] = ["CONFIRMED", "WAITLISTED", "OFFERED"];

export const holdsSeats = (s: BookingStatus): boolean => HOLDS_SEATS.includes(s);
export const isLive = (s: BookingStatus): boolean => LIVE.includes(s);

export type Refusal = { ok: false; reason: string } | { ok: true };

/** A confirmed booking may be cancelled until 2 hours before; leaving the waitlist or declining an offer always. */
export function canCancel(status: BookingStatus, startsAt: Date, now: Date): Refusal {
  if (!isLive(status)) return { ok: false, reason: "该预约已结束或已取消" };
  if (now >= startsAt) return { ok: false, reason: "场次已开始，不能取消" };
  if (status === "CONFIRMED" && startsAt.getTime() - now.getTime() < CANCEL_CUTOFF_MS) {
    return { ok: false, reason: "开场前 2 小时内不能取消预约；如不能到场请联系体验馆" };
  }
  return { ok: true };
}

/** A group may change its head count until the end of the day before the session (county time). */
export function canChangeHeadCount(sessionDate: string, now: Date): Refusal {
  if (countyDate(now) >= sessionDate) return { ok: false, reason: "团体人数只能在活动前一天及之前修改" };
  return { ok: true };
}

/** When an offer made now runs out: 2 hours, but never after the session starts. */
export function offerExpiry(now: Date, startsAt: Date): Date {
  return new Date(Math.min(now.getTime() + OFFER_TTL_MS, startsAt.getTime()));
}
