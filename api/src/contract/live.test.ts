import { describe, expect, it } from "vitest";
import {
  LIVE_EVENTS,
  type LiveAlarmChange,
  type LiveEscalationEvent,
  type LiveEventType,
  type LiveEvents,
  type LiveFeedEventInput,
} from "./live.ts";

const AT = "2026-12-03T09:00:00.000Z";

const change: LiveAlarmChange = {
  outcome: "created",
  kind: "FIRE",
  kindLabel: "火警",
  status: "ACTIVE",
  severity: "CRITICAL",
  householdId: "h1",
  deviceId: "d1",
  resolution: null,
  report119: false,
  occurrences: 1,
};

/** one message of each type as the feed writes it, the centre's kinds of alarm event included */
const samples: { [K in LiveEventType]: LiveEvents[K][] } = {
  hello: [
    { staffId: "s1", communities: ["c1", "c2"] },
    { staffId: "s2", communities: "all" },
  ],
  alarm: [
    { id: 1, type: "alarm", communityId: "c1", alarmId: "a1", at: AT, data: change },
    {
      id: 2,
      type: "alarm",
      communityId: null,
      alarmId: "a2",
      at: AT,
      data: {
        centre: true,
        unitId: "u1",
        unitName: "县人民医院",
        kind: "FIRE",
        kindLabel: "火警",
        confirmDeadlineAt: AT,
      },
    },
    {
      id: 3,
      type: "alarm",
      communityId: null,
      alarmId: "a2",
      at: AT,
      data: { centre: true, unitId: "u1", verdict: "REAL_FIRE", verdictLabel: "真实火警" },
    },
    {
      id: 4,
      type: "alarm",
      communityId: null,
      alarmId: "a2",
      at: AT,
      data: { centre: true, unitId: "u1", timedOut: true },
    },
    {
      id: 5,
      type: "alarm",
      communityId: null,
      alarmId: "a2",
      at: AT,
      data: { centre: true, handoff: { attempt: 1, acknowledged: false } },
    },
  ],
  escalation: [
    {
      id: 6,
      type: "escalation",
      communityId: "c1",
      alarmId: "a1",
      at: AT,
      data: { step: 0, label: "通知家庭成员", notifications: 3 },
    },
  ],
  push: [
    {
      id: 7,
      type: "push",
      staffId: "s1",
      communityId: null,
      alarmId: "a1",
      at: AT,
      data: {
        notificationId: "n1",
        template: "FIRE_ESCALATION",
        alarmId: "a1",
        kind: "FIRE",
        kindLabel: "火警",
        address: "幸福小区 1 栋 2 单元 301",
        room: "厨房",
        at: AT,
        step: "通知值班物业人员",
        contactPhone: null,
      },
    },
  ],
};

/** the sample with one field renamed, `path` naming the object that holds it */
function renamed(value: unknown, path: string[], from: string, to: string): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let at = copy;
  for (const key of path) at = at[key] as Record<string, unknown>;
  at[to] = at[from];
  delete at[from];
  return copy;
}

describe("the live feed's contract (contract/live.ts)", () => {
  it("has a schema for every event type the console's board listens to", () => {
    expect(Object.keys(LIVE_EVENTS).sort()).toEqual(["alarm", "escalation", "hello", "push"]);
  });

  it.each(Object.entries(samples).flatMap(([type, list]) => list.map((s, i) => [`${type} #${i + 1}`, type, s])))(
    "takes %s as the feed sends it",
    (_name, type, sample) => {
      expect(LIVE_EVENTS[type as LiveEventType].safeParse(sample).error).toBeUndefined();
    },
  );

  it.each([
    ["hello", samples.hello[0], [], "communities", "scope"],
    ["alarm", samples.alarm[0], [], "alarmId", "alarm"],
    ["alarm", samples.alarm[0], ["data"], "kindLabel", "kindName"],
    ["alarm", samples.alarm[1], ["data"], "confirmDeadlineAt", "deadline"],
    ["alarm", samples.alarm[2], ["data"], "verdictLabel", "label"],
    ["alarm", samples.alarm[4], ["data", "handoff"], "attempt", "attempts"],
    ["escalation", samples.escalation[0], ["data"], "notifications", "sent"],
    ["push", samples.push[0], [], "staffId", "staff"],
    ["push", samples.push[0], ["data"], "address", "where"],
    // an optional field renamed: refused too, the objects being strict
    ["push", samples.push[0], ["data"], "step", "stage"],
  ] as const)("refuses a %s event with a renamed field (%#: %s)", (type, sample, path, from, to) => {
    const schema = LIVE_EVENTS[type];
    expect(schema.safeParse(sample).success).toBe(true);
    const r = schema.safeParse(renamed(sample, [...path], from, to));
    expect(r.success).toBe(false);
  });

  it("refuses a status the API never sends", () => {
    const r = LIVE_EVENTS.alarm.safeParse({ ...samples.alarm[0], data: { ...change, status: "OPEN" } });
    expect(r.success).toBe(false);
  });
});

// Type-level: each line below must stay a type error (tsc -p . checks api/src, tests included). The feed's
// publish() takes a LiveFeedEventInput, so a module that renames a field does not compile.
export const renamedInData: LiveFeedEventInput = {
  type: "escalation",
  communityId: "c1",
  alarmId: "a1",
  at: AT,
  data: {
    step: 0,
    // @ts-expect-error the feed sends label; an event that renames it is refused
    name: "通知家庭成员",
    notifications: 3,
  },
};
export const renamedInChange: LiveFeedEventInput = {
  type: "alarm",
  communityId: "c1",
  alarmId: "a1",
  at: AT,
  data: {
    outcome: "created",
    kind: "FIRE",
    // @ts-expect-error the feed sends kindLabel; no shape of an alarm event has kindName
    kindName: "火警",
    status: "ACTIVE",
    severity: "CRITICAL",
    householdId: "h1",
    deviceId: "d1",
    resolution: null,
    report119: false,
    occurrences: 1,
  },
};
export const renamedOnEvent: LiveEscalationEvent = {
  id: 1,
  type: "escalation",
  communityId: "c1",
  // @ts-expect-error the feed sends alarmId
  alarm: "a1",
  at: AT,
  data: { step: 0, label: "通知家庭成员", notifications: 3 },
};
