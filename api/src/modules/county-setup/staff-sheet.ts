// The staff sheet: accounts with their roles and scopes, each getting an invitation code shown once.
import type { Prisma, ServiceCompanyKind, StaffRole } from "../../db/client.ts";
import {
  emptyPlan,
  list,
  newId,
  normalizeText,
  planInsert,
  rowErrors,
  text,
  type SheetKind,
  type SqlValue,
} from "../imports/index.ts";
import { checkCreditCode, type UnitPrincipal } from "../units/index.ts";
import { hashInviteCode, newInviteCode } from "./invite-codes.ts";
import { inChunks, namesTaken, townshipsByName } from "./lookups.ts";
import {
  STAFF_ROLE_LABELS,
  mobileColumn,
  roleColumn,
  staffNameColumn,
  staffSectorColumn,
  usernameColumn,
} from "./setup-fields.ts";
import { resolution, seenAt, tick, type Done } from "./sheet-kit.ts";
import {
  MAX_UNITS_PER_ACCOUNT,
  ROLE_SCOPE,
  accountScopeOf,
  mayCreate,
  scopeProblems,
  serviceCompanyFits,
  type ScopeField,
} from "./staff-rules.ts";
import { DEFAULT_INVITE_TTL_MS } from "./staff-invites.ts";

// ---- staff accounts with roles ----

const STAFF_COLUMNS = [
  usernameColumn,
  staffNameColumn,
  mobileColumn,
  roleColumn,
  text("propertyCompany", "物业公司", {
    required: false,
    max: 60,
    example: "",
    note: "角色为物业经理、物业员工时必填",
  }),
  text("township", "乡镇/街道", { required: false, max: 20, example: "", note: "角色为乡镇/街道协调员时必填" }),
  staffSectorColumn,
  text("serviceCompany", "服务单位", {
    required: false,
    max: 60,
    example: "",
    note: "角色为维保单位技术人员、安装单位人员时必填",
  }),
  list("units", "所属单位", {
    required: false,
    maxItems: MAX_UNITS_PER_ACCOUNT,
    itemMax: 60,
    example: "示范县人民医院",
    note: "单位的角色（责任人、管理人、安全员、控制室值班员）必填；单位名称或统一社会信用代码，多个用“、”分隔",
  }),
  // last, so a sheet filled in from the template before this column was added still reads
  text("centre", "体验馆", {
    required: false,
    // the longest name a centre may be given (contract/bookings.ts, centreBody)
    max: 64,
    example: "",
    note: `角色为“${STAFF_ROLE_LABELS.CENTRE_STAFF}”时必填，其他角色不填；填体验馆的名称，与“体验馆管理”中的一字不差，如“示范县消防安全体验馆”`,
  }),
] as const;

/** The most experience centres read to match names against (a county has a handful). */
const MAX_CENTRES = 10_000;

/** The county's experience centres by name as a cell reads (trimmed, full-width folded): more than one is ambiguous. */
async function centresByName(prisma: Prisma): Promise<Map<string, { id: string; active: boolean }[]>> {
  const rows = await prisma.centre.findMany({ select: { id: true, name: true, active: true }, take: MAX_CENTRES });
  const out = new Map<string, { id: string; active: boolean }[]>();
  for (const c of rows) {
    const k = normalizeText(c.name);
    out.set(k, [...(out.get(k) ?? []), { id: c.id, active: c.active }]);
  }
  return out;
}

export interface ImportedInvitation {
  row: number;
  username: string;
  name: string;
  role: StaffRole;
  /** shown once; only its hash is stored */
  code: string;
  expiresAt: string;
}

const SCOPE_COLUMN: Record<ScopeField, (typeof STAFF_COLUMNS)[number]["key"]> = {
  propertyCompanyId: "propertyCompany",
  townshipId: "township",
  sector: "sector",
  serviceCompanyId: "serviceCompany",
  unitIds: "units",
};

