import { countyClockTime, countyDate, countyInstant } from "@anxin/contract/county-time";

/** The short home fire-safety checklist. */
export const CHECKLIST = [
  "每月按一次报警器的测试键，听到响声",
  "电动自行车不进楼道、不进家充电",
  "出门和睡前关好燃气阀门",
  "不私拉乱接电线，不用破旧插线板",
  "楼道、消防通道不堆放杂物",
  "家里备有灭火器或灭火毯，会用",
  "知道家里到楼梯口的逃生路线",
];

/**
 * Days until the next monthly test (negative when overdue), from the last test time: the same day and time
 * of the next month on the county's calendar (Asia/Shanghai), whatever zone the phone is set to.
 */
export function daysUntilNextTest(lastIso: string | null, now: number = Date.now()): number | null {
  if (!lastIso) return null;
  const last = new Date(lastIso).getTime();
  if (Number.isNaN(last)) return null;
  const [y, m, d] = countyDate(last).split("-").map(Number) as [number, number, number];
  // Date.UTC's month is 0-based: m is next month (a 31st rolls over as setMonth did)
  const nextDay = new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  const next = countyInstant(nextDay, countyClockTime(last)).getTime() + (last % 60_000);
  return Math.ceil((next - now) / 86400000) || 0; // never -0
}
