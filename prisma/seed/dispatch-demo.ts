// The monthly dispatch's demo (issue 19, part B): the old high-rise smoke alarms that are not in a demo
// resident's home report as online (a few faulty or off their base, some never connected), a year of daily
// coverage history rising to today's figure (bulk inserts: thousands of rows in a few statements), last
// month's dispatch snapshot so "change since last month" has something to say, a talk and a commendation.
import type { CoverageScope, Prisma } from "../../api/src/db/client.ts";
import { addDays, countyDate } from "../../api/src/shared/county-time.ts";
import { coverageRows } from "../../api/src/modules/dispatch/coverage-daily.ts";
import { DispatchService } from "../../api/src/modules/dispatch/dispatch-service.ts";
import { previousMonth } from "../../api/src/modules/dispatch/monthly-figures.ts";
import { countStageMismatches } from "../../api/src/modules/rollout/index.ts";
import { UnitScopes } from "../../api/src/modules/units/unit-scope.ts";

const DAY_MS = 86_400_000;

export async function seedDispatchDemo(prisma: Prisma, now = new Date()): Promise<{ historyRows: number }> {
  // devices of old high-rise homes nobody has claimed yet (the demo residents' homes keep their own story)
  const devices = await prisma.device.findMany({
    where: {
      household: { unit: { building: { oldHighRise: true } }, members: { none: {} } },
      model: { kind: "SMOKE_ALARM" },
      status: { is: null },
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const statuses = devices.flatMap((d, i) =>
    i % 17 === 5
      ? [] // never connected: installed, never heard from
      : [
          {
            deviceId: d.id,
            online: true,
            lastSeenAt: new Date(now.getTime() - (i % 10) * 60_000),
            battery: 60 + (i % 40),
            fault: i % 23 === 7,
            tamper: i % 31 === 11,
            updatedAt: now,
          },
        ],
  );
  if (statuses.length) await prisma.deviceStatus.createMany({ data: statuses });

  // the units' stage history, if the programme's own demo has written none: each unit reached its present
  // stage ten days ago (so last month it stood one stage earlier), the snapshot of last month from that
  const units = await prisma.networkedUnit.findMany({ select: { id: true, rolloutStage: true } });
  const history = await prisma.rolloutStageChange.count({ where: { subject: "UNIT" } });
  if (!history)
    await prisma.rolloutStageChange.createMany({
      data: units
        .filter((u) => u.rolloutStage !== "NOT_STARTED")
        .map((u) => ({
          subject: "UNIT" as const,
          subjectId: u.id,
          stage: u.rolloutStage,
          at: new Date(now.getTime() - 10 * DAY_MS),
          note: "示范数据",
        })),
    });
  const month = countyDate(now).slice(0, 7);
  // last month's archive states the stages their devices contradicted, as the running API's dispatch does
  const dispatch = new DispatchService(prisma, new UnitScopes(prisma), { now: () => now }, (scope, at) =>
    countStageMismatches(prisma, scope, at),
  );
  await dispatch.snapshotCounty(previousMonth(month), new Date(now.getTime() - 20 * DAY_MS));

  // a year of daily coverage: each scope's curve rises from a few homes to today's figure (an S-curve with a
  // little day-to-day noise), ending yesterday; today's row is the recorder's
  const today = await coverageRows(prisma, now);
  const rows: { day: string; scope: CoverageScope; scopeId: string; households: number; covered: number }[] = [];
  const first = addDays(countyDate(now), -365);
  for (let i = 0; i < 365; i++) {
    const day = addDays(first, i);
    const x = (i - 250) / 45;
    const share = 0.04 + 0.96 / (1 + Math.exp(-x));
    for (const r of today) {
      // now and then a day a home or two fewer (an alarm offline, a battery flat): a period-5 wobble drew a
      // saw on the chart, as if coverage fell every other day
      const h = (Math.imul(i + 1, 2654435761) ^ Math.imul(r.scopeId.length + 1, 40503)) >>> 0;
      const noise = h % 100 < 12 ? -1 - ((h >>> 8) % 2) : 0;
      const covered = Math.max(0, Math.min(r.households, Math.round(r.covered * share) + (r.covered > 20 ? noise : 0)));
      rows.push({ day, scope: r.scope, scopeId: r.scopeId, households: r.households, covered });
    }
  }
  for (let i = 0; i < rows.length; i += 2000) await prisma.coverageDaily.createMany({ data: rows.slice(i, i + 2000) });

  // a talk with the unit furthest behind, a commendation of the community furthest ahead
  const laggard = await prisma.networkedUnit.findFirst({
    where: { rolloutStage: { in: ["NOT_STARTED", "SURVEYED"] } },
    orderBy: { name: "asc" },
  });
  if (laggard)
    await prisma.rolloutTalk.create({
      data: {
        subject: "UNIT",
        subjectId: laggard.id,
        heldAt: new Date(now.getTime() - 6 * DAY_MS),
        attendees: "单位消防安全责任人、县消防救援大队监督员、行业主管部门",
        reason: "全面推开阶段已开始，尚未制定接入方案",
        promises: "两周内完成现场摸排并报送接入方案，月底前开始安装",
        followUpOn: new Date(now.getTime() + 8 * DAY_MS),
      },
    });
  const best = today
    .filter((r) => r.scope === "COMMUNITY" && r.households > 0)
    .sort((a, b) => b.covered / b.households - a.covered / a.households)[0];
  if (best)
    await prisma.commendation.create({
      data: {
        subject: "COMMUNITY",
        subjectId: best.scopeId,
        month,
        reason: "老旧高层智能烟感安装进度全县第一，住户在线率高",
      },
    });
  return { historyRows: rows.length };
}
