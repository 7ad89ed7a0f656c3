// The county's calendar for the API: the import-free clock of the contract (contract/county-time.ts,
// which the portal and the mini-program import too) and the checks that need the bounded calendar.
import { daysInclusive, isIsoDate } from "./bounded.ts";

export * from "../contract/county-time.ts";
import { addDays, MAX_DATES } from "../contract/county-time.ts";

/**
 * "2026-02-30" is not a date even though it has the shape of one, and "9999-12-31" is outside the calendar
 * the system works in (2000-2099, shared/bounded.ts).
 */
export const isCountyDate = (s: string): boolean => isIsoDate(s);

/** Whole days from..to inclusive, compared as dates (0 when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number => daysInclusive(from, to);

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
