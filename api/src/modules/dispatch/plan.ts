// The programme's dates as the dispatch reads them, and the rules that say who is behind. The phases are
// settings (RolloutPhase rows, set per county by the programme office); until a county has set them the
// plan's own dates are used (FIELD-FACTS section 11). Pure functions: tested without a database.
import type { RolloutPhaseCode, RolloutStage } from "../../db/client.ts";
import { addDays, countyInstant } from "../../shared/county-time.ts";

export interface Phase {
  code: RolloutPhaseCode;
  name: string;
  startsOn: Date;
  endsOn: Date;
  target: string | null;
  targetPct: number | null;
}

export const STAGE_ORDER: readonly RolloutStage[] = [
  "NOT_STARTED",
  "SURVEYED",
  "PLANNED",
  "INSTALLING",
  "INSTALLED",
  "ACCEPTED",
];

export const STAGE_LABELS: Record<RolloutStage, string> = {
  NOT_STARTED: "未开始",
  SURVEYED: "已摸排",
  PLANNED: "已制定方案",
  INSTALLING: "安装中",
  INSTALLED: "已安装待验收",
  ACCEPTED: "已验收",
};

export const PHASE_LABELS: Record<RolloutPhaseCode, string> = {
  TRAINING: "培训与组织",
  PILOT: "试点",
  FULL: "全面推开",
  ACCEPTANCE: "验收",
};

const rank = (s: RolloutStage) => STAGE_ORDER.indexOf(s);
export const reached = (s: RolloutStage, want: RolloutStage) => rank(s) >= rank(want);

/** End of a county day (Asia/Shanghai, UTC+8) as an instant: "by 31 July" means until 23:59:59 that day. */
const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
const startOfDay = (y: number, m: number, d: number) => countyInstant(ymd(y, m, d));
const endOfDay = (y: number, m: number, d: number) => new Date(countyInstant(addDays(ymd(y, m, d), 1)).getTime() - 1);

/** The plan's dates for a year, used while a county has not set its own phases. */
export function defaultPhases(year: number): Phase[] {
  return [
    {
      code: "TRAINING",
      name: "培训与组织",
      startsOn: startOfDay(year, 6, 1),
      endsOn: endOfDay(year, 7, 10),
      target: "完成各乡镇、行业部门、单位的培训",
      targetPct: null,
    },
    {
      code: "PILOT",
      name: "试点",
      startsOn: startOfDay(year, 7, 1),
      endsOn: endOfDay(year, 7, 31),
      target: "3-5家试点单位接入并现场观摩；每个乡镇、社区建成一处体验馆",
      targetPct: null,
    },
    {
      code: "FULL",
      name: "全面推开",
      startsOn: startOfDay(year, 8, 1),
      endsOn: endOfDay(year, 11, 30),
      target: "重点单位和设有自动消防设施的单位全部接入；老旧高层住户至少一半安装智能烟感",
      targetPct: 50,
    },
    {
      code: "ACCEPTANCE",
      name: "验收",
      startsOn: startOfDay(year, 12, 1),
      endsOn: endOfDay(year, 12, 31),
      target: "所有单位完成验收",
      targetPct: null,
    },
  ];
}

export interface UnitFacts {
  pilot: boolean;
  keyUnit: boolean;
  hasAutoFireAlarm: boolean;
  rolloutStage: RolloutStage;
}

/** A unit the plan requires to connect: a key unit, one with automatic fire facilities, or a pilot. */
export const requiredUnit = (u: Omit<UnitFacts, "rolloutStage">) => u.pilot || u.keyUnit || u.hasAutoFireAlarm;

const phase = (phases: readonly Phase[], code: RolloutPhaseCode) => phases.find((p) => p.code === code) ?? null;

/**
 * The stage a required unit must have reached at `now`, and the phase date that says so (null: nothing is
 * due yet). Pilots must be installed by the pilot phase's end; every required unit must have a plan once the
 * full roll-out starts, be installed by its end, and be accepted by the end of the acceptance phase.
 */
export function requiredStage(
  u: Omit<UnitFacts, "rolloutStage">,
  phases: readonly Phase[],
  now: Date,
): { stage: RolloutStage; phase: Phase } | null {
  if (!requiredUnit(u)) return null;
  const acc = phase(phases, "ACCEPTANCE");
  const full = phase(phases, "FULL");
  const pilot = phase(phases, "PILOT");
  if (acc && now > acc.endsOn) return { stage: "ACCEPTED", phase: acc };
  if (full && now > full.endsOn) return { stage: "INSTALLED", phase: full };
  if (u.pilot && pilot && now > pilot.endsOn) return { stage: "INSTALLED", phase: pilot };
  if (full && now >= full.startsOn) return { stage: "PLANNED", phase: full };
  return null;
}

export function unitBehind(u: UnitFacts, phases: readonly Phase[], now: Date) {
  const req = requiredStage(u, phases, now);
  return req && !reached(u.rolloutStage, req.stage) ? req : null;
}

/**
 * The share (0..1) of old high-rise households a community must have covered at `now`: the full roll-out's
 * target, pro rata over the phase (a straight line from its start to its end), all of it after the end.
 */
export function requiredCoverage(phases: readonly Phase[], now: Date): number {
  const full = phase(phases, "FULL");
  if (!full || full.targetPct === null || now < full.startsOn) return 0;
  const span = full.endsOn.getTime() - full.startsOn.getTime();
  const f = span > 0 ? Math.min(1, (now.getTime() - full.startsOn.getTime()) / span) : 1;
  return Math.round(f * full.targetPct * 10) / 1000;
}

export const BEHIND_RULE =
  "进度滞后的判定：应接入单位（重点单位、设有自动消防设施的单位和试点单位）在全面推开阶段开始后须已制定方案，试点单位须在试点阶段结束前安装完成，全部应接入单位须在全面推开阶段结束前安装完成、验收阶段结束前通过验收；小区的老旧高层覆盖率须达到全面推开阶段目标按时间进度折算的比例（阶段开始为0，结束时为目标值）。";

/** The phase a date falls in (the last that has started), for the page's heading. */
export function currentPhase(phases: readonly Phase[], now: Date): Phase | null {
  const started = phases.filter((p) => p.startsOn <= now);
  return started.length ? started[started.length - 1]! : null;
}
