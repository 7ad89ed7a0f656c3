// The import sheets that set up a county: townships, property companies (and the communities they manage),
// communities, buildings, households (with their 单元), service companies, networked units and staff
// accounts. Each declares its columns (Chinese headers, examples, allowed values) and checks its rows
// against each other and the database, naming the row, the column and the reason, before it plans the
// writes. Places are referred to by name, as people know them: 乡镇/街道 + 小区 + 楼栋.
//
// The sheets themselves live beside this file: sheet-kit.ts (what they share), place-sheets.ts,
// company-sheets.ts and staff-sheet.ts; this file puts them in order.
import type { AnyColumn, SheetKind } from "../imports/index.ts";
import type { UnitPrincipal } from "../units/index.ts";
import type { COUNTY_SHEET_KEYS } from "../../contract/setup.ts";
import { serviceCompaniesSheet, unitsSheet } from "./company-sheets.ts";
import {
  buildingsSheet,
  communitiesSheet,
  householdsSheet,
  propertyCompaniesSheet,
  townshipsSheet,
} from "./place-sheets.ts";
import { staffSheet } from "./staff-sheet.ts";

/** A setup sheet's name (the contract lists them: api/src/contract/setup.ts). */
export type CountySheetKey = (typeof COUNTY_SHEET_KEYS)[number];

/** The sheet kinds in the order a county is usually set up. */
export function countySheets(
  actor: UnitPrincipal,
  inviteTtlMs?: number,
): Record<CountySheetKey, SheetKind<readonly AnyColumn[], unknown>> {
  return {
    townships: townshipsSheet,
    "property-companies": propertyCompaniesSheet,
    communities: communitiesSheet,
    buildings: buildingsSheet,
    households: householdsSheet,
    "service-companies": serviceCompaniesSheet,
    units: unitsSheet,
    staff: staffSheet(actor, inviteTtlMs),
  } as unknown as Record<CountySheetKey, SheetKind<readonly AnyColumn[], unknown>>;
}
