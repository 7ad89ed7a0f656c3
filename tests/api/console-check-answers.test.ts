// The monthly check / yearly test form's answers (portal/src/console/app/screens/unit/check-answers.ts): kept by
// each item's key, so when the template is read again with a facility's items put among the others (a facility
// added while the check is being filled), every answer stays with its item; an item gone drops its answer, a new
// one starts unanswered. The form kept them by place before, and the record was saved with answers moved to
// other items (a failed item's hazard on the wrong one). The same in the browser: console-monthly-check.test.ts.
import { describe, expect, it } from "vitest";
import {
  answerItem,
  fitAnswers,
  NO_ANSWERS,
  noteItem,
  passRest,
  progressOf,
  recordItems,
  type TemplateItem,
} from "../../portal/src/console/app/screens/unit/check-answers.ts";

const general = (item: string): TemplateItem => ({ item, facilityKind: null });
const of = (kind: string, label: string, item: string): TemplateItem => ({
  item: `${label}：${item}`,
  facilityKind: kind,
});

const ALARM = [
  of("AUTO_FIRE_ALARM", "火灾自动报警系统", "控制器运行正常、无故障"),
  of("AUTO_FIRE_ALARM", "火灾自动报警系统", "无屏蔽点"),
];
const DOORS = [
  of("FIRE_DOORS", "防火门、防火卷帘", "常闭防火门处于关闭状态"),
  of("FIRE_DOORS", "防火门、防火卷帘", "门前无堆物"),
];
const EXTINGUISHERS = [
  of("EXTINGUISHERS", "灭火器", "数量齐全、位置未移动"),
  of("EXTINGUISHERS", "灭火器", "压力指针在绿区"),
];
const GENERAL = [general("疏散通道、安全出口畅通"), general("无违规用火用电")];

const before = [...GENERAL, ...ALARM, ...DOORS];
// 灭火器 added to the unit's file while the check is half done: its items come in before the fire doors'
const after = [...GENERAL, ...ALARM, ...EXTINGUISHERS, ...DOORS];

describe("the check form's answers", () => {
  it("stay with their items when a facility's items are inserted before them", () => {
    let a = NO_ANSWERS;
    a = answerItem(a, GENERAL[0]!.item, true);
    a = answerItem(a, DOORS[0]!.item, true);
    a = answerItem(a, DOORS[1]!.item, false);
    a = noteItem(a, DOORS[1]!.item, "2 楼东侧防火门前堆放杂物");
    expect(progressOf(before, a)).toEqual({ done: 3, failed: 1, left: 3, firstLeft: 1 });

    const fitted = fitAnswers(a, after);
    expect(fitted).toBe(a); // nothing dropped
    // the new items unanswered, the fire doors' answers theirs still
    expect(progressOf(after, fitted)).toEqual({ done: 3, failed: 1, left: 5, firstLeft: 1 });
    for (const x of EXTINGUISHERS) expect(fitted.results.has(x.item)).toBe(false);
    let done = fitted;
    for (const x of [...GENERAL, ...ALARM, ...EXTINGUISHERS])
      if (!done.results.has(x.item)) done = answerItem(done, x.item, true);
    const items = recordItems(after, done)!;
    expect(items.map((x) => x.item)).toEqual(after.map((x) => x.item));
    expect(items.filter((x) => !x.ok)).toEqual([
      { item: DOORS[1]!.item, ok: false, note: "2 楼东侧防火门前堆放杂物", facilityKind: "FIRE_DOORS" },
    ]);
    expect(items.find((x) => x.item === DOORS[0]!.item)).toEqual({
      item: DOORS[0]!.item,
      ok: true,
      facilityKind: "FIRE_DOORS",
    });
    expect(items.find((x) => x.item === EXTINGUISHERS[1]!.item)!.ok).toBe(true);
  });

  it("drop the answers of items gone from the template; an item back starts unanswered", () => {
    let a = answerItem(NO_ANSWERS, EXTINGUISHERS[0]!.item, false);
    a = noteItem(a, EXTINGUISHERS[0]!.item, "门诊楼 3 楼灭火器缺失");
    a = answerItem(a, DOORS[0]!.item, true);
    const gone = fitAnswers(a, before);
    expect([...gone.results.keys()]).toEqual([DOORS[0]!.item]);
    expect(gone.notes.size).toBe(0);
    expect(progressOf(after, gone)).toEqual({ done: 1, failed: 0, left: 7, firstLeft: 0 });
  });

  it("pass the rest of a group, keeping the answers given", () => {
    const a = passRest(
      answerItem(NO_ANSWERS, ALARM[1]!.item, false),
      ALARM.map((x) => x.item),
    );
    expect(a.results.get(ALARM[0]!.item)).toBe(true);
    expect(a.results.get(ALARM[1]!.item)).toBe(false);
  });

  it("send nothing while an item is left, and a passed item's note as the form before did", () => {
    let a = NO_ANSWERS;
    for (const x of before.slice(1)) a = answerItem(a, x.item, true);
    expect(recordItems(before, a)).toBeNull();
    expect(progressOf(before, a).firstLeft).toBe(0);
    a = answerItem(a, before[0]!.item, false);
    a = noteItem(a, before[0]!.item, "  已现场清理  ");
    a = answerItem(a, before[0]!.item, true); // marked 正常 after the note was written
    a = noteItem(a, before[1]!.item, "   ");
    const items = recordItems(before, a)!;
    expect(items[0]).toEqual({ item: before[0]!.item, ok: true, note: "已现场清理" });
    expect(items[1]).toEqual({ item: before[1]!.item, ok: true });
    expect(items.every((x) => x.ok)).toBe(true);
  });
});
