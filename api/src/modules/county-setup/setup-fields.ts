// The rules of the county's places, companies and staff accounts, written once as columns: the services
// check their inputs with them and the import sheets reuse them.
import type { SectorDepartment, ServiceCompanyKind, StaffRole, TownshipKind } from "../../db/client.ts";
import { STAFF_ROLE_LABEL } from "../../contract/labels.ts";
import { choice, custom, decimal, int, phone, text, yesNo, type Option } from "../imports/index.ts";
import { SECTOR_LABELS, SERVICE_COMPANY_KIND_LABELS, checkCreditCode, options } from "../units/index.ts";

export const TOWNSHIP_KIND_LABELS: Readonly<Record<TownshipKind, string>> = { TOWN: "镇", SUBDISTRICT: "街道" };

// What each role is called on screen and in the staff sheet: the contract's names (api/src/contract/labels.ts),
// one for each role of the database and no other
export const STAFF_ROLE_LABELS: Readonly<Record<StaffRole, string>> = STAFF_ROLE_LABEL;
const sameRoles: [keyof typeof STAFF_ROLE_LABEL] extends [StaffRole] ? true : never = true;
void sameRoles;

const townshipKinds: Option<TownshipKind>[] = options(TOWNSHIP_KIND_LABELS);
export const townshipKindColumn = choice("kind", "类型", {
  required: true,
  options: townshipKinds,
  aliases: { 乡: "TOWN", 街道办事处: "SUBDISTRICT" },
  example: "街道",
});

export const countyCodeColumn = text("code", "行政区划代码", {
  required: true,
  min: 6,
  max: 6,
  pattern: /^\d{6}$/,
  patternReason: "行政区划代码是 6 位数字",
  asText: true,
  example: "360199",
});
export const countyNameColumn = text("name", "县名", { required: true, min: 2, max: 20, example: "示范县" });
export const townshipNameColumn = text("name", "名称", { required: true, min: 2, max: 20, example: "城关街道" });
export const communityNameColumn = text("name", "小区名称", { required: true, min: 2, max: 40, example: "幸福小区" });
export const communityAddressColumn = text("address", "地址", {
  required: true,
  min: 2,
  max: 120,
  example: "城关街道人民路 88 号",
});
export const buildingNameColumn = text("name", "楼栋名称", { required: true, max: 20, example: "1号楼" });
export const buildingFloorsColumn = int("floors", "层数", { required: true, min: 1, max: 100, example: "17" });
export const oldHighRiseColumn = yesNo("oldHighRise", "老旧高层", {
  required: false,
  example: "是",
  note: "填“是”或“否”：老旧高层住宅是安装烟感的重点（不填为否）",
});
export const yearBuiltColumn = int("yearBuilt", "建成年份", { required: false, min: 1900, max: 2100, example: "1998" });
export const latitudeColumn = decimal("latitude", "纬度", { required: false, min: 3, max: 54, example: "28.6823" });
export const longitudeColumn = decimal("longitude", "经度", {
  required: false,
  min: 73,
  max: 136,
  example: "115.8581",
});
export const entranceNameColumn = text("name", "单元", { required: true, max: 20, example: "1单元" });
export const roomNoColumn = text("roomNo", "房号", {
  required: true,
  max: 20,
  pattern: /^[A-Za-z0-9-]+$/,
  patternReason: "房号只能用数字、字母和“-”，如 1203",
  asText: true,
  example: "1203",
});
export const householdFloorColumn = int("floor", "楼层", { required: true, min: 1, max: 100, example: "12" });
export const companyNameColumn = text("name", "名称", { required: true, min: 2, max: 60, example: "安居物业" });
export const serviceCompanyKindColumn = choice("kind", "类型", {
  required: true,
  options: options<ServiceCompanyKind>(SERVICE_COMPANY_KIND_LABELS),
  example: SERVICE_COMPANY_KIND_LABELS.MAINTENANCE,
});
export const optionalCreditCodeColumn = custom("creditCode", "统一社会信用代码", {
  required: false,
  max: 24,
  asText: true,
  example: "91360199MA35ABCDEF",
  note: "18 位，见营业执照；会核对校验码",
  parse: (t) => {
    const c = checkCreditCode(t);
    return c.ok ? { ok: true, value: c.code } : { ok: false, reason: c.reason };
  },
});
export const contactNameColumn = text("contactName", "联系人", { required: false, max: 20, example: "王工" });
export const contactPhoneColumn = phone("contactPhone", "联系电话", { required: false, example: "0791-88880001" });
export const qualificationColumn = text("qualification", "资质证书编号", { required: false, max: 60, example: "" });

// Usernames are kept in lower case, so "Wang" and "wang" cannot become two accounts
const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/;
export const usernameColumn = custom("username", "用户名", {
  required: true,
  max: 32,
  asText: true,
  example: "yy_zhiban1",
  note: "3-32 位，小写字母开头，只能含字母、数字、“_”“.”“-”；登录时使用",
  parse: (t) => {
    const v = t.toLowerCase();
    return USERNAME.test(v)
      ? { ok: true, value: v }
      : { ok: false, reason: "用户名应为 3-32 位，字母开头，只能含字母、数字、“_”“.”“-”" };
  },
});
export const staffNameColumn = text("name", "姓名", { required: true, max: 20, example: "李明" });
export const mobileColumn = text("phone", "手机号", {
  required: false,
  max: 11,
  pattern: /^1[3-9]\d{9}$/,
  patternReason: "手机号应为 11 位数字",
  asText: true,
  example: "13900000001",
});
export const roleColumn = choice("role", "角色", {
  required: true,
  options: options<StaffRole>(STAFF_ROLE_LABELS),
  example: STAFF_ROLE_LABELS.CONTROL_ROOM_OPERATOR,
});
export const staffSectorColumn = choice("sector", "行业主管部门", {
  required: false,
  options: options<SectorDepartment>(SECTOR_LABELS),
  example: "",
  note: "角色为“行业主管部门监管人”时必填",
});

export const id = <K extends string, R extends boolean>(key: K, header: string, required: R) =>
  text(key, header, { required, max: 64, example: "", pattern: /^[A-Za-z0-9_-]+$/, patternReason: "编号格式不对" });
