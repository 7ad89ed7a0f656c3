// Demo patrol plans (防火巡查, issue 18) so the mini-program's 防火巡查 and the console's 巡查完成情况 and unit
// scores have something to walk and show in a fresh demo: the county hospital patrols four checkpoints
// every 2 hours round the clock (GB 25201: every 2 hours while a crowded place is open, and its wards never
// close), the nursing home four every 2 hours at night (20:00-06:00, its night patrols). Set up through the
// inspection module's service as each unit's manager, with the last day walked through the same service on a
// clock set back to each slot: the
// hospital's safety officer by day and its control-room operators by night, one round left undone (missed);
// the nursing home's operators, the night's last round finished after 06:00 (late). The plans date from a
// day before the seeding, so nothing earlier is counted or swept; the missed round is decided here without a
// notice, so a fresh start tells nobody of a round that ended before the demo existed. The round running
// at the seeding is left open for the demo's people to walk. Everything is laid out relative to `now`.
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Prisma } from "../../api/src/db/client.ts";
import { createInspection, slotsBetween, type Inspection } from "../../api/src/modules/inspection/index.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { countyClockTime } from "../../api/src/shared/county-time.ts";
import { createLogger } from "../../api/src/shared/logger.ts";

const MIN = 60_000;
const H = 60 * MIN;
/** the plans date from this long before the start of the slot running at the seeding */
const HISTORY_MS = 24 * H;

interface DemoCheckpoint {
  name: string;
  /** the unit's key part it stands in (units-demo.ts) */
  keyPart?: string;
  facilityKind?: string;
  /** the module's checklist for the facility kind when left out */
  checklist?: string[];
}

interface DemoPlan {
  unit: string;
  /** sets the plan up (a unit's manager may, its safety officer may not) */
  manager: string;
  name: string;
  everyHours: number;
  windowStart: string;
  windowEnd: string;
  checkpoints: DemoCheckpoint[];
  /** the unit's people a demo user signs in as to walk it (any of the unit's people may) */
  walkers: readonly string[];
  /** who walked the past rounds: by day (08:00-20:00 county time), and by night in turn */
  day: string | null;
  night: readonly string[];
  /** the past round left undone, counted back from the latest ended one (1 = the latest) */
  missedBack: number | null;
  /** the night's last round (ending at windowEnd) was finished late, within the grace */
  lastLate: boolean;
}

const PLANS: readonly DemoPlan[] = [
  {
    unit: "yy",
    manager: "yy_guanli",
    name: "全天每2小时防火巡查",
    everyHours: 2,
    windowStart: "00:00",
    windowEnd: "24:00",
    checkpoints: [
      {
        name: "门诊楼一层消防通道",
        checklist: ["疏散通道、安全出口畅通", "常闭防火门处于关闭状态", "应急照明和疏散指示标志完好"],
      },
      {
        name: "住院楼病区走廊",
        keyPart: "住院部病区",
        checklist: ["疏散走道无堆放杂物", "病房内无违规使用电器", "灭火器在位、压力正常"],
      },
      { name: "消防控制室", facilityKind: "AUTO_FIRE_ALARM" },
      {
        name: "高低压配电室",
        keyPart: "高低压配电室",
        checklist: ["配电柜运行正常、无异响异味", "无私拉乱接、无可燃物堆放", "灭火器在位、压力正常"],
      },
    ],
    walkers: ["yy_anquan", "yy_zhiban1", "yy_zhiban2"],
    day: "yy_anquan",
    night: ["yy_zhiban1", "yy_zhiban2"],
    missedBack: 4,
    lastLate: false,
  },
  {
    unit: "jly",
    manager: "jly_guanli",
    name: "夜间每2小时防火巡查",
    everyHours: 2,
    windowStart: "20:00",
    windowEnd: "06:00",
    checkpoints: [
      {
        name: "住养楼老人居室走廊",
        keyPart: "老人居室",
        checklist: ["疏散走道无堆放杂物", "居室内无吸烟、无违规使用电热毯等电器", "常闭防火门处于关闭状态"],
      },
      {
        name: "综合楼厨房",
        keyPart: "厨房",
        checklist: ["液化气瓶阀门已关闭", "灶具已熄火", "灭火器、灭火毯在位"],
      },
      {
        name: "配电房",
        keyPart: "配电房",
        checklist: ["配电柜运行正常、无异响异味", "无私拉乱接、无可燃物堆放"],
      },
      { name: "洗衣房", keyPart: "洗衣房", checklist: ["烘干机已断电", "烘干机滤网无积絮、周边无堆放衣物"] },
    ],
    walkers: ["jly_anquan", "jly_zhiban1", "jly_zhiban2"],
    day: null,
    night: ["jly_zhiban1", "jly_zhiban2"],
    missedBack: null,
    lastLate: true,
  },
];

/** A demo plan as data/demo.json lists it: who may walk it, and its checkpoints (label codes come at start). */
export interface DemoPatrol {
  unitId: string;
  unitName: string;
  planId: string;
  planName: string;
  /** in words: "每2小时，00:00-24:00" */
  schedule: string;
  /** accounts to walk it with in 防火巡查 (the safety officer, the control-room operators) */
  walkers: string[];
  checkpoints: { id: string; name: string }[];
}

/**
 * Seeds the demo patrol plans when the units exist and there are no plans yet; returns what it set up.
 * A checkpoint's label is signed with the running API's secret, so its code is not kept here.
 */
