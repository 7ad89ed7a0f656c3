// Setting up a county from nothing, one record at a time (the console's forms): the county, its townships,
// property companies, communities, buildings, their 单元 (stairwell entrances) and households, and the
// maintenance and installation companies. Every write checks names, lengths and duplicates and says what
// is wrong in Chinese. Networked units are put on the register by the units module (UnitService.create).
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { AnyColumn, RowOf } from "../imports/index.ts";
import { readRecord } from "../imports/index.ts";
import type { Caller, UnitPrincipal, UnitScopes } from "../units/index.ts";
import { unitWhere } from "../units/index.ts";
import {
  buildingFloorsColumn,
  buildingNameColumn,
  communityAddressColumn,
  communityNameColumn,
  companyNameColumn,
  contactNameColumn,
  contactPhoneColumn,
  countyCodeColumn,
  countyNameColumn,
  entranceNameColumn,
  householdFloorColumn,
  id,
  latitudeColumn,
  longitudeColumn,
  oldHighRiseColumn,
  optionalCreditCodeColumn,
  qualificationColumn,
  roomNoColumn,
  serviceCompanyKindColumn,
  townshipKindColumn,
  townshipNameColumn,
  yearBuiltColumn,
} from "./setup-fields.ts";
import { ROLE_SETS } from "../../contract/roles.ts";

export const COUNTY_SETUP_ROLES = ROLE_SETS.countySetup;
/** may add communities, buildings and households in their own township */
export const TOWNSHIP_SETUP_ROLES = ROLE_SETS.townshipCoordinator;

export const COUNTY_FIELDS = [countyCodeColumn, countyNameColumn] as const;
export const TOWNSHIP_FIELDS = [townshipNameColumn, townshipKindColumn] as const;
export const PROPERTY_COMPANY_FIELDS = [companyNameColumn, contactPhoneColumn] as const;
export const COMMUNITY_FIELDS = [
  id("townshipId", "乡镇/街道", true),
  communityNameColumn,
  communityAddressColumn,
  latitudeColumn,
  longitudeColumn,
  id("propertyCompanyId", "物业公司", false),
] as const;
export const BUILDING_FIELDS = [
  id("communityId", "小区", true),
  buildingNameColumn,
  buildingFloorsColumn,
  oldHighRiseColumn,
  yearBuiltColumn,
  latitudeColumn,
  longitudeColumn,
] as const;
export const ENTRANCE_FIELDS = [id("buildingId", "楼栋", true), entranceNameColumn] as const;
export const HOUSEHOLD_FIELDS = [
  id("buildingId", "楼栋", true),
  { ...entranceNameColumn, key: "entrance" as const },
  roomNoColumn,
  householdFloorColumn,
] as const;
export const SERVICE_COMPANY_FIELDS = [
  companyNameColumn,
  serviceCompanyKindColumn,
  optionalCreditCodeColumn,
  contactNameColumn,
  contactPhoneColumn,
  qualificationColumn,
] as const;

type Input<C extends readonly AnyColumn[]> = { [K in keyof RowOf<C>]?: RowOf<C>[K] | undefined };

function read<C extends readonly AnyColumn[]>(columns: C, input: object, partial: boolean): Partial<RowOf<C>> {
  const o = input as Record<string, unknown>;
  const r = readRecord(columns, (k) => o[k], { partial, has: (k) => o[k] !== undefined });
  if (r.errors.length)
    throw new AppError("VALIDATION_FAILED", r.errors.map((e) => `${e.header}：${e.reason}`).join("；"), {
      fields: r.errors,
    });
  return r.value;
}

/** Checks an input against columns; throws VALIDATION_FAILED naming every bad field. */
export function check<C extends readonly AnyColumn[]>(columns: C, input: object): RowOf<C> {
  return read(columns, input, false) as unknown as RowOf<C>;
}

/** Checks the fields an update gives (left-out fields stay as they are). */
export function checkPatch<C extends readonly AnyColumn[]>(columns: C, input: object): Partial<RowOf<C>> {
  return read(columns, input, true);
}

const isUnique = (e: unknown) => (e as { code?: string })?.code === "P2002";

