// Per-unit records (issue 17 item 6): alarms, the false-alarm rate (a unit with more than 5 false alarms in a
// county day is flagged: GB 50440 calls for a consultation with the centre), confirmation times, timeouts and
// duty-check results, for a period of at most a year and a day.
import type { Prisma } from "../../db/client.ts";
import { AppError } from "../../shared/errors.ts";
import type { Caller, UnitScopes } from "../units/unit-scope.ts";
import { countyDay } from "./duty-checks.ts";
import { UNIT_FIRE_KINDS } from "./incident-facts.ts";
import { HANDOFF_TEMPLATE } from "./handoff.ts";
import { UNIT_KIND_LABEL as KIND_LABEL } from "../alarms/alarm.ts";
import { DUTY_STATUS_LABEL } from "./duty-checks.ts";
import { countyDateTime } from "../../shared/county-time.ts";

const VERDICT_TEXT: Record<string, string> = {
  REAL_FIRE: "真实火警",
  FALSE_ALARM: "误报",
  TEST: "测试",
  FAULT: "设备故障",
};
const MAX_EXPORT_ROWS = 20_000;

/** A CSV cell: quoted when needed, a leading = + - @ neutralised (a spreadsheet would run it as a formula). */
const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const local = (d: Date | null) => (d ? countyDateTime(d, true) : "");

export const FALSE_ALARMS_PER_DAY_FLAG = 5;
const MAX_PERIOD_MS = 367 * 24 * 3600_000;
const MAX_UNITS = 500;
const MAX_ALARMS = 50_000;

export interface UnitFigures {
  unitId: string;
  unitName: string;
  alarms: number;
  fireSignals: number;
  realFires: number;
  falseAlarms: number;
  tests: number;
  faults: number;
  /** false alarms / fire signals with a verdict, 0..1; null without any */
  falseAlarmRate: number | null;
  /** county days with more than 5 false alarms */
  flaggedDays: string[];
  flagged: boolean;
  confirmations: number;
  confirmMedianSec: number | null;
  confirmMaxSec: number | null;
  timeouts: number;
  dutyChecks: { answered: number; late: number; missed: number; pending: number };
}

export class CentreRecords {
  constructor(
    private readonly prisma: Prisma,
    private readonly scopes: UnitScopes,
  ) {}

  async figures(caller: Caller, period: { from: Date; to: Date; unitId?: string }): Promise<UnitFigures[]> {
    if (!(period.to > period.from) || period.to.getTime() - period.from.getTime() > MAX_PERIOD_MS)
      throw new AppError("VALIDATION_FAILED", "时间段须在一年以内，且结束晚于开始");
    const visible = await this.scopes.visibleIds(caller);
    if (period.unitId) await this.scopes.assertUnit(caller, period.unitId);
    const unitWhere = period.unitId ? { id: period.unitId } : visible === "all" ? {} : { id: { in: visible } };
    const units = await this.prisma.networkedUnit.findMany({
      where: unitWhere,
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: MAX_UNITS,
    });
    if (!units.length) return [];
    const ids = units.map((u) => u.id);
    const range = { gte: period.from, lt: period.to };
    const [alarms, timeouts, checks] = await Promise.all([
      this.prisma.alarm.findMany({
        where: { unitId: { in: ids }, startedAt: range },
        select: { unitId: true, kind: true, verdict: true, verdictAt: true, startedAt: true },
        take: MAX_ALARMS,
      }),
      this.prisma.alarmAction.findMany({
        where: { action: "confirm_timeout", at: range, alarm: { unitId: { in: ids } } },
        select: { alarm: { select: { unitId: true } } },
        take: MAX_ALARMS,
      }),
      this.prisma.dutyCheck.groupBy({
        by: ["unitId", "status"],
        where: { unitId: { in: ids }, sentAt: range },
        _count: { _all: true },
      }),
    ]);
    return units.map((u) => {
      const mine = alarms.filter((a) => a.unitId === u.id);
      const fire = mine.filter((a) => UNIT_FIRE_KINDS.has(a.kind));
      const judged = fire.filter((a) => a.verdict);
      const falses = fire.filter((a) => a.verdict === "FALSE_ALARM");
      const perDay = new Map<string, number>();
      for (const a of falses) {
        const d = countyDay(a.startedAt).day;
        perDay.set(d, (perDay.get(d) ?? 0) + 1);
      }
      const flaggedDays = [...perDay]
        .filter(([, n]) => n > FALSE_ALARMS_PER_DAY_FLAG)
        .map(([d]) => d)
        .sort();
      const secs = judged
        .map((a) => Math.max(0, Math.round((a.verdictAt!.getTime() - a.startedAt.getTime()) / 1000)))
        .sort((x, y) => x - y);
      const count = (s: string) => checks.find((c) => c.unitId === u.id && c.status === s)?._count._all ?? 0;
      return {
        unitId: u.id,
        unitName: u.name,
        alarms: mine.length,
        fireSignals: fire.length,
        realFires: fire.filter((a) => a.verdict === "REAL_FIRE").length,
        falseAlarms: falses.length,
        tests: fire.filter((a) => a.verdict === "TEST").length,
        faults: fire.filter((a) => a.verdict === "FAULT").length,
        falseAlarmRate: judged.length ? falses.length / judged.length : null,
        flaggedDays,
        flagged: flaggedDays.length > 0,
        confirmations: secs.length,
        confirmMedianSec: secs.length ? secs[Math.floor((secs.length - 1) / 2)]! : null,
        confirmMaxSec: secs.length ? secs[secs.length - 1]! : null,
        timeouts: timeouts.filter((t) => t.alarm.unitId === u.id).length,
        dutyChecks: {
          answered: count("ANSWERED"),
          late: count("LATE"),
          missed: count("MISSED"),
          pending: count("PENDING"),
        },
      };
    });
  }

