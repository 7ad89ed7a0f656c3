// Demo county for `npm start` on an empty database: 2 townships, 3 communities, 6 buildings, 204 households,
// one account for every staff role, demo residents. Credentials are random per database and written to
// data/demo.json (never committed), and printed at start.
import { randomBytes, randomInt } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { Prisma, StaffRole, MemberRole } from "../../api/src/db/client.ts";
import { hashPassword } from "../../api/src/modules/auth/passwords.ts";
import {
  hashBindToken,
  hashDeviceSecret,
  newBindToken,
  newDeviceSecret,
} from "../../api/src/modules/devices/device-secrets.ts";
import type { Logger } from "../../api/src/shared/logger.ts";
import { seedUnitsDemo, type DemoUnitsInfo } from "./units-demo.ts";
import { seedPanelsDemo } from "./panels-demo.ts";
import { seedSensorDemo } from "./sensors-demo.ts";
import { seedRolloutDemo } from "./rollout-demo.ts";
import { seedFacilityTestsDemo, seedHazardsDemo } from "./hazards-demo.ts";
import { seedDispatchDemo } from "./dispatch-demo.ts";
import { seedPatrolDemo, type DemoPatrol } from "./patrol-demo.ts";
import type { DemoDevice } from "./demo-device.ts";

export interface DemoStaff {
  username: string;
  password: string;
  role: StaffRole;
  name: string;
  scope: string;
}

export interface DemoResident {
  key: string;
  name: string;
  openid: string;
  h5Code: string;
  households: { id: string; address: string; role: MemberRole }[];
}

export type { DemoDevice } from "./demo-device.ts";
export interface DemoInfo {
  generatedAt: string;
  /** the demo county's id in the database these accounts were seeded into (one demo.json per database) */
  countyId?: string;
  staff: DemoStaff[];
  residents: DemoResident[];
  ownerInvites: { householdId: string; address: string; code: string }[];
  devices: DemoDevice[];
  mqtt?: { host: string; port: number };
  /** networked units (issue 14): each unit with its people's accounts (also appended to `staff`) */
  units?: DemoUnitsInfo["units"];
  /** maintenance and installation companies with their accounts */
  serviceCompanies?: DemoUnitsInfo["companies"];
  /** sector regulators (education, health), the monitoring centre operator, the programme office */
  unitCounty?: DemoUnitsInfo["county"];
  /** patrol plans (防火巡查) with a round open now or tonight; `npm start` adds each checkpoint's label code */
  patrol?: (DemoPatrol & { labels?: { checkpoint: string; code: string }[] })[];
  [extra: string]: unknown;
}

export const DEMO_FILE = "demo.json";

const COMMUNITIES = [
  {
    name: "幸福小区",
    township: "城关街道",
    company: "安居物业",
    address: "城关街道人民路 88 号",
    lat: 28.6823,
    lng: 115.8581,
  },
  {
    name: "和平花园",
    township: "城关街道",
    company: "祥和物业",
    address: "城关街道解放路 16 号",
    lat: 28.6871,
    lng: 115.8652,
  },
  {
    name: "青石新村",
    township: "青石镇",
    company: "安居物业",
    address: "青石镇青石大道 3 号",
    lat: 28.7412,
    lng: 115.9133,
  },
] as const;

const RESIDENTS = [
  {
    key: "zhangsan",
    name: "张三",
    phone: "13800000001",
    community: 0,
    building: 0,
    unit: 0,
    floor: 12,
    role: "OWNER" as const,
    elderly: false,
  },
  {
    key: "lisi",
    name: "李四",
    phone: "13800000002",
    community: 0,
    building: 0,
    unit: 0,
    floor: 12,
    role: "FAMILY" as const,
    elderly: false,
  },
  {
    key: "wangwu",
    name: "王五",
    phone: "13800000003",
    community: 1,
    building: 0,
    unit: 1,
    floor: 5,
    role: "OWNER" as const,
    elderly: true,
  },
  {
    key: "zhaoliu",
    name: "赵六",
    phone: "13800000004",
    community: 2,
    building: 1,
    unit: 0,
    floor: 3,
    role: "TENANT" as const,
    elderly: false,
  },
];

const demoPassword = () => `anxin-${randomBytes(6).toString("base64url")}`;