async function orConflict<T>(p: Promise<T>, message: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isUnique(e)) throw new AppError("CONFLICT", message);
    throw e;
  }
}

function pairedCoordinates(v: { latitude?: number | null; longitude?: number | null }): void {
  if ((v.latitude == null) !== (v.longitude == null))
    throw new AppError("VALIDATION_FAILED", "经度和纬度要么都填，要么都不填");
}

export class PlaceSetup {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
  ) {}

  // ---- who may ----

  private async countyActor(c: Caller): Promise<UnitPrincipal> {
    const p = await this.scopes.principal(c);
    if (p.kind !== "staff" || !p.active || !(COUNTY_SETUP_ROLES as readonly string[]).includes(p.role))
      throw new AppError("FORBIDDEN", "只有系统管理员或领导小组办公室可以设置全县的基础数据");
    return p;
  }

  /** County roles anywhere; a township coordinator in their own township (elsewhere: not found). */
  private async townshipActor(c: Caller, townshipId: string, what: string): Promise<UnitPrincipal> {
    const p = await this.scopes.principal(c);
    if (p.kind === "staff" && p.active) {
      if ((COUNTY_SETUP_ROLES as readonly string[]).includes(p.role)) return p;
      if ((TOWNSHIP_SETUP_ROLES as readonly string[]).includes(p.role)) {
        if (p.townshipId === townshipId) return p;
        throw new AppError("NOT_FOUND", `找不到该${what}`);
      }
    }
    throw new AppError("FORBIDDEN", "没有权限设置基础数据");
  }

  async county() {
    const rows = await this.prisma.county.findMany({ take: 2, orderBy: { createdAt: "asc" } });
    if (rows.length > 1) throw new AppError("CONFLICT", "系统里有不止一个县，请联系系统管理员");
    return rows[0] ?? null;
  }

  private async requireCounty() {
    const c = await this.county();
    if (!c) throw new AppError("CONFLICT", "请先设置本县的名称和行政区划代码");
    return c;
  }

  // ---- county and townships ----

  async createCounty(c: Caller, input: Input<typeof COUNTY_FIELDS>) {
    await this.countyActor(c);
    const v = check(COUNTY_FIELDS, input);
    const existing = await this.county();
    if (existing) throw new AppError("CONFLICT", `本系统已设置为“${existing.name}”，不能再建一个县`);
    return orConflict(this.prisma.county.create({ data: v }), "该行政区划代码已被使用");
  }

  /**
   * The townships in the caller's unit scope, the ones a unit may be registered in or the register filtered
   * by: the county's all; a township coordinator their own; a unit's people, a sector regulator or a service
   * company the townships of the units they see; nobody else any.
   */
  async listTownships(c: Caller) {
    const s = await this.scopes.of(c);
    if (s.kind === "none") return [];
    return this.prisma.township.findMany({
      where:
        s.kind === "county" ? {} : s.kind === "township" ? { id: s.townshipId } : { units: { some: unitWhere(s) } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, kind: true, _count: { select: { communities: true, units: true } } },
      take: 1000,
    });
  }

  async createTownship(c: Caller, input: Input<typeof TOWNSHIP_FIELDS>) {
    await this.countyActor(c);
    const v = check(TOWNSHIP_FIELDS, input);
    const county = await this.requireCounty();
    return orConflict(
      this.prisma.township.create({ data: { ...v, countyId: county.id } }),
      `已有名为“${v.name}”的乡镇/街道`,
    );
  }

  async updateTownship(c: Caller, townshipId: string, patch: Input<typeof TOWNSHIP_FIELDS>) {
    await this.countyActor(c);
    const v = checkPatch(TOWNSHIP_FIELDS, patch);
    await this.mustExist("township", townshipId, "乡镇/街道");
    return orConflict(
      this.prisma.township.update({ where: { id: townshipId }, data: v }),
      `已有名为“${v.name ?? ""}”的乡镇/街道`,
    );
  }

  // ---- property companies ----

  async listPropertyCompanies() {
    return this.prisma.propertyCompany.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, contactPhone: true, _count: { select: { communities: true } } },
      take: 1000,
    });
  }

  async createPropertyCompany(c: Caller, input: Input<typeof PROPERTY_COMPANY_FIELDS>) {
    await this.countyActor(c);
    const v = check(PROPERTY_COMPANY_FIELDS, input);
    return orConflict(this.prisma.propertyCompany.create({ data: v }), `已有名为“${v.name}”的物业公司`);
  }

  async updatePropertyCompany(c: Caller, companyId: string, patch: Input<typeof PROPERTY_COMPANY_FIELDS>) {
    await this.countyActor(c);
    const v = checkPatch(PROPERTY_COMPANY_FIELDS, patch);
    await this.mustExist("propertyCompany", companyId, "物业公司");
    return orConflict(
      this.prisma.propertyCompany.update({ where: { id: companyId }, data: v }),
      `已有名为“${v.name ?? ""}”的物业公司`,
    );
  }

  // ---- communities ----

  async createCommunity(c: Caller, input: Input<typeof COMMUNITY_FIELDS>) {
    const v = check(COMMUNITY_FIELDS, input);
    await this.townshipActor(c, v.townshipId, "乡镇/街道");
    pairedCoordinates(v);
    await this.mustExist("township", v.townshipId, "乡镇/街道");
    if (v.propertyCompanyId) await this.mustExist("propertyCompany", v.propertyCompanyId, "物业公司");
    return orConflict(this.prisma.community.create({ data: v }), `本乡镇/街道已有名为“${v.name}”的小区`);
  }

  async updateCommunity(c: Caller, communityId: string, patch: Input<typeof COMMUNITY_FIELDS>) {
    const current = await this.prisma.community.findUnique({ where: { id: communityId } });
    if (!current) throw new AppError("NOT_FOUND", "找不到该小区");
    await this.townshipActor(c, current.townshipId, "小区");
    const v = checkPatch(COMMUNITY_FIELDS, patch);
    if (v.townshipId && v.townshipId !== current.townshipId) {
      await this.townshipActor(c, v.townshipId, "乡镇/街道");
      await this.mustExist("township", v.townshipId, "乡镇/街道");
    }
    pairedCoordinates({ latitude: current.latitude, longitude: current.longitude, ...v });
    if (v.propertyCompanyId) await this.mustExist("propertyCompany", v.propertyCompanyId, "物业公司");
    return orConflict(
      this.prisma.community.update({ where: { id: communityId }, data: v }),
      `本乡镇/街道已有名为“${v.name ?? current.name}”的小区`,
    );
  }

  // ---- buildings, 单元, households ----

  private async communityOf(c: Caller, communityId: string) {
    const community = await this.prisma.community.findUnique({ where: { id: communityId } });
    if (!community) throw new AppError("NOT_FOUND", "找不到该小区");
    await this.townshipActor(c, community.townshipId, "小区");
    return community;
  }

  private async buildingOf(c: Caller, buildingId: string) {
    const b = await this.prisma.building.findUnique({
      where: { id: buildingId },
      include: { community: { select: { townshipId: true } } },
    });
    if (!b) throw new AppError("NOT_FOUND", "找不到该楼栋");
    await this.townshipActor(c, b.community.townshipId, "楼栋");
    return b;
  }

  async createBuilding(c: Caller, input: Input<typeof BUILDING_FIELDS>) {
    const v = check(BUILDING_FIELDS, input);
    await this.communityOf(c, v.communityId);
    pairedCoordinates(v);
    return orConflict(
      this.prisma.building.create({ data: { ...v, oldHighRise: v.oldHighRise ?? false } }),
      `该小区已有名为“${v.name}”的楼栋`,
    );
  }

  async updateBuilding(c: Caller, buildingId: string, patch: Input<typeof BUILDING_FIELDS>) {
    const current = await this.buildingOf(c, buildingId);
    const v = checkPatch(BUILDING_FIELDS, patch);
    if (v.communityId && v.communityId !== current.communityId) await this.communityOf(c, v.communityId);
    pairedCoordinates({ latitude: current.latitude, longitude: current.longitude, ...v });
    if (v.floors !== undefined) {
      const above = await this.prisma.household.count({
        where: { unit: { buildingId }, floor: { gt: v.floors } },
      });
      if (above > 0) throw new AppError("CONFLICT", `有 ${above} 户的楼层高于 ${v.floors} 层，请先核对这些住户`);
    }
    const { oldHighRise, ...rest } = v;
    return orConflict(
      this.prisma.building.update({
        where: { id: buildingId },
        data: { ...rest, ...(oldHighRise !== undefined ? { oldHighRise: oldHighRise ?? false } : {}) },
      }),
      `该小区已有名为“${v.name ?? current.name}”的楼栋`,
    );
  }

  async createEntrance(c: Caller, input: Input<typeof ENTRANCE_FIELDS>) {
    const v = check(ENTRANCE_FIELDS, input);
    await this.buildingOf(c, v.buildingId);
    return orConflict(this.prisma.unit.create({ data: v }), `该楼栋已有“${v.name}”`);
  }

  /** A household in a building's 单元 (created if the building has no 单元 of that name yet). */
  async createHousehold(c: Caller, input: Input<typeof HOUSEHOLD_FIELDS>) {
    const v = check(HOUSEHOLD_FIELDS, input);
    const b = await this.buildingOf(c, v.buildingId);
    if (v.floor > b.floors) throw new AppError("VALIDATION_FAILED", `楼层超过了该楼栋的层数（${b.floors} 层）`);
    return this.prisma.$transaction(async (tx) => {
      const entrance = await tx.unit.upsert({
        where: { buildingId_name: { buildingId: v.buildingId, name: v.entrance } },
        create: { buildingId: v.buildingId, name: v.entrance },
        update: {},
      });
      return orConflict(
        tx.household.create({ data: { unitId: entrance.id, roomNo: v.roomNo, floor: v.floor } }),
        `${b.name}${v.entrance}已有 ${v.roomNo} 室`,
      );
    });
  }

  // ---- service companies ----

  async listServiceCompanies() {
    return this.prisma.serviceCompany.findMany({ orderBy: { name: "asc" }, take: 1000 });
  }

  async createServiceCompany(c: Caller, input: Input<typeof SERVICE_COMPANY_FIELDS>) {
    await this.countyActor(c);
    const v = check(SERVICE_COMPANY_FIELDS, input);
    if (await this.prisma.serviceCompany.findUnique({ where: { name: v.name } }))
      throw new AppError("CONFLICT", `已有名为“${v.name}”的服务单位`);
    if (v.creditCode && (await this.prisma.serviceCompany.findUnique({ where: { creditCode: v.creditCode } })))
      throw new AppError("CONFLICT", "该统一社会信用代码已登记为另一家服务单位");
    return orConflict(this.prisma.serviceCompany.create({ data: v }), `已有名为“${v.name}”的服务单位`);
  }

  async updateServiceCompany(c: Caller, companyId: string, patch: Input<typeof SERVICE_COMPANY_FIELDS>) {
    await this.countyActor(c);
    const v = checkPatch(SERVICE_COMPANY_FIELDS, patch);
    const current = await this.prisma.serviceCompany.findUnique({ where: { id: companyId } });
    if (!current) throw new AppError("NOT_FOUND", "找不到该服务单位");
    if (v.kind && v.kind !== current.kind && v.kind !== "BOTH") {
      // a company cannot stop doing what units and technicians rely on it for
      const inUse =
        v.kind === "INSTALLER"
          ? await this.prisma.networkedUnit.count({ where: { maintenanceCompanyId: companyId } })
          : await this.prisma.networkedUnit.count({ where: { installerCompanyId: companyId } });
      if (inUse > 0) throw new AppError("CONFLICT", `还有 ${inUse} 个单位依靠该公司原来的服务，不能改类型`);
    }
    return orConflict(
      this.prisma.serviceCompany.update({ where: { id: companyId }, data: v }),
      "同名服务单位或统一社会信用代码已存在",
    );
  }

  private async mustExist(model: "township" | "propertyCompany", rowId: string, what: string): Promise<void> {
    const n =
      model === "township"
        ? await this.prisma.township.count({ where: { id: rowId } })
        : await this.prisma.propertyCompany.count({ where: { id: rowId } });
    if (n !== 1) throw new AppError("NOT_FOUND", `找不到该${what}`);
  }
}
