// Demo networked units for the demo county (issue 14): nine units of different categories in the demo's
// two townships, near its communities, two of them pilots, each with its buildings, key parts, facilities
// and people (responsible person, manager, safety officer, two control-room operators); a maintenance and
// an installation company with their technicians; sector regulators for education, health and civil
// affairs; a monitoring-centre operator and the programme office. Plain data first, then seedUnitsDemo() writes it.
// Passwords are random per database, like the rest of the demo, and returned for data/demo.json (`units`).
// Not yet called by demo-seed.ts: the second phase of issue 14 wires it in.
import { randomBytes } from "node:crypto";
import type {
  FacilityKind,
  Prisma,
  SectorDepartment,
  ServiceCompanyKind,
  StaffRole,
  UnitCategory,
} from "../../api/src/db/client.ts";

export interface DemoUnitBuilding {
  name: string;
  floorsAbove: number;
  floorsBelow: number;
  heightM: number;
  areaM2: number;
  use: string;
  yearBuilt: number;
}

export interface DemoUnitSpec {
  key: string;
  name: string;
  /** GB 32100-2015, check character verified by prisma/seed/units-demo.test.ts */
  creditCode: string;
  category: UnitCategory;
  sector: SectorDepartment;
  township: "城关街道" | "青石镇";
  address: string;
  latitude: number;
  longitude: number;
  phone: string;
  controlRoom: { location: string; phone: string };
  keyUnit: boolean;
  pilot: boolean;
  maintained: boolean;
  installed: boolean;
  buildings: DemoUnitBuilding[];
  keyParts: { name: string; building: string | null; floor: number | null; description: string }[];
  facilities: { kind: FacilityKind; count: number; description?: string; maintainedByCompany?: boolean }[];
  /** responsible person, manager, safety officer, two control-room operators */
  people: [string, string, string, string, string];
}

const b = (
  name: string,
  floorsAbove: number,
  floorsBelow: number,
  heightM: number,
  areaM2: number,
  use: string,
  yearBuilt: number,
): DemoUnitBuilding => ({ name, floorsAbove, floorsBelow, heightM, areaM2, use, yearBuilt });

