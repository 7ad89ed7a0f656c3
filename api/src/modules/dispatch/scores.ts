// Unit scores for the fire supervisors (issue 19): 100 points from a unit's own figures over the last 30
// days. The rule is data (SCORE_RULE) so the page shows exactly what is computed. Pure: tested without a
// database; score-figures.ts gathers the counts.

export interface UnitFigures {
  devices: number;
  devicesOnline: number;
  /** fire signals with a confirmation deadline, and those the control room confirmed by it */
  fireSignals: number;
  confirmedInTime: number;
  falseAlarms: number;
  /** duty checks decided (answered, late, missed), and answered in time */
  dutyChecks: number;
  dutyAnswered: number;
  /** patrol plans in force: a key unit patrols daily (the 61st order, art. 25), and none is no patrol */
  patrolPlans: number;
  /** patrol rounds ended (done or missed), and done */
  patrols: number;
  patrolsDone: number;
  /** hazards whose deadline has passed, and those fixed by it */
  hazardsDue: number;
  hazardsFixedOnTime: number;
}

export interface ScorePart {
  key: string;
  label: string;
  points: number;
  max: number;
}

export const SCORE_DAYS = 30;

export const SCORE_RULE: readonly { key: string; label: string; max: number; rule: string }[] = [
  { key: "online", label: "设备在线", max: 30, rule: "30 × 在线设备数 ÷ 设备总数；未接入设备得 0 分" },
  {
    key: "confirm",
    label: "火警按时确认",
    max: 20,
    rule: "20 × 在确认时限内确认的火警信号 ÷ 火警信号总数；无火警信号得满分",
  },
  { key: "false", label: "误报", max: 10, rule: "10 − 2 × 误报次数，最低 0 分" },
  { key: "duty", label: "查岗应答", max: 15, rule: "15 × 按时应答次数 ÷ 查岗次数；无查岗得满分" },
  {
    key: "patrol",
    label: "防火巡查",
    max: 15,
    rule: "15 × 完成的巡查轮次 ÷ 应巡查轮次；未制定巡查计划得 0 分（重点单位须每日防火巡查）；计划新建、尚无到期轮次得满分",
  },
  {
    key: "hazard",
    label: "隐患按时整改",
    max: 10,
    rule: "10 × 期限内整改的隐患 ÷ 已到整改期限的隐患；无到期隐患得满分",
  },
];

const share = (max: number, done: number, all: number, emptyFull: boolean) =>
  all > 0 ? (max * Math.min(done, all)) / all : emptyFull ? max : 0;
const round1 = (x: number) => Math.round(x * 10) / 10;

export function scoreParts(f: UnitFigures): ScorePart[] {
  const points: Record<string, number> = {
    online: share(30, f.devicesOnline, f.devices, false),
    confirm: share(20, f.confirmedInTime, f.fireSignals, true),
    false: Math.max(0, 10 - 2 * f.falseAlarms),
    duty: share(15, f.dutyAnswered, f.dutyChecks, true),
    patrol: f.patrolPlans > 0 ? share(15, f.patrolsDone, f.patrols, true) : 0,
    hazard: share(10, f.hazardsFixedOnTime, f.hazardsDue, true),
  };
  return SCORE_RULE.map((r) => ({ key: r.key, label: r.label, max: r.max, points: round1(points[r.key]!) }));
}

export function score(f: UnitFigures): number {
  return round1(scoreParts(f).reduce((n, p) => n + p.points, 0));
}
