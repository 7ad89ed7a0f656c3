// Words and small figures the unit screens share: a roll-out stage's name, an empty cell, a file's size, and
// the county date a year before another (a yearly test older than that is overdue).
import { ROLLOUT_STAGE_LABEL } from "@anxin/contract/labels";

export const stageLabel = (s: string): string => (ROLLOUT_STAGE_LABEL as Record<string, string | undefined>)[s] ?? s;

/** "—" for a value not filled in. */
export const dash = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === "" ? "—" : String(v);

export const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/** The county date a year before "YYYY-MM-DD" (the yearly test is due again then). */
export const yearBefore = (d: string): string => (d ? `${Number(d.slice(0, 4)) - 1}${d.slice(4)}` : "");
