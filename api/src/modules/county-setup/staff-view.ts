// One staff account as the API shows it (phone masked, scope as ids): shared by the account lifecycle
// (staff-accounts.ts) and the accounts list (staff-directory.ts).
import type { StaffRole } from "../../db/client.ts";
import { maskPhone } from "../../shared/mask.ts";

export interface StaffAccountView {
  id: string;
  username: string;
  name: string;
  phone: string;
  role: StaffRole;
  active: boolean;
  /** false until the person has accepted an invitation */
  hasPassword: boolean;
  propertyCompanyId: string | null;
  townshipId: string | null;
  sector: string | null;
  serviceCompanyId: string | null;
  unitIds: string[];
  /** a CENTRE_STAFF account's experience centre, else null */
  centreId: string | null;
}

export type StaffRow = {
  id: string;
  username: string;
  name: string;
  phone: string | null;
  role: StaffRole;
  active: boolean;
  passwordHash: string | null;
  propertyCompanyId: string | null;
  townshipId: string | null;
  sector: string | null;
  serviceCompanyId: string | null;
  units: { unitId: string }[];
};

export function view(s: StaffRow, centreId: string | null = null): StaffAccountView {
  return {
    id: s.id,
    username: s.username,
    name: s.name,
    phone: maskPhone(s.phone),
    role: s.role,
    active: s.active,
    hasPassword: s.passwordHash !== null,
    propertyCompanyId: s.propertyCompanyId,
    townshipId: s.townshipId,
    sector: s.sector,
    serviceCompanyId: s.serviceCompanyId,
    unitIds: s.units.map((u) => u.unitId),
    centreId,
  };
}
