// The import sheets that set up a county: townships, property companies (and the communities they manage),
// communities, buildings, households (with their 单元), service companies, networked units and staff
// accounts. Each declares its columns (Chinese headers, examples, allowed values) and checks its rows
// against each other and the database, naming the row, the column and the reason, before it plans the
// writes. Places are referred to by name, as people know them: 乡镇/街道 + 小区 + 楼栋.
import type { SectorDepartment, ServiceCompanyKind, StaffRole } from "../../db/client.ts";
import {
  emptyPlan,
  list,
  newId,
  planInsert,
  rowErrors,
  text,
  type AnyColumn,
  type ParsedRow,
  type Resolution,
  type ResolveContext,
  type SheetKind,
  type SqlValue,
  type WritePlan,
  phone,
  yesNo,
} from "../imports/index.ts";
import {
  SECTOR_OF_CATEGORY,
  addressColumn,
  categoryColumn,
  checkCreditCode,
  confirmSecColumn,
  creditCodeColumn,
  sectorColumn,
  unitNameColumn,
  type UnitPrincipal,
} from "../units/index.ts";
import { hashInviteCode, newInviteCode } from "./invite-codes.ts";
import { communities, inChunks, key, namesTaken, theCounty, townshipsByName } from "./lookups.ts";
import {
  buildingFloorsColumn,
  buildingNameColumn,
  communityAddressColumn,
  communityNameColumn,
  companyNameColumn,
  contactNameColumn,
  contactPhoneColumn,
  entranceNameColumn,
  householdFloorColumn,
  latitudeColumn,
  longitudeColumn,
  mobileColumn,
  oldHighRiseColumn,
  optionalCreditCodeColumn,
  qualificationColumn,
  roleColumn,
  roomNoColumn,
  serviceCompanyKindColumn,
  staffNameColumn,
  staffSectorColumn,
  townshipKindColumn,
  townshipNameColumn,
  usernameColumn,
  yearBuiltColumn,
} from "./setup-fields.ts";
import {
  MAX_UNITS_PER_ACCOUNT,
  ROLE_SCOPE,
  mayCreate,
  scopeProblems,
  serviceCompanyFits,
  type ScopeField,
} from "./staff-rules.ts";
import { DEFAULT_INVITE_TTL_MS } from "./staff-accounts.ts";
import type { COUNTY_SHEET_KEYS } from "../../contract/setup.ts";

export const MAX_IMPORT_ROWS = 100_000;

const townshipRef = text("township", "乡镇/街道", { required: true, max: 20, example: "城关街道" });
const communityRef = text("community", "小区", { required: true, max: 40, example: "幸福小区" });
const buildingRef = text("building", "楼栋", { required: true, max: 20, example: "1号楼" });

const seenAt = () => {
  const m = new Map<string, number>();
  /** the row where this key was first seen, or null (and remembers it) */
  return (k: string, row: number): number | null => {
    const first = m.get(k);
    if (first !== undefined) return first;
    m.set(k, row);
    return null;
  };
};

