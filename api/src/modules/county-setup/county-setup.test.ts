// A county set up from an empty database through the services alone (no seed, no SQL): the first admin
// from an invitation, the county, townships, a property company, communities, buildings, 单元 and
// households, service companies, units and staff, each new account signing in after accepting its
// invitation. On SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { AuthService } from "../auth/auth-service.ts";
import { hashPassword } from "../auth/passwords.ts";
import { TokenService } from "../auth/token-service.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { createUnits, creditCodeCheckChar, type Units } from "../units/index.ts";
import { createCountySetup, passwordProblem, type CountySetup } from "./index.ts";

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code, (e as Error).message).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
};

const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17)!;

describe("password rules", () => {
  it("say why a password will not do", () => {
    expect(passwordProblem("short1", "wang")).toBe("密码至少 8 位");
    expect(passwordProblem("abcdefgh", "wang")).toBe("密码要同时包含字母、数字、符号中的至少两种");
    expect(passwordProblem("12345678", "wang")).toBe("密码要同时包含字母、数字、符号中的至少两种");
    expect(passwordProblem("a1234567", "wang")).toBe("这个密码太常见，很容易被猜到，请换一个");
    expect(passwordProblem("wang2026!", "wang")).toBe("密码不能包含用户名");
    expect(passwordProblem("a1a1a1a1", "wang")).toBe("密码太简单，请不要只用一两个字符重复");
    expect(passwordProblem("x".repeat(129) + "1", "wang")).toBe("密码不能超过 128 位");
    expect(passwordProblem("Huo-jing 119", "wang")).toBeNull();
  });
});

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`setting up a county from nothing on ${provider}`, () => {
    let m: ModuleDb;
    let units: Units;
    let setup: CountySetup;
    let auth: AuthService;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
    const ids: Record<string, string> = {};
    const as = (k: string) => ({ kind: "staff" as const, id: ids[k]! });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      units = createUnits({ prisma: m.db.prisma, clock, documentsDir: "/nonexistent" });
      setup = createCountySetup({
        db: m.db,
        scopes: units.scopes,
        clock,
        staff: { hashPassword, inviteTtlMs: 3 * 24 * 3600 * 1000 },
      });
      const tokens = new TokenService(m.db.prisma, "test-secret-test-secret-test-secret-0123", clock, {
        accessSec: 900,
        refreshSec: 3600,
      });
      auth = new AuthService(m.db.prisma, tokens, null, clock, { maxFailedLogins: 5, lockoutSec: 900 });
    });
    afterAll(() => m?.close());

    it("starts with the first admin, who sets a password with the invitation and signs in", async () => {
      expect(await m.db.prisma.staffUser.count()).toBe(0);
      const first = await setup.staff.bootstrapAdmin({ username: "Admin", name: "系统管理员" });
      ids.admin = first.staffId;
      expect(first.invitation.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
      // a password before the invitation is accepted does not exist: sign-in fails like a wrong password
      await rejects(auth.staffLogin("admin", "anything-1", "127.0.0.1"), "INVALID_CREDENTIALS");
      await rejects(setup.staff.acceptInvite(first.invitation.code, "short"), "VALIDATION_FAILED", /至少 8 位/);
      const typed = first.invitation.code.toLowerCase().replace(/-/g, " ");
      expect(await setup.staff.acceptInvite(typed, "Huo-jing 119")).toEqual({
        staffId: first.staffId,
        username: "admin",
        role: "ADMIN",
      });
      await rejects(setup.staff.acceptInvite(first.invitation.code, "Another-pass 2"), "INVITE_INVALID");
      expect((await auth.staffLogin("admin", "Huo-jing 119", "127.0.0.1")).user.role).toBe("ADMIN");
      await rejects(setup.staff.bootstrapAdmin({ username: "second", name: "又一个" }), "CONFLICT");
    });

    it("sets up the county, townships and a property company, refusing duplicates in plain words", async () => {
      await rejects(
        setup.places.createTownship(as("admin"), { name: "城关街道", kind: "SUBDISTRICT" }),
        "CONFLICT",
        /请先设置本县/,
      );
      await rejects(
        setup.places.createCounty(as("admin"), { code: "36019", name: "示范县" }),
        "VALIDATION_FAILED",
        /6 位数字/,
      );
      await setup.places.createCounty(as("admin"), { code: "360199", name: "示范县" });
      await rejects(setup.places.createCounty(as("admin"), { code: "360198", name: "另一县" }), "CONFLICT");
      ids.t1 = (await setup.places.createTownship(as("admin"), { name: "城关街道", kind: "街道" as never })).id;
      ids.t2 = (await setup.places.createTownship(as("admin"), { name: "青石镇", kind: "TOWN" })).id;
      await rejects(
        setup.places.createTownship(as("admin"), { name: "城关街道", kind: "SUBDISTRICT" }),
        "CONFLICT",
        /已有名为“城关街道”的乡镇\/街道/,
      );
      await rejects(
        setup.places.createTownship(as("admin"), { name: "", kind: "TOWN" }),
        "VALIDATION_FAILED",
        /名称：不能为空/,
      );
      ids.pc = (
        await setup.places.createPropertyCompany(as("admin"), { name: "安居物业", contactPhone: "0791-88880001" })
      ).id;
      await rejects(
        setup.places.createPropertyCompany(as("admin"), { name: "安居物业" }),
        "CONFLICT",
        /已有名为“安居物业”的物业公司/,
      );
      expect((await setup.places.listTownships(as("admin"))).map((t) => t.name).sort()).toEqual(["城关街道", "青石镇"]);
    });

    it("adds communities, buildings, 单元 and households, with a township coordinator kept to their township", async () => {
      const c1 = await setup.places.createCommunity(as("admin"), {
        townshipId: ids.t1,
        name: "幸福小区",
        address: "城关街道人民路 88 号",
        latitude: 28.6823,
        longitude: 115.8581,
        propertyCompanyId: ids.pc,
      });
      ids.c1 = c1.id;
      const b1 = await setup.places.createBuilding(as("admin"), {
        communityId: c1.id,
        name: "1号楼",
        floors: 17,
        oldHighRise: true,
        yearBuilt: 1998,
      });
      ids.b1 = b1.id;
      expect(b1).toMatchObject({ floors: 17, oldHighRise: true, yearBuilt: 1998 });
      await rejects(
        setup.places.createBuilding(as("admin"), { communityId: c1.id, name: "1号楼", floors: 17 }),
        "CONFLICT",
        /已有名为“1号楼”的楼栋/,
      );
      await rejects(
        setup.places.createBuilding(as("admin"), { communityId: c1.id, name: "2号楼", floors: "十七" as never }),
        "VALIDATION_FAILED",
        /层数：“十七”不是整数/,
      );
      const h = await setup.places.createHousehold(as("admin"), {
        buildingId: b1.id,
        entrance: "1单元",
        roomNo: "1203",
        floor: 12,
      });
      await setup.places.createHousehold(as("admin"), {
        buildingId: b1.id,
        entrance: "1单元",
        roomNo: "1204",
        floor: 12,
      });
      await setup.places.createEntrance(as("admin"), { buildingId: b1.id, name: "2单元" });
      await rejects(
        setup.places.createHousehold(as("admin"), { buildingId: b1.id, entrance: "1单元", roomNo: "1203", floor: 12 }),
        "CONFLICT",
        /1号楼1单元已有 1203 室/,
      );
      await rejects(
        setup.places.createHousehold(as("admin"), { buildingId: b1.id, entrance: "1单元", roomNo: "1801", floor: 18 }),
        "VALIDATION_FAILED",
        /层数（17 层）/,
      );
      await rejects(
        setup.places.updateBuilding(as("admin"), b1.id, { floors: 10 }),
        "CONFLICT",
        /有 2 户的楼层高于 10 层/,
      );
      const entrances = await m.db.prisma.unit.findMany({ where: { buildingId: b1.id }, orderBy: { name: "asc" } });
      expect(entrances.map((u) => u.name)).toEqual(["1单元", "2单元"]);
      expect(h.unitId).toBe(entrances[0]!.id);

      // a coordinator of 青石镇 adds in 青石镇 and finds nothing of 城关街道
      const coord = await setup.staff.create(as("admin"), {
        username: "coord_qs",
        name: "吴主任",
        role: "TOWNSHIP_COORDINATOR",
        townshipId: ids.t2,
      });
      ids.coord = coord.staff.id;
      const c2 = await setup.places.createCommunity(as("coord"), {
        townshipId: ids.t2,
        name: "青石新村",
        address: "青石大道 3 号",
      });
      await setup.places.createBuilding(as("coord"), { communityId: c2.id, name: "1号楼", floors: 6 });
      await rejects(
        setup.places.createBuilding(as("coord"), { communityId: c1.id, name: "9号楼", floors: 6 }),
        "NOT_FOUND",
      );
      await rejects(
        setup.places.createCommunity(as("coord"), { townshipId: ids.t1, name: "越界小区", address: "某路 1 号" }),
        "NOT_FOUND",
      );
      await rejects(setup.places.createTownship(as("coord"), { name: "新镇", kind: "TOWN" }), "FORBIDDEN");
    });

    it("registers service companies and units, then staff for them, each with an invitation", async () => {
      ids.maint = (
        await setup.places.createServiceCompany(as("admin"), {
          name: "赣安消防设施维保有限公司",
          kind: "MAINTENANCE",
          creditCode: withCheck("91360199MA35WB001"),
          contactName: "王工",
          contactPhone: "13900002222",
        })
      ).id;
      await rejects(
        setup.places.createServiceCompany(as("admin"), {
          name: "假公司",
          kind: "INSTALLER",
          creditCode: "91360199MA35WB0010",
        }),
        "VALIDATION_FAILED",
        /校验位/,
      );
      const unit = await units.units.create(as("admin"), {
        name: "示范县第一中学",
        creditCode: withCheck("12360199MB1234567"),
        category: "BOARDING_SCHOOL",
        keyUnit: true,
        townshipId: ids.t1!,
        address: "城关街道学府路 1 号",
        maintenanceCompanyId: ids.maint,
        controlRoomLocation: "行政楼一层",
        buildings: [{ name: "学生宿舍楼", floorsAbove: 6 }],
      });
      ids.school = unit.id;

      const responsible = await setup.staff.create(as("admin"), {
        username: "yz_zeren",
        name: "赵校长",
        phone: "13900003333",
        role: "UNIT_RESPONSIBLE",
        unitIds: [unit.id],
      });
      ids.responsible = responsible.staff.id;
      expect(responsible.staff).toMatchObject({ hasPassword: false, unitIds: [unit.id], phone: "139****3333" });
      await setup.staff.acceptInvite(responsible.invitation.code, "Xiao-zhang 2026");

      // the responsible person names the control-room operator of their own unit, and of no other
      const operator = await setup.staff.create(as("responsible"), {
        username: "yz_zhiban1",
        name: "孙值班",
        role: "CONTROL_ROOM_OPERATOR",
        unitIds: [unit.id],
      });
      const other = await units.units.create(as("admin"), {
        name: "城关中心幼儿园",
        creditCode: withCheck("12360199MB7654321"),
        category: "KINDERGARTEN",
        townshipId: ids.t1!,
        address: "城关街道育才路 2 号",
      });
      await rejects(
        setup.staff.create(as("responsible"), {
          username: "yey_op",
          name: "某人",
          role: "CONTROL_ROOM_OPERATOR",
          unitIds: [other.id],
        }),
        "FORBIDDEN",
      );
      await rejects(
        setup.staff.create(as("responsible"), { username: "boss", name: "某人", role: "ADMIN" }),
        "FORBIDDEN",
      );
      // the operator signs in after accepting, and sees their unit only
      await setup.staff.acceptInvite(operator.invitation.code, "Zhi-ban 119!");
      const login = await auth.staffLogin("yz_zhiban1", "Zhi-ban 119!", "127.0.0.1");
      expect(login.user.role).toBe("CONTROL_ROOM_OPERATOR");
      const seen = await units.units.list({ kind: "staff", id: login.user.id }, { offset: 0, limit: 10 });
      expect(seen.items.map((u) => u.name)).toEqual(["示范县第一中学"]);
      expect((await units.units.get({ kind: "staff", id: login.user.id }, unit.id)).people.map((p) => p.name)).toEqual([
        "赵校长",
        "孙值班",
      ]);
    });

    it("checks each role's scope and the references it names", async () => {
      await rejects(
        setup.staff.create(as("admin"), { username: "op_x", name: "某人", role: "CONTROL_ROOM_OPERATOR" }),
        "VALIDATION_FAILED",
        /必须填写所属单位/,
      );
      await rejects(
        setup.staff.create(as("admin"), {
          username: "reg_x",
          name: "某人",
          role: "SECTOR_REGULATOR",
          sector: "EDUCATION",
          townshipId: ids.t1,
        }),
        "VALIDATION_FAILED",
        /不需要填写乡镇\/街道/,
      );
      await rejects(
        setup.staff.create(as("admin"), {
          username: "tech_x",
          name: "某人",
          role: "INSTALLER",
          serviceCompanyId: ids.maint,
        }),
        "VALIDATION_FAILED",
        /不是安装单位/,
      );
      await rejects(
        setup.staff.create(as("admin"), {
          username: "op_y",
          name: "某人",
          role: "CONTROL_ROOM_OPERATOR",
          unitIds: ["nope"],
        }),
        "NOT_FOUND",
      );
      await rejects(
        setup.staff.create(as("admin"), { username: "yz_zhiban1", name: "重名", role: "FIRE_SUPERVISOR" }),
        "CONFLICT",
        /用户名“yz_zhiban1”已被使用/,
      );
      await rejects(
        setup.staff.create(as("admin"), { username: "9abc", name: "某人", role: "FIRE_SUPERVISOR" }),
        "VALIDATION_FAILED",
        /字母开头/,
      );
      const reg = await setup.staff.create(as("admin"), {
        username: "reg_edu",
        name: "教育局李科长",
        role: "SECTOR_REGULATOR",
        sector: "教育体育局" as never,
      });
      expect(reg.staff.sector).toBe("EDUCATION");
      const tech = await setup.staff.create(as("admin"), {
        username: "tech_ga",
        name: "王工",
        role: "MAINTENANCE_TECH",
        serviceCompanyId: ids.maint,
      });
      const seen = await units.units.list({ kind: "staff", id: tech.staff.id }, { offset: 0, limit: 10 });
      expect(seen.items.map((u) => u.name)).toEqual(["示范县第一中学"]);
    });

    it("invitations expire, can be issued anew (the old code then stops working), and reset a password", async () => {
      const s = await setup.staff.create(as("admin"), { username: "late", name: "迟到", role: "FIRE_SUPERVISOR" });
      clock.advance(3 * 24 * 3600 * 1000 + 1000);
      await rejects(setup.staff.acceptInvite(s.invitation.code, "Arrived-2026 ok"), "INVITE_INVALID");
      const again = await setup.staff.reissueInvite(as("admin"), s.staff.id);
      const third = await setup.staff.reissueInvite(as("admin"), s.staff.id);
      await rejects(setup.staff.acceptInvite(again.code, "Arrived-2026 ok"), "INVITE_INVALID");
      await setup.staff.acceptInvite(third.code, "Arrived-2026 ok");
      expect((await auth.staffLogin("late", "Arrived-2026 ok", "127.0.0.1")).user.name).toBe("迟到");
      // a disabled account's invitation does not work; a stranger's code never did
      const reset = await setup.staff.reissueInvite(as("admin"), s.staff.id);
      await setup.staff.update(as("admin"), s.staff.id, { active: false });
      await rejects(setup.staff.acceptInvite(reset.code, "New-pass-2026"), "INVITE_INVALID");
      await rejects(setup.staff.acceptInvite("AAAA-BBBB-CCCC-DDDD", "New-pass-2026"), "INVITE_INVALID");
      await rejects(setup.staff.acceptInvite("x".repeat(41), "New-pass-2026"), "INVITE_INVALID");
      // only the hash is stored
      const stored = await m.db.prisma.staffInvite.findMany({ where: { staffUserId: s.staff.id } });
      expect(stored.length).toBe(4);
      for (const row of stored) expect(row.codeHash).toMatch(/^[a-f0-9]{64}$/);
      // someone who may not manage an account does not find it
      await rejects(setup.staff.reissueInvite(as("responsible"), s.staff.id), "NOT_FOUND");
    });
  });
}
