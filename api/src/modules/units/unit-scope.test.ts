// Who sees which units, for every role: first the pure rule, then the same rule through the service on
// SQLite and PostgreSQL (lists, and "not found" for an id out of scope).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db, StaffRole, UnitCategory } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import {
  createUnits,
  creditCodeCheckChar,
  scopeCovers,
  unitPlacedWhere,
  unitScopeOf,
  type UnitPrincipal,
  type Units,
} from "./index.ts";

const base: UnitPrincipal = {
  kind: "staff",
  id: "s1",
  role: "ADMIN",
  active: true,
  townshipId: null,
  propertyCompanyId: null,
  sector: null,
  serviceCompanyId: null,
  unitIds: [],
};
const p = (o: Partial<UnitPrincipal>): UnitPrincipal => ({ ...base, ...o });

describe("unit scope, the rule", () => {
  it("gives every role its scope", () => {
    const cases: [UnitPrincipal, ReturnType<typeof unitScopeOf>][] = [
      [p({ role: "ADMIN" }), { kind: "county" }],
      [p({ role: "FIRE_SUPERVISOR" }), { kind: "county" }],
      [p({ role: "CENTRE_OPERATOR" }), { kind: "county" }],
      [p({ role: "PROGRAMME_OFFICE" }), { kind: "county" }],
      [p({ role: "UNIT_RESPONSIBLE", unitIds: ["u1", "u2"] }), { kind: "units", unitIds: ["u1", "u2"] }],
      [p({ role: "UNIT_MANAGER", unitIds: ["u1"] }), { kind: "units", unitIds: ["u1"] }],
      [p({ role: "UNIT_SAFETY_OFFICER", unitIds: ["u1"] }), { kind: "units", unitIds: ["u1"] }],
      [p({ role: "CONTROL_ROOM_OPERATOR", unitIds: ["u1"] }), { kind: "units", unitIds: ["u1"] }],
      [p({ role: "CONTROL_ROOM_OPERATOR", unitIds: [] }), { kind: "none" }],
      [p({ role: "SECTOR_REGULATOR", sector: "EDUCATION" }), { kind: "sector", sector: "EDUCATION" }],
      [p({ role: "SECTOR_REGULATOR" }), { kind: "none" }],
      [p({ role: "MAINTENANCE_TECH", serviceCompanyId: "m1" }), { kind: "maintainer", serviceCompanyId: "m1" }],
      [p({ role: "MAINTENANCE_TECH" }), { kind: "none" }],
      [p({ role: "INSTALLER", serviceCompanyId: "i1" }), { kind: "installer", serviceCompanyId: "i1" }],
      [p({ role: "TOWNSHIP_COORDINATOR", townshipId: "t1" }), { kind: "township", townshipId: "t1" }],
      [p({ role: "TOWNSHIP_COORDINATOR" }), { kind: "none" }],
      [p({ role: "PROPERTY_MANAGER", propertyCompanyId: "pc" }), { kind: "none" }],
      [p({ role: "PROPERTY_STAFF", propertyCompanyId: "pc" }), { kind: "none" }],
      [p({ role: "CENTRE_STAFF" }), { kind: "none" }],
      [p({ role: "ADMIN", active: false }), { kind: "none" }],
      [p({ kind: "resident", role: "RESIDENT" }), { kind: "none" }],
    ];
    for (const [principal, scope] of cases) expect(unitScopeOf(principal), principal.role).toEqual(scope);
  });

  it("a role's own field does not widen another role: a unit id on a regulator is ignored", () => {
    expect(unitScopeOf(p({ role: "SECTOR_REGULATOR", sector: "HEALTH", unitIds: ["u9"] }))).toEqual({
      kind: "sector",
      sector: "HEALTH",
    });
  });

  it("a maintenance company sees a unit through a facility it maintains too", () => {
    const unit = {
      id: "u1",
      townshipId: "t1",
      sector: "CIVIL_AFFAIRS" as const,
      maintenanceCompanyId: null,
      installerCompanyId: null,
      facilityMaintainerIds: ["m2"],
    };
    expect(scopeCovers({ kind: "maintainer", serviceCompanyId: "m2" }, unit)).toBe(true);
    expect(scopeCovers({ kind: "maintainer", serviceCompanyId: "m1" }, unit)).toBe(false);
    expect(scopeCovers({ kind: "installer", serviceCompanyId: "m2" }, unit)).toBe(false);
  });
});

let serial = 0;
/** a valid credit code, different each call */
function code(): string {
  const body = String(++serial).padStart(9, "0");
  const first17 = `91360199${body}`;
  return first17 + creditCodeCheckChar(first17)!;
}

interface Fixture {
  units: Record<"school" | "kindergarten" | "hospital" | "nursing" | "mall", string>;
  staff: Record<string, string>;
}

