// Setting up a county without code (issue 14): the county, townships, property companies, communities,
// buildings, households and service companies one at a time; the same in bulk from xlsx sheets (every
// row checked, all or nothing); staff accounts with invitation codes, and the public route where a new
// account sets its own password. Thin: the rules and scopes live in modules/county-setup.
import type { z } from "zod";
import { route } from "../route.ts";
import { STAFF_ROLES } from "../../../modules/auth/principal.ts";
import type { StaffInput } from "../../../modules/county-setup/index.ts";
import { DEFAULT_READ_LIMITS } from "../../../modules/imports/index.ts";
import type { StaffRole } from "../../../db/client.ts";
import type { Services } from "../../../services.ts";
import type { Caller } from "../../../modules/units/index.ts";
import { readRawUpload } from "./units.routes.ts";
import { ROLE_SETS } from "../../../contract/roles.ts";
import * as sc from "../../../contract/setup.ts";
import { accountListQuery, accountPage, accountScopes } from "../../../contract/staff.ts";

/** who may create staff accounts at all (staff-rules.ts mayCreate decides which roles and scopes) */
type Places = Services["countySetup"]["places"];
/** who may look the county's places and companies up (names, no people) */
const ANY_STAFF = STAFF_ROLES;

const place = <R extends z.ZodType>(
  path: string,
  summary: string,
  access: readonly StaffRole[],
  body: z.ZodType,
  response: R,
  call: (s: Places, c: Caller, body: never) => Promise<z.input<R>>,
) =>
  route({
    method: "post",
    path,
    summary,
    tag: "setup",
    access,
    body,
    rateLimit: "accounts",
    status: 201,
    response,
    // `call` answers z.input<R> (checked where each route is declared); TypeScript cannot see through the
    // handler's conditional type for a generic R
    handler: ({ services, principal, body }) =>
      call(services.countySetup.places, principal, body as never) as Promise<never>,
  });

const patchPlace = <R extends z.ZodType>(
  path: string,
  summary: string,
  access: readonly StaffRole[],
  body: z.ZodType,
  response: R,
  call: (s: Places, c: Caller, rowId: string, body: never) => Promise<z.input<R>>,
) =>
  route({
    method: "patch",
    path,
    summary,
    tag: "setup",
    access,
    params: sc.setupIdParams,
    body,
    rateLimit: "accounts",
    response,
    handler: ({ services, principal, params, body }) =>
      call(services.countySetup.places, principal, params.id, body as never) as Promise<never>,
  });