const DEMO_COUNTY_CODE = "360199";
/** every database's demo accounts, by its demo county's id: data/demos/<countyId>.json */
const DEMOS_DIR = "demos";
const copyOf = (dataDir: string, countyId: string) => path.join(dataDir, DEMOS_DIR, `${countyId}.json`);

function readJson(file: string): DemoInfo | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoInfo) : null;
}

export function readDemoInfo(dataDir: string): DemoInfo | null {
  return readJson(path.join(dataDir, DEMO_FILE));
}

function writeOwnerOnly(file: string, info: DemoInfo): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above applies only to a new file: demo passwords and device secrets
}

/**
 * data/demo.json describes the database of the latest start (the simulators read it); a copy per database
 * (data/demos/<countyId>.json) lets a start on another database, and back, print that database's own accounts.
 */
export function writeDemoInfo(dataDir: string, info: DemoInfo): void {
  writeOwnerOnly(path.join(dataDir, DEMO_FILE), info);
  if (info.countyId) writeOwnerOnly(copyOf(dataDir, info.countyId), info);
}

/**
 * The demo county of an empty database, seeded; of a seeded one, the accounts written when it was seeded.
 * Null when this data directory does not know them (the database was seeded from another one): printing
 * another database's passwords would only have them refused.
 */
export async function seedDemoIfEmpty(
  prisma: Prisma,
  opts: { dataDir: string; log?: Logger },
): Promise<DemoInfo | null> {
  if ((await prisma.county.count()) > 0) {
    const county = await prisma.county.findUnique({ where: { code: DEMO_COUNTY_CODE }, select: { id: true } });
    if (!county) return null; // a real county's database: no demo accounts
    const latest = readDemoInfo(opts.dataDir);
    // demo.json from before the per-database copies has no countyId: it is this database's, as it always was
    if (latest && (latest.countyId === county.id || latest.countyId === undefined)) return latest;
    const own = readJson(copyOf(opts.dataDir, county.id));
    if (own)
      writeDemoInfo(opts.dataDir, own); // the simulators read demo.json: this database's again
    else
      opts.log?.warn(
        { file: path.join(opts.dataDir, DEMO_FILE) },
        "the demo accounts of this database are not in this data directory (it was seeded from another one)",
      );
    return own;
  }
  const info = await seedDemo(prisma);
  writeDemoInfo(opts.dataDir, info);
  opts.log?.info({ file: path.join(opts.dataDir, DEMO_FILE) }, "demo county seeded");
  return info;
}

