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

/** Days until the next monthly test (negative when overdue), from the last test time. */
export function daysUntilNextTest(lastIso: string | null, now: number = Date.now()): number | null {
  if (!lastIso) return null;
  const next = new Date(lastIso);
  next.setMonth(next.getMonth() + 1);
  return Math.ceil((next.getTime() - now) / 86400000);
}