export const setupRoutes = [
  // ---- the county and its places ----
  route({
    method: "get",
    path: "/api/setup/county",
    summary: "The county this system serves (null before it is set up)",
    tag: "setup",
    access: ANY_STAFF,
    response: sc.countyView,
    handler: async ({ services }) => ({ county: await services.countySetup.places.county() }),
  }),
  place(
    "/api/setup/county",
    "Set the county's name and code (once)",
    ROLE_SETS.countySetup,
    sc.countyFields,
    sc.county,
    (p, c, b) => p.createCounty(c, b),
  ),
  route({
    method: "get",
    path: "/api/setup/townships",
    summary:
      "The townships and subdistricts in the caller's scope (the county's all; a coordinator's own; the townships of the units others see), with their counts of communities and units",
    tag: "setup",
    access: ANY_STAFF,
    response: sc.townshipList,
    handler: async ({ services, principal }) => ({ items: await services.countySetup.places.listTownships(principal) }),
  }),
  place(
    "/api/setup/townships",
    "Add a township or subdistrict",
    ROLE_SETS.countySetup,
    sc.townshipFields,
    sc.township,
    (p, c, b) => p.createTownship(c, b),
  ),
  patchPlace(
    "/api/setup/townships/:id",
    "Rename a township or change its kind",
    ROLE_SETS.countySetup,
    sc.townshipFields,
    sc.township,
    (p, c, rowId, b) => p.updateTownship(c, rowId, b),
  ),
  route({
    method: "get",
    path: "/api/setup/property-companies",
    summary: "The property companies, with how many communities each manages",
    tag: "setup",
    access: ANY_STAFF,
    response: sc.propertyCompanyList,
    handler: async ({ services }) => ({ items: await services.countySetup.places.listPropertyCompanies() }),
  }),
  place(
    "/api/setup/property-companies",
    "Add a property company",
    ROLE_SETS.countySetup,
    sc.propertyCompanyFields,
    sc.propertyCompany,
    (p, c, b) => p.createPropertyCompany(c, b),
  ),
  patchPlace(
    "/api/setup/property-companies/:id",
    "Change a property company",
    ROLE_SETS.countySetup,
    sc.propertyCompanyFields,
    sc.propertyCompany,
    (p, c, rowId, b) => p.updatePropertyCompany(c, rowId, b),
  ),
  place(
    "/api/setup/communities",
    "Add a community (a township coordinator in their own township)",
    ROLE_SETS.placeSetup,
    sc.communityFields,
    sc.community,
    (p, c, b) => p.createCommunity(c, b),
  ),
  patchPlace(
    "/api/setup/communities/:id",
    "Change a community",
    ROLE_SETS.placeSetup,
    sc.communityFields,
    sc.community,
    (p, c, rowId, b) => p.updateCommunity(c, rowId, b),
  ),
  place(
    "/api/setup/buildings",
    "Add a residential building (floors, year built, old high-rise flag)",
    ROLE_SETS.placeSetup,
    sc.buildingFields,
    sc.building,
    (p, c, b) => p.createBuilding(c, b),
  ),
  patchPlace(
    "/api/setup/buildings/:id",
    "Change a residential building",
    ROLE_SETS.placeSetup,
    sc.buildingFields,
    sc.building,
    (p, c, rowId, b) => p.updateBuilding(c, rowId, b),
  ),
  place(
    "/api/setup/entrances",
    "Add a unit (entrance) to a building",
    ROLE_SETS.placeSetup,
    sc.entranceFields,
    sc.entrance,
    (p, c, b) => p.createEntrance(c, b),
  ),
  place(
    "/api/setup/households",
    "Add a household (its entrance is created when new)",
    ROLE_SETS.placeSetup,
    sc.householdFields,
    sc.household,
    (p, c, b) => p.createHousehold(c, b),
  ),
  route({
    method: "get",
    path: "/api/setup/service-companies",
    summary: "Maintenance and installation companies",
    tag: "setup",
    access: ANY_STAFF,
    response: sc.serviceCompanyList,
    handler: async ({ services }) => ({ items: await services.countySetup.places.listServiceCompanies() }),
  }),
  place(
    "/api/setup/service-companies",
    "Add a maintenance or installation company",
    ROLE_SETS.countySetup,
    sc.serviceCompanyFields,
    sc.serviceCompany,
    (p, c, b) => p.createServiceCompany(c, b),
  ),
  patchPlace(
    "/api/setup/service-companies/:id",
    "Change a maintenance or installation company",
    ROLE_SETS.countySetup,
    sc.serviceCompanyFields,
    sc.serviceCompany,
    (p, c, rowId, b) => p.updateServiceCompany(c, rowId, b),
  ),

  // ---- imports ----
  route({
    method: "get",
    path: "/api/setup/imports",
    summary: "The county setup sheets that can be imported, with their row limits",
    tag: "setup",
    access: ROLE_SETS.countySetup,
    response: sc.importKindList,
    handler: async ({ services }) => ({ items: services.countySetup.imports.kinds() }),
  }),
  route({
    method: "get",
    path: "/api/setup/imports/:kind/template.xlsx",
    summary: "The xlsx template of a sheet: headers, an example row, instructions and the allowed values",
    tag: "setup",
    access: ROLE_SETS.countySetup,
    params: sc.sheetParams,
    handler: async ({ services, params, ctx }) => {
      const t = await services.countySetup.imports.template(params.kind);
      ctx.type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      ctx.attachment(t.filename);
      ctx.set("Cache-Control", "no-store");
      ctx.body = t.data;
      return undefined;
    },
  }),
  route({
    method: "post",
    path: "/api/setup/imports/:kind",
    summary:
      "Import a sheet (raw xlsx body, at most 20 MB): every row is checked first; any bad row (reported with row, column and reason) means nothing is written. ?dryRun=1 only checks",
    tag: "setup",
    access: ROLE_SETS.countySetup,
    params: sc.sheetParams,
    query: sc.importQuery,
    rateLimit: "imports",
    response: sc.importReport,
    handler: async ({ services, principal, params, query, ctx }) => {
      const file = await readRawUpload(ctx, DEFAULT_READ_LIMITS.maxBytes, "表格");
      const dryRun = query.dryRun === "1" || query.dryRun === "true";
      return services.countySetup.imports.run(principal, params.kind, file, { dryRun });
    },
  }),

  // ---- staff accounts and invitations ----
  route({
    method: "get",
    path: "/api/setup/staff",
    summary:
      "The accounts the caller manages (账号管理; staff-rules' rule: an admin every account, the programme office all but admins, a unit's responsible person or manager their team, a property manager their company's staff), a page at a time (at most 50), filtered by role, enabled or stopped, and a search (at most 40 characters) of the name, the account or a whole mobile number; phones masked; each with its scope's names and last sign-in",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    query: accountListQuery,
    response: accountPage,
    handler: ({ services, principal, query }) => services.countySetup.staff.list(principal, query),
  }),
  route({
    method: "get",
    path: "/api/setup/staff-scopes",
    summary:
      "What making one account asks for (账号管理): the roles the caller may create other than a unit's own people, the one scope each needs, and the townships, sectors, property and service companies and experience centres to choose from",
    tag: "setup",
    access: ROLE_SETS.countySetup,
    response: accountScopes,
    handler: ({ services, principal }) => services.countySetup.staff.accountScopes(principal),
  }),
  route({
    method: "get",
    path: "/api/setup/units/:id/staff",
    summary:
      "The accounts of a unit that the caller manages (a unit's responsible person or manager their team), with whether each has set a password",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    params: sc.setupIdParams,
    response: sc.staffList,
    handler: async ({ services, principal, params }) => ({
      items: await services.countySetup.staff.listForUnit(principal, params.id),
    }),
  }),
  route({
    method: "post",
    path: "/api/setup/staff",
    summary:
      "Create a staff account with its role and scope, without a password: the answer carries an invitation code (shown once) with which the person sets their own",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    body: sc.staffBody,
    rateLimit: "accounts",
    status: 201,
    response: sc.staffCreated,
    handler: ({ services, principal, body }) => services.countySetup.staff.create(principal, body as StaffInput),
  }),
  route({
    method: "get",
    path: "/api/setup/staff/:id",
    summary: "A staff account the caller manages",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    params: sc.setupIdParams,
    response: sc.staffView,
    handler: ({ services, principal, params }) => services.countySetup.staff.get(principal, params.id),
  }),
  route({
    method: "patch",
    path: "/api/setup/staff/:id",
    summary:
      "Change a staff account's name, phone, enabled flag, (unit roles) units, or move it (修改所属) to another township, sector, property or service company or experience centre: only the one its role is made with, to one the caller may make such an account with; a moved person's sign-ins end (as a stopped one's), audited as staff.scope_changed",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    params: sc.setupIdParams,
    body: sc.staffPatch,
    rateLimit: "accounts",
    response: sc.staffView,
    handler: ({ services, principal, params, body }) => services.countySetup.staff.update(principal, params.id, body),
  }),
  route({
    method: "post",
    path: "/api/setup/staff/:id/invite",
    summary:
      "A new invitation code for an account (shown once; the earlier unused codes stop working). Also how a forgotten password is reset",
    tag: "setup",
    access: ROLE_SETS.accountMakers,
    params: sc.setupIdParams,
    rateLimit: "accounts",
    status: 201,
    response: sc.invitation,
    handler: ({ services, principal, params }) => services.countySetup.staff.reissueInvite(principal, params.id),
  }),
  route({
    method: "post",
    path: "/api/auth/staff/accept-invite",
    summary:
      "First sign-in of a new staff account: the invitation code and the password the person chooses (at least 8 characters, not a common one); the code works once",
    tag: "auth",
    access: "public",
    body: sc.acceptInviteBody,
    rateLimit: "codes",
    response: sc.acceptedInvite,
    handler: async ({ services, body }) => {
      const r = await services.countySetup.staff.acceptInvite(body.code, body.password);
      return { username: r.username, role: r.role };
    },
  }),
];
