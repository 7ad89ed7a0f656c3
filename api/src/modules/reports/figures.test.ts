import { describe, expect, it } from "vitest";
import { coverage, falseAlarms, isWorking, protectedHomes, responseTimes } from "./figures.ts";
import type { AlarmRow, DeviceRow } from "./report-repository.ts";

const at = (iso: string) => new Date(iso);
let n = 0;
function alarm(o: Partial<AlarmRow>): AlarmRow {
  return { id: `a${++n}`, kind: "FIRE", status: "RESOLVED", resolution: null, deviceId: "d1", householdId: "h1", communityId: "c1", startedAt: at("2026-11-10T02:00:00Z"), acknowledgedAt: null, resolvedAt: null, ...o };
}
const device = (o: Partial<DeviceRow>): DeviceRow => ({ id: "d", name: null, householdId: "h1", communityId: "c1", mode: "NORMAL", status: null, ...o });
const seen = { online: true, lastSeenAt: at("2026-11-10T00:00:00Z"), smokeAlarm: false, lowBattery: false, tamper: false, fault: false };

describe("response times", () => {
  it("counts fire alarms only, and a resolution without an acknowledgement as the first response", () => {
    const r = responseTimes([
      alarm({ acknowledgedAt: at("2026-11-10T02:01:00Z"), resolvedAt: at("2026-11-10T02:10:00Z") }),
      alarm({ resolvedAt: at("2026-11-10T02:03:00Z") }),
      alarm({ status: "ACTIVE" }),
      alarm({ kind: "OFFLINE", acknowledgedAt: at("2026-11-10T02:00:01Z") }),
    ]);
    expect(r).toEqual({ alarms: 3, acknowledged: 2, ackMedianSec: 60, ackP90Sec: 180, resolved: 2, resolveMedianSec: 180, resolveP90Sec: 600 });
  });
});

describe("coverage", () => {
  it("counts a home protected by a bound device in service that is not offline", () => {
    expect(isWorking(device({ status: seen }))).toBe(true);
    expect(isWorking(device({ status: null }))).toBe(true); // bound, not yet reported: not known to be offline
    expect(isWorking(device({ status: { ...seen, online: false } }))).toBe(false);
    expect(isWorking(device({ mode: "MAINTENANCE", status: seen }))).toBe(false);
    expect(isWorking(device({ householdId: null, status: seen }))).toBe(false);
    const homes = protectedHomes([device({ householdId: "h1", status: seen }), device({ householdId: "h2", status: { ...seen, online: false } })]);
    const rows = ["h1", "h2", "h3"].map((id) => ({ id, communityId: "c1", buildingId: "b1", buildingName: "1号楼", oldHighRise: true }));
    expect(coverage(rows, homes)).toEqual({ households: 3, covered: 1, rate: 0.333 });
  });
});

describe("false alarms", () => {
  it("flags more than 5 false alarms on one county day, not 5", () => {
    // 16:00Z is midnight in the county: these six fall on two county days (3 + 3), then six on one
    const day = (h: number, d = "2026-11-10") => alarm({ resolution: "FALSE_ALARM", startedAt: at(`${d}T${String(h).padStart(2, "0")}:00:00Z`) });
    const split = falseAlarms([13, 14, 15, 16, 17, 18].map((h) => day(h)), (a) => a.deviceId, (id) => id);
    expect(split[0]).toMatchObject({ falseAlarms: 6, maxPerDay: 3, flagged: false });
    const five = falseAlarms([1, 2, 3, 4, 5].map((h) => day(h)), (a) => a.deviceId, (id) => id);
    expect(five[0]).toMatchObject({ maxPerDay: 5, flagged: false });
    const six = falseAlarms([...[1, 2, 3, 4, 5, 6].map((h) => day(h)), alarm({ resolution: "TEST" })], (a) => a.deviceId, (id) => id);
    expect(six[0]).toMatchObject({ fireAlarms: 7, falseAlarms: 6, rate: 0.857, maxPerDay: 6, flagged: true });
  });
});
