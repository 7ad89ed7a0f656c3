// The demo county's roll-out programme (issue 19 part A), seeded from the plan (FIELD-FACTS section 11):
// training by 10 July, 3-5 pilots with on-site demonstrations by end of July, full roll-out by end of
// November (every key unit and unit with automatic fire facilities connected, at least half of old
// high-rise homes fitted: the 50 % is a setting), acceptance of every unit by end of December. Units and
// old high-rise buildings are put in every stage with their history and device plans; the two pilots have
// demonstration meetings; the hospital and 幸福小区 1号楼 are accepted with their three signatures; the
// school's acceptance is in progress (submitted through the real service, so its checks are the system's);
// the old people's home is being installed with two smoke alarms not yet heard from (the browser test and
// a demo installer start there).
import { putInService } from "../../api/src/modules/devices/device-service-mode.ts";
import type { Prisma, RolloutStage } from "../../api/src/db/client.ts";
import { hashDeviceSecret, newDeviceSecret } from "../../api/src/modules/devices/device-secrets.ts";
import { countyInstant } from "../../api/src/shared/county-time.ts";
import { createRollout } from "../../api/src/modules/rollout/index.ts";
import { UnitScopes } from "../../api/src/modules/units/index.ts";
import { systemClock } from "../../api/src/shared/clock.ts";

export const ROLLOUT_YEAR = 2026;

/** The plan's phases: settings a supervisor can change on the programme page. */
export const PLAN_PHASES = [
  {
    code: "TRAINING",
    name: "培训与组织",
    startsOn: `${ROLLOUT_YEAR}-06-01`,
    endsOn: `${ROLLOUT_YEAR}-07-10`,
    target: "成立工作专班，完成安装、维保和单位人员培训",
    targetPct: null,
  },
  {
    code: "PILOT",
    name: "试点先行",
    startsOn: `${ROLLOUT_YEAR}-06-15`,
    endsOn: `${ROLLOUT_YEAR}-07-31`,
    target: "选取 3-5 家单位试点，召开现场观摩会；每个乡镇、社区建成体验馆",
    targetPct: null,
  },
  {
    code: "FULL",
    name: "全面推开",
    startsOn: `${ROLLOUT_YEAR}-08-01`,
    endsOn: `${ROLLOUT_YEAR}-11-30`,
    target:
      "重点单位和设有自动消防设施的单位全部联网；老旧高层住宅安装独立式感烟火灾探测报警器、手动火灾报警按钮、声光警报器",
    targetPct: 50,
  },
  {
    code: "ACCEPTANCE",
    name: "验收",
    startsOn: `${ROLLOUT_YEAR}-10-01`,
    endsOn: `${ROLLOUT_YEAR}-12-31`,
    target: "安装单位安装、使用单位监督、政府验收，完成一家验收一家",
    targetPct: null,
  },
] as const;

const day = (md: string, time = "10:00") => countyInstant(`${ROLLOUT_YEAR}-${md}`, time);

/** Each demo unit's stage and the dates it went through the stages before. */
const UNIT_PLAN: Record<string, { stage: RolloutStage; dates: string[]; plan: Record<string, number> }> = {
  yy: {
    stage: "ACCEPTED",
    dates: ["06-18", "06-25", "07-08", "07-20", "08-10"],
    plan: { UITD: 1, WATER_LEVEL: 1, PUMP: 1, ELECTRICAL_FIRE: 1 },
  },
  yz: { stage: "INSTALLED", dates: ["06-18", "06-26", "07-10", "11-24"], plan: { UITD: 1 } },
  jly: { stage: "INSTALLING", dates: ["06-22", "08-05", "11-16"], plan: { SMOKE_ALARM: 2 } },
  gw: { stage: "PLANNED", dates: ["07-02", "09-12"], plan: { UITD: 1, SMOKE_ALARM: 6 } },
  wl: { stage: "PLANNED", dates: ["07-06", "10-20"], plan: { SMOKE_ALARM: 12, ELECTRICAL_FIRE: 2 } },
  bg: { stage: "SURVEYED", dates: ["07-15"], plan: {} },
  jr: { stage: "SURVEYED", dates: ["08-03"], plan: {} },
  xy: { stage: "NOT_STARTED", dates: [], plan: {} },
  yey: { stage: "NOT_STARTED", dates: [], plan: {} },
};