// Coordinates lie within a kilometre or two of the demo communities (幸福小区 28.6823/115.8581, 和平花园
// 28.6871/115.8652, 青石新村 28.7412/115.9133), so the centre's map shows them together.
export const DEMO_UNITS: readonly DemoUnitSpec[] = [
  {
    key: "yy",
    name: "示范县人民医院",
    creditCode: "12360199491200017A",
    category: "HOSPITAL",
    sector: "HEALTH",
    township: "城关街道",
    address: "城关街道人民路 120 号",
    latitude: 28.6851,
    longitude: 115.8612,
    phone: "0791-88881000",
    controlRoom: { location: "门诊楼一层东侧", phone: "0791-88881119" },
    keyUnit: true,
    pilot: true,
    maintained: true,
    installed: true,
    buildings: [
      b("门诊楼", 5, 1, 21.6, 12_800, "医疗", 2006),
      b("住院楼", 12, 1, 46.8, 26_500, "医疗、住宿", 2012),
      b("后勤楼", 3, 0, 12.0, 3200, "食堂、库房", 2006),
    ],
    keyParts: [
      { name: "住院部病区", building: "住院楼", floor: null, description: "3-12 层病房，夜间有行动不便的病人" },
      { name: "手术室", building: "门诊楼", floor: 4, description: "手术间 6 间，有医用气体" },
      { name: "高低压配电室", building: "门诊楼", floor: -1, description: "全院供电" },
      { name: "医用氧气站", building: null, floor: null, description: "液氧储罐，院区西北角" },
      { name: "药库", building: "后勤楼", floor: 1, description: "含酒精等易燃药品" },
      { name: "职工食堂厨房", building: "后勤楼", floor: 1, description: "燃气灶具" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1, description: "火灾报警控制器 2 台，探测器 1260 只" },
      { kind: "SPRINKLER", count: 3100, description: "喷头数" },
      { kind: "HYDRANT_SYSTEM", count: 86, description: "室内消火栓" },
      { kind: "SMOKE_CONTROL", count: 12, description: "排烟风机" },
      { kind: "FIRE_DOORS", count: 140 },
      { kind: "EXTINGUISHERS", count: 420 },
      { kind: "EMERGENCY_LIGHTING", count: 680 },
      { kind: "FIRE_PUMP", count: 4 },
      { kind: "WATER_TANK", count: 2, description: "地下消防水池 1 座、屋顶水箱 1 座" },
      { kind: "FIRE_ELEVATOR", count: 2 },
      { kind: "PUBLIC_ADDRESS", count: 1 },
      { kind: "GAS_EXTINGUISHING", count: 1, description: "信息机房七氟丙烷" },
    ],
    people: ["胡建国", "钱丽华", "邓志强", "孙敏", "周涛"],
  },
  {
    key: "yz",
    name: "示范县第一中学",
    creditCode: "123601994912000255",
    category: "BOARDING_SCHOOL",
    sector: "EDUCATION",
    township: "城关街道",
    address: "城关街道学府路 1 号",
    latitude: 28.6792,
    longitude: 115.8543,
    phone: "0791-88882000",
    controlRoom: { location: "行政楼一层", phone: "0791-88882119" },
    keyUnit: true,
    pilot: true,
    maintained: true,
    installed: true,
    buildings: [
      b("教学楼", 5, 0, 19.8, 9600, "教学", 2009),
      b("学生宿舍楼", 6, 0, 20.4, 8400, "住宿", 2009),
      b("食堂", 2, 0, 9.6, 3000, "餐饮", 2010),
      b("实验楼", 4, 0, 16.8, 4200, "教学实验", 2015),
    ],
    keyParts: [
      { name: "学生宿舍", building: "学生宿舍楼", floor: null, description: "寄宿学生 1800 人" },
      { name: "食堂厨房", building: "食堂", floor: 1, description: "燃气灶具、排油烟管道" },
      { name: "化学实验室", building: "实验楼", floor: 3, description: "危险化学品柜" },
      { name: "配电房", building: "食堂", floor: 1, description: "校园供电" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1, description: "火灾报警控制器 1 台，探测器 640 只" },
      { kind: "HYDRANT_SYSTEM", count: 48 },
      { kind: "EXTINGUISHERS", count: 260 },
      { kind: "EMERGENCY_LIGHTING", count: 410 },
      { kind: "FIRE_PUMP", count: 2 },
      { kind: "WATER_TANK", count: 1 },
    ],
    people: ["赵振华", "陈立新", "黄海", "刘芳", "杨帆"],
  },
  {
    key: "jly",
    name: "青石镇敬老院",
    creditCode: "123601994912000330",
    category: "NURSING_HOME",
    sector: "CIVIL_AFFAIRS",
    township: "青石镇",
    address: "青石镇敬老路 8 号",
    latitude: 28.7436,
    longitude: 115.9102,
    phone: "0791-88883000",
    controlRoom: { location: "综合楼一层值班室", phone: "0791-88883119" },
    keyUnit: true,
    pilot: false,
    maintained: false,
    installed: true,
    buildings: [b("住养楼", 3, 0, 10.8, 2600, "老年人照料", 2004), b("综合楼", 2, 0, 7.5, 900, "餐饮、办公", 2004)],
    keyParts: [
      { name: "老人居室", building: "住养楼", floor: null, description: "入住老人 86 人，其中卧床 14 人" },
      { name: "厨房", building: "综合楼", floor: 1, description: "液化气灶具" },
      { name: "配电房", building: "综合楼", floor: 1, description: "" },
      { name: "洗衣房", building: "综合楼", floor: 1, description: "烘干机" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1, description: "2023 年改造加装" },
      { kind: "EXTINGUISHERS", count: 60 },
      { kind: "EMERGENCY_LIGHTING", count: 90 },
      { kind: "ELECTRICAL_FIRE_MONITOR", count: 1 },
    ],
    people: ["吴德明", "郑秀英", "冯卫东", "蒋玲", "韩冬"],
  },
  {
    key: "gw",
    name: "万家福购物中心",
    creditCode: "91360199MA35GW0A19",
    category: "SHOPPING_MARKET",
    sector: "COMMERCE",
    township: "城关街道",
    address: "城关街道解放路 58 号",
    latitude: 28.688,
    longitude: 115.8671,
    phone: "0791-88884000",
    controlRoom: { location: "负一层东北角", phone: "0791-88884119" },
    keyUnit: true,
    pilot: false,
    maintained: true,
    installed: true,
    buildings: [b("购物中心主楼", 6, 2, 32.5, 68_000, "商业", 2016)],
    keyParts: [
      { name: "地下车库", building: "购物中心主楼", floor: -2, description: "车位 620 个" },
      { name: "美食广场厨房", building: "购物中心主楼", floor: 5, description: "商户 28 家，燃气" },
      { name: "儿童游乐区", building: "购物中心主楼", floor: 4, description: "" },
      { name: "配电室", building: "购物中心主楼", floor: -1, description: "" },
      { name: "消防水泵房", building: "购物中心主楼", floor: -2, description: "" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1, description: "火灾报警控制器 3 台，探测器 2400 只" },
      { kind: "SPRINKLER", count: 7800 },
      { kind: "HYDRANT_SYSTEM", count: 120 },
      { kind: "SMOKE_CONTROL", count: 26 },
      { kind: "FIRE_DOORS", count: 210, description: "含防火卷帘 64 樘" },
      { kind: "EXTINGUISHERS", count: 640 },
      { kind: "EMERGENCY_LIGHTING", count: 1500 },
      { kind: "FIRE_PUMP", count: 4 },
      { kind: "WATER_TANK", count: 2 },
      { kind: "PUBLIC_ADDRESS", count: 1 },
      { kind: "ELECTRICAL_FIRE_MONITOR", count: 1 },
    ],
    people: ["林国栋", "何晓燕", "罗斌", "高静", "梁宇"],
  },
  {
    key: "bg",
    name: "示范县迎宾馆",
    creditCode: "91360199MA35YB0B2Y",
    category: "HOTEL",
    sector: "CULTURE_TOURISM",
    township: "城关街道",
    address: "城关街道迎宾大道 9 号",
    latitude: 28.6838,
    longitude: 115.872,
    phone: "0791-88885000",
    controlRoom: { location: "客房楼一层大堂后", phone: "0791-88885119" },
    keyUnit: true,
    pilot: false,
    maintained: true,
    installed: false,
    buildings: [b("客房楼", 14, 1, 49.5, 16_000, "旅馆", 2011), b("餐饮楼", 3, 0, 13.5, 4200, "餐饮、会议", 2011)],
    keyParts: [
      { name: "客房", building: "客房楼", floor: null, description: "客房 236 间" },
      { name: "中餐厨房", building: "餐饮楼", floor: 1, description: "燃气" },
      { name: "锅炉房", building: "餐饮楼", floor: 1, description: "燃气热水锅炉" },
      { name: "会议厅", building: "餐饮楼", floor: 3, description: "可容纳 400 人" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1 },
      { kind: "SPRINKLER", count: 2900 },
      { kind: "HYDRANT_SYSTEM", count: 64 },
      { kind: "SMOKE_CONTROL", count: 8 },
      { kind: "EXTINGUISHERS", count: 300 },
      { kind: "EMERGENCY_LIGHTING", count: 520 },
      { kind: "FIRE_PUMP", count: 2 },
      { kind: "WATER_TANK", count: 2 },
      { kind: "FIRE_ELEVATOR", count: 1 },
    ],
    people: ["曹志远", "许婷", "谢军", "唐丽", "冯磊"],
  },
  {
    key: "xy",
    name: "青石鞋业有限公司",
    creditCode: "91360199MA35XY0C3L",
    category: "LABOUR_INTENSIVE",
    sector: "EMERGENCY",
    township: "青石镇",
    address: "青石镇工业园纬二路 6 号",
    latitude: 28.7481,
    longitude: 115.9188,
    phone: "0791-88886000",
    controlRoom: { location: "1号厂房一层门卫旁", phone: "0791-88886119" },
    keyUnit: true,
    pilot: false,
    maintained: false,
    installed: false,
    buildings: [
      b("1号厂房", 4, 0, 18.0, 9600, "丙类厂房（制鞋）", 2013),
      b("员工宿舍", 5, 0, 16.5, 3800, "住宿", 2013),
    ],
    keyParts: [
      { name: "刷胶车间", building: "1号厂房", floor: 2, description: "胶粘剂、稀释剂，员工 120 人" },
      { name: "成品仓库", building: "1号厂房", floor: 1, description: "纸箱包装成品" },
      { name: "员工宿舍", building: "员工宿舍", floor: null, description: "住宿员工 300 人" },
      { name: "配电房", building: "1号厂房", floor: 1, description: "" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1 },
      { kind: "HYDRANT_SYSTEM", count: 40 },
      { kind: "EXTINGUISHERS", count: 180 },
      { kind: "EMERGENCY_LIGHTING", count: 260 },
      { kind: "ELECTRICAL_FIRE_MONITOR", count: 1 },
    ],
    people: ["彭长青", "潘红梅", "袁刚", "蔡琳", "田野"],
  },
  {
    key: "jr",
    name: "示范县金融大厦",
    creditCode: "91360199MA35JR0D4F",
    category: "HIGH_RISE_PUBLIC",
    sector: "HOUSING",
    township: "城关街道",
    address: "城关街道人民路 200 号",
    latitude: 28.6861,
    longitude: 115.8598,
    phone: "0791-88887000",
    controlRoom: { location: "一层大堂西侧", phone: "0791-88887119" },
    keyUnit: true,
    pilot: false,
    maintained: true,
    installed: false,
    buildings: [b("金融大厦", 24, 2, 99.6, 52_000, "办公", 2018)],
    keyParts: [
      { name: "数据机房", building: "金融大厦", floor: 18, description: "银行数据中心，气体灭火" },
      { name: "柴油发电机房", building: "金融大厦", floor: -1, description: "储油间 1 m³" },
      { name: "地下车库", building: "金融大厦", floor: -2, description: "" },
      { name: "高低压配电室", building: "金融大厦", floor: -1, description: "" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1 },
      { kind: "SPRINKLER", count: 6200 },
      { kind: "HYDRANT_SYSTEM", count: 110 },
      { kind: "SMOKE_CONTROL", count: 18 },
      { kind: "FIRE_DOORS", count: 180 },
      { kind: "EXTINGUISHERS", count: 520 },
      { kind: "EMERGENCY_LIGHTING", count: 1100 },
      { kind: "FIRE_PUMP", count: 4 },
      { kind: "WATER_TANK", count: 2 },
      { kind: "GAS_EXTINGUISHING", count: 2 },
      { kind: "FIRE_ELEVATOR", count: 2 },
      { kind: "PUBLIC_ADDRESS", count: 1 },
    ],
    people: ["沈卫平", "韦娜", "马超", "陆佳", "邱晨"],
  },
  {
    key: "wl",
    name: "青石物流仓储中心",
    creditCode: "91360199MA35WL0E5W",
    category: "WAREHOUSE",
    sector: "COMMERCE",
    township: "青石镇",
    address: "青石镇物流园 1 号",
    latitude: 28.7512,
    longitude: 115.924,
    phone: "0791-88888000",
    controlRoom: { location: "办公楼一层", phone: "0791-88888119" },
    keyUnit: true,
    pilot: false,
    maintained: true,
    installed: false,
    buildings: [
      b("1号仓库", 1, 0, 12.0, 18_000, "丙类仓库", 2019),
      b("2号仓库", 1, 0, 12.0, 12_000, "丙类仓库", 2020),
      b("办公楼", 3, 0, 11.4, 1800, "办公", 2019),
    ],
    keyParts: [
      { name: "1号仓库货架区", building: "1号仓库", floor: 1, description: "日用百货，高架货架" },
      { name: "叉车充电区", building: "2号仓库", floor: 1, description: "锂电池叉车 16 台" },
      { name: "配电房", building: "办公楼", floor: 1, description: "" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1 },
      { kind: "SPRINKLER", count: 4600, description: "仓库早期抑制快速响应喷头" },
      { kind: "HYDRANT_SYSTEM", count: 36 },
      { kind: "EXTINGUISHERS", count: 240 },
      { kind: "FIRE_PUMP", count: 2 },
      { kind: "WATER_TANK", count: 1 },
    ],
    people: ["姚远", "卢梅", "石磊", "贺楠", "龙飞"],
  },
  {
    key: "yey",
    name: "城关中心幼儿园",
    creditCode: "12360199491200041T",
    category: "KINDERGARTEN",
    sector: "EDUCATION",
    township: "城关街道",
    address: "城关街道育才路 2 号",
    latitude: 28.6805,
    longitude: 115.8569,
    phone: "0791-88889000",
    controlRoom: { location: "教学楼一层门卫室", phone: "0791-88889119" },
    keyUnit: true,
    pilot: false,
    maintained: false,
    installed: false,
    buildings: [b("教学楼", 3, 0, 11.4, 3600, "托幼", 2014)],
    keyParts: [
      { name: "午睡室", building: "教学楼", floor: 2, description: "幼儿 280 人" },
      { name: "厨房", building: "教学楼", floor: 1, description: "" },
    ],
    facilities: [
      { kind: "AUTO_FIRE_ALARM", count: 1 },
      // the kindergarten has no maintenance contract; the county's maintenance company keeps its extinguishers
      { kind: "EXTINGUISHERS", count: 40, maintainedByCompany: true },
      { kind: "EMERGENCY_LIGHTING", count: 80 },
    ],
    people: ["葛红", "范晓梅", "方强", "雷雨", "邹洁"],
  },
];

