// 账号管理: making an account (POST /api/setup/staff), on both engines: a township coordinator, a sector regulator
// and an experience centre's staff member are made with the scope each needs (GET /api/setup/staff-scopes says
// which); a missing, stray, unknown or stopped scope and a role the caller may not make are refused in Chinese;
// the making is in the audit record.
import { expect, it } from "vitest";
import { describeAccounts, type ErrorBody, type Listed } from "../support/accounts.ts";

await describeAccounts(({ t, list, idOf, login }) => {
  it("makes a township coordinator, a sector regulator and a centre's staff member, each with its scope", async () => {
    const office = await t.loginStaff("programme");
    const scopes = await t.request<{
      roles: { role: string; scope: string | null }[];
      townships: { id: string; name: string }[];
      sectors: { id: string; name: string }[];
      centres: { id: string; name: string }[];
      serviceCompanies: { id: string; name: string; kind: string }[];
    }>("GET", "/api/setup/staff-scopes", { token: office });
    expect(scopes.status).toBe(200);
    const scopeOf = Object.fromEntries(scopes.body.roles.map((r) => [r.role, r.scope]));
    expect(scopeOf).toMatchObject({
      TOWNSHIP_COORDINATOR: "townshipId",
      SECTOR_REGULATOR: "sector",
      CENTRE_STAFF: "centreId",
      PROPERTY_MANAGER: "propertyCompanyId",
      MAINTENANCE_TECH: "serviceCompanyId",
      FIRE_SUPERVISOR: null,
    });
    // the programme office makes no admins; a unit's people are made on the unit's page
    expect(scopeOf.ADMIN).toBeUndefined();
    expect(scopeOf.UNIT_RESPONSIBLE).toBeUndefined();
    expect((await t.request("GET", "/api/setup/staff-scopes", { token: await t.loginStaff("yy_zeren") })).status).toBe(
      403,
    );
    const township = scopes.body.townships.find((x) => x.name === "城关街道")!;
    const sector = scopes.body.sectors.find((x) => x.id === "HEALTH")!;
    expect(sector.name).toBe("卫生健康委员会");
    const centre = scopes.body.centres[0]!;

    const create = (body: Record<string, unknown>) =>
      t.request<{ staff: Listed; invitation: { code: string } } & ErrorBody>("POST", "/api/setup/staff", {
        token: office,
        body,
      });
    const coordinator = await create({
      username: "cg_xietiao2",
      name: "何协调",
      phone: "13600001111",
      role: "TOWNSHIP_COORDINATOR",
      townshipId: township.id,
    });
    expect(coordinator.status, JSON.stringify(coordinator.body)).toBe(201);
    expect(coordinator.body.staff).toMatchObject({ hasPassword: false, phone: "136****1111", centreId: null });
    const regulator = await create({
      username: "reg_health2",
      name: "卫健委 许科长",
      role: "SECTOR_REGULATOR",
      sector: "HEALTH",
    });
    expect(regulator.status).toBe(201);
    const centreStaff = await create({
      username: "tyg_wang",
      name: "王讲解",
      role: "CENTRE_STAFF",
      centreId: centre.id,
    });
    expect(centreStaff.status, JSON.stringify(centreStaff.body)).toBe(201);
    expect(centreStaff.body.staff.centreId).toBe(centre.id);

    const found = await list("programme", "?q=reg_health2");
    expect(found.body.items).toEqual([
      expect.objectContaining({ name: "卫健委 许科长", sector: "HEALTH", hasPassword: false, lastSignInAt: null }),
    ]);
    expect((await list("programme", "?q=cg_xietiao2")).body.items[0]).toMatchObject({ townshipName: "城关街道" });
    expect((await list("programme", "?q=tyg_wang")).body.items[0]).toMatchObject({ centreName: centre.name });
    // the new centre staff member works at that centre: their centre's sessions are theirs
    const accepted = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: centreStaff.body.invitation.code, password: "Ti-yan-guan 2026" },
    });
    expect(accepted.status).toBe(200);
    expect((await login("tyg_wang", "Ti-yan-guan 2026")).status).toBe(200);
    const row = await t.api.db.prisma.centreStaff.findUnique({ where: { staffUserId: centreStaff.body.staff.id } });
    expect(row?.centreId).toBe(centre.id);

    // each role's scope is asked for in words; a role the office may not make is refused
    const noCentre = await create({ username: "tyg_li", name: "李讲解", role: "CENTRE_STAFF" });
    expect(noCentre.status).toBe(400);
    expect(noCentre.body.error.message).toContain("必须选择体验馆");
    const strayCentre = await create({ username: "sup_x", name: "某人", role: "FIRE_SUPERVISOR", centreId: centre.id });
    expect(strayCentre.status).toBe(400);
    expect(strayCentre.body.error.message).toContain("不需要选择体验馆");
    const noSector = await create({ username: "reg_x", name: "某人", role: "SECTOR_REGULATOR" });
    expect(noSector.status).toBe(400);
    expect(noSector.body.error.message).toContain("必须填写行业主管部门");
    const noTownship = await create({ username: "xt_x", name: "某人", role: "TOWNSHIP_COORDINATOR" });
    expect(noTownship.body.error.message).toContain("必须填写乡镇/街道");
    const badCentre = await create({
      username: "tyg_x",
      name: "某人",
      role: "CENTRE_STAFF",
      centreId: "no-such-centre",
    });
    expect(badCentre.status).toBe(404);
    expect(badCentre.body.error.message).toContain("找不到该体验馆");
    // a stopped centre is offered on no form and taken by no account, made or moved
    const stopped = await t.api.db.prisma.centre.create({
      data: {
        name: "已停用的体验馆",
        level: "TOWNSHIP",
        address: "某路1号",
        capacity: 10,
        openingHours: "—",
        active: false,
      },
    });
    const atStopped = await create({ username: "tyg_y", name: "某人", role: "CENTRE_STAFF", centreId: stopped.id });
    expect(atStopped.status).toBe(409);
    expect(atStopped.body.error.message).toContain("体验馆“已停用的体验馆”已停用");
    const admin = await create({ username: "boss_x", name: "某人", role: "ADMIN" });
    expect(admin.status).toBe(403);
    expect(admin.body.error.message).toContain("没有权限");

    const audit = await t.api.db.prisma.auditEvent.findMany({
      where: { subject: `staff:${regulator.body.staff.id}` },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["staff.created", `staff:${await idOf("programme")}`]]);
  });
});
