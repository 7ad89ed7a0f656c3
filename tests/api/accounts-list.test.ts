// 账号管理's list (GET /api/setup/staff), on both engines: each caller lists exactly the accounts staff-rules lets
// them manage (an admin everyone, the programme office all but admins, a unit's responsible person their team, a
// property manager their staff), filtered by role, state and a search, a page at a time, phones masked, each
// account's scope in names; the filters are bounded and refused in Chinese.
import { expect, it } from "vitest";
import { mayCreate } from "../../api/src/modules/county-setup/index.ts";
import { describeAccounts } from "../support/accounts.ts";

await describeAccounts(({ t, list, all, idOf }) => {
  it("lists for each caller exactly the accounts staff-rules lets them manage", async () => {
    const rows = await t.api.db.prisma.staffUser.findMany({ include: { units: { select: { unitId: true } } } });
    for (const username of ["admin", "programme", "yy_zeren", "yy_guanli", "manager_a"]) {
      const actor = await t.api.services.units.scopes.principal({ kind: "staff", id: await idOf(username) });
      const expected = rows
        .filter((s) =>
          mayCreate(actor, s.role, {
            propertyCompanyId: s.propertyCompanyId,
            townshipId: s.townshipId,
            sector: s.sector,
            serviceCompanyId: s.serviceCompanyId,
            unitIds: s.units.map((u) => u.unitId),
          }),
        )
        .map((s) => s.username)
        .sort();
      const seen = (await all(username)).map((s) => s.username);
      expect(seen, username).toEqual(expected);
      expect(seen.length, username).toBeGreaterThan(0);
    }
    const admin = (await all("admin")).map((s) => s.role);
    expect(admin).toContain("ADMIN");
    expect(admin).toContain("FIRE_SUPERVISOR");
    expect((await all("programme")).map((s) => s.role)).not.toContain("ADMIN");
    // a unit's responsible person: their own unit's team, no one else's
    const team = await all("yy_zeren");
    expect(new Set(team.map((s) => s.role))).toEqual(
      new Set(["UNIT_MANAGER", "UNIT_SAFETY_OFFICER", "CONTROL_ROOM_OPERATOR"]),
    );
    expect(await all("manager_a")).toEqual([expect.objectContaining({ username: "staff_a" })]);
    // roles that manage nobody are refused
    for (const username of ["supervisor", "coordinator", "centre_op", "staff_a"]) {
      const r = await list(username);
      expect(r.status, username).toBe(403);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await t.request("GET", "/api/setup/staff")).status).toBe(401);
  });

  it("shows each account's scope in names, phones masked, and who has signed in", async () => {
    await t.loginStaff("supervisor"); // a sign-in to see
    const r = await list("admin", "?limit=50");
    expect(r.status).toBe(200);
    const accounts = await all("admin");
    const by = (u: string) => accounts.find((s) => s.username === u)!;
    expect(by("coordinator")).toMatchObject({ role: "TOWNSHIP_COORDINATOR", townshipName: "城关街道" });
    expect(by("manager_a").propertyCompanyName).toBe("安居物业");
    expect(by("reg_edu")).toMatchObject({ role: "SECTOR_REGULATOR", sector: "EDUCATION" });
    expect(by("wb_wang").serviceCompanyName).toBeTruthy();
    expect(by("centre")).toMatchObject({ role: "CENTRE_STAFF", centreName: expect.any(String) });
    expect(by("centre").centreId).toBeTruthy();
    const hospital = t.demo.units!.find((u) => u.key === "yy")!;
    expect(by("yy_zhiban1").units).toEqual([{ id: hospital.id, name: expect.stringContaining("医院") }]);
    expect(by("supervisor").lastSignInAt).not.toBeNull();
    expect(by("admin")).toMatchObject({ self: true });
    expect(by("supervisor").self).toBe(false);
    // no whole number leaves: each phone is masked, and none of the stored numbers is in the answer
    const phones = await t.api.db.prisma.staffUser.findMany({
      where: { phone: { not: null } },
      select: { phone: true },
    });
    expect(phones.length).toBeGreaterThan(3);
    const text = JSON.stringify(accounts);
    for (const p of phones) expect(text).not.toContain(p.phone!);
    for (const s of accounts) if (s.phone) expect(s.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it("filters by role, state and a search of name, account or a whole mobile number, a page at a time", async () => {
    const supervisors = await list("admin", "?role=FIRE_SUPERVISOR");
    expect(supervisors.status).toBe(200);
    expect(supervisors.body.items.length).toBeGreaterThan(0);
    expect(supervisors.body.items.every((s) => s.role === "FIRE_SUPERVISOR")).toBe(true);

    const byName = await list("admin", `?q=${encodeURIComponent("孙队长")}`);
    expect(byName.body.items.map((s) => s.username)).toEqual(["supervisor"]);
    const byAccount = await list("admin", "?q=ZHIBAN");
    expect(byAccount.body.items.map((s) => s.username)).toEqual(expect.arrayContaining(["yy_zhiban1", "yy_zhiban2"]));
    expect(byAccount.body.items.every((s) => s.username.includes("zhiban"))).toBe(true);
    const phone = (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "coordinator" } })).phone!;
    expect((await list("admin", `?q=${phone}`)).body.items.map((s) => s.username)).toEqual(["coordinator"]);
    // a part of a number finds nothing: the masked digits cannot be read out one search at a time
    expect((await list("admin", `?q=${phone.slice(3, 9)}`)).body.items).toEqual([]);
    // the programme office does not find an admin even by name
    expect((await list("programme", `?q=${encodeURIComponent("系统管理员")}`)).body.total).toBe(0);

    const first = await list("admin", "?limit=3&page=1");
    const second = await list("admin", "?limit=3&page=2");
    expect(first.body).toMatchObject({ page: 1, limit: 3 });
    expect(second.body.page).toBe(2);
    expect(first.body.items.length).toBe(3);
    expect(second.body.total).toBe(first.body.total);
    const firstIds = new Set(first.body.items.map((s) => s.id));
    expect(second.body.items.some((s) => firstIds.has(s.id))).toBe(false);
    const past = await list("admin", "?limit=50&page=1000");
    expect(past.status).toBe(200);
    expect(past.body.items).toEqual([]);

    const stopped = await list("admin", "?active=0");
    expect(stopped.body.items.every((s) => !s.active)).toBe(true);
    const enabled = await list("admin", "?active=1&limit=50");
    expect(enabled.body.items.every((s) => s.active)).toBe(true);
  });

  it("refuses filters past their bounds, in Chinese", async () => {
    const cases: [string, RegExp][] = [
      [`?q=${"火".repeat(41)}`, /不能超过 40 个字/],
      ["?limit=51", /每页最多 50 条/],
      ["?limit=0", /每页至少 1 条/],
      ["?page=0", /页码从 1 开始/],
      ["?page=1001", /页码不能超过 1000/],
      ["?page=abc", /页码/],
      ["?role=NOBODY", /没有这个角色/],
      ["?role=RESIDENT", /没有这个角色/],
      ["?active=2", /状态只能是/],
    ];
    for (const [query, message] of cases) {
      const r = await list("admin", query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
      expect(r.body.error.message, query).toMatch(message);
    }
  });
});
