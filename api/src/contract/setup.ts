// Setting up a county without code (transport/http/routes/setup.routes.ts): the places and companies as
// stored, the bodies that create and change them (named cells, each checked by modules/county-setup), the
// setup sheets, and staff accounts with their invitations.
import { z } from "zod";
import { staffAccount } from "./staff.ts";

/** a row id as the setup routes accept it */
export const setupId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
export const setupIdParams = z.object({ id: setupId });
const cell = z.union([z.string().max(400), z.number().min(-1_000_000).max(10_000_000), z.boolean(), z.null()]);
/** a body of the named optional cells, nothing else (the module checks each) */
export const fields = <K extends string>(names: readonly K[]) =>
  z.strictObject(Object.fromEntries(names.map((k) => [k, cell.optional()])) as Record<K, z.ZodOptional<typeof cell>>);

// ---- the bodies of the place routes: the cells each may carry ----

export const countyFields = fields(["code", "name"]);
export const townshipFields = fields(["name", "kind"]);
export const propertyCompanyFields = fields(["name", "contactPhone"]);
export const communityFields = fields(["townshipId", "name", "address", "latitude", "longitude", "propertyCompanyId"]);
export const buildingFields = fields([
  "communityId",
  "name",
  "floors",
  "oldHighRise",
  "yearBuilt",
  "latitude",
  "longitude",
]);
export const entranceFields = fields(["buildingId", "name"]);
export const householdFields = fields(["buildingId", "entrance", "roomNo", "floor"]);
export const serviceCompanyFields = fields([
  "name",
  "kind",
  "creditCode",
  "contactName",
  "contactPhone",
  "qualification",
]);

export { staffAccount as staffView, staffInvitation as invitation } from "./staff.ts";
export const importReport = z.object({
  kind: z.string(),
  ok: z.boolean(),
  rows: z.number(),
  written: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), reason: z.string() })),
  errorCount: z.number(),
  badRows: z.number(),
  errorsTruncated: z.boolean(),
  summary: z.record(z.string(), z.number()),
  extras: z.unknown(),
});

// What the place routes answer: the rows as stored (PlaceSetup returns them as Prisma gives them; the
// instants are Dates, written out as ISO strings).
export const county = z.object({ id: z.string(), code: z.string(), name: z.string(), createdAt: z.date() });
export const township = z.object({
  id: z.string(),
  countyId: z.string(),
  name: z.string(),
  kind: z.string(),
  createdAt: z.date(),
});
export const townshipListed = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  _count: z.object({ communities: z.number(), units: z.number() }),
});
export const propertyCompany = z.object({
  id: z.string(),
  name: z.string(),
  contactPhone: z.string().nullable(),
  createdAt: z.date(),
});
export const propertyCompanyListed = z.object({
  id: z.string(),
  name: z.string(),
  contactPhone: z.string().nullable(),
  _count: z.object({ communities: z.number() }),
});
export const community = z.object({
  id: z.string(),
  townshipId: z.string(),
  propertyCompanyId: z.string().nullable(),
  name: z.string(),
  address: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.date(),
});
export const building = z.object({
  id: z.string(),
  communityId: z.string(),
  name: z.string(),
  floors: z.number(),
  oldHighRise: z.boolean(),
  yearBuilt: z.number().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  linkageScope: z.string(),
  rolloutStage: z.string(),
  rolloutStageAt: z.date().nullable(),
  createdAt: z.date(),
});
export const entrance = z.object({ id: z.string(), buildingId: z.string(), name: z.string() });
export const household = z.object({
  id: z.string(),
  unitId: z.string(),
  roomNo: z.string(),
  floor: z.number(),
  claimedAt: z.date().nullable(),
  createdAt: z.date(),
});
export const serviceCompany = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  creditCode: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  qualification: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const importKind = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  maxRows: z.number(),
});

/** The county's setup sheets, in the order a county is usually set up (modules/county-setup imports them so). */
export const COUNTY_SHEET_KEYS = [
  "townships",
  "property-companies",
  "communities",
  "buildings",
  "households",
  "service-companies",
  "units",
  "staff",
] as const;
export const sheetKind = z.enum(COUNTY_SHEET_KEYS);

export const countyView = z.object({ county: county.nullable() });

export const townshipList = z.object({ items: z.array(townshipListed) });

export const propertyCompanyList = z.object({ items: z.array(propertyCompanyListed) });

export const serviceCompanyList = z.object({ items: z.array(serviceCompany) });

export const importKindList = z.object({ items: z.array(importKind) });

export const sheetParams = z.object({ kind: sheetKind });

export const importQuery = z.object({ dryRun: z.enum(["1", "0", "true", "false"]).optional() });

export const staffList = z.object({ items: z.array(staffAccount) });

export { staffCreateBody as staffBody } from "./staff.ts";

export { staffCreated } from "./staff.ts";

export const staffPatch = z.strictObject({
  name: z.string().max(40).optional(),
  phone: z.string().max(20).nullable().optional(),
  active: z.boolean().optional(),
  unitIds: z.array(setupId).max(50).optional(),
  // 修改所属: the one scope the account's role is made with (staff-rules' accountScopeOf); any other is refused
  propertyCompanyId: setupId.nullable().optional(),
  townshipId: setupId.nullable().optional(),
  sector: z.string().max(40).nullable().optional(),
  serviceCompanyId: setupId.nullable().optional(),
  centreId: setupId.nullable().optional(),
});
/** PATCH /api/setup/staff/:id */
export type StaffPatchRequest = z.input<typeof staffPatch>;

export const acceptInviteBody = z.strictObject({
  code: z.string().min(1).max(40),
  password: z.string().min(1).max(128),
});

export const acceptedInvite = z.object({ username: z.string(), role: z.string() });

export type AcceptInviteRequest = z.input<typeof acceptInviteBody>;
export type AcceptedInvite = z.output<typeof acceptedInvite>;
// the console's import screen reads these
export type SetupSheetKind = z.output<typeof sheetKind>;
export type SetupImportKindsResponse = z.output<typeof importKindList>;
export type SetupImportReport = z.output<typeof importReport>;
