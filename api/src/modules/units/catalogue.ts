// The fixed sets of the unit register in plain Chinese, and what follows from a unit's category: its
// sector department and its default confirmation countdown. (The contract package is to hold the labels
// once it exists; they are here so the import templates and error messages can use them meanwhile.)
import type {
  FacilityKind,
  RolloutStage,
  SectorDepartment,
  ServiceCompanyKind,
  UnitCategory,
} from "../../db/client.ts";
import { ROLLOUT_STAGE_LABEL } from "../../contract/labels.ts";

// Order 61 art. 13 (消防安全重点单位), and "other social unit"
export const UNIT_CATEGORY_LABELS: Readonly<Record<UnitCategory, string>> = {
  SHOPPING_MARKET: "商场、市场",
  HOTEL: "宾馆、饭店",
  SPORTS_VENUE: "体育场馆",
  ENTERTAINMENT: "会堂、公共娱乐场所",
  HOSPITAL: "医院",
  NURSING_HOME: "养老院、福利院",
  BOARDING_SCHOOL: "寄宿制学校",
  KINDERGARTEN: "托儿所、幼儿园",
  SCHOOL: "其他学校",
  GOVERNMENT_OFFICE: "国家机关",
  BROADCAST_TELECOM: "广播电视、邮政、通信枢纽",
  TRANSPORT_HUB: "客运车站、码头、机场",
  CULTURAL_VENUE: "图书馆、展览馆、博物馆、档案馆、文物保护单位",
  POWER: "发电厂（站）、电网经营企业",
  HAZARDOUS_GOODS: "易燃易爆危险品单位",
  LABOUR_INTENSIVE: "劳动密集型企业",
  RESEARCH: "重要科研单位",
  HIGH_RISE_PUBLIC: "高层公共建筑",
  UNDERGROUND: "地下公共建筑",
  WAREHOUSE: "大型物资仓库、堆场",
  CONSTRUCTION_SITE: "重点工程施工现场",
  OTHER: "其他社会单位",
};

export const SECTOR_LABELS: Readonly<Record<SectorDepartment, string>> = {
  EDUCATION: "教育体育局",
  HEALTH: "卫生健康委员会",
  CIVIL_AFFAIRS: "民政局",
  CULTURE_TOURISM: "文化广电旅游局",
  HOUSING: "住房和城乡建设局",
  EMERGENCY: "应急管理局",
  DEVELOPMENT_REFORM: "发展和改革委员会",
  COMMERCE: "商务局（市场监管）",
  INDUSTRY: "工业和信息化局",
  TRANSPORT: "交通运输局",
  OTHER: "其他部门",
};

export const FACILITY_LABELS: Readonly<Record<FacilityKind, string>> = {
  AUTO_FIRE_ALARM: "火灾自动报警系统",
  SPRINKLER: "自动喷水灭火系统",
  HYDRANT_SYSTEM: "消火栓系统",
  SMOKE_CONTROL: "防排烟系统",
  FIRE_DOORS: "防火门、防火卷帘",
  EXTINGUISHERS: "灭火器",
  EMERGENCY_LIGHTING: "应急照明和疏散指示",
  FIRE_PUMP: "消防水泵",
  WATER_TANK: "消防水池、水箱",
  GAS_EXTINGUISHING: "气体灭火系统",
  FOAM: "泡沫灭火系统",
  FIRE_ELEVATOR: "消防电梯",
  PUBLIC_ADDRESS: "应急广播",
  ELECTRICAL_FIRE_MONITOR: "电气火灾监控系统",
  GAS_DETECTION: "可燃气体探测报警系统",
  OTHER: "其他消防设施",
};

export const SERVICE_COMPANY_KIND_LABELS: Readonly<Record<ServiceCompanyKind, string>> = {
  MAINTENANCE: "维保单位",
  INSTALLER: "安装单位",
  BOTH: "维保并安装",
};

export const DOCUMENT_KIND_LABELS = {
  EMERGENCY_PLAN: "灭火和应急疏散预案",
  DRILL: "演练记录",
  TEST_REPORT: "检测报告",
  INSPECTION_RECORD: "防火检查记录",
  OTHER: "其他资料",
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KIND_LABELS;

/** label/code pairs for a choice column */
export function options<C extends string>(labels: Readonly<Record<C, string>>): { code: C; label: string }[] {
  return (Object.entries(labels) as [C, string][]).map(([code, label]) => ({ code, label }));
}

// The department that regulates each category (FIELD-FACTS 9: education for schools, health for hospitals,
// civil affairs for nursing homes, culture and tourism for venues; the rest by the leading group's usual
// split of duties). A unit may be given another sector explicitly.
export const SECTOR_OF_CATEGORY: Readonly<Record<UnitCategory, SectorDepartment>> = {
  SHOPPING_MARKET: "COMMERCE",
  HOTEL: "CULTURE_TOURISM",
  SPORTS_VENUE: "EDUCATION",
  ENTERTAINMENT: "CULTURE_TOURISM",
  HOSPITAL: "HEALTH",
  NURSING_HOME: "CIVIL_AFFAIRS",
  BOARDING_SCHOOL: "EDUCATION",
  KINDERGARTEN: "EDUCATION",
  SCHOOL: "EDUCATION",
  GOVERNMENT_OFFICE: "OTHER",
  BROADCAST_TELECOM: "INDUSTRY",
  TRANSPORT_HUB: "TRANSPORT",
  CULTURAL_VENUE: "CULTURE_TOURISM",
  POWER: "DEVELOPMENT_REFORM",
  HAZARDOUS_GOODS: "EMERGENCY",
  LABOUR_INTENSIVE: "EMERGENCY",
  RESEARCH: "OTHER",
  HIGH_RISE_PUBLIC: "HOUSING",
  UNDERGROUND: "HOUSING",
  WAREHOUSE: "COMMERCE",
  CONSTRUCTION_SITE: "HOUSING",
  OTHER: "OTHER",
};

/** Where a unit is in the roll-out (FIELD-FACTS section 11), as the console shows it (the contract's words). */
export const ROLLOUT_STAGE_LABELS: Readonly<Record<RolloutStage, string>> = ROLLOUT_STAGE_LABEL;
