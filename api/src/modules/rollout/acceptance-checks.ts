// The system's checks of an installation for its acceptance: from the device, event and alarm tables, never typed
// by anyone, every device of the subject online and a test alarm from each seen by the centre since the install
// began; each failing check in words. Apart from the sign-off flow (acceptance-service.ts): it runs them at each
// submission, and a route reads them on their own before one (/api/rollout/subjects/:subject/:id/checks).
import type { PrismaNs, Prisma } from "../../db/client.ts";
import { ONLINE_DEVICE, WATCHED_DEVICE } from "../centre/command-view.ts";
import { coveringDeviceWhere, heartbeatModels } from "../dispatch/coverage.ts";
import type { Clock } from "../../shared/clock.ts";
import { TEST_ALARM_KINDS, TEST_EVENT_TYPES, type StageSubject } from "./catalogue.ts";

export interface DeviceCheck {
  deviceId: string;
  name: string;
  online: boolean;
  testAlarmSeen: boolean;
  problems: string[];
}

export interface AcceptanceChecks {
  /** when the install began: test alarms count from here */
  since: string;
  devices: DeviceCheck[];
  /** every failing check in words, one line each */
  problems: string[];
}

/** The subject's devices the checks hold to (cameras aside: video shows a place, it connects nothing). */
function devicesWhere(subject: StageSubject, id: string): PrismaNs.DeviceWhereInput {
  return subject === "UNIT"
    ? { unitId: id, ...WATCHED_DEVICE }
    : { ...WATCHED_DEVICE, OR: [{ buildingId: id }, { household: { is: { unit: { is: { buildingId: id } } } } }] };
}

/**
 * Which of the subject's devices are online by the programme's rule (stage-devices.ts, so an accepted subject is
 * never flagged there for its devices): a unit's devices are the command wall's (cameras aside, WATCHED_DEVICE),
 * online by ONLINE_DEVICE (online, with a lastSeenAt); a building's home smoke alarms by the homes' coverage rule
 * (dispatch/coverage.ts, the same filters the programme counts with), its other devices by the wall's; for a
 * building, also which homes are covered (at least one must be).
 */
async function onlineOf(
  prisma: Prisma,
  clock: Clock,
  subject: StageSubject,
  id: string,
): Promise<{ online: Set<string>; homeAlarms: Set<string>; homesCovered: number }> {
  const where = devicesWhere(subject, id);
  const ids = async (w: PrismaNs.DeviceWhereInput) =>
    (await prisma.device.findMany({ where: { AND: [where, w] }, select: { id: true }, take: 5000 })).map((d) => d.id);
  const homeAlarm: PrismaNs.DeviceWhereInput = { householdId: { not: null }, model: { kind: "SMOKE_ALARM" } };
  if (subject === "UNIT") return { online: new Set(await ids(ONLINE_DEVICE)), homeAlarms: new Set(), homesCovered: 0 };
  // a home's smoke alarm still in installation mode is checked as the rule would take it in service: passing the
  // checks puts it in service (submit), so the programme's coverage then counts it
  const covering: PrismaNs.DeviceWhereInput = {
    ...coveringDeviceWhere(await heartbeatModels(prisma), clock.now()),
    mode: { in: ["NORMAL", "INSTALLATION"] },
  };
  const [wall, alarms, covered, homes] = await Promise.all([
    ids({ AND: [ONLINE_DEVICE, { NOT: homeAlarm }] }),
    ids(homeAlarm),
    ids({ AND: [homeAlarm, covering] }),
    prisma.household.count({ where: { unit: { is: { buildingId: id } }, devices: { some: covering } } }),
  ]);
  return { online: new Set([...wall, ...covered]), homeAlarms: new Set(alarms), homesCovered: homes };
}

