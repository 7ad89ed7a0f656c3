// 账号管理's 修改所属 (PATCH /api/setup/staff/:id), on both engines: a coordinator, a regulator, a technician, a
// property company's staff member and a centre's staff member are moved to another township, sector, company or
// centre (their sign-ins end; signed in again they see only the new scope; staff.scope_changed with before and
// after); refused for a role with no such scope, a target that does not exist or does not fit, one the caller may
// not assign, and a caller who does not manage the account.
import { describe, expect, it } from "vitest";
import { describeAccounts, type ErrorBody, type Listed } from "../support/accounts.ts";

await describeAccounts(({ t, list, idOf, login }) => {
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
});
