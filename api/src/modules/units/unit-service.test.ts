// The unit register through its service on SQLite and PostgreSQL: a whole file created and read back,
// lists replaced without losing ids, checks with Chinese reasons, filters and paging, the confirmation
// countdown, and the documents of a file.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock.ts";
import { AppError } from "../../shared/errors.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import { createUnits, creditCodeCheckChar, DEFAULT_CONFIRM_SEC, type UnitFileInput, type Units } from "./index.ts";

let serial = 1000;
function code(): string {
  const first17 = `12360199${String(++serial).padStart(9, "0")}`;
  return first17 + creditCodeCheckChar(first17)!;
}

const rejects = async (p: Promise<unknown>, code: string, message?: RegExp) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
};

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`the unit register on ${provider}`, () => {
    let m: ModuleDb;
    let u: Units;
    let dir: string;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 2, 0, 0));
    const ids: Record<string, string> = {};
    const admin = () => ({ kind: "staff" as const, id: ids.admin! });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      dir = mkdtempSync(path.join(os.tmpdir(), "anxin-docs-"));
      u = createUnits({ prisma: m.db.prisma, clock, documentsDir: dir });
      const p = m.db.prisma;
      const county = await p.county.create({ data: { code: "360199", name: "示范县" } });
      ids.t1 = (await p.township.create({ data: { countyId: county.id, name: "城关街道", kind: "SUBDISTRICT" } })).id;
      ids.t2 = (await p.township.create({ data: { countyId: county.id, name: "青石镇", kind: "TOWN" } })).id;
      ids.maint = (await p.serviceCompany.create({ data: { name: "赣安维保", kind: "MAINTENANCE" } })).id;
      ids.inst = (await p.serviceCompany.create({ data: { name: "智联安装", kind: "INSTALLER" } })).id;
      for (const [k, role, extra] of [
        ["admin", "ADMIN", {}],
        ["coordinator", "TOWNSHIP_COORDINATOR", { townshipId: ids.t2 }],
        ["regulator", "SECTOR_REGULATOR", { sector: "HEALTH" }],
        ["programme", "PROGRAMME_OFFICE", {}],
      ] as const)
        ids[k] = (await p.staffUser.create({ data: { username: k, name: k, role, ...extra } })).id;
    });
    afterAll(async () => {
      await m?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const hospital = (): UnitFileInput => ({
      name: "示范县人民医院",
      creditCode: code(),
      category: "HOSPITAL",
      keyUnit: true,
      townshipId: ids.t1!,
      address: "城关街道人民路 120 号",
      latitude: 28.6851,
      longitude: 115.8612,
      controlRoomLocation: "门诊楼一层东侧",
      controlRoomPhone: "0791-88881119",
      hasAutoFireAlarm: true,
      maintenanceCompanyId: ids.maint,
      installerCompanyId: ids.inst,
      pilot: true,
      buildings: [
        { name: "门诊楼", floorsAbove: 5, floorsBelow: 1, heightM: 21.6, areaM2: 12000, use: "医疗", yearBuilt: 2008 },
        { name: "住院楼", floorsAbove: 12, floorsBelow: 1, heightM: 46.5, use: "医疗、住宿" },
      ],
      keyParts: [
        { name: "配电室", building: "门诊楼", floor: -1, description: "高低压配电柜" },
        { name: "住院部病区", building: "住院楼", description: "夜间有行动不便的病人" },
        { name: "氧气站" },
      ],
      facilities: [
        { kind: "AUTO_FIRE_ALARM", count: 1, description: "控制器 1 台，探测器 860 只", installedOn: "2019-06-01" },
        { kind: "SPRINKLER", count: 2400 },
        { kind: "HYDRANT_SYSTEM" },
      ],
    });

    it("creates a unit with its whole file and reads it back", async () => {
      const f = await u.units.create(admin(), hospital());
      ids.hospital = f.id;
      expect(f).toMatchObject({
        name: "示范县人民医院",
        category: "HOSPITAL",
        categoryLabel: "医院",
        sector: "HEALTH", // from the category
        sectorLabel: "卫生健康委员会",
        township: { id: ids.t1, name: "城关街道" },
        keyUnit: true,
        pilot: true,
        controlRoom: { location: "门诊楼一层东侧", phone: "0791-88881119" },
        maintenanceCompany: { id: ids.maint, name: "赣安维保" },
        installerCompany: { id: ids.inst, name: "智联安装" },
        confirm: { seconds: DEFAULT_CONFIRM_SEC.HOSPITAL, source: "default" },
      });
      expect(f.buildings.map((b) => [b.name, b.floorsAbove, b.floorsBelow, b.highRise])).toEqual([
        ["住院楼", 12, 1, true], // 46.5 m > 24 m: high-rise (GB 50016-2014 2.1.1)
        ["门诊楼", 5, 1, false],
      ]);
      expect(f.keyParts.map((k) => [k.name, k.building, k.floor])).toEqual([
        ["住院部病区", "住院楼", null],
        ["氧气站", null, null],
        ["配电室", "门诊楼", -1],
      ]);
      expect(f.facilities.map((x) => [x.label, x.count])).toEqual([
        ["火灾自动报警系统", 1],
        ["自动喷水灭火系统", 2400],
        ["消火栓系统", 1],
      ]);
      expect(f.people).toEqual([]);
      expect(f.documents).toEqual([]);
    });

    it("says in Chinese what is wrong with every field at once", async () => {
      const bad = { ...hospital(), name: "", creditCode: "91350100M000100Y44", latitude: 95, category: "CASTLE" };
      const e = (await u.units.create(admin(), bad as never).catch((x: unknown) => x)) as AppError;
      expect(e.code).toBe("VALIDATION_FAILED");
      expect(e.message).toBe(
        "单位名称：不能为空；统一社会信用代码：统一社会信用代码校验位不对，请逐位核对是否抄错；单位类别：“CASTLE”不是可选的值，可选：商场、市场、宾馆、饭店、体育场馆、会堂、公共娱乐场所、医院、养老院、福利院、寄宿制学校、托儿所、幼儿园 等（见模板下拉列表）；纬度：应在 3 到 54 之间",
      );
      await rejects(
        u.units.create(admin(), { ...hospital(), buildings: [{ name: "甲", floorsAbove: 0 }] }),
        "VALIDATION_FAILED",
        /第 1 个建筑“甲”：地上层数：应在 1 到 200 之间/,
      );
      await rejects(
        u.units.create(admin(), { ...hospital(), keyParts: [{ name: "厨房", building: "食堂" }] }),
        "VALIDATION_FAILED",
        /所在的建筑“食堂”不在本单位的建筑中/,
      );
      await rejects(
        u.units.create(admin(), { ...hospital(), facilities: [{ kind: "SPRINKLER" }, { kind: "SPRINKLER" }] }),
        "VALIDATION_FAILED",
        /自动喷水灭火系统”填了两次/,
      );
      await rejects(
        u.units.create(admin(), { ...hospital(), maintenanceCompanyId: ids.inst }),
        "VALIDATION_FAILED",
        /不是维保单位/,
      );
      await rejects(u.units.create(admin(), { ...hospital(), latitude: 28.1, longitude: null }), "VALIDATION_FAILED");
    });

    it("refuses a second unit with the same credit code or the same name in a township", async () => {
      const first = await m.db.prisma.networkedUnit.findUniqueOrThrow({ where: { id: ids.hospital! } });
      await rejects(
        u.units.create(admin(), { ...hospital(), name: "另一家医院", creditCode: first.creditCode }),
        "CONFLICT",
        /统一社会信用代码已经登记过/,
      );
      await rejects(u.units.create(admin(), hospital()), "CONFLICT", /已有名为“示范县人民医院”的单位/);
      // the same name in another township is another unit
      const other = await u.units.create(admin(), { ...hospital(), townshipId: ids.t2!, pilot: false });
      ids.other = other.id;
      expect(other.township.name).toBe("青石镇");
    });

    it("lets a township register units in its own township only, and a regulator none", async () => {
      const coordinator = { kind: "staff" as const, id: ids.coordinator! };
      const mine = await u.units.create(coordinator, {
        name: "青石镇敬老院",
        creditCode: code(),
        category: "NURSING_HOME",
        townshipId: ids.t2!,
        address: "青石镇敬老路 1 号",
      });
      expect(mine.sector).toBe("CIVIL_AFFAIRS");
      await rejects(u.units.create(coordinator, { ...hospital(), name: "城关某单位" }), "NOT_FOUND");
      await rejects(
        u.units.create({ kind: "staff", id: ids.regulator! }, { ...hospital(), name: "卫生院" }),
        "FORBIDDEN",
      );
    });

    it("replaces lists by name, keeping the ids devices point at, and refuses to drop a place with a device", async () => {
      const before = await u.units.get(admin(), ids.hospital!);
      const ward = before.keyParts.find((k) => k.name === "住院部病区")!;
      const clinic = before.buildings.find((b) => b.name === "门诊楼")!;
      const after = await u.units.update(admin(), ids.hospital!, {
        address: "城关街道人民路 122 号",
        buildings: [
          { name: "门诊楼", floorsAbove: 6, floorsBelow: 1 },
          { name: "住院楼", floorsAbove: 12, heightM: 46.5 },
          { name: "食堂", floorsAbove: 2 },
        ],
        keyParts: [
          { name: "住院部病区", building: "住院楼", floor: 3 },
          { name: "厨房", building: "食堂", floor: 1 },
        ],
        facilities: [
          { kind: "AUTO_FIRE_ALARM", count: 1 },
          { kind: "FIRE_PUMP", count: 2 },
        ],
      });
      expect(after.address).toBe("城关街道人民路 122 号");
      expect(after.buildings.find((b) => b.name === "门诊楼")).toMatchObject({ id: clinic.id, floorsAbove: 6 });
      expect(after.keyParts.find((k) => k.name === "住院部病区")).toMatchObject({ id: ward.id, floor: 3 });
      expect(after.keyParts.map((k) => k.name).sort()).toEqual(["住院部病区", "厨房"]);
      expect(after.facilities.map((f) => f.kind).sort()).toEqual(["AUTO_FIRE_ALARM", "FIRE_PUMP"]);

      await m.db.prisma.deviceModel.create({
        data: { id: "AX-T", kind: "SMOKE_ALARM", vendor: "测试", name: "测试烟感", heartbeatIntervalSec: 3600 },
      });
      await m.db.prisma.device.create({
        data: {
          id: "DEV-UNIT-1",
          serial: "SN-UNIT-1",
          modelId: "AX-T",
          secretHash: "x",
          unitId: ids.hospital!,
          keyPartId: ward.id,
        },
      });
      await rejects(
        u.units.update(admin(), ids.hospital!, { keyParts: [{ name: "厨房", building: "食堂" }] }),
        "CONFLICT",
        /还装有设备/,
      );
      expect((await u.units.get(admin(), ids.hospital!)).keyParts).toHaveLength(2);
    });

    it("lets the unit's own manager fill in the file but not change who maintains it", async () => {
      const manager = await m.db.prisma.staffUser.create({
        data: { username: "yy_manager", name: "钱主任", role: "UNIT_MANAGER", phone: "13900001111" },
      });
      await m.db.prisma.staffUnit.create({ data: { staffUserId: manager.id, unitId: ids.hospital! } });
      const me = { kind: "staff" as const, id: manager.id };
      const f = await u.units.update(me, ids.hospital!, { controlRoomPhone: "0791-88881120" });
      expect(f.controlRoom.phone).toBe("0791-88881120");
      expect(f.people).toEqual([
        { id: manager.id, name: "钱主任", role: "UNIT_MANAGER", phone: "13900001111", active: true },
      ]);
      await rejects(u.units.update(me, ids.hospital!, { maintenanceCompanyId: null }), "FORBIDDEN");
      await rejects(u.units.update(me, ids.other!, { address: "别处" }), "NOT_FOUND");
      // a regulator sees the file, with people's phones masked, and cannot change it
      const regulator = { kind: "staff" as const, id: ids.regulator! };
      expect((await u.units.get(regulator, ids.hospital!)).people[0]!.phone).toBe("139****1111");
      await rejects(u.units.update(regulator, ids.hospital!, { address: "别处" }), "FORBIDDEN");
    });

    it("lists with filters and server paging", async () => {
      for (let i = 0; i < 25; i++)
        await u.units.create(admin(), {
          name: `城关第${String(i + 1).padStart(2, "0")}幼儿园`,
          creditCode: code(),
          category: "KINDERGARTEN",
          townshipId: ids.t1!,
          address: `城关街道育才路 ${i + 1} 号`,
          keyUnit: i % 2 === 0,
        });
      const page1 = await u.units.list(admin(), { category: "KINDERGARTEN", offset: 0, limit: 10 });
      const page3 = await u.units.list(admin(), { category: "KINDERGARTEN", offset: 20, limit: 10 });
      expect(page1.total).toBe(25);
      expect(page1.items).toHaveLength(10);
      expect(page3.items.map((x) => x.name)).toEqual([21, 22, 23, 24, 25].map((n) => `城关第${n}幼儿园`));
      expect((await u.units.list(admin(), { sector: "EDUCATION", keyUnit: true, offset: 0, limit: 100 })).total).toBe(
        13,
      );
      expect(
        (await u.units.list(admin(), { townshipId: ids.t2!, offset: 0, limit: 100 })).items.map((x) => x.name).sort(),
      ).toEqual(["示范县人民医院", "青石镇敬老院"]);
      expect(
        (await u.units.list(admin(), { q: "育才路 7 号", offset: 0, limit: 100 })).items.map((x) => x.name),
      ).toEqual(["城关第07幼儿园"]);
      expect((await u.units.list(admin(), { pilot: true, offset: 0, limit: 100 })).items.map((x) => x.id)).toEqual([
        ids.hospital,
      ]);
      const hospitalCode = (await u.units.get(admin(), ids.hospital!)).creditCode;
      expect(
        (await u.units.list(admin(), { q: hospitalCode.slice(-6).toLowerCase(), offset: 0, limit: 5 })).total,
      ).toBe(1);
      // limits are bounded whatever the caller asks
      expect((await u.units.list(admin(), { offset: -5, limit: 10_000 })).items.length).toBeLessThanOrEqual(100);
    });

    it("takes the confirmation countdown from the unit, else the county, else the category default", async () => {
      expect(await u.units.confirmCountdown(ids.hospital!)).toEqual({ seconds: 120, source: "default" });
      await u.units.setCountyConfirmSettings({ kind: "staff", id: ids.programme! }, { HOSPITAL: 90, HOTEL: 240 });
      expect(await u.units.confirmCountdown(ids.hospital!)).toEqual({ seconds: 90, source: "county" });
      await u.units.update(admin(), ids.hospital!, { confirmSec: 60 });
      expect(await u.units.confirmCountdown(ids.hospital!)).toEqual({ seconds: 60, source: "unit" });
      expect((await u.units.get(admin(), ids.hospital!)).confirm).toEqual({ seconds: 60, source: "unit" });
      await rejects(
        u.units.setCountyConfirmSettings({ kind: "staff", id: ids.programme! }, { HOSPITAL: 5 }),
        "VALIDATION_FAILED",
        /30-900/,
      );
      await rejects(u.units.setCountyConfirmSettings({ kind: "staff", id: ids.regulator! }, {}), "FORBIDDEN");
      // a broken stored value falls back to the defaults rather than silencing the countdown
      await m.db.prisma.setting.update({ where: { key: "units.confirmSec" }, data: { value: "{not json" } });
      await u.units.update(admin(), ids.hospital!, { confirmSec: null });
      expect(await u.units.confirmCountdown(ids.hospital!)).toEqual({ seconds: 120, source: "default" });
    });

    it("keeps documents judged by their content, for callers who see the unit", async () => {
      const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 32), Buffer.from("\n%%EOF\n")]);
      const doc = await u.documents.add(admin(), ids.hospital!, {
        kind: "EMERGENCY_PLAN",
        title: "灭火和应急疏散预案（2026 版）",
        data: pdf,
      });
      expect(doc).toMatchObject({
        kind: "EMERGENCY_PLAN",
        kindLabel: "灭火和应急疏散预案",
        contentType: "application/pdf",
        bytes: pdf.length,
      });
      const back = await u.documents.read({ kind: "staff", id: ids.regulator! }, ids.hospital!, doc.id);
      expect(back.data.equals(pdf)).toBe(true);
      expect(back.filename).toBe("灭火和应急疏散预案（2026 版）.pdf");
      expect((await u.units.get(admin(), ids.hospital!)).documents.map((d) => d.title)).toEqual([
        "灭火和应急疏散预案（2026 版）",
      ]);
      // an executable renamed to .pdf is refused by its content; a regulator may read but not upload
      await rejects(
        u.documents.add(admin(), ids.hospital!, {
          kind: "OTHER",
          title: "x",
          data: Buffer.from("MZ\x90\x00 not a pdf"),
        }),
        "VALIDATION_FAILED",
        /PDF/,
      );
      await rejects(
        u.documents.add({ kind: "staff", id: ids.regulator! }, ids.hospital!, { kind: "OTHER", title: "x", data: pdf }),
        "FORBIDDEN",
      );
      await rejects(
        u.documents.add(admin(), ids.hospital!, {
          kind: "OTHER",
          title: "x",
          data: Buffer.alloc(20 * 1024 * 1024 + 1, 0x25),
        }),
        "PAYLOAD_TOO_LARGE",
      );
      // another unit's document id through this unit is not found; out of scope is not found
      await rejects(u.documents.read(admin(), ids.other!, doc.id), "NOT_FOUND");
      await rejects(u.documents.read({ kind: "staff", id: ids.coordinator! }, ids.hospital!, doc.id), "NOT_FOUND");
      await u.documents.remove(admin(), ids.hospital!, doc.id);
      await rejects(u.documents.read(admin(), ids.hospital!, doc.id), "NOT_FOUND");
    });
  });
}