/** Reports progress every 1,000 rows and lets the event loop run (alarms do not wait for a long check). */
async function tick(ctx: ResolveContext, i: number, n: number): Promise<void> {
  if ((i + 1) % 1000 === 0 || i + 1 === n) {
    ctx.progress(i + 1);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const noCounty = (rows: ParsedRow<unknown>[]) => [
  { row: rows[0]?.row ?? 2, column: null, reason: "请先设置本县的名称和行政区划代码，再导入乡镇/街道" },
];

type Done<X> = Promise<Resolution<X>>;
const resolution = <X>(errors: Resolution<X>["errors"], plan: WritePlan, extras: X, summary: Record<string, number>) =>
  ({ errors, plan, extras, summary }) as Resolution<X>;

// ---- townships ----

const TOWNSHIP_COLUMNS = [townshipNameColumn, townshipKindColumn] as const;

export const townshipsSheet: SheetKind<typeof TOWNSHIP_COLUMNS, null> = {
  key: "townships",
  title: "乡镇街道",
  description: "全县的乡镇和街道，每行一个。",
  columns: TOWNSHIP_COLUMNS,
  maxRows: 1000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(TOWNSHIP_COLUMNS);
    const county = await theCounty(ctx.prisma);
    if (!county) return resolution(noCounty(rows), emptyPlan(), null, {});
    const existing = await townshipsByName(ctx.prisma);
    const seen = seenAt();
    const plan = emptyPlan();
    for (const [i, { row, value: v }] of rows.entries()) {
      const first = seen(v.name, row);
      if (first !== null) e.add(row, "name", `与第 ${first} 行重复`);
      else if (existing.has(v.name)) e.add(row, "name", `已有名为“${v.name}”的乡镇/街道`);
      else
        planInsert(
          plan,
          "Township",
          ["id", "countyId", "name", "kind", "createdAt"],
          [newId(), county.id, v.name, v.kind, ctx.now],
        );
      await tick(ctx, i, rows.length);
    }
    return resolution(e.errors, plan, null, { townships: rows.length });
  },
};

// ---- property companies and the communities they manage ----

const PROPERTY_COMPANY_COLUMNS = [
  companyNameColumn,
  contactPhoneColumn,
  list("communities", "管理的小区", {
    required: false,
    maxItems: 200,
    itemMax: 61,
    example: "城关街道/幸福小区、青石新村",
    note: "多个用“、”分隔；两个乡镇有同名小区时写成“乡镇/小区”",
  }),
] as const;

export const propertyCompaniesSheet: SheetKind<typeof PROPERTY_COMPANY_COLUMNS, null> = {
  key: "property-companies",
  title: "物业公司",
  description: "物业公司及其管理的小区（小区须已导入；也可以在导入小区时填写物业公司）。",
  columns: PROPERTY_COMPANY_COLUMNS,
  maxRows: 5000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(PROPERTY_COMPANY_COLUMNS);
    const existing = await namesTaken(ctx.prisma, "propertyCompany");
    const townships = await townshipsByName(ctx.prisma);
    const all = await communities(ctx.prisma);
    const seen = seenAt();
    const managedIn = seenAt();
    const companies: SqlValue[][] = [];
    const links: { companyId: string; communityId: string }[] = [];
    for (const [i, { row, value: v }] of rows.entries()) {
      const first = seen(v.name, row);
      if (first !== null) e.add(row, "name", `与第 ${first} 行重复`);
      else if (existing.has(v.name)) e.add(row, "name", `已有名为“${v.name}”的物业公司`);
      const companyId = newId();
      for (const item of v.communities ?? []) {
        const [a, b] = item.includes("/") ? item.split("/", 2).map((s) => s.trim()) : [null, item];
        let found;
        if (a !== null) {
          const t = townships.get(a!);
          found = t ? all.byTownship.get(key(t, b)) : undefined;
          if (!t) {
            e.add(row, "communities", `没有名为“${a}”的乡镇/街道`);
            continue;
          }
        } else {
          const candidates = all.byName.get(b!) ?? [];
          if (candidates.length > 1) {
            e.add(row, "communities", `有 ${candidates.length} 个名为“${b}”的小区，请写成“乡镇/小区”`);
            continue;
          }
          found = candidates[0];
        }
        if (!found) {
          e.add(row, "communities", `找不到小区“${item}”，请先导入小区`);
          continue;
        }
        const earlier = managedIn(found.id, row);
        if (earlier !== null) e.add(row, "communities", `小区“${item}”在第 ${earlier} 行已填过`);
        else if (found.propertyCompanyId)
          e.add(row, "communities", `小区“${item}”已由另一家物业公司管理，请在小区页面更换`);
        else links.push({ companyId, communityId: found.id });
      }
      companies.push([companyId, v.name, v.contactPhone, ctx.now]);
      await tick(ctx, i, rows.length);
    }
    const plan = emptyPlan();
    for (const c of companies) planInsert(plan, "PropertyCompany", ["id", "name", "contactPhone", "createdAt"], c);
    for (const l of links)
      plan.ops.push({
        op: "update",
        table: "Community",
        set: { propertyCompanyId: l.companyId },
        where: { id: l.communityId },
      });
    return resolution(e.errors, plan, null, { propertyCompanies: rows.length, communitiesLinked: links.length });
  },
};

