// Staff accounts and their invitations as the API speaks them (transport/http/routes/setup.routes.ts): an
// account as its manager sees it (whether the person has set a password), what creating one sends, and the
// invitation code (shown once) with which the person sets their own password. The console's unit team
// screen (人员与邀请) and its accounts screen (账号管理: one list of every account the caller manages, found
// by name, role and state, with the scope of each in names) take these types.
import { z } from "zod";
import { STAFF_ROLES } from "./roles.ts";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const staffAccount = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string(),
  role: z.string(),
  active: z.boolean(),
  hasPassword: z.boolean(),
  propertyCompanyId: z.string().nullable(),
  townshipId: z.string().nullable(),
  sector: z.string().nullable(),
  serviceCompanyId: z.string().nullable(),
  unitIds: z.array(z.string()),
  /** a CENTRE_STAFF account's experience centre (bookings' CentreStaff), else null */
  centreId: z.string().nullable(),
});
export const staffInvitation = z.object({ code: z.string(), expiresAt: z.string() });
/** POST /api/setup/staff: an account without a password, with its role and scope */
export const staffCreateBody = z.strictObject({
  username: z.string().max(64),
  name: z.string().max(40),
  phone: z.string().max(20).nullable().optional(),
  role: z.string().max(40),
  propertyCompanyId: id.nullable().optional(),
  townshipId: id.nullable().optional(),
  sector: z.string().max(40).nullable().optional(),
  serviceCompanyId: id.nullable().optional(),
  unitIds: z.array(id).max(50).nullable().optional(),
  /** the experience centre a CENTRE_STAFF account works at (required for that role, refused for others) */
  centreId: id.nullable().optional(),
});
export const staffCreated = z.object({ staff: staffAccount, invitation: staffInvitation });

export type StaffAccount = z.infer<typeof staffAccount>;
export type StaffInvitation = z.infer<typeof staffInvitation>;
export type StaffCreateBody = z.input<typeof staffCreateBody>;
export type StaffCreated = z.infer<typeof staffCreated>;

// ---- 账号管理: the accounts a caller manages, one page at a time ----

/** the most characters a search may have, and the most accounts a page may hold */
export const ACCOUNT_QUERY_MAX = 40;
export const ACCOUNT_PAGE_MAX = 50;
export const ACCOUNT_PAGES_MAX = 1000;

/** GET /api/setup/staff: filters and the page (1-based); every refusal in words */
export const accountListQuery = z.object({
  role: z.enum(STAFF_ROLES, { error: "没有这个角色" }).optional(),
  q: z.string().trim().max(ACCOUNT_QUERY_MAX, `搜索内容不能超过 ${ACCOUNT_QUERY_MAX} 个字`).optional(),
  /** "1" the enabled accounts, "0" the stopped ones; left out: both */
  active: z.enum(["1", "0"], { error: "状态只能是“1”（已启用）或“0”（已停用）" }).optional(),
  page: z.coerce
    .number({ error: "页码应为数字" })
    .int("页码应为整数")
    .min(1, "页码从 1 开始")
    .max(ACCOUNT_PAGES_MAX, `页码不能超过 ${ACCOUNT_PAGES_MAX}`)
    .default(1),
  limit: z.coerce
    .number({ error: "每页条数应为数字" })
    .int("每页条数应为整数")
    .min(1, "每页至少 1 条")
    .max(ACCOUNT_PAGE_MAX, `每页最多 ${ACCOUNT_PAGE_MAX} 条`)
    .default(20),
});

const named = z.object({ id: z.string(), name: z.string() });

/** One account in the list: the account, the names of its scope, and when its person last signed in. */
export const accountListed = staffAccount.extend({
  townshipName: z.string().nullable(),
  propertyCompanyName: z.string().nullable(),
  serviceCompanyName: z.string().nullable(),
  centreName: z.string().nullable(),
  units: z.array(named),
  /** the start of the person's latest sign-in (a session), or null if they never signed in */
  lastSignInAt: z.string().nullable(),
  /** the caller's own account (which they may not stop) */
  self: z.boolean(),
});
export const accountPage = z.object({
  items: z.array(accountListed),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

/** The scope field a role needs when its account is made (unitIds: a unit's people, made on 人员与邀请). */
export const accountScopeField = z.enum([
  "propertyCompanyId",
  "townshipId",
  "sector",
  "serviceCompanyId",
  "centreId",
  "unitIds",
]);

/** GET /api/setup/staff-scopes: the roles the caller may create, with the scope each needs, and the choices */
export const accountScopes = z.object({
  roles: z.array(z.object({ role: z.enum(STAFF_ROLES), scope: accountScopeField.nullable() })),
  townships: z.array(named),
  sectors: z.array(z.object({ id: z.string(), name: z.string() })),
  propertyCompanies: z.array(named),
  serviceCompanies: z.array(named.extend({ kind: z.string() })),
  centres: z.array(named),
});

export type AccountListQuery = z.input<typeof accountListQuery>;
export type AccountListed = z.infer<typeof accountListed>;
export type AccountPage = z.infer<typeof accountPage>;
export type AccountScopeField = z.infer<typeof accountScopeField>;
export type AccountScopes = z.infer<typeof accountScopes>;
