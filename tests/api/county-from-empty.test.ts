// Issue 14 "what it must show": a county set up from an empty database through the HTTP API and its
// imports alone, no demo seed: the first administrator sets a password with their invitation, sets the
// county up, imports townships, a property company, communities, buildings, households, a maintenance
// company, units and staff; a bad sheet writes nothing; the imported control-room operator sets a password
// and sees only their unit. On SQLite and PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Workbook } from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type RunningApi } from "../../scripts/app.ts";
import { loadConfig } from "../../api/src/shared/config.ts";
import { createLogger } from "../../api/src/shared/logger.ts";
import { creditCodeCheckChar } from "../../api/src/modules/units/index.ts";
import { loadExcel } from "../../api/src/modules/imports/index.ts";
import { createTestDatabase, providers, type TestDatabase } from "../support/databases.ts";
import { DEMO_APP_ID, DEMO_APP_SECRET, WechatStub } from "../../api/stand-ins/wechat-stub.ts";

type Cell = string | number | null;
const cc = (first17: string) => first17 + creditCodeCheckChar(first17)!;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a county from an empty database on ${provider}`, () => {
    let api: RunningApi;
    let database: TestDatabase;
    let dataDir: string;
    let admin = "";
    const wechat = new WechatStub();
    let wechatBase = "";

    const call = async <T>(method: string, p: string, body?: unknown, token?: string) => {
      const res = await fetch(`${api.url}${p}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as T };
    };
    const login = async (username: string, password: string) => {
      const r = await call<{ accessToken: string }>("POST", "/api/auth/staff/login", { username, password });
      expect(r.status, username).toBe(200);
      return r.body.accessToken;
    };

    /** the kind's template from the API, filled in below its example row, uploaded to the API */
    async function importSheet(kind: string, rows: Cell[][]) {
      const t = await fetch(`${api.url}/api/setup/imports/${kind}/template.xlsx`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(t.status, kind).toBe(200);
      const ExcelJS = await loadExcel();
      const wb: Workbook = new ExcelJS.Workbook();
      await wb.xlsx.load(await t.arrayBuffer());
      for (const r of rows) wb.worksheets[0]!.addRow(r);
      const res = await fetch(`${api.url}/api/setup/imports/${kind}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${admin}`,
          "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
        body: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      expect(res.status, kind).toBe(200);
      return (await res.json()) as {
        ok: boolean;
        written: number;
        errors: { row: number; column: string | null; reason: string }[];
        extras: { username: string; code: string }[] | null;
      };
    }

    beforeAll(async () => {
      database = await createTestDatabase(provider);
      wechatBase = await wechat.start();
      dataDir = mkdtempSync(path.join(os.tmpdir(), "anxin-empty-"));
      const config = loadConfig({
        NODE_ENV: "test",
        PORT: "0",
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        MQTT_PORT: "0",
        JWT_SECRET: "test-secret-test-secret-test-secret-0123456789",
        SEED_DEMO: "false",
        WECHAT_API_BASE: wechatBase,
        WECHAT_APP_ID: DEMO_APP_ID,
        WECHAT_APP_SECRET: DEMO_APP_SECRET,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      });
      api = await startApi({ config, log: createLogger(config.LOG_LEVEL) });
    }, 120_000);
    afterAll(async () => {
      await api?.close();
      await database?.drop();
      await wechat.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it("starts with nothing: no county, no units, no accounts", async () => {
      expect(api.demo).toBeNull();
      const prisma = api.db.prisma;
      expect(await prisma.county.count()).toBe(0);
      expect(await prisma.networkedUnit.count()).toBe(0);
      expect(await prisma.staffUser.count()).toBe(0);
    });

    it("is set up by its administrator through the API and imports alone", { timeout: 300_000 }, async () => {
      // the operator's start-up command creates the first administrator (npm run create-admin does the same)
      const first = await api.services.countySetup.staff.bootstrapAdmin({ username: "xian_admin", name: "县管理员" });
      const accepted = await call("POST", "/api/auth/staff/accept-invite", {
        code: first.invitation.code,
        password: "Xian-Admin-2026",
      });
      expect(accepted.status).toBe(200);
      admin = await login("xian_admin", "Xian-Admin-2026");

      expect((await call("POST", "/api/setup/county", { code: "360199", name: "示范县" }, admin)).status).toBe(201);
      expect(
        await importSheet("townships", [
          ["城关街道", "街道"],
          ["青石镇", "镇"],
        ]),
      ).toMatchObject({ ok: true, written: 2 });
      expect((await importSheet("property-companies", [["安居物业", "0791-88880001", null]])).ok).toBe(true);
      expect(
        await importSheet("communities", [
          ["城关街道", "幸福小区", "城关街道人民路 88 号", "安居物业", 28.6823, 115.8581],
        ]),
      ).toMatchObject({ ok: true, written: 1 });

      // a sheet with bad rows writes nothing, and says where and why
      const before = await api.db.prisma.building.count();
      const bad = await importSheet("buildings", [
        ["城关街道", "幸福小区", "1号楼", 17, "是", 1998, null, null],
        ["城关街道", "幸福小区", "1号楼", 17, "是", 1998, null, null],
        ["城关街道", "幸福小区", "2号楼", "十七", "是", null, null, null],
        ["东湖街道", "幸福小区", "3号楼", 9, null, null, null, null],
      ]);
      expect(bad.ok).toBe(false);
      expect(bad.written).toBe(0);
      expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
        [4, "楼栋名称"],
        [5, "层数"],
        [6, "乡镇/街道"],
      ]);
      expect(await api.db.prisma.building.count()).toBe(before);

      expect(
        await importSheet("buildings", [
          ["城关街道", "幸福小区", "1号楼", 17, "是", 1998, null, null],
          ["城关街道", "幸福小区", "2号楼", 17, "是", 1999, null, null],
        ]),
      ).toMatchObject({ ok: true, written: 2 });
      const homes: Cell[][] = [];
      for (let floor = 1; floor <= 17; floor++)
        homes.push(["城关街道", "幸福小区", "1号楼", "1单元", `${floor}01`, floor]);
      expect((await importSheet("households", homes)).ok).toBe(true);
      expect(await api.db.prisma.household.count()).toBe(17);

      expect(
        (await importSheet("service-companies", [["赣安消防设施维保有限公司", "维保单位", null, "王工", null, null]]))
          .ok,
      ).toBe(true);
      const unitRow = (name: string, code: string, township: string, category: string): Cell[] => [
        name,
        code,
        category,
        "是",
        null,
        township,
        `${township}某路 1 号`,
        null,
        null,
        null,
        "一层",
        null,
        "是",
        "赣安消防设施维保有限公司",
        null,
        null,
        "否",
      ];
      expect(
        await importSheet("units", [
          unitRow("示范县人民医院", cc("12360199MB0000001"), "城关街道", "医院"),
          unitRow("示范县第一中学", cc("12360199MB0000002"), "城关街道", "寄宿制学校"),
          unitRow("青石镇敬老院", cc("12360199MB0000003"), "青石镇", "养老院、福利院"),
        ]),
      ).toMatchObject({ ok: true, written: 3 });

      const staff = await importSheet("staff", [
        ["yy_zhiban1", "孙值班", "13900001001", "消防控制室值班员", null, null, null, null, "示范县人民医院"],
        ["reg_edu", "李科长", null, "行业主管部门监管人", null, null, "教育体育局", null, null],
      ]);
      expect(staff.ok).toBe(true);
      const codes = Object.fromEntries(staff.extras!.map((x) => [x.username, x.code]));

      // the control-room operator sets a password with the code from the import, signs in, sees their unit
      expect(
        (await call("POST", "/api/auth/staff/accept-invite", { code: codes.yy_zhiban1, password: "Zhi-ban 119!" }))
          .status,
      ).toBe(200);
      const operator = await login("yy_zhiban1", "Zhi-ban 119!");
      const mine = await call<{ items: { id: string; name: string }[] }>("GET", "/api/units", undefined, operator);
      expect(mine.body.items.map((u) => u.name)).toEqual(["示范县人民医院"]);
      const all = await call<{ items: { id: string; name: string }[] }>("GET", "/api/units", undefined, admin);
      expect(all.body.items).toHaveLength(3);
      const school = all.body.items.find((u) => u.name === "示范县第一中学")!;
      expect((await call("GET", `/api/units/${school.id}`, undefined, operator)).status).toBe(404);
      const file = await call<{ people: { name: string }[]; maintenanceCompany: { name: string } | null }>(
        "GET",
        `/api/units/${mine.body.items[0]!.id}`,
        undefined,
        operator,
      );
      expect(file.body.people.map((p) => p.name)).toEqual(["孙值班"]);
      expect(file.body.maintenanceCompany?.name).toBe("赣安消防设施维保有限公司");

      // and the education regulator, once signed up, the school only
      await call("POST", "/api/auth/staff/accept-invite", { code: codes.reg_edu, password: "Jiao-yu 2026" });
      const edu = await call<{ items: { name: string }[] }>(
        "GET",
        "/api/units",
        undefined,
        await login("reg_edu", "Jiao-yu 2026"),
      );
      expect(edu.body.items.map((u) => u.name)).toEqual(["示范县第一中学"]);
    });

    it(
      "lets its first resident bind a smoke alarm of a model the administrator added",
      { timeout: 300_000 },
      async () => {
        // the catalogue starts empty: the county adds the model it bought; cameras and panels stay the system's
        expect((await call<{ items: unknown[] }>("GET", "/api/device-models", undefined, admin)).body.items).toEqual(
          [],
        );
        const model = {
          kind: "SMOKE_ALARM",
          vendor: "赣安电子",
          name: "NB-IoT 独立式感烟火灾探测报警器",
          heartbeatIntervalSec: 12 * 3600,
          missedHeartbeats: 2,
        };
        const put = await call<{ created: boolean }>("PUT", "/api/device-models/GA-YG01", model, admin);
        expect(put).toMatchObject({ status: 200, body: { created: true } });
        expect((await call("PUT", "/api/device-models/GA-SXT", { ...model, kind: "CAMERA" }, admin)).status).toBe(400);
        expect(
          (await call("PUT", "/api/device-models/GA-YG02", { ...model, heartbeatIntervalSec: 5 }, admin)).status,
        ).toBe(400);

        // the property company's manager, imported like every account, invites the owner of 1201
        const staff = await importSheet("staff", [
          ["anju_jingli", "刘经理", "13900002001", "物业经理", "安居物业", null, null, null, null],
        ]);
        expect(staff.ok).toBe(true);
        const code = staff.extras!.find((x) => x.username === "anju_jingli")!.code;
        await call("POST", "/api/auth/staff/accept-invite", { code, password: "An-ju 2026 wy" });
        const manager = await login("anju_jingli", "An-ju 2026 wy");
        const readers = await call<{ items: { id: string }[] }>("GET", "/api/device-models", undefined, manager);
        expect(readers.body.items.map((m) => m.id)).toEqual(["GA-YG01"]);
        const prisma = api.db.prisma;
        const home = await prisma.household.findFirstOrThrow({
          where: { roomNo: "1201" },
          include: { unit: { include: { building: true } } },
        });
        const invite = await call<{ code: string }>(
          "POST",
          `/api/households/${home.id}/invites`,
          { role: "OWNER" },
          manager,
        );
        expect(invite.status).toBe(201);

        // the resident signs in with WeChat (the stand-in's code), claims the home, binds the alarm by its QR
        const signIn = await call<{ accessToken: string }>("POST", "/api/auth/wechat/login", {
          code: wechat.mintCode("oFirstResident0001"),
        });
        expect(signIn.status).toBe(200);
        const resident = signIn.body.accessToken;
        expect((await call("POST", "/api/households/join", { code: invite.body.code }, resident)).status).toBe(200);
        const reg = await call<{ id: string; bindQr: string }>(
          "POST",
          "/api/devices",
          { serial: "GA2026000001", modelId: "GA-YG01", communityId: home.unit.building.communityId },
          manager,
        );
        expect(reg.status).toBe(201);
        const bind = await call(
          "POST",
          "/api/devices/bind",
          { qr: reg.body.bindQr, householdId: home.id, room: "卧室" },
          resident,
        );
        expect(bind.status).toBe(200);
        const mine = await call<{ devices: { id: string; state: string }[] }>(
          "GET",
          `/api/households/${home.id}`,
          undefined,
          resident,
        );
        expect(mine.status).toBe(200);
        // bound and honest: it has never reported, so the home is not yet "protected"
        expect(mine.body.devices.map((d) => [d.id, d.state])).toEqual([[reg.body.id, "never_connected"]]);
        // the model's kind and heartbeat cannot change under the devices that use it
        expect(
          (await call("PUT", "/api/device-models/GA-YG01", { ...model, kind: "GAS_DETECTOR" }, admin)).status,
        ).toBe(400);
      },
    );
  });
}
