// The demo units seed on top of the demo county, on SQLite and PostgreSQL: valid credit codes, every
// category the issue names, two pilots, whole files, accounts that sign in and see their own scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthService } from "../../api/src/modules/auth/auth-service.ts";
import { TokenService } from "../../api/src/modules/auth/token-service.ts";
import { checkCreditCode, createUnits, type Units } from "../../api/src/modules/units/index.ts";
import { ManualClock } from "../../api/src/shared/clock.ts";
import { providers } from "../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../tests/support/module-db.ts";
import { seedDemo } from "./demo-seed.ts";
import { DEMO_SERVICE_COMPANIES, DEMO_UNITS, type DemoUnitsInfo } from "./units-demo.ts";

describe("demo units data", () => {
  it("has valid and distinct credit codes", () => {
    const codes = [...DEMO_UNITS.map((u) => u.creditCode), ...DEMO_SERVICE_COMPANIES.map((c) => c.creditCode)];
    for (const c of codes) expect(checkCreditCode(c), c).toEqual({ ok: true, code: c });
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("covers the categories issue 14 names, with two pilots, near the demo communities", () => {
    const categories = new Set(DEMO_UNITS.map((u) => u.category));
    for (const c of [
      "HOSPITAL",
      "BOARDING_SCHOOL",
      "NURSING_HOME",
      "SHOPPING_MARKET",
      "HOTEL",
      "LABOUR_INTENSIVE",
      "HIGH_RISE_PUBLIC",
      "WAREHOUSE",
    ] as const)
      expect(categories.has(c), c).toBe(true);
    expect(DEMO_UNITS.filter((u) => u.pilot).map((u) => u.name)).toEqual(["示范县人民医院", "示范县第一中学"]);
    // within about 10 km of 幸福小区 (28.6823, 115.8581)
    for (const u of DEMO_UNITS) {
      expect(Math.abs(u.latitude - 28.6823), u.name).toBeLessThan(0.1);
      expect(Math.abs(u.longitude - 115.8581), u.name).toBeLessThan(0.1);
    }
    for (const u of DEMO_UNITS)
      for (const k of u.keyParts)
        if (k.building)
          expect(
            u.buildings.map((b) => b.name),
            `${u.name} ${k.name}`,
          ).toContain(k.building);
  });
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the demo units seed on ${provider}`, () => {
    let m: ModuleDb;
    let info: DemoUnitsInfo;
    let units: Units;
    let auth: AuthService;
    const clock = new ManualClock();
    const idOf = async (username: string) =>
      (await m.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;
    const sees = async (username: string) =>
      (await units.units.list({ kind: "staff", id: await idOf(username) }, { offset: 0, limit: 100 })).items
        .map((u) => u.name)
        .sort();

    beforeAll(async () => {
      m = await openModuleDb(provider);
      // the demo county seeds its units too (demo-seed.ts calls seedUnitsDemo): what it returns is in DemoInfo
      const demo = await seedDemo(m.db.prisma);
      info = { units: demo.units!, companies: demo.serviceCompanies!, county: demo.unitCounty!, staff: demo.staff };
      units = createUnits({ prisma: m.db.prisma, clock, documentsDir: "/nonexistent" });
      const tokens = new TokenService(m.db.prisma, "test-secret-test-secret-test-secret-0123", clock, {
        accessSec: 900,
        refreshSec: 3600,
      });
      auth = new AuthService(m.db.prisma, tokens, null, clock, { maxFailedLogins: 5, lockoutSec: 900 });
    }, 120_000);
    afterAll(() => m?.close());

    it("writes every unit's whole file and returns its five accounts", async () => {
      expect(info.units).toHaveLength(DEMO_UNITS.length);
      const admin = { kind: "staff" as const, id: await idOf("admin") };
      for (const u of info.units) {
        const f = await units.units.get(admin, u.id);
        expect(f.buildings.length, u.name).toBeGreaterThan(0);
        expect(f.keyParts.length, u.name).toBeGreaterThan(1);
        expect(f.facilities.length, u.name).toBeGreaterThan(2);
        expect(
          f.people.map((p) => p.role),
          u.name,
        ).toEqual([
          "UNIT_RESPONSIBLE",
          "UNIT_MANAGER",
          "UNIT_SAFETY_OFFICER",
          "CONTROL_ROOM_OPERATOR",
          "CONTROL_ROOM_OPERATOR",
        ]);
        expect(u.accounts.map((a) => a.username)).toEqual([
          `${DEMO_UNITS.find((x) => x.name === u.name)!.key}_zeren`,
          expect.stringMatching(/_guanli$/),
          expect.stringMatching(/_anquan$/),
          expect.stringMatching(/_zhiban1$/),
          expect.stringMatching(/_zhiban2$/),
        ]);
      }
      expect(info.staff.map((s) => s.username)).toEqual(
        expect.arrayContaining([
          "reg_edu",
          "reg_health",
          "reg_civil",
          "wb_wang",
          "az_zhou",
          "centre_op",
          "programme",
          "yy_zhiban1",
        ]),
      );
    });

    it("gives accounts that sign in with the returned passwords", async () => {
      for (const username of ["yy_zhiban1", "reg_edu", "reg_civil", "wb_wang", "programme"]) {
        const a = info.staff.find((s) => s.username === username)!;
        expect((await auth.staffLogin(username, a.password, "127.0.0.1")).user.role, username).toBe(a.role);
      }
    });

    it("scopes the demo accounts as the issue asks", async () => {
      expect(await sees("reg_edu")).toEqual(["城关中心幼儿园", "示范县第一中学"]);
      expect(await sees("reg_health")).toEqual(["示范县人民医院"]);
      // civil affairs: the nursing home, and nothing of the other sectors
      expect(await sees("reg_civil")).toEqual(["青石镇敬老院"]);
      expect(await sees("yy_zhiban1")).toEqual(["示范县人民医院"]);
      expect(await sees("wb_wang")).toEqual(
        [
          "万家福购物中心",
          "城关中心幼儿园",
          "示范县人民医院",
          "示范县第一中学",
          "示范县迎宾馆",
          "示范县金融大厦",
          "青石物流仓储中心",
        ].sort(),
      );
      expect(await sees("az_zhou")).toEqual(
        ["万家福购物中心", "示范县人民医院", "示范县第一中学", "青石镇敬老院"].sort(),
      );
      expect(await sees("coordinator")).toEqual(
        DEMO_UNITS.filter((u) => u.township === "城关街道")
          .map((u) => u.name)
          .sort(),
      );
      expect(await sees("centre_op")).toHaveLength(DEMO_UNITS.length);
      expect(await sees("manager_a")).toEqual([]);
    });
  });
}
