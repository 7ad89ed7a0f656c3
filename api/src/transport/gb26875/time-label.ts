// Time labels (GB/T 26875.3-2011 clause 8.2.2): six bytes, second, minute, hour, day, month, two-digit
// year, in the device's local time. Decoding keeps the fields as sent (a panel with a wrong clock still
// reports its fire); timeLabelToDate() says whether they form a real moment.
import type { Profile } from "./profile.ts";

export interface TimeLabel {
  second: number;
  minute: number;
  hour: number;
  day: number;
  month: number;
  /** two digits: 0-99 means 2000-2099 */
  year: number;
}

export const TIME_LABEL_BYTES = 6;

function fromBcd(b: number): number {
  return (b >> 4) * 10 + (b & 0x0f);
}

function toBcd(n: number): number {
  return (Math.floor(n / 10) << 4) | (n % 10);
}

export function readTimeLabel(buf: Uint8Array, at: number, profile: Profile): TimeLabel {
  const f = profile.timeLabel === "bcd" ? fromBcd : (b: number) => b;
  return {
    second: f(buf[at] ?? 0),
    minute: f(buf[at + 1] ?? 0),
    hour: f(buf[at + 2] ?? 0),
    day: f(buf[at + 3] ?? 0),
    month: f(buf[at + 4] ?? 0),
    year: f(buf[at + 5] ?? 0),
  };
}

/** The six bytes of a label; throws RangeError for a field that the profile's encoding cannot hold. */
export function timeLabelBytes(t: TimeLabel, profile: Profile): number[] {
  const fields = [t.second, t.minute, t.hour, t.day, t.month, t.year];
  const bcd = profile.timeLabel === "bcd";
  const max = bcd ? 99 : 255;
  return fields.map((n) => {
    if (!Number.isInteger(n) || n < 0 || n > max) throw new RangeError(`time label field ${n} out of 0-${max}`);
    return bcd ? toBcd(n) : n;
  });
}

/** The moment a label names, or null when its fields are out of range (clause 8.2.2) or not a real date. */
export function timeLabelToDate(t: TimeLabel, utcOffsetMinutes: number): Date | null {
  const ok =
    t.second <= 59 && t.minute <= 59 && t.hour <= 23 && t.day >= 1 && t.day <= 31 && t.month >= 1 && t.month <= 12;
  if (!ok || t.year > 99) return null;
  const ms = Date.UTC(2000 + t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const d = new Date(ms);
  if (d.getUTCDate() !== t.day) return null; // 31 April and the like
  return new Date(ms - utcOffsetMinutes * 60_000);
}

/** The label for a moment, in the device's local time; years outside 2000-2099 are clamped. */
export function timeLabelFromDate(d: Date, utcOffsetMinutes: number): TimeLabel {
  const local = new Date(d.getTime() + utcOffsetMinutes * 60_000);
  const year = Math.min(99, Math.max(0, local.getUTCFullYear() - 2000));
  return {
    second: local.getUTCSeconds(),
    minute: local.getUTCMinutes(),
    hour: local.getUTCHours(),
    day: local.getUTCDate(),
    month: local.getUTCMonth() + 1,
    year,
  };
}
