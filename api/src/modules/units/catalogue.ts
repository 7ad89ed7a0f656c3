// The fixed sets of the unit register in plain Chinese, and what follows from a unit's category: its
// sector department and its default confirmation countdown. The names live in the public contract
// (api/src/contract/labels.ts, which the console's screens import); here they are typed by the database's
// enums, and the checks below refuse a contract that names a value the database lacks or misses one.
import type {
  FacilityKind,
  RolloutStage,
  SectorDepartment,
  ServiceCompanyKind,
  UnitCategory,
} from "../../db/client.ts";
import {
  FACILITY_LABEL,
  ROLLOUT_STAGE_LABEL,
  SECTOR_LABEL,
  UNIT_CATEGORY_LABEL,
  UNIT_DOCUMENT_KIND_LABEL,
} from "../../contract/labels.ts";

// Order 61 art. 13 (消防安全重点单位), and "other social unit"
export const UNIT_CATEGORY_LABELS: Readonly<Record<UnitCategory, string>> = UNIT_CATEGORY_LABEL;

export const SECTOR_LABELS: Readonly<Record<SectorDepartment, string>> = SECTOR_LABEL;

export const FACILITY_LABELS: Readonly<Record<FacilityKind, string>> = FACILITY_LABEL;

export const SERVICE_COMPANY_KIND_LABELS: Readonly<Record<ServiceCompanyKind, string>> = {
  MAINTENANCE: "维保单位",
  INSTALLER: "安装单位",
  BOTH: "维保并安装",
};

export const DOCUMENT_KIND_LABELS = UNIT_DOCUMENT_KIND_LABEL;
export type DocumentKind = keyof typeof DOCUMENT_KIND_LABELS;

/** label/code pairs for a choice column */
export function options<C extends string>(labels: Readonly<Record<C, string>>): { code: C; label: string }[] {
  return (Object.entries(labels) as [C, string][]).map(([code, label]) => ({ code, label }));
}

// The department that regulates each category (FIELD-FACTS 9: education for schools, health for hospitals,
// civil affairs for nursing homes, culture and tourism for venues; the rest by the leading group's usual
// split of duties). A unit may be given another sector explicitly.
export const SECTOR_OF_CATEGORY: Readonly<Record<UnitCategory, SectorDepartment>> = {
  SHOPPING_MARKET: "COMMERCE",
  HOTEL: "CULTURE_TOURISM",
  SPORTS_VENUE: "EDUCATION",
  ENTERTAINMENT: "CULTURE_TOURISM",
  HOSPITAL: "HEALTH",
  NURSING_HOME: "CIVIL_AFFAIRS",
  BOARDING_SCHOOL: "EDUCATION",
  KINDERGARTEN: "EDUCATION",
  SCHOOL: "EDUCATION",
  GOVERNMENT_OFFICE: "OTHER",
  BROADCAST_TELECOM: "INDUSTRY",
  TRANSPORT_HUB: "TRANSPORT",
  CULTURAL_VENUE: "CULTURE_TOURISM",
  POWER: "DEVELOPMENT_REFORM",
  HAZARDOUS_GOODS: "EMERGENCY",
  LABOUR_INTENSIVE: "EMERGENCY",
  RESEARCH: "OTHER",
  HIGH_RISE_PUBLIC: "HOUSING",
  UNDERGROUND: "HOUSING",
  WAREHOUSE: "COMMERCE",
  CONSTRUCTION_SITE: "HOUSING",
  OTHER: "OTHER",
};

/** Where a unit is in the roll-out (FIELD-FACTS section 11), as the console shows it. */
export const ROLLOUT_STAGE_LABELS: Readonly<Record<RolloutStage, string>> = ROLLOUT_STAGE_LABEL;

// the contract's names, one for each value of the database's enums and no other
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameNames: [
  Same<keyof typeof UNIT_CATEGORY_LABEL, UnitCategory>,
  Same<keyof typeof SECTOR_LABEL, SectorDepartment>,
  Same<keyof typeof FACILITY_LABEL, FacilityKind>,
  Same<keyof typeof ROLLOUT_STAGE_LABEL, RolloutStage>,
] = [true, true, true, true];
void sameNames;
