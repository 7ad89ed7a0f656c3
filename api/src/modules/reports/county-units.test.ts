// 全县态势's units part decides its scope from who asks: the brigade and admins see the county without a read of
// their account (the page's readers, a wall display every minute, each answer otherwise served from the cache);
// every other caller's scope is read, so a changed role or unit applies at once.
import { describe, expect, it } from "vitest";
import type { Db, Prisma } from "../../db/client.ts";
import type { Caller, UnitScope, UnitScopes } from "../units/unit-scope.ts";
import { CountyUnitFigures } from "./county-units.ts";

function figuresWith(read: (c: Caller) => UnitScope) {
  const asked: Caller[] = [];
  const scopes = {
    of: (c: Caller) => {
      asked.push(c);
      return Promise.resolve(read(c));
    },
  } as unknown as UnitScopes;
  return { figures: new CountyUnitFigures({} as Prisma, "sqlite" as Db["provider"], scopes), asked };
}

describe("the county view's unit scope", () => {
  it("is the county for the brigade and admins, read from nothing", async () => {
    const { figures, asked } = figuresWith(() => {
      throw new Error("not to be read");
    });
    for (const role of ["FIRE_SUPERVISOR", "ADMIN", "CENTRE_OPERATOR", "PROGRAMME_OFFICE"])
      expect(await figures.scopeOf({ kind: "staff", id: `s-${role}`, role })).toEqual({ kind: "county" });
    expect(asked).toEqual([]);
  });

  it("is read for every other caller, and for a caller whose role is not known", async () => {
    const { figures, asked } = figuresWith(() => ({ kind: "sector", sector: "HEALTH" }));
    expect(await figures.scopeOf({ kind: "staff", id: "reg", role: "SECTOR_REGULATOR" })).toEqual({
      kind: "sector",
      sector: "HEALTH",
    });
    expect(await figures.scopeOf({ kind: "staff", id: "someone" })).toEqual({ kind: "sector", sector: "HEALTH" });
    // a resident claiming a county role is still read (and gets none from the real scopes)
    await figures.scopeOf({ kind: "resident", id: "r1", role: "ADMIN" });
    expect(asked.map((c) => c.id)).toEqual(["reg", "someone", "r1"]);
  });
});