/** When the install began: the last move into INSTALLING, else when the current stage was set. */
async function installBegan(prisma: Prisma, subject: StageSubject, id: string): Promise<Date | null> {
  const change = await prisma.rolloutStageChange.findFirst({
    where: { subject, subjectId: id, stage: "INSTALLING" },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  if (change) return change.at;
  const row =
    subject === "UNIT"
      ? await prisma.networkedUnit.findUnique({ where: { id }, select: { rolloutStageAt: true } })
      : await prisma.building.findUnique({ where: { id }, select: { rolloutStageAt: true } });
  return row?.rolloutStageAt ?? null;
}

/**
 * The system's checks of a subject now: every device online (the programme's rule: onlineOf), a building with
 * at least one home covered, a test alarm from each device since the install began.
 */
export async function runChecks(
  prisma: Prisma,
  clock: Clock,
  subject: StageSubject,
  id: string,
): Promise<AcceptanceChecks> {
  const [began, onlineNow] = await Promise.all([
    installBegan(prisma, subject, id),
    onlineOf(prisma, clock, subject, id),
  ]);
  const devices = await prisma.device.findMany({
    where: devicesWhere(subject, id),
    orderBy: { id: "asc" },
    take: 5000,
    select: {
      id: true,
      serial: true,
      name: true,
      placeName: true,
      room: true,
      registeredAt: true,
      mode: true,
      model: { select: { name: true } },
    },
  });
  // the latest test alarm heard from each device, in two queries per few hundred devices (a building's
  // homes can hold many), then compared with when each device's install began
  const sinceOf = (d: { registeredAt: Date }) => began ?? d.registeredAt;
  const heard = new Map<string, Date>();
  const note = (deviceId: string, at: Date) => {
    const seen = heard.get(deviceId);
    if (!seen || seen < at) heard.set(deviceId, at);
  };
  for (let i = 0; i < devices.length; i += 400) {
    const chunk = devices.slice(i, i + 400);
    const ids = chunk.map((d) => d.id);
    const from = new Date(Math.min(...chunk.map((d) => sinceOf(d).getTime())));
    const [events, alarms] = await Promise.all([
      prisma.deviceEvent.findMany({
        where: { deviceId: { in: ids }, type: { in: [...TEST_EVENT_TYPES] }, receivedAt: { gte: from } },
        orderBy: { receivedAt: "desc" },
        distinct: ["deviceId"],
        select: { deviceId: true, receivedAt: true },
      }),
      prisma.alarm.findMany({
        where: {
          deviceId: { in: ids },
          startedAt: { gte: from },
          OR: [{ resolution: "TEST" }, { kind: { in: [...TEST_ALARM_KINDS] } }],
        },
        orderBy: { startedAt: "desc" },
        distinct: ["deviceId"],
        select: { deviceId: true, startedAt: true },
      }),
    ]);
    for (const e of events) note(e.deviceId, e.receivedAt);
    for (const a of alarms) note(a.deviceId, a.startedAt);
  }
  const out: DeviceCheck[] = [];
  for (const d of devices) {
    const last = heard.get(d.id);
    const testAlarmSeen = !!last && last >= sinceOf(d);
    const online = onlineNow.online.has(d.id);
    const name = `${d.name ?? d.placeName ?? d.room ?? d.model.name}（编号 ${d.serial}）`;
    const problems: string[] = [];
    // under maintenance: a person took it out of service, and only a person puts it back
    const resting = d.mode === "MAINTENANCE";
    if (!online && !(resting && onlineNow.homeAlarms.has(d.id)))
      problems.push(
        onlineNow.homeAlarms.has(d.id)
          ? `${name}不在线：须正常使用、在线、无故障、未拆离底座，且在心跳周期内有上报`
          : `${name}不在线`,
      );
    if (!testAlarmSeen) problems.push(`${name}自安装开始以来，监控中心没有收到它的测试报警`);
    if (resting) problems.push(`${name}处于维护模式，不会发出火警：维护完成后请切换为正常使用，再提交验收`);
    out.push({ deviceId: d.id, name, online, testAlarmSeen, problems });
  }
  const problems = out.flatMap((d) => d.problems);
  if (!out.length) problems.push("没有登记任何设备（摄像机不计）：请先在平台登记安装的设备");
  else if (subject === "BUILDING" && !onlineNow.homesCovered)
    problems.push("没有一户烟感在线可用：须至少有一户的独立式感烟火灾探测报警器按住户覆盖规则在线");
  return { since: (began ?? clock.now()).toISOString(), devices: out, problems };
}
