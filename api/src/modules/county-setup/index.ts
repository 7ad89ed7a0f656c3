// Setting up a county from nothing, without code (issue 14): places, companies and staff accounts one at a
// time, the same in bulk from xlsx sheets, and staff invitations that let each person set their own password.
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../shared/clock.ts";
import type { UnitScopes } from "../units/index.ts";
import { CountyImports } from "./county-imports.ts";
import { PlaceSetup } from "./place-setup.ts";
import { StaffAccounts, type StaffAccountsOptions } from "./staff-accounts.ts";

export { COUNTY_SHEET_KEYS, CountyImports, isCountySheetKey } from "./county-imports.ts";
export { type CountySheetKey } from "./county-sheets.ts";
export { hashInviteCode, newInviteCode, normalizeInviteCode } from "./invite-codes.ts";
export { COUNTY_SETUP_ROLES, PlaceSetup, TOWNSHIP_SETUP_ROLES } from "./place-setup.ts";
export { STAFF_ROLE_LABELS, TOWNSHIP_KIND_LABELS } from "./setup-fields.ts";
export { MAX_IMPORT_ROWS } from "./sheet-kit.ts";
export { type ImportedInvitation } from "./staff-sheet.ts";
export {
  DEFAULT_INVITE_TTL_MS,
  StaffAccounts,
  type AccountListInput,
  type AccountListedView,
  type AccountScopesView,
  type Invitation,
  type StaffAccountView,
  type StaffAccountsOptions,
  type StaffInput,
} from "./staff-accounts.ts";
export {
  PASSWORD_MAX,
  PASSWORD_MIN,
  ROLE_SCOPE,
  manageableWhere,
  mayCreate,
  passwordProblem,
  scopeProblems,
} from "./staff-rules.ts";

export interface CountySetup {
  places: PlaceSetup;
  staff: StaffAccounts;
  imports: CountyImports;
}

/** Built once in the composition root; `hashPassword` is the auth module's (argon2id). */
export function createCountySetup(deps: {
  db: Pick<Db, "prisma" | "driver">;
  scopes: UnitScopes;
  clock: Clock;
  staff: StaffAccountsOptions;
}): CountySetup {
  return {
    places: new PlaceSetup(deps.db.prisma, deps.scopes),
    staff: new StaffAccounts(deps.db.prisma, deps.scopes, deps.clock, deps.staff),
    imports: new CountyImports(deps.db, deps.scopes, deps.clock, {
      ...(deps.staff.inviteTtlMs ? { inviteTtlMs: deps.staff.inviteTtlMs } : {}),
    }),
  };
}
