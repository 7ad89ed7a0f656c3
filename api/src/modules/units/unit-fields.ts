// The rules of a unit's file, written once as import columns: the unit service checks its inputs with
// them and the units import sheet reuses them, so the console, the API and a spreadsheet agree.
import type { FacilityKind, SectorDepartment, UnitCategory } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import {
  choice,
  custom,
  decimal,
  int,
  phone,
  readRecord,
  text,
  yesNo,
  type AnyColumn,
  type RowOf,
} from "../imports/index.ts";
import { FACILITY_LABELS, SECTOR_LABELS, UNIT_CATEGORY_LABELS, options } from "./catalogue.ts";
import { checkCreditCode } from "./credit-code.ts";
import { CONFIRM_SEC_MAX, CONFIRM_SEC_MIN } from "./confirm-countdown.ts";

export const MAX_BUILDINGS = 100;
export const MAX_KEY_PARTS = 300;

const id = <K extends string, R extends boolean>(key: K, header: string, required: R) =>
  text(key, header, { required, max: 64, example: "", pattern: /^[A-Za-z0-9_-]+$/, patternReason: "编号格式不对" });

export const creditCodeColumn = <K extends string>(key: K) =>
  custom(key, "统一社会信用代码", {
    required: true,
    max: 24,
    asText: true,
    example: "91360199MA35ABCDEF",
    note: "18 位，见营业执照或登记证书；会核对最后一位校验码",
    parse: (t) => {
      const c = checkCreditCode(t);
      return c.ok ? { ok: true, value: c.code } : { ok: false, reason: c.reason };
    },
  });

export const unitNameColumn = text("name", "单位名称", { required: true, min: 2, max: 60, example: "示范县人民医院" });
export const categoryColumn = choice("category", "单位类别", {
  required: true,
  options: options<UnitCategory>(UNIT_CATEGORY_LABELS),
  example: UNIT_CATEGORY_LABELS.HOSPITAL,
});
export const sectorColumn = choice("sector", "行业主管部门", {
  required: false,
  options: options<SectorDepartment>(SECTOR_LABELS),
  example: SECTOR_LABELS.HEALTH,
  note: "不填时按单位类别确定（如医院归卫生健康委员会，学校归教育体育局）",
});
// China lies between about 3-54 degrees north and 73-136 east; a pair outside is a typing mistake (or
// swapped latitude and longitude)
export const latitudeColumn = decimal("latitude", "纬度", { required: false, min: 3, max: 54, example: "28.6851" });
export const longitudeColumn = decimal("longitude", "经度", {
  required: false,
  min: 73,
  max: 136,
  example: "115.8612",
});
export const addressColumn = text("address", "地址", {
  required: true,
  min: 2,
  max: 120,
  example: "城关街道人民路 120 号",
});
export const confirmSecColumn = int("confirmSec", "火警确认时限（秒）", {
  required: false,
  min: CONFIRM_SEC_MIN,
  max: CONFIRM_SEC_MAX,
  example: "",
  note: `不填按单位类别的默认时限；${CONFIRM_SEC_MIN}-${CONFIRM_SEC_MAX} 秒`,
});

export const UNIT_BASE_FIELDS = [
  unitNameColumn,
  creditCodeColumn("creditCode"),
  categoryColumn,
  yesNo("keyUnit", "消防安全重点单位", { required: false, example: "是" }),
  sectorColumn,
  id("townshipId", "乡镇/街道", true),
  addressColumn,
  latitudeColumn,
  longitudeColumn,
  phone("phone", "单位电话", { required: false, example: "0791-88881234" }),
  text("controlRoomLocation", "消防控制室位置", { required: false, max: 60, example: "门诊楼一层东侧" }),
  phone("controlRoomPhone", "消防控制室电话", { required: false, example: "0791-88881119" }),
  yesNo("hasAutoFireAlarm", "设有火灾自动报警系统", { required: false, example: "是" }),
  id("maintenanceCompanyId", "维保单位", false),
  id("installerCompanyId", "安装单位", false),
  confirmSecColumn,
  yesNo("pilot", "试点单位", { required: false, example: "否" }),
] as const;

export const BUILDING_FIELDS = [
  text("name", "建筑名称", { required: true, max: 40, example: "门诊楼" }),
  int("floorsAbove", "地上层数", { required: true, min: 1, max: 200, example: "5" }),
  int("floorsBelow", "地下层数", { required: false, min: 0, max: 20, example: "1" }),
  decimal("heightM", "建筑高度（米）", { required: false, min: 0, max: 700, example: "21.6" }),
  decimal("areaM2", "建筑面积（平方米）", { required: false, min: 0, max: 5_000_000, example: "12000" }),
  text("use", "使用性质", { required: false, max: 30, example: "医疗" }),
  yesNo("highRise", "高层建筑", { required: false, example: "否" }),
  int("yearBuilt", "建成年份", { required: false, min: 1900, max: 2100, example: "2008" }),
] as const;

