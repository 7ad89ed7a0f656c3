// Facility events map directly to alarms; a fire alarm in the place turns a pump start into its job, a gas
// detector's valve into a note, and the clearing events of fire-class alarms into notes.
import { describe, expect, it } from "vitest";
import { FACILITY_EVENT_TYPES } from "../devices/protocol-v11.ts";
import { eventDecisions } from "./facility-events.ts";

const AT = Date.UTC(2026, 11, 2, 8);
const quiet = { fireInPlace: false };
const pick = (r: ReturnType<typeof eventDecisions>) => r?.map((d) => `${d.action} ${d.kind} @${d.point}`) ?? null;

describe("facility events", () => {
  it("map each event to its alarm", () => {
    const cases: [Parameters<typeof eventDecisions>[0], string, string | undefined, string[] | null][] = [
      ["PUMP", "pump_start", undefined, ["raise PUMP_STARTED @"]],
      ["PUMP", "pump_stop", undefined, ["clear PUMP_STARTED @"]],
      ["PUMP", "pump_manual", undefined, ["raise PUMP_NOT_AUTO @"]],
      ["PUMP", "pump_auto", undefined, ["clear PUMP_NOT_AUTO @"]],
      ["PUMP", "power_loss", "backup", ["raise POWER_LOST @backup"]],
      ["PUMP", "power_restored", "backup", ["clear POWER_LOST @backup"]],
      ["PUMP", "fault", undefined, ["raise PUMP_FAULT @"]],
      ["PUMP", "fault_cleared", undefined, ["clear PUMP_FAULT @"]],
      ["ELECTRICAL_FIRE", "power_loss", undefined, ["raise POWER_LOST @"]],
      ["MANUAL_CALL_POINT", "call_point_pressed", undefined, ["raise CALL_POINT @"]],
      ["MANUAL_CALL_POINT", "call_point_reset", undefined, ["note CALL_POINT @"]],
      ["GAS_DETECTOR", "gas_alarm", undefined, ["raise GAS_LEAK @lel_pct"]],
      ["GAS_DETECTOR", "gas_clear", undefined, ["note GAS_LEAK @lel_pct"]],
      ["GAS_DETECTOR", "valve_closed", undefined, ["note GAS_LEAK @lel_pct"]],
      ["GAS_DETECTOR", "valve_opened", undefined, []],
      ["PIPE_PRESSURE", "valve_closed", undefined, ["raise VALVE_CLOSED @"]],
      ["PIPE_PRESSURE", "valve_opened", undefined, ["clear VALVE_CLOSED @"]],
      ["HYDRANT_PRESSURE", "hydrant_opened", undefined, ["raise HYDRANT_OPENED @flow"]],
      ["HYDRANT_PRESSURE", "hydrant_closed", undefined, ["clear HYDRANT_OPENED @flow"]],
      ["HYDRANT_PRESSURE", "tilt", undefined, ["raise HYDRANT_KNOCKED @"]],
      ["HYDRANT_PRESSURE", "reading", undefined, []],
      // version 1's rules: a smoke alarm's fault, and every smoke or battery event
      ["SMOKE_ALARM", "fault", undefined, null],
      ["HYDRANT_PRESSURE", "fault", undefined, null],
      ["HYDRANT_PRESSURE", "low_battery", undefined, null],
      ["SMOKE_ALARM", "smoke_alarm", undefined, null],
    ];
    for (const [kind, type, point, want] of cases)
      expect(pick(eventDecisions(kind, { type, point, at: AT }, quiet)), `${kind} ${type}`).toEqual(want);
  });

  it("knows every facility event type of protocol 1.1", () => {
    for (const type of FACILITY_EVENT_TYPES)
      for (const kind of ["PUMP", "GAS_DETECTOR", "HYDRANT_PRESSURE"] as const)
        expect(eventDecisions(kind, { type, at: AT }, quiet), `${kind} ${type}`).not.toBeNull();
  });

  it("a pump that starts during a fire in its place is doing its job: no alarm", () => {
    expect(eventDecisions("PUMP", { type: "pump_start", at: AT }, { fireInPlace: true })).toEqual([]);
  });

  it("says what happened, when", () => {
    expect(eventDecisions("PUMP", { type: "pump_manual", at: AT }, quiet)).toEqual([
      {
        action: "raise",
        kind: "PUMP_NOT_AUTO",
        point: "",
        at: AT,
        note: "消防泵控制柜被切换到手动，火灾时不会自动启泵",
      },
    ]);
  });
});
