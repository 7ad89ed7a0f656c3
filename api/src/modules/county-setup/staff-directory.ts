// 账号管理's reads: the accounts a caller manages, a page at a time (found by name, account, a whole mobile
// number, role and state, each with its scope in names and its last sign-in), and what its create form offers
// (the roles the caller may create and the choices of scope). Writes are staff-accounts.ts's.
import type { Prisma, PrismaNs, StaffRole } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitScopes } from "../units/index.ts";
import { SECTOR_LABELS } from "../units/index.ts";
import { STAFF_ROLES } from "../../contract/roles.ts";
import { ACCOUNT_PAGE_MAX, ACCOUNT_PAGES_MAX, ACCOUNT_QUERY_MAX } from "../../contract/staff.ts";
import { accountScopeOf, manageableWhere, mayCreate, type ScopeField, type StaffScope } from "./staff-rules.ts";
import { view, type StaffAccountView } from "./staff-view.ts";

/** One account of the list (账号管理): the account, its scope in names, and its person's last sign-in. */
export interface AccountListedView extends StaffAccountView {
  townshipName: string | null;
  propertyCompanyName: string | null;
  serviceCompanyName: string | null;
  centreName: string | null;
  units: { id: string; name: string }[];
  lastSignInAt: string | null;
  self: boolean;
}

export interface AccountListInput {
  role?: StaffRole | undefined;
  q?: string | undefined;
  /** "1" enabled, "0" stopped */
  active?: "1" | "0" | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

/** What the accounts screen offers when it makes an account: the roles, the scope each needs, the choices. */
export interface AccountScopesView {
  roles: { role: StaffRole; scope: ScopeField | "centreId" | null }[];
  townships: { id: string; name: string }[];
  sectors: { id: string; name: string }[];
  propertyCompanies: { id: string; name: string }[];
  serviceCompanies: { id: string; name: string; kind: string }[];
  centres: { id: string; name: string }[];
}

/** the most of each choice the accounts screen is given (a county has dozens) */
const CHOICES_MAX = 2000;

export class StaffDirectory {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
  ) {}