export const KEY_PART_FIELDS = [
  text("name", "重点部位", { required: true, max: 40, example: "配电室" }),
  text("building", "所在建筑", { required: false, max: 40, example: "门诊楼" }),
  int("floor", "楼层", { required: false, min: -20, max: 200, example: "-1" }),
  text("description", "说明", { required: false, max: 200, example: "高低压配电柜" }),
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const FACILITY_FIELDS = [
  choice("kind", "消防设施", {
    required: true,
    options: options<FacilityKind>(FACILITY_LABELS),
    example: FACILITY_LABELS.AUTO_FIRE_ALARM,
  }),
  int("count", "数量", { required: false, min: 1, max: 100_000, example: "1" }),
  text("description", "说明", { required: false, max: 200, example: "海湾 GST200 控制器 1 台，探测器 420 只" }),
  id("maintenanceCompanyId", "维保单位", false),
  text("installedOn", "安装日期", {
    required: false,
    max: 10,
    example: "2019-06-01",
    pattern: DAY,
    patternReason: "日期应写成 2019-06-01 的样子",
  }),
] as const;

export type UnitBase = RowOf<typeof UNIT_BASE_FIELDS>;
export type BuildingRow = RowOf<typeof BUILDING_FIELDS>;
export type KeyPartRow = RowOf<typeof KEY_PART_FIELDS>;
export type FacilityRow = RowOf<typeof FACILITY_FIELDS>;

type Loose<T> = { [K in keyof T]?: T[K] | null | undefined };

/** What a caller sends to create a unit's file (optional fields may be left out). */
export type UnitBaseInput = Pick<UnitBase, "name" | "creditCode" | "category" | "townshipId" | "address"> &
  Loose<Omit<UnitBase, "name" | "creditCode" | "category" | "townshipId" | "address">>;
export type BuildingInput = Pick<BuildingRow, "name" | "floorsAbove"> &
  Loose<Omit<BuildingRow, "name" | "floorsAbove">>;
export type KeyPartInput = Pick<KeyPartRow, "name"> & Loose<Omit<KeyPartRow, "name">>;
export type FacilityInput = Pick<FacilityRow, "kind"> & Loose<Omit<FacilityRow, "kind">>;

export interface UnitFileLists {
  buildings?: BuildingInput[] | undefined;
  keyParts?: KeyPartInput[] | undefined;
  facilities?: FacilityInput[] | undefined;
}
export type UnitFileInput = UnitBaseInput & UnitFileLists;
/** An update: the fields given change; a list given replaces the unit's list (matched by name or kind). */
export type UnitPatch = Loose<UnitBase> & UnitFileLists;

function fail(prefix: string, errors: { header: string; reason: string }[]): never {
  throw new AppError("VALIDATION_FAILED", `${prefix}${errors.map((e) => `${e.header}：${e.reason}`).join("；")}`, {
    fields: errors,
  });
}

/** Checks an object against columns; throws VALIDATION_FAILED naming every bad field. */
export function checkRecord<C extends readonly AnyColumn[]>(
  columns: C,
  input: object,
  opts: { partial?: boolean; prefix?: string } = {},
): Partial<RowOf<C>> {
  const o = input as Record<string, unknown>;
  const r = readRecord(columns, (k) => o[k], { partial: opts.partial ?? false, has: (k) => o[k] !== undefined });
  if (r.errors.length) fail(opts.prefix ?? "", r.errors);
  return r.value;
}

/** Checks a list of records, each error prefixed with the item's position and name. */
export function checkList<C extends readonly AnyColumn[]>(
  columns: C,
  items: readonly object[],
  what: string,
  max: number,
): RowOf<C>[] {
  if (items.length > max) throw new AppError("VALIDATION_FAILED", `${what}最多 ${max} 个`);
  return items.map((item, i) => {
    const name = (item as { name?: unknown }).name;
    return checkRecord(columns, item, {
      prefix: `第 ${i + 1} 个${what}${typeof name === "string" && name ? `“${name.slice(0, 40)}”` : ""}：`,
    }) as unknown as RowOf<C>;
  });
}

/** Two entries with the same key in one list. */
export function firstDuplicate<T>(items: readonly T[], key: (t: T) => string): string | null {
  const seen = new Set<string>();
  for (const it of items) {
    const k = key(it);
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return null;
}
