// The place sheets: townships, property companies (and the communities they manage), communities, buildings
// and households (with their 单元), referred to by name as people know them: 乡镇/街道 + 小区 + 楼栋.
import {
  emptyPlan,
  list,
  newId,
  planInsert,
  rowErrors,
  text,
  type SheetKind,
  type SqlValue,
} from "../imports/index.ts";
import { communities, inChunks, key, namesTaken, theCounty, townshipsByName } from "./lookups.ts";
import {
  buildingFloorsColumn,
  buildingNameColumn,
  communityAddressColumn,
  communityNameColumn,
  companyNameColumn,
  contactPhoneColumn,
  entranceNameColumn,
  householdFloorColumn,
  latitudeColumn,
  longitudeColumn,
  oldHighRiseColumn,
  roomNoColumn,
  townshipKindColumn,
  townshipNameColumn,
  yearBuiltColumn,
} from "./setup-fields.ts";
import {
  MAX_IMPORT_ROWS,
  buildingRef,
  communityRef,
  noCounty,
  resolution,
  seenAt,
  tick,
  townshipRef,
  type Done,
} from "./sheet-kit.ts";

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