export interface DemoCompanySpec {
  key: "maintenance" | "installer";
  name: string;
  kind: ServiceCompanyKind;
  creditCode: string;
  contactName: string;
  contactPhone: string;
  qualification: string;
  people: { username: string; name: string }[];
}

export const DEMO_SERVICE_COMPANIES: readonly DemoCompanySpec[] = [
  {
    key: "maintenance",
    name: "赣安消防设施维保有限公司",
    kind: "MAINTENANCE",
    creditCode: "91360199MA35WB0F60",
    contactName: "王建军",
    contactPhone: "0791-88870001",
    qualification: "消防设施维护保养检测二级",
    people: [
      { username: "wb_wang", name: "王建军" },
      { username: "wb_li", name: "李小平" },
    ],
  },
  {
    key: "installer",
    name: "安心智联安装工程有限公司",
    kind: "INSTALLER",
    creditCode: "91360199MA35AN0G78",
    contactName: "周明",
    contactPhone: "0791-88870002",
    qualification: "消防设施工程专业承包二级",
    people: [
      { username: "az_zhou", name: "周明" },
      { username: "az_wu", name: "武亮" },
    ],
  },
];

export const DEMO_COUNTY_ACCOUNTS: readonly {
  username: string;
  name: string;
  role: StaffRole;
  sector?: SectorDepartment;
  scope: string;
}[] = [
  {
    username: "reg_edu",
    name: "教体局 李科长",
    role: "SECTOR_REGULATOR",
    sector: "EDUCATION",
    scope: "教育体育局：学校、幼儿园",
  },
  {
    username: "reg_health",
    name: "卫健委 陈科长",
    role: "SECTOR_REGULATOR",
    sector: "HEALTH",
    scope: "卫生健康委员会：医院",
  },
  {
    username: "reg_civil",
    name: "民政局 王科长",
    role: "SECTOR_REGULATOR",
    sector: "CIVIL_AFFAIRS",
    scope: "民政局：养老机构",
  },
  { username: "centre_op", name: "监控中心 值班员", role: "CENTRE_OPERATOR", scope: "全县联网单位" },
  { username: "programme", name: "领导小组办公室", role: "PROGRAMME_OFFICE", scope: "全县推进工作" },
];