/** The staff sheet for one importer: each row's role must be one the importer may create. */
export function staffSheet(
  actor: UnitPrincipal,
  inviteTtlMs = DEFAULT_INVITE_TTL_MS,
): SheetKind<typeof STAFF_COLUMNS, ImportedInvitation[]> {
  return {
    key: "staff",
    title: "工作人员账号",
    description: "工作人员账号和角色。导入后每个账号得到一个邀请码（只显示这一次），本人用它首次登录并设置密码。",
    columns: STAFF_COLUMNS,
    maxRows: 10_000,
    async resolve(rows, ctx): Done<ImportedInvitation[]> {
      const e = rowErrors(STAFF_COLUMNS);
      const townships = await townshipsByName(ctx.prisma);
      const centres = await centresByName(ctx.prisma);
      const propertyCompanies = await namesTaken(ctx.prisma, "propertyCompany");
      const serviceCompanies = await namesTaken(ctx.prisma, "serviceCompany");
      const units = await ctx.prisma.networkedUnit.findMany({
        select: { id: true, name: true, creditCode: true },
        take: 200_000,
      });
      const unitByCode = new Map(units.map((u) => [u.creditCode, u.id]));
      const unitsByName = new Map<string, string[]>();
      for (const u of units) unitsByName.set(u.name, [...(unitsByName.get(u.name) ?? []), u.id]);
      const usernames = rows.map((r) => r.value.username);
      const phones = rows.flatMap((r) => (r.value.phone ? [r.value.phone] : []));
      const takenUsernames = new Set(
        (
          await inChunks(usernames, (chunk) =>
            ctx.prisma.staffUser.findMany({ where: { username: { in: chunk } }, select: { username: true } }),
          )
        ).map((s) => s.username),
      );
      const takenPhones = new Set(
        (
          await inChunks(phones, (chunk) =>
            ctx.prisma.staffUser.findMany({ where: { phone: { in: chunk } }, select: { phone: true } }),
          )
        ).map((s) => s.phone),
      );
      const seenUser = seenAt();
      const seenPhone = seenAt();
      const expiresAt = new Date(ctx.now.getTime() + inviteTtlMs);
      const staff: SqlValue[][] = [];
      const links: SqlValue[][] = [];
      const centreLinks: SqlValue[][] = [];
      const invites: SqlValue[][] = [];
      const extras: ImportedInvitation[] = [];
      for (const [i, { row, value: v }] of rows.entries()) {
        const r = e.at(row);
        const bad = r.fail;
        const first = seenUser(v.username, row);
        if (first !== null) bad("username", `与第 ${first} 行重复`);
        else if (takenUsernames.has(v.username)) bad("username", `用户名“${v.username}”已被使用`);
        if (v.phone) {
          const p = seenPhone(v.phone, row);
          if (p !== null) bad("phone", `与第 ${p} 行的手机号相同`);
          else if (takenPhones.has(v.phone)) bad("phone", "该手机号已用于另一个账号");
        }
        const propertyCompanyId = v.propertyCompany ? (propertyCompanies.get(v.propertyCompany)?.id ?? null) : null;
        if (v.propertyCompany && !propertyCompanyId) bad("propertyCompany", `没有名为“${v.propertyCompany}”的物业公司`);
        const townshipId = v.township ? (townships.get(v.township) ?? null) : null;
        if (v.township && !townshipId) bad("township", `没有名为“${v.township}”的乡镇/街道`);
        const service = v.serviceCompany ? serviceCompanies.get(v.serviceCompany) : undefined;
        if (v.serviceCompany && !service) bad("serviceCompany", `没有名为“${v.serviceCompany}”的服务单位`);
        else if (
          service &&
          ROLE_SCOPE[v.role] === "serviceCompanyId" &&
          !serviceCompanyFits(v.role, service.kind as ServiceCompanyKind)
        )
          bad("serviceCompany", `“${v.serviceCompany}”${v.role === "INSTALLER" ? "不是安装单位" : "不是维保单位"}`);
        const unitIds: string[] = [];
        for (const item of v.units ?? []) {
          const code = checkCreditCode(item);
          const byName = unitsByName.get(item) ?? [];
          const found = code.ok ? unitByCode.get(code.code) : byName.length === 1 ? byName[0] : undefined;
          if (found) unitIds.push(found);
          else if (byName.length > 1) bad("units", `有 ${byName.length} 个名为“${item}”的单位，请改填统一社会信用代码`);
          else bad("units", `找不到单位“${item}”，请先导入联网单位`);
        }
        // names that did not resolve count as filled, so a wrong name is not also reported as "missing"
        const scope = {
          propertyCompanyId: v.propertyCompany ? (propertyCompanyId ?? "?") : null,
          townshipId: v.township ? (townshipId ?? "?") : null,
          sector: v.sector,
          serviceCompanyId: v.serviceCompany ? (service?.id ?? "?") : null,
          unitIds: v.units?.length ? (unitIds.length ? unitIds : ["?"]) : [],
        };
        for (const p of scopeProblems(v.role, scope)) bad(SCOPE_COLUMN[p.field], p.reason);
        // an experience centre's staff work at one centre, named as people write it; no other role has one
        let centreId: string | null = null;
        const roleWord = `角色“${STAFF_ROLE_LABELS[v.role]}”`;
        if (accountScopeOf(v.role) !== "centreId") {
          if (v.centre) bad("centre", `${roleWord}不需要填写体验馆`);
        } else if (!v.centre) bad("centre", `${roleWord}必须填写体验馆`);
        else {
          const found = centres.get(v.centre) ?? [];
          if (found.length > 1)
            bad(
              "centre",
              `有 ${found.length} 个体验馆都叫“${v.centre}”，无法确定是哪一个：请先在“体验馆管理”中改名区分`,
            );
          else if (!found[0]) bad("centre", `没有名为“${v.centre}”的体验馆，请按“体验馆管理”中的名称填写`);
          else if (!found[0].active) bad("centre", `体验馆“${v.centre}”已停用，不能再关联工作人员`);
          else centreId = found[0].id;
        }
        if (!mayCreate(actor, v.role, { ...scope, unitIds }))
          bad("role", `你没有权限创建“${v.role === "ADMIN" ? "系统管理员" : "该角色"}”的账号`);
        if (r.ok) {
          const staffId = newId();
          const code = newInviteCode();
          staff.push([
            staffId,
            v.username,
            v.phone,
            v.name,
            null,
            v.role,
            propertyCompanyId,
            townshipId,
            v.sector,
            service?.id ?? null,
            ctx.now,
            ctx.now,
          ]);
          for (const unitId of unitIds) links.push([staffId, unitId, ctx.now]);
          if (centreId) centreLinks.push([newId(), centreId, staffId, ctx.now]);
          invites.push([newId(), staffId, hashInviteCode(code), ctx.actor, expiresAt, ctx.now]);
          extras.push({
            row,
            username: v.username,
            name: v.name,
            role: v.role,
            code,
            expiresAt: expiresAt.toISOString(),
          });
        }
        await tick(ctx, i, rows.length);
      }
      const plan = emptyPlan();
      for (const s of staff)
        planInsert(
          plan,
          "StaffUser",
          [
            "id",
            "username",
            "phone",
            "name",
            "passwordHash",
            "role",
            "propertyCompanyId",
            "townshipId",
            "sector",
            "serviceCompanyId",
            "createdAt",
            "updatedAt",
          ],
          s,
        );
      for (const l of links) planInsert(plan, "StaffUnit", ["staffUserId", "unitId", "createdAt"], l);
      for (const l of centreLinks) planInsert(plan, "CentreStaff", ["id", "centreId", "staffUserId", "createdAt"], l);
      for (const inv of invites)
        planInsert(plan, "StaffInvite", ["id", "staffUserId", "codeHash", "createdBy", "expiresAt", "createdAt"], inv);
      return resolution(e.errors, plan, extras, {
        staff: rows.length,
        unitLinks: links.length,
        centreLinks: centreLinks.length,
      });
    },
  };
}