// ---- communities ----

const COMMUNITY_COLUMNS = [
  townshipRef,
  communityNameColumn,
  communityAddressColumn,
  text("propertyCompany", "物业公司", { required: false, max: 60, example: "安居物业" }),
  latitudeColumn,
  longitudeColumn,
] as const;

export const communitiesSheet: SheetKind<typeof COMMUNITY_COLUMNS, null> = {
  key: "communities",
  title: "小区",
  description: "各乡镇/街道的居民小区（物业公司须已导入，可不填）。",
  columns: COMMUNITY_COLUMNS,
  maxRows: 20_000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(COMMUNITY_COLUMNS);
    const townships = await townshipsByName(ctx.prisma);
    const existing = await communities(ctx.prisma);
    const companies = await namesTaken(ctx.prisma, "propertyCompany");
    const seen = seenAt();
    const plan = emptyPlan();
    for (const [i, { row, value: v }] of rows.entries()) {
      const t = townships.get(v.township);
      const company = v.propertyCompany ? companies.get(v.propertyCompany) : null;
      const r = e.at(row);
      if (!t) r.fail("township", `没有名为“${v.township}”的乡镇/街道`);
      if (v.propertyCompany && !company)
        r.fail("propertyCompany", `没有名为“${v.propertyCompany}”的物业公司，请先导入物业公司`);
      if ((v.latitude === null) !== (v.longitude === null))
        r.fail(v.latitude === null ? "latitude" : "longitude", "经度和纬度要么都填，要么都不填");
      const first = seen(key(v.township, v.name), row);
      if (first !== null) r.fail("name", `与第 ${first} 行重复`);
      else if (t && existing.byTownship.has(key(t, v.name))) r.fail("name", `${v.township}已有名为“${v.name}”的小区`);
      if (r.ok)
        planInsert(
          plan,
          "Community",
          ["id", "townshipId", "propertyCompanyId", "name", "address", "latitude", "longitude", "createdAt"],
          [newId(), t!, company?.id ?? null, v.name, v.address, v.latitude, v.longitude, ctx.now],
        );
      await tick(ctx, i, rows.length);
    }
    return resolution(e.errors, plan, null, { communities: rows.length });
  },
};

// ---- buildings ----

const BUILDING_COLUMNS = [
  townshipRef,
  communityRef,
  buildingNameColumn,
  buildingFloorsColumn,
  oldHighRiseColumn,
  yearBuiltColumn,
  latitudeColumn,
  longitudeColumn,
] as const;

export const buildingsSheet: SheetKind<typeof BUILDING_COLUMNS, null> = {
  key: "buildings",
  title: "楼栋",
  description: "各小区的楼栋（小区须已导入）。老旧高层填“是”的楼栋计入烟感安装覆盖率。",
  columns: BUILDING_COLUMNS,
  maxRows: 50_000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(BUILDING_COLUMNS);
    const townships = await townshipsByName(ctx.prisma);
    const all = await communities(ctx.prisma);
    const communityIds = [
      ...new Set(
        rows.flatMap(({ value: v }) => {
          const t = townships.get(v.township);
          const c = t ? all.byTownship.get(key(t, v.community)) : undefined;
          return c ? [c.id] : [];
        }),
      ),
    ];
    const existing = new Set(
      (
        await inChunks(communityIds, (chunk) =>
          ctx.prisma.building.findMany({
            where: { communityId: { in: chunk } },
            select: { communityId: true, name: true },
          }),
        )
      ).map((b) => key(b.communityId, b.name)),
    );
    const year = ctx.now.getUTCFullYear();
    const seen = seenAt();
    const plan = emptyPlan();
    let oldHighRise = 0;
    for (const [i, { row, value: v }] of rows.entries()) {
      const t = townships.get(v.township);
      const c = t ? all.byTownship.get(key(t, v.community)) : undefined;
      const r = e.at(row);
      if (!t) r.fail("township", `没有名为“${v.township}”的乡镇/街道`);
      else if (!c) r.fail("community", `${v.township}没有名为“${v.community}”的小区`);
      if (v.yearBuilt !== null && v.yearBuilt > year) r.fail("yearBuilt", "建成年份晚于今年");
      if ((v.latitude === null) !== (v.longitude === null))
        r.fail(v.latitude === null ? "latitude" : "longitude", "经度和纬度要么都填，要么都不填");
      const first = seen(key(v.township, v.community, v.name), row);
      if (first !== null) r.fail("name", `与第 ${first} 行重复`);
      else if (c && existing.has(key(c.id, v.name))) r.fail("name", `${v.community}已有名为“${v.name}”的楼栋`);
      if (r.ok) {
        if (v.oldHighRise) oldHighRise++;
        planInsert(
          plan,
          "Building",
          ["id", "communityId", "name", "floors", "oldHighRise", "yearBuilt", "latitude", "longitude", "createdAt"],
          [newId(), c!.id, v.name, v.floors, v.oldHighRise ?? false, v.yearBuilt, v.latitude, v.longitude, ctx.now],
        );
      }
      await tick(ctx, i, rows.length);
    }
    return resolution(e.errors, plan, null, { buildings: rows.length, oldHighRise });
  },
};