export async function seedPatrolDemo(
  prisma: Prisma,
  units: readonly { id: string; key: string; name: string }[],
  now = new Date(),
): Promise<DemoPatrol[]> {
  if ((await prisma.patrolPlan.count()) > 0) return [];
  // the start of the slot running now (slots fall on even county hours, and China keeps UTC+8 all year)
  const current = Math.floor(now.getTime() / (2 * H)) * 2 * H;
  const clock = new ManualClock(current - HISTORY_MS);
  const inspection = createInspection({
    prisma,
    clock,
    log: createLogger("silent"),
    // the seeded history's missed round is decided without a notice: it ended before the demo existed
    notices: { send: async () => 0 },
    // the seed reads the labels it signs itself; the API signs them with its own secret when asked
    tagSecret: randomBytes(32).toString("hex"),
    photoDir: os.tmpdir(), // no photo is taken
    owner: "demo-seed",
  });
  const out: DemoPatrol[] = [];
  try {
    for (const p of PLANS) {
      const unit = units.find((u) => u.key === p.unit);
      if (!unit) continue;
      out.push(await seedPlan(prisma, inspection, clock, unit, p, now));
    }
    clock.set(now);
    await inspection.patrols.sweep(); // the undone past round: missed, told to nobody
  } finally {
    await inspection.close();
  }
  return out;
}

async function seedPlan(
  prisma: Prisma,
  inspection: Inspection,
  clock: ManualClock,
  unit: { id: string; name: string },
  p: DemoPlan,
  now: Date,
): Promise<DemoPatrol> {
  const usernames = [p.manager, ...(p.day ? [p.day] : []), ...p.night];
  const staff = new Map(
    (
      await prisma.staffUser.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } })
    ).map((s) => [s.username, { kind: "staff" as const, id: s.id }]),
  );
  const as = (username: string) => {
    const c = staff.get(username);
    if (!c) throw new Error(`demo patrol: no account ${username}`);
    return c;
  };
  const parts = new Map(
    (await prisma.keyPart.findMany({ where: { unitId: unit.id }, select: { id: true, name: true } })).map((k) => [
      k.name,
      k.id,
    ]),
  );
  const checkpoints = [];
  for (const c of p.checkpoints)
    checkpoints.push(
      await inspection.patrols.addCheckpoint(as(p.manager), {
        unitId: unit.id,
        name: c.name,
        keyPartId: c.keyPart ? parts.get(c.keyPart) : undefined,
        facilityKind: c.facilityKind,
        checklist: c.checklist,
      }),
    );
  const made = clock.now();
  const plan = await inspection.patrols.addPlan(as(p.manager), {
    unitId: unit.id,
    name: p.name,
    frequency: "EVERY_N_HOURS",
    everyHours: p.everyHours,
    windowStart: p.windowStart,
    windowEnd: p.windowEnd,
    checkpointIds: checkpoints.map((c) => c.id),
  });

  // the rounds that ended since the plan was made (slotsBetween gives those ending after it): walked, but for
  // the missed one
  const ended = slotsBetween({ frequency: "EVERY_N_HOURS", ...p }, made, now).filter((s) => s.due <= now);
  let nights = 0;
  for (const [i, s] of ended.entries()) {
    if (p.missedBack !== null && i === ended.length - p.missedBack) continue;
    const hour = Number(countyClockTime(s.start).slice(0, 2));
    const walker = p.day && hour >= 8 && hour < 20 ? p.day : p.night[nights++ % p.night.length]!;
    // the night's last round finished after its end, within the grace, where that is before now
    const late = p.lastLate && countyClockTime(s.due) === p.windowEnd && s.due.getTime() + 30 * MIN <= now.getTime();
    const start = late ? s.due.getTime() + 5 * MIN : Math.max(s.start.getTime(), made.getTime()) + 15 * MIN;
    for (const [n, c] of checkpoints.entries()) {
      clock.set(new Date(start + n * 6 * MIN));
      await inspection.patrols.check(as(walker), plan.id, {
        code: c.tag!,
        results: c.checklist.map((item) => ({ item, ok: true })),
        photoIds: [],
      });
    }
  }
  clock.set(made);
  return {
    unitId: unit.id,
    unitName: unit.name,
    planId: plan.id,
    planName: plan.name,
    schedule: `每${p.everyHours}小时，${p.windowStart}-${p.windowEnd}`,
    walkers: [...p.walkers],
    checkpoints: checkpoints.map((c) => ({ id: c.id, name: c.name })),
  };
}

/**
 * The demo plans with each checkpoint's label code as the running API reads it (its secret may change at
 * every start): `npm start` writes them to data/demo.json, to type in the H5 screen, which cannot scan.
 */
export async function withPatrolLabels(
  prisma: Prisma,
  tags: { sign(f: { checkpointId: string; unitId: string; version: number }): string },
  patrol: readonly DemoPatrol[],
): Promise<(DemoPatrol & { labels: { checkpoint: string; code: string }[] })[]> {
  const ids = patrol.flatMap((p) => p.checkpoints.map((c) => c.id));
  const rows = await prisma.inspectionCheckpoint.findMany({
    where: { id: { in: ids }, active: true },
    select: { id: true, unitId: true, name: true, tagVersion: true },
  });
  return patrol.map((p) => ({
    ...p,
    labels: p.checkpoints.flatMap((c) => {
      const row = rows.find((r) => r.id === c.id);
      return row
        ? [
            {
              checkpoint: row.name,
              code: tags.sign({ checkpointId: row.id, unitId: row.unitId, version: row.tagVersion }),
            },
          ]
        : [];
    }),
  }));
}
