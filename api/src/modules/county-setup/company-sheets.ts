// The company sheets: the maintenance and installation companies, and the networked units they serve.
import type { SectorDepartment } from "../../db/client.ts";
import { emptyPlan, newId, phone, planInsert, rowErrors, text, yesNo, type SheetKind } from "../imports/index.ts";
import {
  SECTOR_OF_CATEGORY,
  addressColumn,
  categoryColumn,
  confirmSecColumn,
  creditCodeColumn,
  sectorColumn,
  unitNameColumn,
} from "../units/index.ts";
import { key, namesTaken, townshipsByName } from "./lookups.ts";
import {
  companyNameColumn,
  contactNameColumn,
  contactPhoneColumn,
  latitudeColumn,
  longitudeColumn,
  optionalCreditCodeColumn,
  qualificationColumn,
  serviceCompanyKindColumn,
} from "./setup-fields.ts";
import { resolution, seenAt, tick, townshipRef, type Done } from "./sheet-kit.ts";

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
