// The county's clock, in one place: dates, wall-clock times and formatted moments in Asia/Shanghai time.
// China has kept UTC+08:00 all year since 1991 (no daylight saving), so a fixed offset is exact and does
// not depend on the ICU data a runtime happens to ship. No imports at all: the API (through
// shared/county-time.ts), the portal's pages and browser scripts and the mini-program
// (@anxin/contract/county-time) all take their county time from here, as values.

export const COUNTY_TIME_ZONE = "Asia/Shanghai";
/** "+08:00": the county's offset as ISO 8601 writes it */
export const COUNTY_UTC_OFFSET = "+08:00";
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

type Moment = Date | number | string;
const ms = (at: Moment): number => (at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at));
/** The county's wall clock as an ISO string without a zone: "2026-11-29T18:00:05.000". */
const wall = (at: Moment): string => new Date(ms(at) + OFFSET_MS).toISOString().slice(0, 23);

/** The county's calendar day ("2026-11-29") of an instant. */
export function countyDate(at: Moment): string {
  return wall(at).slice(0, 10);
}

/** The county's wall-clock time ("18:00") of an instant. */
export function countyClockTime(at: Moment): string {
  return wall(at).slice(11, 16);
}

/** "2026-11-29 18:00", or "2026-11-29 18:00:05" with seconds. */
export function countyDateTime(at: Moment, seconds = false): string {
  return wall(at)
    .slice(0, seconds ? 19 : 16)
    .replace("T", " ");
}

/** The county's month (1-12) of an instant. */
export function countyMonth(at: Moment): number {
  return Number(wall(at).slice(5, 7));
}

/** The instant of a county date and wall-clock time ("09:30"; midnight when left out). */
export function countyInstant(date: string, time = "00:00"): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - OFFSET_MS);
}

/** The county day of an instant and the instant it began. */
export function countyDay(at: Moment): { day: string; start: Date } {
  const day = countyDate(at);
  return { day, start: countyInstant(day) };
}

/** A county wall clock typed in a form ("2026-11-29T18:00", as <input type="datetime-local"> gives it) with
 * the county's offset, for the API: "2026-11-29T18:00:00+08:00". */
export function withCountyOffset(local: string): string {
  return `${local}:00${COUNTY_UTC_OFFSET}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday of a county date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** A moment in words for people (zh-CN), always in county time whatever the reader's machine says. */
export function countyLocaleString(at: Moment, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(ms(at)).toLocaleString("zh-CN", { ...options, timeZone: COUNTY_TIME_ZONE });
}
/** A moment to the minute for people ("2026/12/03 04:30"), in county time; "—" when there is none. */
export function countyMinute(at: Moment | null | undefined): string {
  if (at === null || at === undefined) return "—";
  return countyLocaleString(at, {
    hour12: false,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}
export function countyLocaleDateString(at: Moment, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(ms(at)).toLocaleDateString("zh-CN", { ...options, timeZone: COUNTY_TIME_ZONE });
}
export function countyLocaleTimeString(at: Moment, options: Intl.DateTimeFormatOptions = {}): string {
  return new Date(ms(at)).toLocaleTimeString("zh-CN", { ...options, timeZone: COUNTY_TIME_ZONE });
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** "08:30": a clock time of the county day, 00:00 to 23:59. */
export const isClockTime = (s: string): boolean => CLOCK_TIME.test(s);

/** The most days one call may list: ten years. Callers check their own, smaller, limit first. */
export const MAX_DATES = 3660;
