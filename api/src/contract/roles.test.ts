import { describe, expect, it } from "vitest";
import { inRoleSet, maySwitchModeOfKind, ROLE_SETS, STAFF_ROLES } from "./roles.ts";

describe("the table of role sets", () => {
  it("names each set of people once", () => {
    const byMembers = new Map<string, string[]>();
    for (const [name, roles] of Object.entries(ROLE_SETS)) {
      const key = [...roles].sort().join(",");
      byMembers.set(key, [...(byMembers.get(key) ?? []), name]);
    }
    const twice = [...byMembers.values()].filter((names) => names.length > 1);
    expect(twice).toEqual([]);
  });

  it("lists no role twice in a set, and only roles that exist", () => {
    const known = new Set<string>(["RESIDENT", ...STAFF_ROLES]);
    for (const [name, roles] of Object.entries(ROLE_SETS)) {
      expect(new Set(roles).size, name).toBe(roles.length);
      for (const r of roles) expect(known.has(r), `${name}: ${r}`).toBe(true);
    }
  });

  it("checks a role as it comes from a token", () => {
    expect(inRoleSet(ROLE_SETS.county, "ADMIN")).toBe(true);
    expect(inRoleSet(ROLE_SETS.county, "PROPERTY_MANAGER")).toBe(false);
    expect(inRoleSet(ROLE_SETS.county, "admin")).toBe(false);
  });
});

describe("who may switch the mode of a device of a kind", () => {
  it("refuses a unit's keepers a transmission device, and nothing else", () => {
    for (const role of ROLE_SETS.unitDeviceKeepers) {
      expect(maySwitchModeOfKind(role, "UITD"), role).toBe(false);
      for (const kind of ["SMOKE_ALARM", "MANUAL_CALL_POINT", "GAS_DETECTOR", "WATER_LEVEL", "PUMP"])
        expect(maySwitchModeOfKind(role, kind), `${role}: ${kind}`).toBe(true);
    }
  });

  it("leaves a transmission device to everyone else the API lets switch", () => {
    // the centre's administrator, the property desk; the control room's operators are no keepers (the API refuses
    // them any switch, by another rule)
    for (const role of ["ADMIN", "PROPERTY_MANAGER", "PROPERTY_STAFF", "CONTROL_ROOM_OPERATOR", "RESIDENT"])
      expect(maySwitchModeOfKind(role, "UITD"), role).toBe(true);
  });
});