const BUILDING_PLAN: { community: string; building: string; stage: RolloutStage; dates: string[] }[] = [
  { community: "幸福小区", building: "1号楼", stage: "ACCEPTED", dates: ["06-20", "07-01", "07-12", "08-20", "09-05"] },
  { community: "幸福小区", building: "2号楼", stage: "INSTALLED", dates: ["06-20", "07-01", "09-10", "11-10"] },
  { community: "和平花园", building: "1号楼", stage: "INSTALLING", dates: ["07-05", "08-12", "10-08"] },
  { community: "和平花园", building: "2号楼", stage: "PLANNED", dates: ["07-05", "08-12"] },
  { community: "青石新村", building: "1号楼", stage: "SURVEYED", dates: ["08-18"] },
];

const STAGES: readonly RolloutStage[] = ["SURVEYED", "PLANNED", "INSTALLING", "INSTALLED", "ACCEPTED"];

export interface DemoRolloutInfo {
  /** the unit being installed, where an installer submits its acceptance */
  installingUnitId: string;
  /** its two smoke alarms, registered, in installation mode, never heard from yet (MQTT id and secret) */
  installingDevices: { id: string; serial: string; secret: string }[];
}

export async function seedRolloutDemo(
  prisma: Prisma,
  opts: { countyId: string; units: readonly { id: string; key: string }[] },
): Promise<DemoRolloutInfo> {
  await prisma.rolloutPhase.createMany({
    data: PLAN_PHASES.map((p, i) => ({
      countyId: opts.countyId,
      code: p.code,
      name: p.name,
      startsOn: countyInstant(p.startsOn, "00:00"),
      endsOn: countyInstant(p.endsOn, "00:00"),
      target: p.target,
      targetPct: p.targetPct,
      sortOrder: i,
    })),
  });
  const staff = async (username: string) =>
    prisma.staffUser.findUniqueOrThrow({
      where: { username },
      select: { id: true, name: true, serviceCompanyId: true },
    });
  const supervisor = await staff("supervisor");
  const installer = await staff("az_zhou");
  const unitId = new Map(opts.units.map((u) => [u.key, u.id]));

  const history = async (subject: "UNIT" | "BUILDING", subjectId: string, stage: RolloutStage, dates: string[]) => {
    const rows = dates.map((d, i) => ({
      subject,
      subjectId,
      stage: STAGES[i]!,
      at: day(d),
      byUserId: STAGES[i] === "INSTALLING" || STAGES[i] === "INSTALLED" ? installer.id : supervisor.id,
      note: null,
    }));
    if (rows.length) await prisma.rolloutStageChange.createMany({ data: rows });
    return rows.at(-1)?.at ?? null;
  };

  for (const [key, p] of Object.entries(UNIT_PLAN)) {
    const id = unitId.get(key);
    if (!id) continue;
    const at = await history("UNIT", id, p.stage, p.dates);
    await prisma.networkedUnit.update({ where: { id }, data: { rolloutStage: p.stage, rolloutStageAt: at } });
    const plan = Object.entries(p.plan).map(([deviceKind, planned]) => ({
      subject: "UNIT" as const,
      subjectId: id,
      deviceKind,
      planned,
    }));
    if (plan.length) await prisma.rolloutDevicePlan.createMany({ data: plan });
  }

  const buildingIds = new Map<string, string>();
  for (const b of BUILDING_PLAN) {
    const row = await prisma.building.findFirst({
      where: { name: b.building, community: { is: { name: b.community } } },
      select: { id: true, floors: true, units: { select: { _count: { select: { households: true } } } } },
    });
    if (!row) continue;
    buildingIds.set(`${b.community} ${b.building}`, row.id);
    const at = await history("BUILDING", row.id, b.stage, b.dates);
    await prisma.building.update({ where: { id: row.id }, data: { rolloutStage: b.stage, rolloutStageAt: at } });
    if (b.stage !== "SURVEYED") {
      const homes = row.units.reduce((n, u) => n + u._count.households, 0);
      await prisma.rolloutDevicePlan.createMany({
        data: [
          { subject: "BUILDING", subjectId: row.id, deviceKind: "SMOKE_ALARM", planned: homes },
          { subject: "BUILDING", subjectId: row.id, deviceKind: "MANUAL_CALL_POINT", planned: row.floors },
          { subject: "BUILDING", subjectId: row.id, deviceKind: "SOUND_LIGHT", planned: row.floors },
        ],
      });
    }
  }

  // the pilots' on-site demonstration meetings
  const yy = unitId.get("yy");
  const yz = unitId.get("yz");
  if (yy)
    await prisma.pilotDemonstration.create({
      data: {
        unitId: yy,
        heldAt: day("07-24", "09:30"),
        place: "示范县人民医院门诊楼一层消防控制室",
        attendees: 65,
        notes: "各乡镇、行业主管部门和重点单位参加；演示火警从探测器到监控中心再到119的全过程",
        createdByUserId: supervisor.id,
      },
    });
  if (yz)
    await prisma.pilotDemonstration.create({
      data: {
        unitId: yz,
        heldAt: day("07-30", "15:00"),
        place: "示范县第一中学学生宿舍楼",
        attendees: 48,
        notes: "全县中小学、幼儿园校长观摩宿舍火警联动和疏散",
        createdByUserId: supervisor.id,
      },
    });

  // accepted: the hospital and 幸福小区 1号楼, with the checks as the system found them then
  const accepted = async (
    subject: "UNIT" | "BUILDING",
    subjectId: string,
    confirmer: string,
    dates: [string, string, string],
  ) => {
    const devices = await prisma.device.findMany({
      where: subject === "UNIT" ? { unitId: subjectId } : { buildingId: subjectId },
      select: { id: true, serial: true, name: true, model: { select: { name: true, kind: true } } },
      take: 50,
    });
    const kinds = new Map<string, number>();
    for (const d of devices) kinds.set(d.model.kind, (kinds.get(d.model.kind) ?? 0) + 1);
    const c = await staff(confirmer);
    await prisma.acceptance.create({
      data: {
        subject,
        subjectId,
        status: "ACCEPTED",
        installerCompanyId: installer.serviceCompanyId,
        installed: JSON.stringify([...kinds].map(([kind, count]) => ({ kind, count, note: null }))),
        checks: JSON.stringify({
          since: day(dates[0], "08:00").toISOString(),
          devices: devices.map((d) => ({
            deviceId: d.id,
            name: `${d.name ?? d.model.name}（编号 ${d.serial}）`,
            online: true,
            testAlarmSeen: true,
            problems: [],
          })),
          problems: [],
        }),
        checksPassed: true,
        checkedAt: day(dates[0]),
        submittedByUserId: installer.id,
        submittedByName: installer.name,
        submittedAt: day(dates[0]),
        unitConfirmedByUserId: c.id,
        unitConfirmedByName: c.name,
        unitConfirmedAt: day(dates[1], "16:00"),
        acceptedByUserId: supervisor.id,
        acceptedByName: supervisor.name,
        acceptedAt: day(dates[2], "11:00"),
      },
    });
  };
  if (yy) await accepted("UNIT", yy, "yy_zeren", ["08-05", "08-07", "08-10"]);
  const b1 = buildingIds.get("幸福小区 1号楼");
  if (b1) await accepted("BUILDING", b1, "manager_a", ["08-28", "09-01", "09-05"]);

  // the old people's home: two smoke alarms registered, in installation mode, not heard from yet
  const jly = unitId.get("jly")!;
  const installingDevices: DemoRolloutInfo["installingDevices"] = [];
  for (const [i, name] of ["一层值班室感烟报警器", "二层老人居室感烟报警器"].entries()) {
    const id = `AXR${String(100001 + i)}`;
    const serial = `SNR${String(2026110001 + i)}`;
    const secret = newDeviceSecret();
    await prisma.device.create({
      data: {
        id,
        serial,
        modelId: "AX-SA200",
        secretHash: hashDeviceSecret(secret),
        mode: "INSTALLATION",
        name,
        unitId: jly,
        floor: i + 1,
        placeName: i === 0 ? "值班室" : "老人居室",
        boundAt: day("11-18"),
        registeredAt: day("11-18"),
      },
    });
    installingDevices.push({ id, serial, secret });
  }

  // the school's acceptance in progress: submitted through the real service, so the checks are the system's
  if (yz) {
    const rollout = createRollout({
      prisma,
      clock: systemClock,
      unitScopes: new UnitScopes(prisma),
      photoDir: "data/rollout-photos", // no photo is stored by the seed
      putInService: (ids) => putInService(prisma, null, ids), // before the API runs: no cache to tell
    });
    await rollout.acceptance.submit(
      { kind: "staff", id: installer.id },
      {
        subject: "UNIT",
        subjectId: yz,
        installed: [{ kind: "UITD", count: 1, note: "接入火灾报警控制器 1 台" }],
        photos: [],
      },
    );
  }
  return { installingUnitId: jly, installingDevices };
}