// ---- households (and the 单元 they are in) ----

const HOUSEHOLD_COLUMNS = [
  townshipRef,
  communityRef,
  buildingRef,
  entranceNameColumn,
  roomNoColumn,
  householdFloorColumn,
] as const;

export const householdsSheet: SheetKind<typeof HOUSEHOLD_COLUMNS, null> = {
  key: "households",
  title: "住户",
  description: "各楼栋的住户（楼栋须已导入），每户一行；楼栋里还没有的单元会自动建立。",
  columns: HOUSEHOLD_COLUMNS,
  maxRows: MAX_IMPORT_ROWS,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(HOUSEHOLD_COLUMNS);
    const townships = await townshipsByName(ctx.prisma);
    const all = await communities(ctx.prisma);
    const communityOf = (v: { township: string; community: string }) => {
      const t = townships.get(v.township);
      return t ? all.byTownship.get(key(t, v.community)) : undefined;
    };
    const communityIds = [...new Set(rows.flatMap(({ value }) => communityOf(value)?.id ?? []))];
    const buildings = new Map(
      (
        await inChunks(communityIds, (chunk) =>
          ctx.prisma.building.findMany({
            where: { communityId: { in: chunk } },
            select: { id: true, communityId: true, name: true, floors: true },
          }),
        )
      ).map((b) => [key(b.communityId, b.name), b]),
    );
    const buildingIds = [...buildings.values()].map((b) => b.id);
    const entrances = new Map(
      (
        await inChunks(buildingIds, (chunk) =>
          ctx.prisma.unit.findMany({
            where: { buildingId: { in: chunk } },
            select: { id: true, buildingId: true, name: true },
          }),
        )
      ).map((u) => [key(u.buildingId, u.name), u.id]),
    );
    const taken = new Set(
      (
        await inChunks([...entrances.values()], (chunk) =>
          ctx.prisma.household.findMany({ where: { unitId: { in: chunk } }, select: { unitId: true, roomNo: true } }),
        )
      ).map((h) => key(h.unitId, h.roomNo)),
    );
    const seen = seenAt();
    const newEntrances: SqlValue[][] = [];
    const households: SqlValue[][] = [];
    for (const [i, { row, value: v }] of rows.entries()) {
      const t = townships.get(v.township);
      const c = communityOf(v);
      const b = c ? buildings.get(key(c.id, v.building)) : undefined;
      const r = e.at(row);
      if (!t) r.fail("township", `没有名为“${v.township}”的乡镇/街道`);
      else if (!c) r.fail("community", `${v.township}没有名为“${v.community}”的小区`);
      else if (!b) r.fail("building", `${v.community}没有名为“${v.building}”的楼栋，请先导入楼栋`);
      if (b && v.floor > b.floors) r.fail("floor", `楼层超过了${v.building}的层数（${b.floors} 层）`);
      const where = `${v.community}${v.building}${v.name}${v.roomNo}`;
      const first = seen(key(v.township, v.community, v.building, v.name, v.roomNo), row);
      if (first !== null) r.fail("roomNo", `与第 ${first} 行重复（${where}）`);
      if (b) {
        let entranceId = entrances.get(key(b.id, v.name));
        if (entranceId && taken.has(key(entranceId, v.roomNo))) r.fail("roomNo", `${where} 已经登记过`);
        if (r.ok) {
          if (!entranceId) {
            entranceId = newId();
            entrances.set(key(b.id, v.name), entranceId);
            newEntrances.push([entranceId, b.id, v.name]);
          }
          households.push([newId(), entranceId, v.roomNo, v.floor, ctx.now]);
        }
      }
      await tick(ctx, i, rows.length);
    }
    const plan = emptyPlan();
    for (const u of newEntrances) planInsert(plan, "Unit", ["id", "buildingId", "name"], u);
    for (const h of households) planInsert(plan, "Household", ["id", "unitId", "roomNo", "floor", "createdAt"], h);
    return resolution(e.errors, plan, null, { households: households.length, entrances: newEntrances.length });
  },
};

