// How long a unit's control room has to confirm a fire signal on site before the system treats it as real
// (issue 17 chases it and hands it on). GB 25201-2010 5.3 and GB 25506-2010 say only "confirm by the
// fastest means" and give no number; remote monitoring centres commonly allow about three minutes
// (unverified practice, not a standard). So the figures below are this project's defaults, which the county
// overrides per category in its settings (Setting "units.confirmSec") and per unit (NetworkedUnit.confirmSec).
// Places where people sleep or cannot leave unaided, hazardous goods and underground spaces get less time.
import type { UnitCategory } from "../../db/client.ts";
import { UNIT_CATEGORY_LABELS } from "./catalogue.ts";

export const CONFIRM_SEC_MIN = 30;
export const CONFIRM_SEC_MAX = 900;
export const CONFIRM_SETTING_KEY = "units.confirmSec";

const GENERAL = 180;
const FAST = 120;
const FAST_CATEGORIES: ReadonlySet<UnitCategory> = new Set([
  "HOSPITAL",
  "NURSING_HOME",
  "BOARDING_SCHOOL",
  "KINDERGARTEN",
  "HAZARDOUS_GOODS",
  "UNDERGROUND",
]);

export const DEFAULT_CONFIRM_SEC: Readonly<Record<UnitCategory, number>> = Object.fromEntries(
  (Object.keys(UNIT_CATEGORY_LABELS) as UnitCategory[]).map((c) => [c, FAST_CATEGORIES.has(c) ? FAST : GENERAL]),
) as Record<UnitCategory, number>;

export type CountyConfirmSettings = Partial<Record<UnitCategory, number>>;

export const isConfirmSec = (n: unknown): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= CONFIRM_SEC_MIN && n <= CONFIRM_SEC_MAX;

/**
 * Reads the county's stored overrides. A value that is not a whole number of seconds in range, or a key
 * that is not a category, is ignored (the default applies), so a bad row cannot silence the countdown.
 */
export function parseCountySettings(json: string | null | undefined): CountyConfirmSettings {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: CountyConfirmSettings = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>))
    if (k in DEFAULT_CONFIRM_SEC && isConfirmSec(v)) out[k as UnitCategory] = v;
  return out;
}

export interface ConfirmCountdown {
  seconds: number;
  /** where the figure comes from: the unit's own setting, the county's for the category, or the default */
  source: "unit" | "county" | "default";
}

export function confirmCountdown(
  unit: { category: UnitCategory; confirmSec: number | null },
  county: CountyConfirmSettings,
): ConfirmCountdown {
  if (isConfirmSec(unit.confirmSec)) return { seconds: unit.confirmSec, source: "unit" };
  const c = county[unit.category];
  if (c !== undefined) return { seconds: c, source: "county" };
  return { seconds: DEFAULT_CONFIRM_SEC[unit.category], source: "default" };
}
