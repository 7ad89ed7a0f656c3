// The dispatch's rules without a database: who is behind the plan's dates, the coverage due by a date, and
// the unit score's parts.
import { describe, expect, it } from "vitest";
import { defaultPhases, requiredCoverage, requiredStage, unitBehind } from "./plan.ts";
import { score, scoreParts, SCORE_RULE } from "./scores.ts";

const phases = defaultPhases(2026);
const at = (iso: string) => new Date(iso);
const unit = { pilot: false, keyUnit: true, hasAutoFireAlarm: false };

describe("behind the plan's dates", () => {
  it("asks nothing before the full roll-out, a plan during it, installation after, acceptance at the end", () => {
    expect(requiredStage(unit, phases, at("2026-07-15T00:00:00Z"))).toBeNull();
    expect(requiredStage(unit, phases, at("2026-09-01T00:00:00Z"))?.stage).toBe("PLANNED");
    expect(requiredStage(unit, phases, at("2026-12-05T00:00:00Z"))?.stage).toBe("INSTALLED");
    expect(requiredStage(unit, phases, at("2027-01-05T00:00:00Z"))?.stage).toBe("ACCEPTED");
  });

  it("holds pilots to the pilot phase's end and leaves units the plan does not name alone", () => {
    const pilot = { ...unit, pilot: true };
    expect(requiredStage(pilot, phases, at("2026-08-02T00:00:00Z"))?.stage).toBe("INSTALLED");
    expect(
      requiredStage({ pilot: false, keyUnit: false, hasAutoFireAlarm: false }, phases, at("2027-02-01Z")),
    ).toBeNull();
    // "by 31 July" means the whole county day (UTC+8)
    expect(requiredStage(pilot, phases, at("2026-07-31T15:00:00Z"))).toBeNull();
  });

  it("says a unit is behind only below the stage due", () => {
    const now = at("2026-12-05T00:00:00Z");
    expect(unitBehind({ ...unit, rolloutStage: "INSTALLING" }, phases, now)?.stage).toBe("INSTALLED");
    expect(unitBehind({ ...unit, rolloutStage: "INSTALLED" }, phases, now)).toBeNull();
    expect(unitBehind({ ...unit, rolloutStage: "ACCEPTED" }, phases, now)).toBeNull();
  });

  it("expects coverage along a straight line to the target over the full roll-out", () => {
    expect(requiredCoverage(phases, at("2026-07-01T00:00:00Z"))).toBe(0);
    const mid = requiredCoverage(phases, at("2026-10-01T00:00:00Z"));
    expect(mid).toBeGreaterThan(0.2);
    expect(mid).toBeLessThan(0.3);
    expect(requiredCoverage(phases, at("2026-12-15T00:00:00Z"))).toBe(0.5);
  });
});

describe("unit score", () => {
  const clean = {
    devices: 10,
    devicesOnline: 10,
    fireSignals: 0,
    confirmedInTime: 0,
    falseAlarms: 0,
    dutyChecks: 0,
    dutyAnswered: 0,
    patrolPlans: 1,
    patrols: 0,
    patrolsDone: 0,
    hazardsDue: 0,
    hazardsFixedOnTime: 0,
  };

  it("gives 100 to a unit with every device online and nothing missed, 70 to one with no devices", () => {
    expect(SCORE_RULE.reduce((n, r) => n + r.max, 0)).toBe(100);
    expect(score(clean)).toBe(100);
    expect(score({ ...clean, devices: 0, devicesOnline: 0 })).toBe(70);
  });

  it("gives no patrol points to a unit with no patrol plan, full ones to a plan with no round due yet", () => {
    const patrol = (f: typeof clean) => scoreParts(f).find((p) => p.key === "patrol")!.points;
    // a key unit patrols daily (the 61st order, art. 25): no plan is no patrol, not a clean record
    expect(patrol({ ...clean, patrolPlans: 0 })).toBe(0);
    expect(score({ ...clean, patrolPlans: 0 })).toBe(85);
    // rounds recorded under a plan since stopped still count for nothing without a plan in force
    expect(patrol({ ...clean, patrolPlans: 0, patrols: 10, patrolsDone: 10 })).toBe(0);
    expect(patrol({ ...clean, patrolPlans: 1, patrols: 0 })).toBe(15);
    expect(patrol({ ...clean, patrolPlans: 1, patrols: 12, patrolsDone: 11 })).toBe(13.8);
  });

  it("takes off for offline devices, late confirmations, false alarms, missed checks, patrols and hazards", () => {
    const parts = scoreParts({
      devices: 10,
      devicesOnline: 5,
      fireSignals: 4,
      confirmedInTime: 3,
      falseAlarms: 6,
      dutyChecks: 10,
      dutyAnswered: 8,
      patrolPlans: 2,
      patrols: 30,
      patrolsDone: 15,
      hazardsDue: 2,
      hazardsFixedOnTime: 1,
    });
    expect(Object.fromEntries(parts.map((p) => [p.key, p.points]))).toEqual({
      online: 15,
      confirm: 15,
      false: 0,
      duty: 12,
      patrol: 7.5,
      hazard: 5,
    });
  });
});