// ---- maintenance and installation companies ----

const SERVICE_COMPANY_COLUMNS = [
  companyNameColumn,
  serviceCompanyKindColumn,
  optionalCreditCodeColumn,
  contactNameColumn,
  contactPhoneColumn,
  qualificationColumn,
] as const;

export const serviceCompaniesSheet: SheetKind<typeof SERVICE_COMPANY_COLUMNS, null> = {
  key: "service-companies",
  title: "服务单位",
  description: "为联网单位做消防设施维保、安装监测设备的公司。",
  columns: SERVICE_COMPANY_COLUMNS,
  maxRows: 5000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(SERVICE_COMPANY_COLUMNS);
    const existing = await ctx.prisma.serviceCompany.findMany({
      select: { name: true, creditCode: true },
      take: 100_000,
    });
    const names = new Set(existing.map((r) => r.name));
    const codes = new Set(existing.flatMap((r) => (r.creditCode ? [r.creditCode] : [])));
    const seenName = seenAt();
    const seenCode = seenAt();
    const plan = emptyPlan();
    for (const [i, { row, value: v }] of rows.entries()) {
      const r = e.at(row);
      const first = seenName(v.name, row);
      if (first !== null) r.fail("name", `与第 ${first} 行重复`);
      else if (names.has(v.name)) r.fail("name", `已有名为“${v.name}”的服务单位`);
      if (v.creditCode) {
        const c = seenCode(v.creditCode, row);
        if (c !== null) r.fail("creditCode", `与第 ${c} 行的统一社会信用代码相同`);
        else if (codes.has(v.creditCode)) r.fail("creditCode", "该统一社会信用代码已登记");
      }
      if (r.ok)
        planInsert(
          plan,
          "ServiceCompany",
          [
            "id",
            "name",
            "kind",
            "creditCode",
            "contactName",
            "contactPhone",
            "qualification",
            "createdAt",
            "updatedAt",
          ],
          [newId(), v.name, v.kind, v.creditCode, v.contactName, v.contactPhone, v.qualification, ctx.now, ctx.now],
        );
      await tick(ctx, i, rows.length);
    }
    return resolution(e.errors, plan, null, { serviceCompanies: rows.length });
  },
};

// ---- networked units ----

const UNIT_COLUMNS = [
  unitNameColumn,
  creditCodeColumn("creditCode"),
  categoryColumn,
  yesNo("keyUnit", "消防安全重点单位", { required: false, example: "是" }),
  sectorColumn,
  townshipRef,
  addressColumn,
  latitudeColumn,
  longitudeColumn,
  phone("phone", "单位电话", { required: false, example: "0791-88881234" }),
  text("controlRoomLocation", "消防控制室位置", { required: false, max: 60, example: "门诊楼一层东侧" }),
  phone("controlRoomPhone", "消防控制室电话", { required: false, example: "0791-88881119" }),
  yesNo("hasAutoFireAlarm", "设有火灾自动报警系统", { required: false, example: "是" }),
  text("maintenanceCompany", "维保单位", { required: false, max: 60, example: "" }),
  text("installerCompany", "安装单位", { required: false, max: 60, example: "" }),
  confirmSecColumn,
  yesNo("pilot", "试点单位", { required: false, example: "否" }),
] as const;

