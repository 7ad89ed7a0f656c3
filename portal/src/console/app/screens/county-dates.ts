// County dates (UTC+8, no daylight saving) for the screens, without the API's zod-based helpers in the
// bundle: "2026-11-28" day arithmetic, ISO weekdays and clock times as the county reads them.
const COUNTY_OFFSET_MS = 8 * 3600_000;

/** The date `days` after `date` (both "YYYY-MM-DD"). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 (Monday) to 7 (Sunday). */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The county date at an instant. */
export function countyDate(at: Date): string {
  return new Date(at.getTime() + COUNTY_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a county date and clock time ("08:00"). */
export function countyInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** "08:05" in county time. */
export function countyClockTime(at: Date): string {
  return new Date(at.getTime() + COUNTY_OFFSET_MS).toISOString().slice(11, 16);
}

export const WEEKDAY = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"];