  /**
   * 账号管理: the accounts the caller manages (manageableWhere, mayCreate's rule as a filter), a page at a
   * time, filtered by role, state and a search of the name, the account (username) or a whole mobile
   * number; each with its scope in names, its centre, its units' names and its person's last sign-in.
   */
  async list(
    c: Caller,
    q: AccountListInput,
  ): Promise<{ items: AccountListedView[]; total: number; page: number; limit: number }> {
    const limit = Math.max(1, Math.min(ACCOUNT_PAGE_MAX, Math.trunc(q.limit ?? 20)));
    const page = Math.max(1, Math.min(ACCOUNT_PAGES_MAX, Math.trunc(q.page ?? 1)));
    if (q.role !== undefined && !(STAFF_ROLES as readonly string[]).includes(q.role))
      throw new AppError("VALIDATION_FAILED", "没有这个角色");
    if (q.q !== undefined && (typeof q.q !== "string" || q.q.length > ACCOUNT_QUERY_MAX))
      throw new AppError("VALIDATION_FAILED", `搜索内容不能超过 ${ACCOUNT_QUERY_MAX} 个字`);
    const actor = await this.scopes.principal(c);
    const scope = manageableWhere(actor);
    if (!scope) return { items: [], total: 0, page, limit };
    const filters: PrismaNs.StaffUserWhereInput[] = [scope];
    if (q.role) filters.push({ role: q.role });
    if (q.active === "1" || q.active === "0") filters.push({ active: q.active === "1" });
    const text = q.q?.trim();
    if (text)
      filters.push({
        OR: [
          { name: { contains: text } },
          // usernames are stored in lower case (setup-fields.ts)
          { username: { contains: text.toLowerCase() } },
          // a whole number only: a part of one would let masked numbers be read out digit by digit
          ...(/^1\d{10}$/.test(text) ? [{ phone: text }] : []),
        ],
      });
    const where: PrismaNs.StaffUserWhereInput = { AND: filters };
    const [total, rows] = await Promise.all([
      this.prisma.staffUser.count({ where }),
      this.prisma.staffUser.findMany({
        where,
        include: {
          units: { select: { unitId: true, unit: { select: { name: true } } }, orderBy: { unitId: "asc" } },
          township: { select: { name: true } },
          propertyCompany: { select: { name: true } },
        },
        orderBy: [{ username: "asc" }],
        skip: (page - 1) * limit,
        take: limit,
      }),
    ]);
    const ids = rows.map((r) => r.id);
    const companyIds = [...new Set(rows.flatMap((r) => (r.serviceCompanyId ? [r.serviceCompanyId] : [])))];
    const [companies, centres, sessions] = await Promise.all([
      companyIds.length
        ? this.prisma.serviceCompany.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } })
        : [],
      ids.length
        ? this.prisma.centreStaff.findMany({
            where: { staffUserId: { in: ids } },
            select: { staffUserId: true, centre: { select: { id: true, name: true } } },
          })
        : [],
      // a sign-in starts a session (auth/token-service.ts): the latest one's start is the last sign-in
      ids.length
        ? this.prisma.authSession.groupBy({
            by: ["subject"],
            where: { subject: { in: ids.map((i) => `staff:${i}`) } },
            _max: { createdAt: true },
          })
        : [],
    ]);
    const companyName = new Map(companies.map((x) => [x.id, x.name]));
    const centreOf = new Map(centres.map((x) => [x.staffUserId, x.centre]));
    const lastSignIn = new Map(sessions.map((x) => [x.subject, x._max.createdAt]));
    const items = rows.map((r): AccountListedView => {
      const centre = centreOf.get(r.id) ?? null;
      return {
        ...view(r, centre?.id ?? null),
        townshipName: r.township?.name ?? null,
        propertyCompanyName: r.propertyCompany?.name ?? null,
        serviceCompanyName: r.serviceCompanyId ? (companyName.get(r.serviceCompanyId) ?? null) : null,
        centreName: centre?.name ?? null,
        units: r.units.map((u) => ({ id: u.unitId, name: u.unit.name })),
        lastSignInAt: lastSignIn.get(`staff:${r.id}`)?.toISOString() ?? null,
        self: c.kind === "staff" && r.id === c.id,
      };
    });
    return { items, total, page, limit };
  }

  /**
   * What the accounts screen offers when it makes one account: the roles the caller may create that are not
   * a unit's own people (those are made on the unit's 人员与邀请, with the unit), the one scope each needs,
   * and the townships, sectors, companies and centres to choose from.
   */
  async accountScopes(c: Caller): Promise<AccountScopesView> {
    const actor = await this.scopes.principal(c);
    const none: StaffScope = {
      propertyCompanyId: null,
      townshipId: null,
      sector: null,
      serviceCompanyId: null,
      unitIds: [],
    };
    const roles = STAFF_ROLES.filter((r) => accountScopeOf(r) !== "unitIds" && mayCreate(actor, r, none)).map(
      (role) => ({ role, scope: accountScopeOf(role) }),
    );
    if (!roles.length)
      return { roles, townships: [], sectors: [], propertyCompanies: [], serviceCompanies: [], centres: [] };
    const [townships, propertyCompanies, serviceCompanies, centres] = await Promise.all([
      this.prisma.township.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" }, take: CHOICES_MAX }),
      this.prisma.propertyCompany.findMany({
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
      this.prisma.serviceCompany.findMany({
        select: { id: true, name: true, kind: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
      this.prisma.centre.findMany({
        where: { active: true },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
        take: CHOICES_MAX,
      }),
    ]);
    const sectors = Object.entries(SECTOR_LABELS).map(([id, name]) => ({ id, name }));
    return { roles, townships, sectors, propertyCompanies, serviceCompanies, centres };
  }
}