export const unitsSheet: SheetKind<typeof UNIT_COLUMNS, null> = {
  key: "units",
  title: "联网单位",
  description: "联网单位（医院、学校、养老院、商场、宾馆、企业等）的基本信息；建筑、重点部位、设施在单位档案页填写。",
  columns: UNIT_COLUMNS,
  maxRows: 20_000,
  async resolve(rows, ctx): Done<null> {
    const e = rowErrors(UNIT_COLUMNS);
    const townships = await townshipsByName(ctx.prisma);
    const companies = await namesTaken(ctx.prisma, "serviceCompany");
    const existing = await ctx.prisma.networkedUnit.findMany({
      select: { townshipId: true, name: true, creditCode: true },
      take: 200_000,
    });
    const names = new Set(existing.map((u) => key(u.townshipId, u.name)));
    const codes = new Set(existing.map((u) => u.creditCode));
    const seenName = seenAt();
    const seenCode = seenAt();
    const plan = emptyPlan();
    let pilots = 0;
    for (const [i, { row, value: v }] of rows.entries()) {
      const r = e.at(row);
      const t = townships.get(v.township);
      if (!t) r.fail("township", `没有名为“${v.township}”的乡镇/街道`);
      const first = seenName(key(v.township, v.name), row);
      if (first !== null) r.fail("name", `与第 ${first} 行重复`);
      else if (t && names.has(key(t, v.name))) r.fail("name", `${v.township}已有名为“${v.name}”的单位`);
      const c = seenCode(v.creditCode, row);
      if (c !== null) r.fail("creditCode", `与第 ${c} 行的统一社会信用代码相同`);
      else if (codes.has(v.creditCode)) r.fail("creditCode", "该统一社会信用代码已登记");
      if ((v.latitude === null) !== (v.longitude === null))
        r.fail(v.latitude === null ? "latitude" : "longitude", "经度和纬度要么都填，要么都不填");
      const m = v.maintenanceCompany ? companies.get(v.maintenanceCompany) : null;
      if (v.maintenanceCompany && !m)
        r.fail("maintenanceCompany", `没有名为“${v.maintenanceCompany}”的服务单位，请先导入服务单位`);
      else if (m && m.kind === "INSTALLER")
        r.fail("maintenanceCompany", `“${v.maintenanceCompany}”登记为安装单位，不是维保单位`);
      const inst = v.installerCompany ? companies.get(v.installerCompany) : null;
      if (v.installerCompany && !inst)
        r.fail("installerCompany", `没有名为“${v.installerCompany}”的服务单位，请先导入服务单位`);
      else if (inst && inst.kind === "MAINTENANCE")
        r.fail("installerCompany", `“${v.installerCompany}”登记为维保单位，不是安装单位`);
      if (r.ok) {
        if (v.pilot) pilots++;
        planInsert(
          plan,
          "NetworkedUnit",
          [
            "id",
            "townshipId",
            "name",
            "creditCode",
            "category",
            "keyUnit",
            "sector",
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
            "createdAt",
            "updatedAt",
          ],
          [
            newId(),
            t!,
            v.name,
            v.creditCode,
            v.category,
            v.keyUnit ?? false,
            (v.sector ?? SECTOR_OF_CATEGORY[v.category]) as SectorDepartment,
            v.address,
            v.latitude,
            v.longitude,
            v.phone,
            v.controlRoomLocation,
            v.controlRoomPhone,
            v.hasAutoFireAlarm ?? false,
            m?.id ?? null,
            inst?.id ?? null,
            v.confirmSec,
            v.pilot ?? false,
            ctx.now,
            ctx.now,
          ],
        );
      }
      await tick(ctx, i, rows.length);
    }
    return resolution(e.errors, plan, null, { units: rows.length, pilots });
  },
};

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
] as const;

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
      for (const inv of invites)
        planInsert(plan, "StaffInvite", ["id", "staffUserId", "codeHash", "createdBy", "expiresAt", "createdAt"], inv);
      return resolution(e.errors, plan, extras, { staff: rows.length, unitLinks: links.length });
    },
  };
}

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
