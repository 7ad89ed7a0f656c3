// When a patrol plan's rounds fall, in county time (Asia/Shanghai): daily within a window, every N hours
// within a window (a window ending at or before its start runs past midnight: night patrols), or monthly.
import type { PatrolFrequency } from "../../db/client.ts";
import { addDays, countyDate, countyInstant } from "../../shared/county-time.ts";

const H = 3600_000;
/** A round may still be finished this long after its slot ends; it is then late. Later it is missed. */
export const GRACE_MS = H;

export interface PlanTiming {
  frequency: PatrolFrequency;
  everyHours: number | null;
  windowStart: string;
  windowEnd: string;
}

export interface Slot {
  start: Date;
  due: Date;
}

function windowOn(day: string, p: PlanTiming): Slot {
  const start = countyInstant(day, p.windowStart);
  const endDay = p.windowEnd === "24:00" || p.windowEnd <= p.windowStart ? addDays(day, 1) : day;
  const due = countyInstant(endDay, p.windowEnd === "24:00" ? "00:00" : p.windowEnd);
  return { start, due };
}

function monthStart(day: string, plus: number): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + plus;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`;
}

/** The slots that start before `to` and end after `from` (at most 400). */
export function slotsBetween(p: PlanTiming, from: Date, to: Date): Slot[] {
  const out: Slot[] = [];
  if (p.frequency === "MONTHLY") {
    for (let m = monthStart(countyDate(from), 0); out.length < 400; m = monthStart(m, 1)) {
      const s = { start: countyInstant(m, "00:00"), due: countyInstant(monthStart(m, 1), "00:00") };
      if (s.start >= to) break;
      if (s.due > from) out.push(s);
    }
    return out;
  }
  // a window may start the day before `from` and run past midnight
  for (let day = addDays(countyDate(from), -1); out.length < 400; day = addDays(day, 1)) {
    const w = windowOn(day, p);
    if (w.start >= to) break;
    if (p.frequency === "DAILY") {
      if (w.due > from) out.push(w);
      continue;
    }
    const step = Math.max(1, p.everyHours ?? 2) * H;
    for (let t = w.start.getTime(); t < w.due.getTime() && out.length < 400; t += step) {
      const s = { start: new Date(t), due: new Date(Math.min(t + step, w.due.getTime())) };
      if (s.start < to && s.due > from) out.push(s);
    }
  }
  return out;
}

/** The slot a check made now belongs to: the one running, else one just ended (late) within the grace. */
export function slotFor(p: PlanTiming, now: Date): { slot: Slot; late: boolean } | null {
  const slots = slotsBetween(p, new Date(now.getTime() - GRACE_MS - 1), new Date(now.getTime() + 1));
  const running = slots.find((s) => s.start <= now && now < s.due);
  if (running) return { slot: running, late: false };
  const ended = slots.filter((s) => s.due <= now && now.getTime() < s.due.getTime() + GRACE_MS).pop();
  return ended ? { slot: ended, late: true } : null;
}
