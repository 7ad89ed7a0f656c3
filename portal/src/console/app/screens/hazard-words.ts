// Words and dates the hazard screens share.
import { countyMinute } from "@anxin/contract/county-time";

export const when = countyMinute;

/** a hazard as GET /api/hazards lists it */
export type { HazardItem } from "@anxin/contract/inspection";
