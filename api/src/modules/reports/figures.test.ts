import { describe, expect, it } from "vitest";
import { coverage, falseAlarms, responseTimes } from "./figures.ts";
import type { AlarmRow } from "./report-repository.ts";

const at = (iso: string) => new Date(iso);
let n = 0;
function alarm(o: Partial<AlarmRow>): AlarmRow {
  return {
    id: `a${++n}`,
    kind: "FIRE",
    status: "RESOLVED",
    resolution: null,
    deviceId: "d1",
    householdId: "h1",
    communityId: "c1",
    startedAt: at("2026-11-10T02:00:00Z"),
    acknowledgedAt: null,
    resolvedAt: null,
    ...o,
  };
}

describe("response times", () => {
  it("counts fire alarms only, and a resolution without an acknowledgement as the first response", () => {
    const r = responseTimes([
      alarm({ acknowledgedAt: at("2026-11-10T02:01:00Z"), resolvedAt: at("2026-11-10T02:10:00Z") }),
      alarm({ resolvedAt: at("2026-11-10T02:03:00Z") }),
      alarm({ status: "ACTIVE" }),
      alarm({ kind: "OFFLINE", acknowledgedAt: at("2026-11-10T02:00:01Z") }),
    ]);
    expect(r).toEqual({
      alarms: 3,
      acknowledged: 2,
      ackMedianSec: 60,
      ackP90Sec: 180,
      resolved: 2,
      resolveMedianSec: 180,
      resolveP90Sec: 600,
    });
  });
});

describe("coverage", () => {
  it("adds up units, and rounds the share", () => {
    expect(
      coverage([
        { households: 2, covered: 1 },
        { households: 1, covered: 0 },
      ]),
    ).toEqual({ households: 3, covered: 1, rate: 0.333 });
    expect(coverage([])).toEqual({ households: 0, covered: 0, rate: 0 });
  });
});

describe("false alarms", () => {
  it("flags more than 5 false alarms on one county day, not 5", () => {
    // 16:00Z is midnight in the county: these six fall on two county days (3 + 3), then six on one
    const day = (h: number, d = "2026-11-10") =>
      alarm({ resolution: "FALSE_ALARM", startedAt: at(`${d}T${String(h).padStart(2, "0")}:00:00Z`) });
    const split = falseAlarms(
      [13, 14, 15, 16, 17, 18].map((h) => day(h)),
      (a) => a.deviceId,
      (id) => id,
    );
    expect(split[0]).toMatchObject({ falseAlarms: 6, maxPerDay: 3, flagged: false });
    const five = falseAlarms(
      [1, 2, 3, 4, 5].map((h) => day(h)),
      (a) => a.deviceId,
      (id) => id,
    );
    expect(five[0]).toMatchObject({ maxPerDay: 5, flagged: false });
    const six = falseAlarms(
      [...[1, 2, 3, 4, 5, 6].map((h) => day(h)), alarm({ resolution: "TEST" })],
      (a) => a.deviceId,
      (id) => id,
    );
    expect(six[0]).toMatchObject({ fireAlarms: 7, falseAlarms: 6, rate: 0.857, maxPerDay: 6, flagged: true });
  });
});