/** `now`: the time the demo's patrol history is laid out from (the seeding's, unless a test fixes it) */
export async function seedDemo(prisma: Prisma, opts: { now?: Date } = {}): Promise<DemoInfo> {
  const county = await prisma.county.create({ data: { code: DEMO_COUNTY_CODE, name: "示范县" } });
  const townships = new Map<string, string>();
  for (const [name, kind] of [
    ["城关街道", "SUBDISTRICT"],
    ["青石镇", "TOWN"],
  ] as const) {
    townships.set(name, (await prisma.township.create({ data: { countyId: county.id, name, kind } })).id);
  }
  const companies = new Map<string, string>();
  for (const [name, phone] of [
    ["安居物业", "0791-88880001"],
    ["祥和物业", "0791-88880002"],
  ] as const) {
    companies.set(name, (await prisma.propertyCompany.create({ data: { name, contactPhone: phone } })).id);
  }

  // households[community][building][unit][floor-1] = id
  const grid: string[][][][] = [];
  const addresses = new Map<string, string>();
  for (const c of COMMUNITIES) {
    const community = await prisma.community.create({
      data: {
        name: c.name,
        address: c.address,
        latitude: c.lat,
        longitude: c.lng,
        townshipId: townships.get(c.township)!,
        propertyCompanyId: companies.get(c.company)!,
      },
    });
    const buildings: string[][][] = [];
    for (let b = 1; b <= 2; b++) {
      const floors = 17; // 17 floors x 2 units x 6 buildings = 204 households
      const building = await prisma.building.create({
        data: { communityId: community.id, name: `${b}号楼`, floors, oldHighRise: b === 1 || c.name !== "青石新村" },
      });
      const units: string[][] = [];
      for (let u = 1; u <= 2; u++) {
        const unit = await prisma.unit.create({ data: { buildingId: building.id, name: `${u}单元` } });
        const rows = Array.from({ length: floors }, (_, i) => ({
          id: `hh_${randomBytes(8).toString("hex")}`,
          unitId: unit.id,
          floor: i + 1,
          roomNo: `${i + 1}0${u}`,
        }));
        await prisma.household.createMany({ data: rows });
        for (const r of rows) addresses.set(r.id, `${c.name} ${b}号楼 ${u}单元 ${r.roomNo}`);
        units.push(rows.map((r) => r.id));
      }
      buildings.push(units);
    }
    grid.push(buildings);
  }

  const staffSpecs: {
    username: string;
    name: string;
    role: StaffRole;
    company?: string;
    township?: string;
    scope: string;
  }[] = [
    {
      username: "manager_a",
      name: "刘经理",
      role: "PROPERTY_MANAGER",
      company: "安居物业",
      scope: "安居物业：幸福小区、青石新村",
    },
    {
      username: "staff_a",
      name: "陈师傅",
      role: "PROPERTY_STAFF",
      company: "安居物业",
      scope: "安居物业：幸福小区、青石新村",
    },
    {
      username: "manager_b",
      name: "周经理",
      role: "PROPERTY_MANAGER",
      company: "祥和物业",
      scope: "祥和物业：和平花园",
    },
    { username: "coordinator", name: "吴主任", role: "TOWNSHIP_COORDINATOR", township: "城关街道", scope: "城关街道" },
    { username: "centre", name: "郑老师", role: "CENTRE_STAFF", scope: "体验馆" },
    { username: "supervisor", name: "孙队长", role: "FIRE_SUPERVISOR", scope: "全县" },
    { username: "admin", name: "系统管理员", role: "ADMIN", scope: "全部" },
  ];
  const staff: DemoStaff[] = [];
  for (const s of staffSpecs) {
    const password = demoPassword();
    await prisma.staffUser.create({
      data: {
        username: s.username,
        name: s.name,
        role: s.role,
        passwordHash: await hashPassword(password),
        phone: `139${String(randomInt(10_000_000, 99_999_999))}`,
        propertyCompanyId: s.company ? companies.get(s.company)! : null,
        townshipId: s.township ? townships.get(s.township)! : null,
      },
    });
    staff.push({ username: s.username, password, role: s.role, name: s.name, scope: s.scope });
  }

  const residents: DemoResident[] = [];
  for (const r of RESIDENTS) {
    const householdId = grid[r.community]![r.building]![r.unit]![r.floor - 1]!;
    const openid = `demo_${r.key}`;
    const resident = await prisma.resident.create({
      data: { openid, nickname: r.name, phone: r.phone, elderlyMode: r.elderly },
    });
    await prisma.householdMember.create({ data: { householdId, residentId: resident.id, role: r.role } });
    if (r.role === "OWNER")
      await prisma.household.update({ where: { id: householdId }, data: { claimedAt: new Date() } });
    residents.push({
      key: r.key,
      name: r.name,
      openid,
      h5Code: `demo-h5:${r.key}`,
      households: [{ id: householdId, address: addresses.get(householdId)!, role: r.role }],
    });
  }
  const zhangsanHome = residents[0]!.households[0]!.id;
  await prisma.emergencyContact.createMany({
    data: [
      { householdId: zhangsanHome, name: "张小明", phone: "13800000011", relation: "儿子", priority: 0 },
      { householdId: zhangsanHome, name: "张小红", phone: "13800000012", relation: "女儿", priority: 1 },
    ],
  });

  const ownerInvites: DemoInfo["ownerInvites"] = [];
  for (const householdId of [grid[0]![1]![0]![5]!, grid[2]![0]![1]![8]!]) {
    const code = randomBytes(4).toString("hex").toUpperCase().replace(/[01]/g, "7");
    await prisma.householdInvite.create({
      data: {
        householdId,
        code,
        role: "OWNER",
        createdBy: "system:seed",
        expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000),
      },
    });
    ownerInvites.push({ householdId, address: addresses.get(householdId)!, code });
  }

  await prisma.deviceModel.createMany({
    data: [
      {
        id: "AX-SA100",
        kind: "SMOKE_ALARM",
        vendor: "安心示范",
        name: "独立式光电感烟报警器（NB-IoT，电池）",
        heartbeatIntervalSec: 12 * 3600,
        power: "BATTERY",
        network: "NB_IOT",
      },
      {
        id: "AX-SA200",
        kind: "SMOKE_ALARM",
        vendor: "安心示范",
        name: "独立式光电感烟报警器（Wi-Fi，市电）",
        heartbeatIntervalSec: 30 * 60,
        power: "MAINS",
        network: "WIFI",
      },
    ],
  });

  const devices = await seedDevices(prisma, grid, addresses, residents);
  // networked units (issue 14), then their transmission devices and panels (issue 16)
  const units = await seedUnitsDemo(prisma, { townships, hashPassword });
  const gb26875 = { devices: await seedPanelsDemo(prisma) };
  devices.push(...(await seedSensorDemo(prisma, residents[0]!.households[0]!.id))); // facility sensors, NB-IoT
  const rollout = await seedRolloutDemo(prisma, { countyId: county.id, units: units.units }); // issue 19: programme
  await seedHazardsDemo(prisma, units.units); // hazards for 隐患整改 (issue 18)
  await seedFacilityTestsDemo(prisma, units.units); // a yearly facility test in the hospital's file
  // patrol plans at the hospital and the nursing home, with a day of rounds walked (issue 18)
  const patrol = await seedPatrolDemo(prisma, units.units, opts.now);
  await seedDispatchDemo(prisma); // live smoke alarms, a year of daily coverage, a talk, a commendation (issue 19)
  return {
    generatedAt: new Date().toISOString(),
    countyId: county.id,
    staff: [...staff, ...units.staff],
    residents,
    ownerInvites,
    devices,
    units: units.units,
    gb26875,
    serviceCompanies: units.companies,
    unitCounty: units.county,
    patrol,
    rollout,
  };
}

