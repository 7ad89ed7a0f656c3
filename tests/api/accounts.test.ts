// 账号管理 (GET /api/setup/staff and the routes that make, stop, restore and re-invite one account), on both
// engines: each caller lists exactly the accounts staff-rules lets them manage (an admin everyone, the
// programme office all but admins, a unit's responsible person their team, a property manager their staff),
// filtered by role, state and a search, a page at a time, phones masked, each account's scope in names; the
// filters are bounded and refused in Chinese; a township coordinator, a sector regulator and an experience
// centre's staff member are made with the scope each needs; a person is stopped and restored (never oneself)
// and given a new invitation code, with which they set a new password; each change is in the audit record.
// 修改所属: a coordinator, a regulator, a technician, a property company's staff member and a centre's staff
// member are moved to another township, sector, company or centre (their sign-ins end; signed in again they see
// only the new scope; staff.scope_changed with before and after); refused for a role with no such scope, a target
// that does not exist or does not fit, one the caller may not assign, and a caller who does not manage the account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mayCreate } from "../../api/src/modules/county-setup/index.ts";
import { providers } from "../support/databases.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

interface Listed {
  id: string;
  username: string;
  name: string;
  phone: string;
  role: string;
  active: boolean;
  hasPassword: boolean;
  sector: string | null;
  centreId: string | null;
  townshipName: string | null;
  propertyCompanyName: string | null;
  serviceCompanyName: string | null;
  centreName: string | null;
  units: { id: string; name: string }[];
  lastSignInAt: string | null;
  self: boolean;
}
interface AccountPage {
  items: Listed[];
  total: number;
  page: number;
  limit: number;
}
type ErrorBody = { error: { code: string; message: string } };

