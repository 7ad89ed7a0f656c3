// Demo hazards (issue 18) so the mini-program's 隐患整改 and the console's hazard list have something to show
// in a fresh demo: at the county hospital one given to the safety officer (from a patrol), one back with the
// manager after a rejected review (from the supervisor), one reported and waiting to be given out; at the
// first middle school one with its manager. All general, none overdue yet. Rows only: the reminders and the
// overdue chain start when someone (re)assigns a hazard through the API.
import type { Prisma } from "../../api/src/db/client.ts";

const DAY = 86_400_000;

interface DemoHazard {
  unit: string;
  assignee: string | null;
  status: "REPORTED" | "ASSIGNED" | "RECTIFYING";
  source: "PATROL" | "STAFF" | "SUPERVISOR";
  place: string;
  category: string;
  description: string;
  interimMeasures: string | null;
  dueInDays: number | null;
  events: { afterH: number; by: string | null; action: string; note: string | null }[];
}

const HAZARDS: readonly DemoHazard[] = [
  {
    unit: "yy",
    assignee: "yy_anquan",
    status: "ASSIGNED",
    source: "PATROL",
    place: "门诊楼 1 层消火栓",
    category: "HYDRANT_SYSTEM",
    description: "消火栓箱内水带接口老化、阀门渗水",
    interimMeasures: "在箱门张贴停用提示，附近增配 2 具灭火器",
    dueInDays: 5,
    events: [
      { afterH: 0, by: "yy_anquan", action: "reported", note: "巡查发现" },
      { afterH: 1, by: "yy_guanli", action: "assigned", note: "请一周内更换水带接口和阀门" },
    ],
  },
  {
    unit: "yy",
    assignee: "yy_guanli",
    status: "RECTIFYING",
    source: "SUPERVISOR",
    place: "住院部 3 层疏散楼梯间",
    category: "EVACUATION",
    description: "常闭式防火门闭门器损坏，门处于常开状态",
    interimMeasures: "每班巡查时确认防火门关闭",
    dueInDays: 2,
    events: [
      { afterH: 0, by: "supervisor", action: "reported", note: "监督检查" },
      { afterH: 1, by: "supervisor", action: "assigned", note: null },
      { afterH: 20, by: "yy_guanli", action: "fixed", note: "已调整闭门器" },
      { afterH: 26, by: "yy_zeren", action: "rejected", note: "闭门器仍不能自动关闭，需更换" },
    ],
  },
  {
    unit: "yy",
    assignee: null,
    status: "REPORTED",
    source: "STAFF",
    place: "后勤楼 1 层厨房",
    category: "ELECTRICAL",
    description: "排油烟罩油垢较厚，未按月清洗",
    interimMeasures: null,
    dueInDays: null,
    events: [{ afterH: 0, by: "yy_zhiban1", action: "reported", note: "单位自查" }],
  },
  {
    unit: "yz",
    assignee: "yz_guanli",
    status: "ASSIGNED",
    source: "PATROL",
    place: "学生宿舍 2 号楼走廊",
    category: "EVACUATION",
    description: "疏散指示标志不亮",
    interimMeasures: "夜间增加宿管巡查",
    dueInDays: 6,
    events: [
      { afterH: 0, by: "yz_anquan", action: "reported", note: "巡查发现" },
      { afterH: 2, by: "yz_guanli", action: "assigned", note: null },
    ],
  },
];

/** How many open hazards a fresh demo county has (tests that count a supervisor's list add them). */
export const DEMO_HAZARD_COUNT = HAZARDS.length;

/** Seeds the demo hazards when the units exist and there are no hazards yet; returns how many it wrote. */
export async function seedHazardsDemo(
  prisma: Prisma,
  units: readonly { id: string; key: string }[],
  now = new Date(),
): Promise<number> {
  if ((await prisma.hazard.count()) > 0) return 0;
  const unitOf = new Map(units.map((u) => [u.key, u.id]));
  const usernames = [
    ...new Set(HAZARDS.flatMap((h) => [h.assignee, ...h.events.map((e) => e.by)]).filter((x): x is string => !!x)),
  ];
  const staff = new Map(
    (
      await prisma.staffUser.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } })
    ).map((s) => [s.username, s.id]),
  );
  let n = 0;
  for (const h of HAZARDS) {
    const unitId = unitOf.get(h.unit);
    if (!unitId) continue;
    const created = new Date(now.getTime() - 2 * DAY);
    const actor = (u: string | null) => (u && staff.has(u) ? `staff:${staff.get(u)}` : "system");
    await prisma.hazard.create({
      data: {
        unitId,
        place: h.place,
        category: h.category,
        description: h.description,
        severity: "GENERAL",
        source: h.source,
        status: h.status,
        reportedBy: actor(h.events[0]!.by),
        assigneeId: h.assignee ? (staff.get(h.assignee) ?? null) : null,
        deadline: h.dueInDays === null ? null : new Date(now.getTime() + h.dueInDays * DAY),
        interimMeasures: h.interimMeasures,
        generation: h.assignee ? 1 : 0,
        createdAt: created,
        events: {
          create: h.events.map((e) => ({
            at: new Date(created.getTime() + e.afterH * 3_600_000),
            actor: actor(e.by),
            action: e.action,
            note: e.note,
          })),
        },
      },
    });
    n++;
  }
  return n;
}

/**
 * A yearly facility test at the county hospital by its maintenance company's technician four months ago, all
 * items passed (the unit file's 年度检测与防火检查); the other units have none yet, so their files show the
 * warning a real county would see.
 */
export async function seedFacilityTestsDemo(
  prisma: Prisma,
  units: readonly { id: string; key: string }[],
  now = new Date(),
): Promise<number> {
  const unitId = units.find((u) => u.key === "yy")?.id;
  const tech = await prisma.staffUser.findUnique({ where: { username: "wb_li" }, select: { id: true } });
  if (!unitId || !tech || (await prisma.facilityTest.count()) > 0) return 0;
  const at = new Date(now.getTime() - 120 * DAY);
  at.setUTCHours(4, 0, 0, 0); // noon, county time
  const items = [
    "火灾自动报警系统：探测器火灾报警功能",
    "火灾自动报警系统：手动报警按钮报警功能",
    "火灾自动报警系统：联动控制功能",
    "消火栓系统：最不利点静压与出水",
    "自动喷水灭火系统：末端试水装置压力与流量",
    "消防水泵：主备泵切换",
    "防排烟系统：排烟风机启动与风量",
    "应急照明和疏散指示：应急照明照度与持续时间",
  ].map((item) => ({ item, ok: true, note: null, facilityKind: null, hazardId: null }));
  await prisma.facilityTest.create({
    data: {
      unitId,
      kind: "FACILITY_TEST",
      staffUserId: tech.id,
      at,
      ok: true,
      results: JSON.stringify(items),
      note: "年度检测：各系统功能正常，详见检测报告（示范数据，未附报告文件）",
    },
  });
  return 1;
}