/**
 * Demo devices: two in Zhang San's home, one in each other demo resident's home, about half of the old
 * high-rise households equipped (the plan's 50 % target), and three unbound devices to try binding with.
 */
async function seedDevices(
  prisma: Prisma,
  grid: string[][][][],
  addresses: Map<string, string>,
  residents: DemoResident[],
): Promise<DemoDevice[]> {
  const communityOf = new Map<string, string>();
  for (const h of await prisma.household.findMany({
    select: { id: true, unit: { select: { building: { select: { communityId: true } } } } },
  })) {
    communityOf.set(h.id, h.unit.building.communityId);
  }
  const out: DemoDevice[] = [];
  const rows: {
    id: string;
    serial: string;
    modelId: string;
    secretHash: string;
    householdId: string | null;
    communityId: string | null;
    room: string | null;
    name: string | null;
    bindTokenHash: string | null;
    boundAt: Date | null;
  }[] = [];
  let n = 0;
  const add = (
    householdId: string | null,
    room: string | null,
    modelId = "AX-SA100",
    communityId: string | null = null,
  ) => {
    n++;
    const id = `AX${String(100000 + n)}`;
    const secret = newDeviceSecret();
    const token = householdId ? null : newBindToken();
    rows.push({
      id,
      serial: `SN${String(2026110000 + n)}`,
      modelId,
      secretHash: hashDeviceSecret(secret),
      householdId,
      communityId: householdId ? communityOf.get(householdId)! : communityId,
      room,
      name: room ? `${room}烟感` : null,
      bindTokenHash: token ? hashBindToken(token) : null,
      boundAt: householdId ? new Date() : null,
    });
    out.push({
      id,
      serial: `SN${String(2026110000 + n)}`,
      secret,
      modelId,
      address: householdId ? addresses.get(householdId)! : null,
      room,
      bindCode: token,
      bindQr: token ? `http://127.0.0.1:3000/bind?d=${id}&t=${token}` : null,
    });
  };
  const zhangsan = residents[0]!.households[0]!.id;
  add(zhangsan, "客厅");
  add(zhangsan, "厨房", "AX-SA200");
  for (const r of residents.slice(2)) add(r.households[0]!.id, "卧室");
  const demoHomes = new Set(residents.map((r) => r.households[0]!.id));
  grid.forEach((buildings) =>
    buildings.forEach((units, b) =>
      units.forEach((floors) =>
        floors.forEach((householdId, f) => {
          // every other floor of the first building of each community
          if (b === 0 && f % 2 === 0 && !demoHomes.has(householdId)) add(householdId, "客厅");
        }),
      ),
    ),
  );
  const firstCommunity = communityOf.get(zhangsan)!;
  for (let i = 0; i < 3; i++) add(null, null, "AX-SA100", firstCommunity);
  await prisma.device.createMany({ data: rows });
  return out;
}