const UNIT_ROLES: readonly [StaffRole, string][] = [
  ["UNIT_RESPONSIBLE", "zeren"],
  ["UNIT_MANAGER", "guanli"],
  ["UNIT_SAFETY_OFFICER", "anquan"],
  ["CONTROL_ROOM_OPERATOR", "zhiban1"],
  ["CONTROL_ROOM_OPERATOR", "zhiban2"],
];

export interface DemoAccount {
  username: string;
  password: string;
  role: StaffRole;
  name: string;
  /** in words, for the printed list: "示范县人民医院" */
  scope: string;
}

export interface DemoUnitsInfo {
  /** for data/demo.json `units` */
  units: { id: string; key: string; name: string; category: UnitCategory; pilot: boolean; accounts: DemoAccount[] }[];
  companies: { id: string; key: string; name: string; kind: ServiceCompanyKind; accounts: DemoAccount[] }[];
  /** regulators, the centre operator and the programme office */
  county: DemoAccount[];
  /** every account above, to append to DemoInfo.staff (the tests' loginStaff finds accounts there) */
  staff: DemoAccount[];
}

export interface SeedUnitsOptions {
  /** the demo county's townships by name (demo-seed.ts has them in a Map) */
  townships: ReadonlyMap<string, string>;
  /** argon2id from the auth module */
  hashPassword(plain: string): Promise<string>;
  /** defaults to random "anxin-..." passwords like the rest of the demo */
  password?: () => string;
}