  /**
   * One unit's records for a period as CSV (UTF-8 with BOM, for Excel): every alarm with its verdict,
   * confirmation time and 119 hand-off, then every duty check. Kept at least a year (GB 50440).
   */
  async exportCsv(caller: Caller, period: { from: Date; to: Date; unitId: string }): Promise<string> {
    if (!(period.to > period.from) || period.to.getTime() - period.from.getTime() > MAX_PERIOD_MS)
      throw new AppError("VALIDATION_FAILED", "时间段须在一年以内，且结束晚于开始");
    await this.scopes.assertUnit(caller, period.unitId);
    const range = { gte: period.from, lt: period.to };
    const [alarms, checks] = await Promise.all([
      this.prisma.alarm.findMany({
        where: { unitId: period.unitId, startedAt: range },
        orderBy: { startedAt: "asc" },
        take: MAX_EXPORT_ROWS,
        include: {
          notifications: {
            where: { channel: "HANDOFF_119", template: HANDOFF_TEMPLATE, status: "DELIVERED" },
            select: { deliveredAt: true },
            take: 1,
          },
        },
      }),
      this.prisma.dutyCheck.findMany({
        where: { unitId: period.unitId, sentAt: range },
        orderBy: { sentAt: "asc" },
        take: MAX_EXPORT_ROWS,
      }),
    ]);
    const rows: (string | number | null)[][] = [
      [
        "记录",
        "时间（北京时间）",
        "类型",
        "位置",
        "来源",
        "确认结果",
        "原因",
        "确认用时（秒）",
        "报 119",
        "119 接收时间",
      ],
      ...alarms.map((a) => [
        "报警",
        local(a.startedAt),
        KIND_LABEL[a.kind],
        a.location,
        a.source,
        a.verdict ? VERDICT_TEXT[a.verdict]! : (a.resolution ?? ""),
        a.verdictCause,
        a.verdictAt ? Math.round((a.verdictAt.getTime() - a.startedAt.getTime()) / 1000) : null,
        a.report119 ? "是" : "否",
        local(a.notifications[0]?.deliveredAt ?? null),
      ]),
      ...checks.map((c) => [
        "查岗",
        local(c.sentAt),
        c.origin === "SCHEDULED" ? "随机查岗" : "中心查岗",
        null,
        c.via,
        DUTY_STATUS_LABEL[c.status],
        null,
        c.answeredAt ? Math.round((c.answeredAt.getTime() - c.sentAt.getTime()) / 1000) : null,
        null,
        null,
      ]),
    ];
    return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
  }
}
