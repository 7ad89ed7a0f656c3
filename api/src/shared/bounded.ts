// Bounded primitives for every date, month, instant and number that comes from outside (issue 12 item 1):
// the contract refuses a value before any handler or loop sees it, so no request can ask a loop for the
// days up to year 9999 or a page at offset 10^21. Every schema that takes such a value uses these, and the
// property test (tests/security/contract-bounds.test.ts) walks every route's parameters through them.
// They carry their bounds as JSON Schema keywords (minimum/maximum, formatMinimum/formatMaximum), so
// /openapi.json states them. Kept in one file: the shared contract package (issue 13) takes it whole.
// In shared/ rather than transport/: the bookings, reports and education modules keep their schemas in the
// module, and modules may not import transport (eslint.config.js).
import { z } from "zod";

/** The calendar the system works in: nothing it does happens before 2000 or after 2099. */
export const CALENDAR_MIN = "2000-01-01";
export const CALENDAR_MAX = "2099-12-31";
const INSTANT_MIN_MS = Date.parse(`${CALENDAR_MIN}T00:00:00Z`);
const INSTANT_MAX_MS = Date.parse("2100-01-01T00:00:00Z");
const DAY_MS = 24 * 3600 * 1000;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-02-28": a real calendar date (not 2026-02-30) between CALENDAR_MIN and CALENDAR_MAX. */
export function isIsoDate(s: string): boolean {
  if (typeof s !== "string" || !DATE_SHAPE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s) return false;
  return s >= CALENDAR_MIN && s <= CALENDAR_MAX; // same fixed-width shape: string order is date order
}

/** Whole days from `from` to `to` inclusive, by their instants (0 when `to` is before `from`). */
export function daysInclusive(from: string, to: string): number {
  const n = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  return Number.isFinite(n) ? Math.max(0, n) : 0;
}

const DATE_MESSAGE = `应为 ${CALENDAR_MIN} 至 ${CALENDAR_MAX} 之间的日期（YYYY-MM-DD）`;

/** A calendar date, YYYY-MM-DD, within the calendar. */
export const isoDate = z
  .string()
  .max(10, DATE_MESSAGE)
  .refine(isIsoDate, DATE_MESSAGE)
  .meta({ format: "date", formatMinimum: CALENDAR_MIN, formatMaximum: CALENDAR_MAX });

const MONTH_MIN = CALENDAR_MIN.slice(0, 7);
const MONTH_MAX = CALENDAR_MAX.slice(0, 7);
const MONTH_MESSAGE = `月份应为 ${MONTH_MIN} 至 ${MONTH_MAX} 之间的 YYYY-MM`;

/** A month, YYYY-MM, within the calendar. */
export const month = z
  .string()
  .max(7, MONTH_MESSAGE)
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, MONTH_MESSAGE)
  .refine((m) => m >= MONTH_MIN && m <= MONTH_MAX, MONTH_MESSAGE)
  .meta({ format: "month", formatMinimum: MONTH_MIN, formatMaximum: MONTH_MAX });

// ISO 8601: a date, or a date and time with Z or an offset (a time without a zone would be read in the
// server's zone, which nobody means)
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const INSTANT_MESSAGE = "应为 2000 年至 2099 年之间的时间（ISO 8601，如 2026-11-28T08:00:00+08:00）";

/** A moment, ISO 8601 with a zone (or a date, midnight UTC), within the calendar; parsed to a Date. */
export const instant = z
  .string()
  .trim()
  .max(40, INSTANT_MESSAGE)
  .regex(INSTANT_SHAPE, INSTANT_MESSAGE)
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t) || t < INSTANT_MIN_MS || t >= INSTANT_MAX_MS) {
      ctx.addIssue({ code: "custom", message: INSTANT_MESSAGE });
      return z.NEVER;
    }
    return new Date(t);
  })
  .meta({ format: "date-time", formatMinimum: `${CALENDAR_MIN}T00:00:00Z`, formatMaximum: "2100-01-01T00:00:00Z" });

/**
 * A from..to pair of calendar dates on an object schema: `to` not before `from`, at most `maxDays` days
 * inclusive. Either end may be missing (the service fills in its default and checks the span again).
 */
export function dateSpan<K extends string, L extends string>(fromKey: K, toKey: L, maxDays: number) {
  return (v: Partial<Record<K | L, string | undefined>>, ctx: z.RefinementCtx): void => {
    const from = v[fromKey];
    const to = v[toKey];
    // an end that failed its own check is reported there (zod runs this check all the same)
    if (!from || !to || !isIsoDate(from) || !isIsoDate(to)) return;
    if (to < from) ctx.addIssue({ code: "custom", path: [toKey], message: "结束日期应不早于开始日期" });
    else if (daysInclusive(from, to) > maxDays)
      ctx.addIssue({ code: "custom", path: [toKey], message: `一次最多 ${maxDays} 天` });
  };
}

/** A from..to pair of instants: `to` after `from`, at most `maxDays` apart. */
export function instantSpan<K extends string, L extends string>(fromKey: K, toKey: L, maxDays: number) {
  return (v: Partial<Record<K | L, Date | undefined>>, ctx: z.RefinementCtx): void => {
    const from: unknown = v[fromKey];
    const to: unknown = v[toKey];
    // an end that failed its own check is still the raw string here: reported there
    if (!(from instanceof Date) || !(to instanceof Date)) return;
    if (to.getTime() < from.getTime())
      ctx.addIssue({ code: "custom", path: [toKey], message: "结束时间应不早于开始时间" });
    else if (to.getTime() - from.getTime() > maxDays * DAY_MS)
      ctx.addIssue({ code: "custom", path: [toKey], message: `时间范围最多 ${maxDays} 天` });
  };
}

/** A whole number in [min, max] in a JSON body. */
export const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** A whole number in [min, max] from a query string or path ("12"). */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** How far into a list a page may start: more than any list the county has, far less than 2^53. */
export const MAX_OFFSET = 100_000;

/** offset/limit of a paged list. */
export function page(defaultLimit: number, maxLimit: number) {
  return {
    offset: queryInt(0, MAX_OFFSET).default(0),
    limit: queryInt(1, maxLimit).default(defaultLimit),
  };
}

/** Latitude and longitude in degrees. */
export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
export const queryLatitude = z.coerce.number().min(-90).max(90);
export const queryLongitude = z.coerce.number().min(-180).max(180);