async function seed(db: Db): Promise<Fixture> {
  const prisma = db.prisma;
  const county = await prisma.county.create({ data: { code: "360199", name: "示范县" } });
  const t1 = await prisma.township.create({ data: { countyId: county.id, name: "城关街道", kind: "SUBDISTRICT" } });
  const t2 = await prisma.township.create({ data: { countyId: county.id, name: "青石镇", kind: "TOWN" } });
  const m1 = await prisma.serviceCompany.create({ data: { name: "维保一", kind: "MAINTENANCE" } });
  const m2 = await prisma.serviceCompany.create({ data: { name: "维保二", kind: "BOTH" } });
  const i1 = await prisma.serviceCompany.create({ data: { name: "安装一", kind: "INSTALLER" } });
  const unit = (
    name: string,
    category: UnitCategory,
    sector: "EDUCATION" | "HEALTH" | "CIVIL_AFFAIRS" | "COMMERCE",
    townshipId: string,
    maintenanceCompanyId: string | null,
    installerCompanyId: string | null,
  ) =>
    prisma.networkedUnit.create({
      data: {
        name,
        category,
        sector,
        townshipId,
        maintenanceCompanyId,
        installerCompanyId,
        creditCode: code(),
        address: `${name}路 1 号`,
      },
    });
  const school = await unit("第一中学", "BOARDING_SCHOOL", "EDUCATION", t1.id, m1.id, i1.id);
  const kindergarten = await unit("中心幼儿园", "KINDERGARTEN", "EDUCATION", t2.id, m2.id, null);
  const hospital = await unit("人民医院", "HOSPITAL", "HEALTH", t1.id, m1.id, null);
  const nursing = await unit("敬老院", "NURSING_HOME", "CIVIL_AFFAIRS", t2.id, null, null);
  const mall = await unit("购物中心", "SHOPPING_MARKET", "COMMERCE", t1.id, null, i1.id);
  // the nursing home has no maintenance contract of its own, but its sprinklers are kept by company 2
  await prisma.unitFacility.create({ data: { unitId: nursing.id, kind: "SPRINKLER", maintenanceCompanyId: m2.id } });
  const pc = await prisma.propertyCompany.create({ data: { name: "安居物业" } });

  const staff: Record<string, string> = {};
  const add = async (
    username: string,
    role: StaffRole,
    o: {
      townshipId?: string;
      propertyCompanyId?: string;
      sector?: "EDUCATION" | "HEALTH" | "CIVIL_AFFAIRS";
      serviceCompanyId?: string;
      units?: string[];
      active?: boolean;
    } = {},
  ) => {
    const s = await prisma.staffUser.create({
      data: {
        username,
        name: username,
        role,
        townshipId: o.townshipId ?? null,
        propertyCompanyId: o.propertyCompanyId ?? null,
        sector: o.sector ?? null,
        serviceCompanyId: o.serviceCompanyId ?? null,
        active: o.active ?? true,
      },
    });
    for (const unitId of o.units ?? []) await prisma.staffUnit.create({ data: { staffUserId: s.id, unitId } });
    staff[username] = s.id;
  };
  await add("admin", "ADMIN");
  await add("supervisor", "FIRE_SUPERVISOR");
  await add("centre_op", "CENTRE_OPERATOR");
  await add("programme", "PROGRAMME_OFFICE");
  await add("reg_edu", "SECTOR_REGULATOR", { sector: "EDUCATION" });
  await add("reg_health", "SECTOR_REGULATOR", { sector: "HEALTH" });
  await add("reg_civil", "SECTOR_REGULATOR", { sector: "CIVIL_AFFAIRS" });
  await add("op_hospital", "CONTROL_ROOM_OPERATOR", { units: [hospital.id] });
  await add("resp_edu", "UNIT_RESPONSIBLE", { units: [school.id, kindergarten.id] });
  await add("officer_mall", "UNIT_SAFETY_OFFICER", { units: [mall.id] });
  await add("manager_nursing", "UNIT_MANAGER", { units: [nursing.id] });
  await add("tech_m1", "MAINTENANCE_TECH", { serviceCompanyId: m1.id });
  await add("tech_m2", "MAINTENANCE_TECH", { serviceCompanyId: m2.id });
  await add("installer_i1", "INSTALLER", { serviceCompanyId: i1.id });
  await add("coordinator_t2", "TOWNSHIP_COORDINATOR", { townshipId: t2.id });
  await add("manager_pc", "PROPERTY_MANAGER", { propertyCompanyId: pc.id });
  await add("staff_pc", "PROPERTY_STAFF", { propertyCompanyId: pc.id });
  await add("centre", "CENTRE_STAFF");
  await add("retired_admin", "ADMIN", { active: false });
  return {
    units: {
      school: school.id,
      kindergarten: kindergarten.id,
      hospital: hospital.id,
      nursing: nursing.id,
      mall: mall.id,
    },
    staff,
  };
}

