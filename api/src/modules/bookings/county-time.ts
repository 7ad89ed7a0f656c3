// The county's calendar: sessions are planned, and tickets are valid, in Asia/Shanghai time.
// China has kept UTC+08:00 all year since 1991 (no daylight saving), so a fixed offset is exact and
// avoids depending on the ICU data a runtime happens to ship.
import { daysInclusive, isIsoDate } from "../../shared/bounded.ts";

export const COUNTY_TIME_ZONE = "Asia/Shanghai";
const OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * "2026-02-30" is not a date even though it has the shape of one, and "9999-12-31" is outside the calendar
 * the system works in (2000-2099, shared/bounded.ts).
 */
export const isCountyDate = (s: string): boolean => isIsoDate(s);
export const isClockTime = (s: string): boolean => TIME.test(s);

/** The county's calendar day ("2026-11-29") of an instant. */
export function countyDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a county date and wall-clock time ("09:30"). */
export function countyInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a county date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Whole days from..to inclusive, compared as dates (0 when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number => daysInclusive(from, to);

/** The most days one call may list: ten years. Callers check their own, smaller, limit first. */
export const MAX_DATES = 3660;

/**
 * The dates from..to inclusive. The loop counts days rather than comparing strings: after 9999-12-31 comes
 * "+010000-01-01", which sorts before it, so a string comparison never ended (issue 12 item 1). Dates outside
 * the calendar and spans over MAX_DATES are refused.
 */
export function datesBetween(from: string, to: string): string[] {
  if (!isCountyDate(from) || !isCountyDate(to)) throw new RangeError(`not calendar dates: ${from}..${to}`);
  const n = daysBetween(from, to);
  if (n > MAX_DATES) throw new RangeError(`${n} days from ${from} to ${to}: more than ${MAX_DATES}`);
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

/** The county's wall-clock time ("18:00") of an instant. */
export function countyClockTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}