const demoPassword = () => `anxin-${randomBytes(6).toString("base64url")}`;

export async function seedUnitsDemo(prisma: Prisma, opts: SeedUnitsOptions): Promise<DemoUnitsInfo> {
  const password = opts.password ?? demoPassword;
  let phone = 0;
  // 137 numbers: the demo's other staff draw random 139 numbers, so the unique phone never collides
  const nextPhone = () => `137${String(10_000_000 + ++phone)}`;
  const accounts: (DemoAccount & { data: Record<string, unknown>; units: string[] })[] = [];
  const account = (
    username: string,
    name: string,
    role: StaffRole,
    scope: string,
    data: Record<string, unknown> = {},
    units: string[] = [],
  ) => {
    const a = { username, password: password(), role, name, scope, data, units };
    accounts.push(a);
    return a;
  };

  const companies: DemoUnitsInfo["companies"] = [];
  const companyId = new Map<string, string>();
  for (const c of DEMO_SERVICE_COMPANIES) {
    const row = await prisma.serviceCompany.create({
      data: {
        name: c.name,
        kind: c.kind,
        creditCode: c.creditCode,
        contactName: c.contactName,
        contactPhone: c.contactPhone,
        qualification: c.qualification,
      },
    });
    companyId.set(c.key, row.id);
    const role: StaffRole = c.kind === "INSTALLER" ? "INSTALLER" : "MAINTENANCE_TECH";
    companies.push({
      id: row.id,
      key: c.key,
      name: c.name,
      kind: c.kind,
      accounts: c.people.map((p) => account(p.username, p.name, role, c.name, { serviceCompanyId: row.id })),
    });
  }

  const units: DemoUnitsInfo["units"] = [];
  for (const u of DEMO_UNITS) {
    const townshipId = opts.townships.get(u.township);
    if (!townshipId) throw new Error(`demo township ${u.township} is missing`);
    const maintainer = companyId.get("maintenance")!;
    const unit = await prisma.networkedUnit.create({
      data: {
        townshipId,
        name: u.name,
        creditCode: u.creditCode,
        category: u.category,
        keyUnit: u.keyUnit,
        sector: u.sector,
        address: u.address,
        latitude: u.latitude,
        longitude: u.longitude,
        phone: u.phone,
        controlRoomLocation: u.controlRoom.location,
        controlRoomPhone: u.controlRoom.phone,
        hasAutoFireAlarm: u.facilities.some((f) => f.kind === "AUTO_FIRE_ALARM"),
        maintenanceCompanyId: u.maintained ? maintainer : null,
        installerCompanyId: u.installed ? companyId.get("installer")! : null,
        pilot: u.pilot,
        rolloutStage: u.pilot ? "INSTALLING" : "SURVEYED",
        buildings: {
          create: u.buildings.map((x) => ({ ...x, highRise: x.heightM > 24 && x.floorsAbove > 1 })),
        },
        facilities: {
          create: u.facilities.map((f) => ({
            kind: f.kind,
            count: f.count,
            description: f.description ?? null,
            maintenanceCompanyId: u.maintained || f.maintainedByCompany ? maintainer : null,
          })),
        },
      },
      include: { buildings: { select: { id: true, name: true } } },
    });
    const buildingId = new Map(unit.buildings.map((x) => [x.name, x.id]));
    await prisma.keyPart.createMany({
      data: u.keyParts.map((k) => ({
        unitId: unit.id,
        name: k.name,
        buildingId: k.building ? buildingId.get(k.building)! : null,
        floor: k.floor,
        description: k.description || null,
      })),
    });
    units.push({
      id: unit.id,
      key: u.key,
      name: u.name,
      category: u.category,
      pilot: u.pilot,
      accounts: UNIT_ROLES.map(([role, suffix], i) =>
        account(`${u.key}_${suffix}`, u.people[i]!, role, u.name, {}, [unit.id]),
      ),
    });
  }

  const county = DEMO_COUNTY_ACCOUNTS.map((a) =>
    account(a.username, a.name, a.role, a.scope, a.sector ? { sector: a.sector } : {}),
  );

  // argon2 runs on libuv's thread pool: hashing the accounts' passwords together takes a fraction of the time
  const hashes = await Promise.all(accounts.map((a) => opts.hashPassword(a.password)));
  for (const [i, a] of accounts.entries()) {
    const s = await prisma.staffUser.create({
      data: {
        username: a.username,
        name: a.name,
        role: a.role,
        phone: nextPhone(),
        passwordHash: hashes[i]!,
        ...a.data,
      },
    });
    if (a.units.length)
      await prisma.staffUnit.createMany({ data: a.units.map((unitId) => ({ staffUserId: s.id, unitId })) });
  }

  const plain = ({ username, password: pw, role, name, scope }: DemoAccount): DemoAccount => ({
    username,
    password: pw,
    role,
    name,
    scope,
  });
  return {
    units: units.map((u) => ({ ...u, accounts: u.accounts.map(plain) })),
    companies: companies.map((c) => ({ ...c, accounts: c.accounts.map(plain) })),
    county: county.map(plain),
    staff: accounts.map(plain),
  };
}
