// Networked units (issue 14) as the API speaks them (transport/http/routes/units.routes.ts, and the unit
// file's tests in inspection.routes.ts): the register's filters and rows, one unit's whole file, what
// registering a unit and changing its file send, the file's documents, and the yearly facility tests and
// monthly fire inspections with their reports. The console's unit screens take these types.
import { z } from "zod";
import { isoDate } from "../shared/bounded.ts";
import { rolloutStage } from "./rollout.ts";
import { MAX_TEST_ITEM_CHARS, MAX_TEST_ITEMS, MAX_TEST_NOTE_CHARS, MAX_TEST_SUMMARY_CHARS } from "./inspection.ts";
import {
  FACILITY_LABEL,
  FACILITY_TEST_KIND_LABEL,
  SECTOR_LABEL,
  UNIT_CATEGORY_LABEL,
  UNIT_DOCUMENT_KIND_LABEL,
} from "./labels.ts";

/** A unit's, document's or test's id in a path or a filter. */
export const unitId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const keys = <T extends Record<string, string>>(labels: T) =>
  Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
export const unitCategory = z.enum(keys(UNIT_CATEGORY_LABEL));
export const unitSector = z.enum(keys(SECTOR_LABEL));
export const facilityKind = z.enum(keys(FACILITY_LABEL));
const flag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

// ---- the register ----

/** GET /api/units: the units in the caller's scope, filtered; paged */
export const unitListQuery = z.object({
  townshipId: unitId.optional(),
  category: unitCategory.optional(),
  sector: unitSector.optional(),
  keyUnit: flag,
  pilot: flag,
  /** 设有火灾自动报警系统 */
  hasAutoFireAlarm: flag,
  rolloutStage: rolloutStage.optional(),
  q: z.string().trim().max(40).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const company = z.object({ id: z.string(), name: z.string() }).nullable();
export const unitSummary = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  keyUnit: z.boolean(),
  sector: z.string(),
  sectorLabel: z.string(),
  township: z.object({ id: z.string(), name: z.string() }),
  address: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  pilot: z.boolean(),
  hasAutoFireAlarm: z.boolean(),
  rolloutStage: z.string(),
  active: z.boolean(),
  buildings: z.number(),
  people: z.number(),
  devices: z.number(),
});
export const unitList = z.object({ total: z.number(), items: z.array(unitSummary) });
/** GET /api/setup/townships: the county's townships and subdistricts (the register's filter, a unit's place) */
import { townshipListed } from "./setup.ts";
export { townshipListed };

// ---- one unit, one file ----

export const unitFile = unitSummary.omit({ buildings: true, people: true, devices: true }).extend({
  phone: z.string().nullable(),
  controlRoom: z.object({ location: z.string().nullable(), phone: z.string().nullable() }),
  maintenanceCompany: company,
  installerCompany: company,
  /** seconds the control room has to confirm a fire signal, and who set them ("unit", "county" or the default) */
  confirm: z.object({ seconds: z.number(), source: z.string() }),
  rolloutStageAt: z.string().nullable(),
  buildings: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      floorsAbove: z.number(),
      floorsBelow: z.number(),
      heightM: z.number().nullable(),
      areaM2: z.number().nullable(),
      use: z.string().nullable(),
      highRise: z.boolean(),
      yearBuilt: z.number().nullable(),
    }),
  ),
  keyParts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      building: z.string().nullable(),
      floor: z.number().nullable(),
      description: z.string().nullable(),
    }),
  ),
  facilities: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      count: z.number(),
      description: z.string().nullable(),
      maintenanceCompany: company,
      installedOn: z.string().nullable(),
    }),
  ),
  people: z.array(
    z.object({ id: z.string(), name: z.string(), role: z.string(), phone: z.string(), active: z.boolean() }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      title: z.string(),
      contentType: z.string(),
      bytes: z.number(),
      at: z.string(),
    }),
  ),
});

/** One cell of a form: text, a number, yes/no, or cleared. The module checks each against its column. */
const cell = z.union([z.string().max(400), z.number().min(-1_000_000).max(10_000_000), z.boolean(), z.null()]);
const fields = <K extends string>(names: readonly K[]) =>
  z.strictObject(Object.fromEntries(names.map((k) => [k, cell.optional()])) as Record<K, z.ZodOptional<typeof cell>>);

