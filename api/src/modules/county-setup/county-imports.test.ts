// A county set up by imports alone, on SQLite and PostgreSQL: every sheet kind's template downloaded,
// filled in and imported in order; every bad row reported with its row, column and reason, and nothing
// written while any row is bad; staff invitations from the import accepted and signed in with.
import type { Workbook } from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { hashPassword } from "../auth/passwords.ts";
import { loadExcel, type ImportReport } from "../imports/index.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { createUnits, creditCodeCheckChar, type Units } from "../units/index.ts";
import { COUNTY_SHEET_KEYS, createCountySetup, type CountySetup, type ImportedInvitation } from "./index.ts";
import { countySheets } from "./county-sheets.ts";

const cc = (first17: string) => first17 + creditCodeCheckChar(first17)!;
/** the same code with its check character replaced by a wrong one */
const wrongCheck = (first17: string) => first17 + (creditCodeCheckChar(first17) === "1" ? "2" : "1");

type Cell = string | number | null;

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`a county set up by imports on ${provider}`, () => {
    let m: ModuleDb;
    let units: Units;
    let setup: CountySetup;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
    let admin: { kind: "staff"; id: string };

    /** the kind's template, downloaded and filled in below its example row, as a file to upload */
    async function filled(kind: string, rows: Cell[][]): Promise<Buffer> {
      const ExcelJS = await loadExcel();
      const wb: Workbook = new ExcelJS.Workbook();
      await wb.xlsx.load((await setup.imports.template(kind)).data as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    }

    const run = async (kind: string, rows: Cell[][]) => setup.imports.run(admin, kind, await filled(kind, rows));

    const counts = async () => ({
      townships: await m.db.prisma.township.count(),
      companies: await m.db.prisma.propertyCompany.count(),
      communities: await m.db.prisma.community.count(),
      buildings: await m.db.prisma.building.count(),
      entrances: await m.db.prisma.unit.count(),
      households: await m.db.prisma.household.count(),
      serviceCompanies: await m.db.prisma.serviceCompany.count(),
      units: await m.db.prisma.networkedUnit.count(),
      staff: await m.db.prisma.staffUser.count(),
      invites: await m.db.prisma.staffInvite.count(),
    });

    /** a failed import: nothing written, and exactly these [row, column, reason] problems */
    async function refused(kind: string, rows: Cell[][], expected: [number, string | null, string | RegExp][]) {
      const before = await counts();
      const r = await run(kind, rows);
      expect(r.ok, kind).toBe(false);
      expect(r.written).toBe(0);
      expect(r.extras).toBeNull();
      expect(r.errors.length, JSON.stringify(r.errors)).toBe(expected.length);
      expected.forEach(([row, column, reason], i) => {
        const e = r.errors[i]!;
        expect([e.row, e.column], JSON.stringify(e)).toEqual([row, column]);
        if (typeof reason === "string") expect(e.reason).toBe(reason);
        else expect(e.reason).toMatch(reason);
      });
      expect(await counts(), `${kind}: nothing written`).toEqual(before);
      return r;
    }

    beforeAll(async () => {
      m = await openModuleDb(provider);
      units = createUnits({ prisma: m.db.prisma, clock, documentsDir: "/nonexistent" });
      setup = createCountySetup({ db: m.db, scopes: units.scopes, clock, staff: { hashPassword } });
      const first = await setup.staff.bootstrapAdmin({ username: "admin", name: "管理员" });
      admin = { kind: "staff", id: first.staffId };
      await setup.places.createCounty(admin, { code: "360199", name: "示范县" });
    });
    afterAll(() => m?.close());

    it("offers a template for every kind whose header row is the kind's columns, required ones marked", async () => {
      const ExcelJS = await loadExcel();
      const sheets = countySheets(await units.scopes.principal(admin));
      expect(setup.imports.kinds().map((k) => k.key)).toEqual(COUNTY_SHEET_KEYS);
      for (const key of COUNTY_SHEET_KEYS) {
        const t = await setup.imports.template(key);
        expect(t.filename).toBe(`${sheets[key].title}导入模板.xlsx`);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(t.data as unknown as ArrayBuffer);
        const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
        expect(header, key).toEqual(sheets[key].columns.map((c) => (c.required ? `${c.header}*` : c.header)));
        // the untouched template imports nothing and says so
        const r = await setup.imports.run(admin, key, t.data);
        expect(r.errors, key).toEqual([{ row: 2, column: null, reason: "没有找到要导入的数据行" }]);
      }
      await expect(setup.imports.template("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("imports townships, then refuses a sheet with a duplicate, an empty name and an unknown kind", async () => {
      const seen: string[] = [];
      const r = await setup.imports.run(
        admin,
        "townships",
        await filled("townships", [
          ["城关街道", "街道"],
          ["青石镇", "镇"],
          ["白沙乡", "乡"],
        ]),
        { onProgress: (p) => seen.push(`${p.phase}:${p.done}/${p.total}`) },
      );
      expect(r).toMatchObject({ ok: true, rows: 3, written: 3, errors: [] });
      expect(seen).toContain("writing:3/3");
      expect(seen.at(-1)).toBe("done:3/3");
      expect((await m.db.prisma.township.findMany({ orderBy: { name: "asc" } })).map((t) => [t.name, t.kind])).toEqual([
        ["城关街道", "SUBDISTRICT"],
        ["白沙乡", "TOWN"],
        ["青石镇", "TOWN"],
      ]);
      await refused(
        "townships",
        [
          ["东湖街道", "街道"],
          ["东湖街道", "街道"],
          ["", "镇"],
          ["城关街道", "街道"],
          ["西山镇", "村"],
        ],
        [
          [4, "名称", "与第 3 行重复"],
          [5, "名称", "不能为空"],
          [6, "名称", "已有名为“城关街道”的乡镇/街道"],
          [7, "类型", "“村”不是可选的值，可选：镇、街道"],
        ],
      );
    });

    it("imports property companies, communities and buildings, and refuses bad buildings row by row", async () => {
      expect(
        (
          await run("property-companies", [
            ["安居物业", "0791-88880001", null],
            ["祥和物业", null, null],
          ])
        ).ok,
      ).toBe(true);
      const communities = await run("communities", [
        ["城关街道", "幸福小区", "城关街道人民路 88 号", "安居物业", 28.6823, 115.8581],
        ["城关街道", "和平花园", "城关街道解放路 16 号", null, 28.6871, 115.8652],
        ["青石镇", "青石新村", "青石镇青石大道 3 号", "安居物业", null, null],
      ]);
      expect(communities).toMatchObject({ ok: true, written: 3 });
      // a company takes on a community that has none yet
      expect((await run("property-companies", [["和平物业", null, "城关街道/和平花园"]])).summary).toEqual({
        propertyCompanies: 1,
        communitiesLinked: 1,
      });
      const buildings = await run("buildings", [
        ["城关街道", "幸福小区", "1号楼", 17, "是", 1998, null, null],
        ["城关街道", "幸福小区", "2号楼", "17", "否", null, null, null],
        ["城关街道", "和平花园", "1号楼", 11, "是", 2001, 28.6872, 115.8653],
        ["青石镇", "青石新村", "1号楼", 6, null, null, null, null],
      ]);
      expect(buildings).toMatchObject({ ok: true, written: 4, summary: { buildings: 4, oldHighRise: 2 } });

      await refused(
        "buildings",
        [
          ["城关街道", "幸福小区", "3号楼", 18, "是", 2000, null, null],
          ["城关街道", "幸福小区", "1号楼", 17, "是", 1998, null, null],
          ["城关街道", "幸福小区", "3号楼", 18, "是", 2000, null, null],
          ["城关街道", "幸福小区", "4号楼", "十八", "是", null, null, null],
          ["东湖街道", "幸福小区", "5号楼", 9, null, null, null, null],
          ["城关街道", "不存在小区", "6号楼", 9, null, null, null, null],
          ["城关街道", "幸福小区", "", 9, null, null, null, null],
          ["城关街道", "幸福小区", "7号楼", 9, "也许", 2999, 28.1, null],
        ],
        [
          [4, "楼栋名称", "幸福小区已有名为“1号楼”的楼栋"],
          [5, "楼栋名称", "与第 3 行重复"],
          [6, "层数", "“十八”不是整数"],
          [7, "乡镇/街道", "没有名为“东湖街道”的乡镇/街道"],
          [8, "小区", "城关街道没有名为“不存在小区”的小区"],
          [9, "楼栋名称", "不能为空"],
          [10, "老旧高层", "请填“是”或“否”（不是“也许”）"],
          [10, "建成年份", "应在 1900 到 2100 之间"],
        ],
      );
    });

    it("imports households with their 单元, and refuses rooms above the roof or listed twice", async () => {
      const rows: Cell[][] = [];
      for (const entrance of ["1单元", "2单元"])
        for (let floor = 1; floor <= 17; floor++)
          rows.push(["城关街道", "幸福小区", "1号楼", entrance, `${floor}0${entrance[0]}`, floor]);
      const r = await run("households", rows);
      expect(r).toMatchObject({ ok: true, written: 36, summary: { households: 34, entrances: 2 } });
      const more = await run("households", [["城关街道", "幸福小区", "1号楼", "3单元", "101", 1]]);
      expect(more.summary).toEqual({ households: 1, entrances: 1 });
      await refused(
        "households",
        [
          ["城关街道", "幸福小区", "1号楼", "1单元", "1801", 18],
          ["城关街道", "幸福小区", "1号楼", "1单元", "101", 1],
          ["城关街道", "幸福小区", "2号楼", "1单元", "301", 3],
          ["城关街道", "幸福小区", "2号楼", "1单元", "301", 3],
          ["城关街道", "幸福小区", "9号楼", "1单元", "301", 3],
          ["城关街道", "幸福小区", "2号楼", "1单元", "3 01", 3],
        ],
        [
          [3, "楼层", "楼层超过了1号楼的层数（17 层）"],
          [4, "房号", "幸福小区1号楼1单元101 已经登记过"],
          [6, "房号", "与第 5 行重复（幸福小区2号楼1单元301）"],
          [7, "楼栋", "幸福小区没有名为“9号楼”的楼栋，请先导入楼栋"],
          [8, "房号", "房号只能用数字、字母和“-”，如 1203"],
        ],
      );
    });

    it("imports service companies and units with credit codes, and refuses each bad unit row", async () => {
      expect(
        (
          await run("service-companies", [
            ["赣安消防设施维保有限公司", "维保单位", cc("91360199MA35WB001"), "王工", "13900002222", "维保二级"],
            ["安心智联安装工程有限公司", "安装单位", null, null, null, null],
          ])
        ).ok,
      ).toBe(true);
      const unitRow = (name: string, code: string, township = "城关街道", category = "医院"): Cell[] => [
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
        "安心智联安装工程有限公司",
        null,
        "否",
      ];
      const ok = await run("units", [
        unitRow("示范县人民医院", cc("12360199MB0000001")),
        unitRow("示范县第一中学", cc("12360199MB0000002"), "城关街道", "寄宿制学校"),
        unitRow("青石镇敬老院", cc("12360199MB0000003"), "青石镇", "养老院、福利院"),
      ]);
      expect(ok).toMatchObject({ ok: true, written: 3 });
      const school = await m.db.prisma.networkedUnit.findFirstOrThrow({ where: { name: "示范县第一中学" } });
      expect(school).toMatchObject({
        category: "BOARDING_SCHOOL",
        sector: "EDUCATION",
        keyUnit: true,
        hasAutoFireAlarm: true,
      });

      const wrongInstaller = unitRow("城关商场", cc("91360199MA35QC009"), "城关街道", "商场、市场");
      wrongInstaller[14] = "赣安消防设施维保有限公司";
      await refused(
        "units",
        [
          unitRow("某商场", wrongCheck("91360199MA35QC001"), "城关街道", "商场、市场"),
          unitRow("某宾馆", cc("91360199MA35QC002"), "东湖街道", "宾馆、饭店"),
          unitRow("", cc("91360199MA35QC003")),
          unitRow("某酒店", cc("12360199MB0000001"), "城关街道", "宾馆、饭店"),
          unitRow("示范县人民医院", cc("91360199MA35QC004")),
          unitRow("某仓库", "9136019", "城关街道", "大型物资仓库、堆场"),
          unitRow("某工厂", cc("91360199MA35QC005"), "城关街道", "工厂"),
          wrongInstaller,
          unitRow("某超市", cc("91360199MA35QC006"), "城关街道", "商场、市场"),
          unitRow("某超市", cc("91360199MA35QC007"), "城关街道", "商场、市场"),
        ],
        [
          [3, "统一社会信用代码", "统一社会信用代码校验位不对，请逐位核对是否抄错"],
          [4, "乡镇/街道", "没有名为“东湖街道”的乡镇/街道"],
          [5, "单位名称", "不能为空"],
          [6, "统一社会信用代码", "该统一社会信用代码已登记"],
          [7, "单位名称", "城关街道已有名为“示范县人民医院”的单位"],
          [8, "统一社会信用代码", "统一社会信用代码应为 18 位（现在是 7 位）"],
          [9, "单位类别", /^“工厂”不是可选的值/],
          [10, "安装单位", "“赣安消防设施维保有限公司”登记为维保单位，不是安装单位"],
          [12, "单位名称", "与第 11 行重复"],
        ],
      );
    });

    it("imports staff with invitations shown once; each person sets a password and sees their scope", async () => {
      const before = await m.db.prisma.staffInvite.count();
      const r = (await run("staff", [
        ["yy_zhiban1", "孙值班", "13900001001", "消防控制室值班员", null, null, null, null, "示范县人民医院"],
        [
          "yz_zeren",
          "赵校长",
          null,
          "单位消防安全责任人",
          null,
          null,
          null,
          null,
          `${cc("12360199MB0000002")}、青石镇敬老院`,
        ],
        ["reg_edu", "李科长", null, "行业主管部门监管人", null, null, "教育体育局", null, null],
        ["ga_tech", "王工", null, "维保单位技术人员", null, null, null, "赣安消防设施维保有限公司", null],
        ["AnJu_Mgr", "刘经理", null, "物业经理", "安居物业", null, null, null, null],
        ["cg_coord", "吴主任", null, "乡镇/街道协调员", null, "城关街道", null, null, null],
      ])) as ImportReport<ImportedInvitation[]>;
      expect(r).toMatchObject({ ok: true, summary: { staff: 6, unitLinks: 3 } });
      expect(r.extras!.map((x) => [x.row, x.username, x.role])).toEqual([
        [3, "yy_zhiban1", "CONTROL_ROOM_OPERATOR"],
        [4, "yz_zeren", "UNIT_RESPONSIBLE"],
        [5, "reg_edu", "SECTOR_REGULATOR"],
        [6, "ga_tech", "MAINTENANCE_TECH"],
        [7, "anju_mgr", "PROPERTY_MANAGER"],
        [8, "cg_coord", "TOWNSHIP_COORDINATOR"],
      ]);
      expect(await m.db.prisma.staffInvite.count()).toBe(before + 6);
      const byName = Object.fromEntries(r.extras!.map((x) => [x.username, x]));
      for (const [username, password, sees] of [
        ["yy_zhiban1", "Zhi-ban 119!", ["示范县人民医院"]],
        ["yz_zeren", "Xiao-zhang 2026", ["示范县第一中学", "青石镇敬老院"]],
        ["reg_edu", "Jiao-yu 2026", ["示范县第一中学"]],
        ["ga_tech", "Wei-bao 2026", ["示范县人民医院", "示范县第一中学", "青石镇敬老院"]],
        ["cg_coord", "Cheng-guan 2026", ["示范县人民医院", "示范县第一中学"]],
      ] as const) {
        const who = await setup.staff.acceptInvite(byName[username]!.code, password);
        const list = await units.units.list({ kind: "staff", id: who.staffId }, { offset: 0, limit: 10 });
        expect(list.items.map((u) => u.name).sort(), username).toEqual([...sees].sort());
      }
    });

    it("refuses bad staff rows: unknown unit, missing or extra scope, taken name, a role the importer may not give", async () => {
      await refused(
        "staff",
        [
          ["op_2", "某甲", null, "消防控制室值班员", null, null, null, null, "不存在的单位"],
          ["op_3", "某乙", null, "消防控制室值班员", null, null, null, null, null],
          ["reg_2", "某丙", null, "行业主管部门监管人", null, "城关街道", "卫生健康委员会", null, null],
          ["yy_zhiban1", "某丁", null, "消防监督员", null, null, null, null, null],
          ["inst_1", "某戊", null, "安装单位人员", null, null, null, "赣安消防设施维保有限公司", null],
          ["ph_1", "某己", "13900001001", "消防监督员", null, null, null, null, null],
          ["9bad", "某庚", null, "消防监督员", null, null, null, null, null],
        ],
        [
          [3, "所属单位", "找不到单位“不存在的单位”，请先导入联网单位"],
          [4, "所属单位", "角色“消防控制室值班员”必须填写所属单位"],
          [5, "乡镇/街道", "角色“行业主管部门监管人”不需要填写乡镇/街道"],
          [6, "用户名", "用户名“yy_zhiban1”已被使用"],
          [7, "服务单位", "“赣安消防设施维保有限公司”不是安装单位"],
          [8, "手机号", "该手机号已用于另一个账号"],
          [9, "用户名", "用户名应为 3-32 位，字母开头，只能含字母、数字、“_”“.”“-”"],
        ],
      );
      // a township coordinator may not import at all
      const coordinator = await m.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "cg_coord" } });
      const e = await setup.imports
        .run({ kind: "staff", id: coordinator.id }, "townships", await filled("townships", [["新镇", "镇"]]))
        .catch((x: unknown) => x);
      expect((e as AppError).code).toBe("FORBIDDEN");
    });

    it("checks a file without writing on a dry run, and refuses what is not a spreadsheet", async () => {
      const before = await counts();
      const r = await setup.imports.run(admin, "townships", await filled("townships", [["东湖街道", "街道"]]), {
        dryRun: true,
      });
      expect(r).toMatchObject({ ok: true, written: 0 });
      expect(await counts()).toEqual(before);
      const e = await setup.imports
        .run(admin, "townships", Buffer.from("名称,类型\n东湖街道,街道\n"))
        .catch((x: unknown) => x);
      expect((e as AppError).code).toBe("VALIDATION_FAILED");
    });
  });
}
