// The networked units module (issue 14) as the rest of the API sees it: the register (one unit, one file),
// who sees which units, the unified social credit code, the confirmation countdown per unit.
import type { Prisma } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import { UnitDocuments } from "./unit-documents.ts";
import { UnitScopes } from "./unit-scope.ts";
import { UnitService } from "./unit-service.ts";

export {
  DOCUMENT_KIND_LABELS,
  FACILITY_LABELS,
  ROLLOUT_STAGE_LABELS,
  SECTOR_LABELS,
  SECTOR_OF_CATEGORY,
  SERVICE_COMPANY_KIND_LABELS,
  UNIT_CATEGORY_LABELS,
  options,
  type DocumentKind,
} from "./catalogue.ts";
export {
  CONFIRM_SETTING_KEY,
  DEFAULT_CONFIRM_SEC,
  confirmCountdown,
  parseCountySettings,
  type ConfirmCountdown,
} from "./confirm-countdown.ts";
export {
  CREDIT_CODE_CHARS,
  checkCreditCode,
  creditCodeCheckChar,
  isCreditCode,
  normalizeCreditCode,
} from "./credit-code.ts";
export {
  addressColumn,
  categoryColumn,
  confirmSecColumn,
  creditCodeColumn,
  latitudeColumn,
  longitudeColumn,
  sectorColumn,
  unitNameColumn,
  type BuildingInput,
  type FacilityInput,
  type KeyPartInput,
  type UnitFileInput,
  type UnitPatch,
} from "./unit-fields.ts";
export {
  COUNTY_UNIT_ROLES,
  UNIT_ROLES,
  UnitScopes,
  scopeCovers,
  unitPlacedWhere,
  unitScopeOf,
  unitWhere,
  type Caller,
  type UnitFacts,
  type UnitPrincipal,
  type UnitScope,
} from "./unit-scope.ts";
export { UNIT_FILE_EDITOR_ROLES, UNIT_REGISTRAR_ROLES, UnitService } from "./unit-service.ts";
export { type UnitFileView, type UnitListQuery, type UnitSummary } from "./unit-views.ts";
export {
  DOCUMENT_TYPES,
  MAX_DOCUMENT_BYTES,
  UnitDocuments,
  sniffDocument,
  type DocumentView,
} from "./unit-documents.ts";

export interface Units {
  scopes: UnitScopes;
  units: UnitService;
  documents: UnitDocuments;
}

/** Built once in the composition root. `documentsDir` is under DATA_DIR (e.g. data/unit-documents). */
export function createUnits(deps: { prisma: Prisma; clock: Clock; documentsDir: string }): Units {
  const scopes = new UnitScopes(deps.prisma);
  return {
    scopes,
    units: new UnitService(deps.prisma, scopes, deps.clock),
    documents: new UnitDocuments(deps.prisma, scopes, deps.documentsDir, deps.clock),
  };
}
