import { describe, expect, it } from "vitest";
import { inRoleSet, ROLE_SETS, STAFF_ROLES } from "./roles.ts";

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
