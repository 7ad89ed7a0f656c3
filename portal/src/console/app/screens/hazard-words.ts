// Words and dates the hazard screens share.
import { countyMinute } from "../../../../../api/src/contract/county-time.ts";

export const when = countyMinute;

/** a hazard as GET /api/hazards lists it */
export type { HazardItem } from "../../../../../api/src/contract/inspection.ts";
