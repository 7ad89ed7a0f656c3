import { describe, expect, it } from "vitest";
import { DEVICE_KIND_LABEL, FACILITY_KIND_LABEL, PLAN_KIND_LABEL } from "./labels.ts";
import { planKind } from "./rollout.ts";

describe("the device kinds' names (issue 13)", () => {
  it("names each kind once, and no two kinds alike", () => {
    const names = Object.values(DEVICE_KIND_LABEL);
    expect(new Set(names).size).toBe(names.length);
    for (const [table, labels] of Object.entries({ PLAN_KIND_LABEL, FACILITY_KIND_LABEL }))
      for (const [kind, name] of Object.entries(labels))
        expect(name, `${table}.${kind}`).toBe(DEVICE_KIND_LABEL[kind as keyof typeof DEVICE_KIND_LABEL]);
  });

  it("keeps the kinds a plan and the facility page know, in their forms' order", () => {
    expect(Object.keys(PLAN_KIND_LABEL)).toEqual([
      "SMOKE_ALARM",
      "MANUAL_CALL_POINT",
      "SOUND_LIGHT",
      "UITD",
      "GAS_DETECTOR",
      "WATER_LEVEL",
      "PUMP",
      "HYDRANT_PRESSURE",
      "PIPE_PRESSURE",
      "ELECTRICAL_FIRE",
      "CAMERA",
    ]);
    expect(planKind.options).toEqual(Object.keys(PLAN_KIND_LABEL));
    expect(Object.keys(FACILITY_KIND_LABEL)).toEqual([
      "WATER_LEVEL",
      "PUMP",
      "HYDRANT_PRESSURE",
      "PIPE_PRESSURE",
      "ELECTRICAL_FIRE",
      "GAS_DETECTOR",
      "MANUAL_CALL_POINT",
      "SOUND_LIGHT",
    ]);
  });
});