const BASE_KEYS = [
  "name",
  "creditCode",
  "category",
  "keyUnit",
  "sector",
  "townshipId",
  "address",
  "latitude",
  "longitude",
  "phone",
  "controlRoomLocation",
  "controlRoomPhone",
  "hasAutoFireAlarm",
  "maintenanceCompanyId",
  "installerCompanyId",
  "confirmSec",
  "pilot",
] as const;
/** A list sent replaces the unit's list: send it whole. */
const lists = {
  buildings: z
    .array(fields(["name", "floorsAbove", "floorsBelow", "heightM", "areaM2", "use", "highRise", "yearBuilt"]))
    .max(100)
    .optional(),
  keyParts: z
    .array(fields(["name", "building", "floor", "description"]))
    .max(300)
    .optional(),
  facilities: z
    .array(fields(["kind", "count", "description", "maintenanceCompanyId", "installedOn"]))
    .max(Object.keys(FACILITY_LABEL).length)
    .optional(),
};
/** POST /api/units (register) and PATCH /api/units/:id (change the file) */
export const unitBody = fields(BASE_KEYS).extend(lists);

// ---- the file's documents ----

export const unitDocument = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  contentType: z.string(),
  bytes: z.number(),
  uploadedBy: z.string(),
  at: z.string(),
});
/** POST /api/units/:id/documents?kind=&title= (the file is the raw body) */
export const unitIdParams = z.object({ id: unitId });
export const unitDocumentParams = z.object({ id: unitId, documentId: unitId });
export const unitDocumentList = z.object({ items: z.array(unitDocument) });
export const unitDocumentQuery = z.object({
  kind: z.enum(keys(UNIT_DOCUMENT_KIND_LABEL)),
  title: z.string().trim().min(1).max(60),
});

// ---- yearly facility tests and monthly fire inspections ----

const text = (max: number) => z.string().trim().min(1).max(max);
export const facilityTestKind = z.enum(keys(FACILITY_TEST_KIND_LABEL));

export const facilityTest = z.object({
  id: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  testedOn: z.string(),
  by: z.object({ id: z.string(), name: z.string() }),
  ok: z.boolean(),
  failed: z.number(),
  items: z.array(
    z.object({
      item: z.string(),
      ok: z.boolean(),
      note: z.string().nullable(),
      facilityKind: z.string().nullable(),
      hazardId: z.string().nullable(),
    }),
  ),
  summary: z.string().nullable(),
  reports: z.array(
    z.object({ id: z.string(), title: z.string(), contentType: z.string(), bytes: z.number(), url: z.string() }),
  ),
});
/** GET /api/units/:id/facility-tests?kind=: the records, newest first, and the items a test of that kind checks */
export const facilityTestListQuery = z.object({ kind: facilityTestKind.default("FACILITY_TEST") });
export const facilityTestList = z.object({
  items: z.array(facilityTest),
  template: z.array(z.object({ item: z.string(), facilityKind: z.string().nullable() })),
  /** the county's date today (the latest a test may be dated; a yearly test older than a year is overdue) */
  today: z.string(),
});
/** POST /api/units/:id/facility-tests */
export const facilityTestBody = z.object({
  kind: facilityTestKind,
  testedOn: isoDate,
  items: z
    .array(
      z.object({
        item: text(MAX_TEST_ITEM_CHARS),
        ok: z.boolean(),
        note: text(MAX_TEST_NOTE_CHARS).optional(),
        facilityKind: facilityKind.optional(),
      }),
    )
    .min(1)
    .max(MAX_TEST_ITEMS),
  summary: text(MAX_TEST_SUMMARY_CHARS).optional(),
});
/** POST /api/units/:id/facility-tests/:testId/report?title= (the file is the raw body) */
export const facilityTestReportQuery = z.object({ title: text(60) });
/** GET /api/facility-tests/last: the last yearly test of each unit the caller sees, county dates */
export const lastFacilityTests = z.object({
  today: z.string(),
  items: z.array(z.object({ unitId: z.string(), testedOn: z.string() })),
});

export type UnitListQuery = z.input<typeof unitListQuery>;
export type UnitListItem = z.infer<typeof unitSummary>;
export type UnitList = z.infer<typeof unitList>;
export type TownshipListed = z.infer<typeof townshipListed>;
export type UnitFile = z.infer<typeof unitFile>;
export type UnitBody = z.input<typeof unitBody>;
export type UnitDocument = z.infer<typeof unitDocument>;
export type FacilityTestKind = z.infer<typeof facilityTestKind>;
export type FacilityTest = z.infer<typeof facilityTest>;
export type FacilityTestList = z.infer<typeof facilityTestList>;
export type FacilityTestBody = z.input<typeof facilityTestBody>;
export type LastFacilityTests = z.infer<typeof lastFacilityTests>;