const ALL = ["school", "kindergarten", "hospital", "nursing", "mall"] as const;
const EXPECTED: Record<string, readonly (typeof ALL)[number][]> = {
  admin: ALL,
  supervisor: ALL,
  centre_op: ALL,
  programme: ALL,
  reg_edu: ["school", "kindergarten"],
  reg_health: ["hospital"],
  reg_civil: ["nursing"],
  op_hospital: ["hospital"],
  resp_edu: ["school", "kindergarten"],
  officer_mall: ["mall"],
  manager_nursing: ["nursing"],
  tech_m1: ["school", "hospital"],
  tech_m2: ["kindergarten", "nursing"],
  installer_i1: ["school", "mall"],
  coordinator_t2: ["kindergarten", "nursing"],
  manager_pc: [],
  staff_pc: [],
  centre: [],
  retired_admin: [],
};

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`unit scope on ${provider}`, () => {
    let m: ModuleDb;
    let units: Units;
    let f: Fixture;
    beforeAll(async () => {
      m = await openModuleDb(provider);
      units = createUnits({ prisma: m.db.prisma, clock: new ManualClock(), documentsDir: "/nonexistent" });
      f = await seed(m.db);
    });
    afterAll(() => m?.close());

    const nameOf = (id: string) => ALL.find((k) => f.units[k] === id);

    it("lists for every role exactly the units of its scope", async () => {
      for (const [username, expected] of Object.entries(EXPECTED)) {
        const r = await units.units.list({ kind: "staff", id: f.staff[username]! }, { offset: 0, limit: 100 });
        expect(r.items.map((u) => nameOf(u.id)).sort(), username).toEqual([...expected].sort());
        expect(r.total, username).toBe(expected.length);
      }
    });

    it("answers an id out of scope as not found, the same as an id that does not exist", async () => {
      for (const [username, expected] of Object.entries(EXPECTED)) {
        const caller = { kind: "staff" as const, id: f.staff[username]! };
        for (const k of ALL) {
          if (expected.includes(k)) {
            expect((await units.units.get(caller, f.units[k])).id, `${username} ${k}`).toBe(f.units[k]);
            continue;
          }
          const e = await units.units.get(caller, f.units[k]).catch((x: unknown) => x);
          expect(e, `${username} ${k}`).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe("NOT_FOUND");
        }
        const none = await units.units.get(caller, "no-such-unit").catch((x: unknown) => x);
        expect((none as AppError).code).toBe("NOT_FOUND");
      }
    });

    it("a resident sees no unit", async () => {
      const r = await units.units.list({ kind: "resident", id: "r1" }, { offset: 0, limit: 100 });
      expect(r.total).toBe(0);
      await expect(units.units.get({ kind: "resident", id: "r1" }, f.units.school)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    });

    it("the pure rule and the query agree for every principal and unit", async () => {
      const facts = await m.db.prisma.networkedUnit.findMany({
        include: { facilities: { select: { maintenanceCompanyId: true } } },
      });
      for (const id of Object.values(f.staff)) {
        const principal = await units.scopes.principal({ kind: "staff", id });
        const scope = unitScopeOf(principal);
        const visible = await units.scopes.visibleIds({ kind: "staff", id });
        for (const u of facts) {
          const covered = scopeCovers(scope, {
            ...u,
            facilityMaintainerIds: u.facilities.flatMap((x) =>
              x.maintenanceCompanyId ? [x.maintenanceCompanyId] : [],
            ),
          });
          expect(visible === "all" || visible.includes(u.id), `${principal.role} ${u.name}`).toBe(covered);
        }
      }
    });

    it("scopes devices placed in units by the same rule, and never a device of no unit", async () => {
      const prisma = m.db.prisma;
      await prisma.deviceModel.create({
        data: { id: "AX-U", kind: "SMOKE_ALARM", vendor: "测试", name: "测试", heartbeatIntervalSec: 3600 },
      });
      const place = { school: "D-SCHOOL", hospital: "D-HOSPITAL", mall: "D-MALL" } as const;
      for (const [k, id] of Object.entries(place))
        await prisma.device.create({
          data: { id, serial: id, modelId: "AX-U", secretHash: "x", unitId: f.units[k as keyof typeof place] },
        });
      await prisma.device.create({ data: { id: "D-HOME", serial: "D-HOME", modelId: "AX-U", secretHash: "x" } });
      const devicesOf = async (username: string) =>
        (
          await prisma.device.findMany({
            where: unitPlacedWhere(await units.scopes.of({ kind: "staff", id: f.staff[username]! })),
            select: { id: true },
            orderBy: { id: "asc" },
          })
        ).map((d) => d.id);
      expect(await devicesOf("tech_m1")).toEqual(["D-HOSPITAL", "D-SCHOOL"]);
      expect(await devicesOf("installer_i1")).toEqual(["D-MALL", "D-SCHOOL"]);
      expect(await devicesOf("admin")).toEqual(["D-HOSPITAL", "D-MALL", "D-SCHOOL"]);
      expect(await devicesOf("manager_pc")).toEqual([]);
    });

    it("a changed unit link applies at once (scopes are read per call, not cached in a token)", async () => {
      const caller = { kind: "staff" as const, id: f.staff.op_hospital! };
      await m.db.prisma.staffUnit.create({ data: { staffUserId: caller.id, unitId: f.units.mall } });
      expect((await units.units.list(caller, { offset: 0, limit: 10 })).total).toBe(2);
      await m.db.prisma.staffUnit.delete({
        where: { staffUserId_unitId: { staffUserId: caller.id, unitId: f.units.mall } },
      });
      await expect(units.units.get(caller, f.units.mall)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });
}