describe.each(await providers())("账号管理 on $provider", ({ provider, skip }) => {
  let t: TestApi;

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApi({ provider });
  }, 120_000);
  afterAll(() => t?.close());
  beforeEach((ctx) => {
    if (skip) ctx.skip();
  });

  const list = async (username: string, query = "") => {
    const r = await t.request<AccountPage & ErrorBody>("GET", `/api/setup/staff${query}`, {
      token: await t.loginStaff(username),
    });
    return r;
  };
  /** every account the caller's list holds, page after page */
  const all = async (username: string): Promise<Listed[]> => {
    const out: Listed[] = [];
    for (let page = 1; page <= 20; page++) {
      const r = await list(username, `?limit=50&page=${page}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      out.push(...r.body.items);
      if (out.length >= r.body.total) break;
    }
    return out;
  };
  const idOf = async (username: string) =>
    (await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username } })).id;
  const password = (username: string) => t.demo.staff.find((x) => x.username === username)!.password;
  const login = (username: string, pw = password(username)) =>
    t.request<{ accessToken: string } & ErrorBody>("POST", "/api/auth/staff/login", {
      body: { username, password: pw },
    });

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

  it("stops a supervisor who left and restores them; nobody stops themself, nor an account they do not manage", async () => {
    const office = await t.loginStaff("programme");
    const session = await login("supervisor");
    expect(session.status).toBe(200);
    const id = await idOf("supervisor");
    const stop = await t.request<Listed>("PATCH", `/api/setup/staff/${id}`, { token: office, body: { active: false } });
    expect(stop.status).toBe(200);
    expect(stop.body.active).toBe(false);
    expect((await t.request("GET", "/api/me", { token: session.body.accessToken })).status).toBe(401);
    expect((await login("supervisor")).status).toBe(401);
    const stopped = await list("programme", "?active=0&role=FIRE_SUPERVISOR");
    expect(stopped.body.items.map((s) => s.username)).toContain("supervisor");
    expect((await list("programme", "?active=1&role=FIRE_SUPERVISOR")).body.items.map((s) => s.username)).not.toContain(
      "supervisor",
    );
    // a stopped account gets no new code until restored
    const early = await t.request<ErrorBody>("POST", `/api/setup/staff/${id}/invite`, { token: office });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain("已停用");

    const restore = await t.request<Listed>("PATCH", `/api/setup/staff/${id}`, {
      token: office,
      body: { active: true },
    });
    expect(restore.status).toBe(200);
    expect((await login("supervisor")).status).toBe(200);
    const audit = await t.api.db.prisma.auditEvent.findMany({
      where: { subject: `staff:${id}` },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["staff.disabled", "staff.enabled"]);

    const self = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${await idOf("programme")}`, {
      token: office,
      body: { active: false },
    });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain("不能停用自己的账号");
    const onAdmin = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${await idOf("admin")}`, {
      token: office,
      body: { active: false },
    });
    expect(onAdmin.status).toBe(404);
    expect(onAdmin.body.error.message).toContain("找不到该账号");
    expect((await login("admin")).status).toBe(200);
  });

  it("gives someone who forgot their password a new code, with which they set a new one", async () => {
    const admin = await t.loginStaff("admin");
    const id = await idOf("coordinator");
    const code = await t.request<{ code: string; expiresAt: string }>("POST", `/api/setup/staff/${id}/invite`, {
      token: admin,
    });
    expect(code.status).toBe(201);
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const accepted = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: code.body.code, password: "Xie-tiao 2027!" },
    });
    expect(accepted.status).toBe(200);
    expect((await login("coordinator", "Xie-tiao 2027!")).status).toBe(200);
    expect((await login("coordinator")).status).toBe(401);
    // used once
    const again = await t.request("POST", "/api/auth/staff/accept-invite", {
      body: { code: code.body.code, password: "Xie-tiao 2028!" },
    });
    expect(again.status).toBe(400);
    const audit = await t.api.db.prisma.auditEvent.findMany({ where: { subject: `staff:${id}` } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["staff.invite_reissued", `staff:${await idOf("admin")}`]]);
    expect(JSON.stringify(audit)).not.toContain(code.body.code);
  });
  describe("修改所属: moving an account to another township, sector, company or centre", () => {
    interface Scopes {
      townships: { id: string; name: string }[];
      propertyCompanies: { id: string; name: string }[];
      serviceCompanies: { id: string; name: string; kind: string }[];
      centres: { id: string; name: string }[];
    }
    const choices = async () =>
      (await t.request<Scopes>("GET", "/api/setup/staff-scopes", { token: await t.loginStaff("admin") })).body;
    /** an account made by the administrator, its invitation accepted: its id and how it signs in */
    const made = async (body: Record<string, unknown>) => {
      const r = await t.request<{ staff: Listed; invitation: { code: string } } & ErrorBody>(
        "POST",
        "/api/setup/staff",
        {
          token: await t.loginStaff("admin"),
          body: { name: "调岗人员", ...body },
        },
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const pw = "Tiao-gang 2026!";
      const accepted = await t.request("POST", "/api/auth/staff/accept-invite", {
        body: { code: r.body.invitation.code, password: pw },
      });
      expect(accepted.status).toBe(200);
      const signIn = async () => {
        const s = await login(r.body.staff.username, pw);
        expect(s.status).toBe(200);
        return s.body.accessToken;
      };
      return { id: r.body.staff.id, signIn };
    };
    const move = async (id: string, body: Record<string, unknown>, username = "admin") =>
      t.request<Listed & { townshipId: string | null; serviceCompanyId: string | null } & ErrorBody>(
        "PATCH",
        `/api/setup/staff/${id}`,
        { token: await t.loginStaff(username), body },
      );
    const units = async (token: string) => {
      const r = await t.request<{ items: { id: string; sector: string; township: { name: string } }[] }>(
        "GET",
        "/api/units?limit=100",
        { token },
      );
      expect(r.status).toBe(200);
      return r.body.items;
    };
    const communities = async (token: string) => {
      const r = await t.request<{ items: { name: string; township: string; propertyCompany: string | null }[] }>(
        "GET",
        "/api/communities",
        { token },
      );
      expect(r.status).toBe(200);
      return r.body.items;
    };
    const audited = async (id: string) =>
      (await t.api.db.prisma.auditEvent.findMany({ where: { subject: `staff:${id}` }, orderBy: { at: "asc" } })).map(
        (a) => ({
          action: a.action,
          actor: a.actor,
          before: a.before && (JSON.parse(a.before) as unknown),
          after: a.after && (JSON.parse(a.after) as unknown),
        }),
      );
    const gone = async (token: string) => expect((await t.request("GET", "/api/me", { token })).status).toBe(401);

    it("moves a township coordinator: their sign-ins end, and signed in again they see only the new township", async () => {
      const { townships } = await choices();
      const chengguan = townships.find((x) => x.name === "城关街道")!;
      const qingshi = townships.find((x) => x.name === "青石镇")!;
      const p = await made({ username: "xt_move", role: "TOWNSHIP_COORDINATOR", townshipId: chengguan.id });
      const before = await p.signIn();
      expect(new Set((await units(before)).map((u) => u.township.name))).toEqual(new Set(["城关街道"]));
      expect(new Set((await communities(before)).map((c) => c.township))).toEqual(new Set(["城关街道"]));

      const r = await move(p.id, { townshipId: qingshi.id });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.townshipId).toBe(qingshi.id);
      await gone(before);
      const after = await p.signIn();
      const seen = await units(after);
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((u) => u.township.name))).toEqual(new Set(["青石镇"]));
      const places = await communities(after);
      expect(places.length).toBeGreaterThan(0);
      expect(new Set(places.map((c) => c.township))).toEqual(new Set(["青石镇"]));
      expect((await list("admin", "?q=xt_move")).body.items[0]).toMatchObject({ townshipName: "青石镇" });

      expect(await audited(p.id)).toEqual([
        expect.objectContaining({ action: "staff.created" }),
        {
          action: "staff.scope_changed",
          actor: `staff:${await idOf("admin")}`,
          before: { townshipId: chengguan.id },
          after: { townshipId: qingshi.id },
        },
      ]);
      // the same township again changes nothing: no entry, the sign-in stays
      expect((await move(p.id, { townshipId: qingshi.id })).status).toBe(200);
      expect((await t.request("GET", "/api/me", { token: after })).status).toBe(200);
      expect(await audited(p.id)).toHaveLength(2);
    });

    it("moves a sector regulator, a maintenance technician and a property company's staff member", async () => {
      // the programme office moves a regulator from the schools to the hospitals
      const reg = await made({ username: "reg_move", role: "SECTOR_REGULATOR", sector: "EDUCATION" });
      const before = await reg.signIn();
      expect(new Set((await units(before)).map((u) => u.sector))).toEqual(new Set(["EDUCATION"]));
      const moved = await move(reg.id, { sector: "HEALTH" }, "programme");
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.sector).toBe("HEALTH");
      await gone(before);
      const seen = await units(await reg.signIn());
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen.map((u) => u.sector))).toEqual(new Set(["HEALTH"]));
      expect((await audited(reg.id)).at(-1)).toMatchObject({
        action: "staff.scope_changed",
        actor: `staff:${await idOf("programme")}`,
        before: { sector: "EDUCATION" },
        after: { sector: "HEALTH" },
      });

      // a technician to a second maintenance company, which keeps the hospital
      const { serviceCompanies, propertyCompanies } = await choices();
      const ganan = serviceCompanies.find((x) => x.kind === "MAINTENANCE")!;
      const installer = serviceCompanies.find((x) => x.kind === "INSTALLER")!;
      const second = await t.api.db.prisma.serviceCompany.create({
        data: { name: "洪都消防维保", kind: "MAINTENANCE" },
      });
      const hospital = t.demo.units!.find((u) => u.key === "yy")!;
      await t.api.db.prisma.networkedUnit.update({
        where: { id: hospital.id },
        data: { maintenanceCompanyId: second.id },
      });
      const tech = await made({ username: "wb_move", role: "MAINTENANCE_TECH", serviceCompanyId: ganan.id });
      const techBefore = await tech.signIn();
      expect((await units(techBefore)).map((u) => u.id)).not.toEqual([hospital.id]);
      // an installation company does not maintain
      const wrong = await move(tech.id, { serviceCompanyId: installer.id });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toContain("不是维保单位");
      const techMoved = await move(tech.id, { serviceCompanyId: second.id });
      expect(techMoved.status, JSON.stringify(techMoved.body)).toBe(200);
      expect(techMoved.body.serviceCompanyId).toBe(second.id);
      await gone(techBefore);
      expect((await units(await tech.signIn())).map((u) => u.id)).toEqual([hospital.id]);

      // a property company's staff member to another company: the administrator may, their manager may not
      const anju = propertyCompanies.find((x) => x.name === "安居物业")!;
      const xianghe = propertyCompanies.find((x) => x.name === "祥和物业")!;
      const staffA = await idOf("staff_a");
      const byManager = await move(staffA, { propertyCompanyId: xianghe.id }, "manager_a");
      expect(byManager.status).toBe(403);
      expect(byManager.body.error.message).toContain("没有权限");
      const prop = await made({ username: "wy_move", role: "PROPERTY_STAFF", propertyCompanyId: anju.id });
      const propBefore = await prop.signIn();
      expect(new Set((await communities(propBefore)).map((c) => c.propertyCompany))).toEqual(new Set(["安居物业"]));
      expect((await move(prop.id, { propertyCompanyId: xianghe.id })).status).toBe(200);
      await gone(propBefore);
      expect(new Set((await communities(await prop.signIn())).map((c) => c.propertyCompany))).toEqual(
        new Set(["祥和物业"]),
      );
      expect((await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { id: staffA } })).propertyCompanyId).toBe(
        anju.id,
      );
    });

    it("moves a centre's staff member to another experience centre", async () => {
      const { centres } = await choices();
      expect(centres.length).toBeGreaterThan(1);
      const [first, second] = centres as [{ id: string; name: string }, { id: string; name: string }];
      const p = await made({ username: "tyg_move", role: "CENTRE_STAFF", centreId: first.id });
      const before = await p.signIn();
      const today = (token: string) =>
        t.request<{ centre: { id: string } }>("GET", "/api/centre-staff/today", { token });
      expect((await today(before)).body.centre.id).toBe(first.id);
      const r = await move(p.id, { centreId: second.id });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.centreId).toBe(second.id);
      await gone(before);
      expect((await today(await p.signIn())).body.centre.id).toBe(second.id);
      expect((await list("admin", "?q=tyg_move")).body.items[0]).toMatchObject({ centreName: second.name });
      expect((await audited(p.id)).at(-1)).toMatchObject({
        action: "staff.scope_changed",
        before: { centreId: first.id },
        after: { centreId: second.id },
      });
      // their centre stopped since: saving it unchanged moves nothing and is not refused
      const entries = (await audited(p.id)).length;
      await t.api.db.prisma.centre.update({ where: { id: second.id }, data: { active: false } });
      try {
        const same = await move(p.id, { centreId: second.id });
        expect(same.status, JSON.stringify(same.body)).toBe(200);
        expect(same.body.centreId).toBe(second.id);
        expect(await audited(p.id)).toHaveLength(entries);
      } finally {
        await t.api.db.prisma.centre.update({ where: { id: second.id }, data: { active: true } });
      }
    });

    it("refuses a role with no such scope, a target that does not exist, and a caller who does not manage the account", async () => {
      const coordinator = await idOf("coordinator");
      const { townships, centres } = await choices();
      const qingshi = townships.find((x) => x.name === "青石镇")!;
      const stoppedCentre = (
        await t.api.db.prisma.centre.create({
          data: {
            name: "停用中的体验馆",
            level: "TOWNSHIP",
            address: "某路2号",
            capacity: 10,
            openingHours: "—",
            active: false,
          },
        })
      ).id;
      const cases: [string, Record<string, unknown>, number, RegExp][] = [
        // the county's roles have no township; a unit's people are moved by their units
        [await idOf("supervisor"), { townshipId: qingshi.id }, 400, /“消防监督员”负责全县，没有所属乡镇\/街道可以修改/],
        [await idOf("yy_zhiban1"), { townshipId: qingshi.id }, 400, /请修改所属单位/],
        [coordinator, { sector: "HEALTH" }, 400, /所属是乡镇\/街道，不能修改行业主管部门/],
        [coordinator, { centreId: centres[0]!.id }, 400, /不能修改体验馆/],
        [coordinator, { townshipId: null }, 400, /必须填写乡镇\/街道/],
        [await idOf("centre"), { centreId: null }, 400, /必须选择体验馆/],
        [coordinator, { townshipId: "no-such-township" }, 404, /找不到该乡镇\/街道/],
        [await idOf("centre"), { centreId: "no-such-centre" }, 404, /找不到该体验馆/],
        [await idOf("centre"), { centreId: stoppedCentre }, 409, /已停用，不能再关联工作人员/],
        [await idOf("reg_edu"), { sector: "NOWHERE" }, 400, /行业主管部门/],
        [await idOf("wb_wang"), { serviceCompanyId: "no-such-company" }, 404, /找不到该服务单位/],
      ];
      for (const [id, body, status, message] of cases) {
        const r = await move(id, body);
        expect(r.status, JSON.stringify(body)).toBe(status);
        expect(r.body.error.message, JSON.stringify(body)).toMatch(message);
      }
      // who may not manage the coordinator: not found, or not allowed at all
      for (const [username, status] of [
        ["yy_zeren", 404],
        ["manager_a", 404],
        ["centre_op", 403],
      ] as const) {
        const r = await move(coordinator, { townshipId: qingshi.id }, username);
        expect(r.status, username).toBe(status);
        expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      const row = await t.api.db.prisma.staffUser.findUniqueOrThrow({
        where: { id: coordinator },
        include: { township: true },
      });
      expect(row.township?.name).toBe("城关街道");
      const moves = await t.api.db.prisma.auditEvent.count({
        where: { action: "staff.scope_changed", subject: `staff:${coordinator}` },
      });
      expect(moves).toBe(0);
    });
  });

  it("leaves an account of no unit to the administrator: no unit's responsible person may take it over", async () => {
    // a control-room operator whose units were all taken away (moved on, the unit closed)
    const orphan = await t.api.db.prisma.staffUser.create({
      data: {
        username: "orphan_zhiban",
        name: "无单位值班员",
        phone: "13900000999",
        role: "CONTROL_ROOM_OPERATOR",
      },
    });
    const zeren = await t.loginStaff("yy_zeren");
    expect((await all("yy_zeren")).map((s) => s.username)).not.toContain("orphan_zhiban");
    const code = await t.request<ErrorBody>("POST", `/api/setup/staff/${orphan.id}/invite`, { token: zeren });
    expect(code.status).toBe(404);
    const stop = await t.request<ErrorBody>("PATCH", `/api/setup/staff/${orphan.id}`, {
      token: zeren,
      body: { active: false },
    });
    expect(stop.status).toBe(404);
    // the administrator finds it and may give it a code
    expect((await all("admin")).map((s) => s.username)).toContain("orphan_zhiban");
    const byAdmin = await t.request("POST", `/api/setup/staff/${orphan.id}/invite`, {
      token: await t.loginStaff("admin"),
    });
    expect(byAdmin.status).toBe(201);
  });
});
