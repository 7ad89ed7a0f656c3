// Pure figures for the reports: percentiles, rates, county-calendar periods, paging of report lists.
import { addDays, countyDate, countyInstant, isoWeekday } from "../../shared/county-time.ts";

/**
 * Nearest-rank percentile (the smallest value with at least p % of the values at or below it), so every
 * figure shown is a response time that really happened; null when there is nothing to rank.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** A share rounded to 0.1 % (0.4567 -> 0.457); 0 of 0 is 0. */
export const rate = (part: number, whole: number): number => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);

export interface Periods {
  todayFrom: Date;
  weekFrom: Date;
  monthFrom: Date;
  now: Date;
}

/** Today, this ISO week (from Monday) and this month, as county (Asia/Shanghai) days. */
export function periodsAt(now: Date): Periods {
  const today = countyDate(now);
  return {
    todayFrom: countyInstant(today, "00:00"),
    weekFrom: countyInstant(addDays(today, 1 - isoWeekday(today)), "00:00"),
    monthFrom: countyInstant(`${today.slice(0, 7)}-01`, "00:00"),
    now,
  };
}

/** The first instant of a county month ("2026-11") and of the month after it. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: countyInstant(`${month}-01`, "00:00"), to: countyInstant(`${next}-01`, "00:00") };
}

export interface PageQuery<K extends string> {
  offset: number;
  limit: number;
  sort: K;
  order: "asc" | "desc";
}

/**
 * Sorts and cuts one report list; ties keep a stable order by name so pages never overlap. A missing
 * figure (no alarms, so no response time) sorts last either way: it is not the best nor the worst.
 */
export function page<T extends { name: string }, K extends string & keyof T>(
  items: readonly T[],
  q: PageQuery<K>,
): { total: number; items: T[] } {
  const dir = q.order === "asc" ? 1 : -1;
  const key = (t: T) => t[q.sort] as unknown;
  const sorted = [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if ((x === null) !== (y === null)) return x === null ? 1 : -1;
    const c =
      typeof x === "number" && typeof y === "number" ? x - y : String(x ?? "").localeCompare(String(y ?? ""), "zh-CN");
    return c * dir || a.name.localeCompare(b.name, "zh-CN");
  });
  return { total: items.length, items: sorted.slice(q.offset, q.offset + q.limit) };
}
