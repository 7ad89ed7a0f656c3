// The yearly facility test and the monthly inspection on SQLite and PostgreSQL: only the unit's maintenance
// technician records the yearly test (another company's unit is "not found", the unit's own people are
// refused), a failed item becomes a hazard assigned to the unit's manager, the report is judged by content
// and kept in the unit's file, and the unit's people, its regulator and the supervisor read the record.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma, StaffRole } from "../../db/client.ts";
import { ManualClock } from "../../shared/clock.ts";
import { providers } from "../../../../tests/support/databases.ts";
import { openModuleDb, type ModuleDb } from "../../../../tests/support/module-db.ts";
import {
  errorCode,
  fixtures,
  inspectionService,
  type StaffOptions,
} from "../../../../tests/support/rollout-fixtures.ts";
import { countyInstant } from "../../shared/county-time.ts";
import { UnitDocuments } from "../units/unit-documents.ts";
import { UnitScopes } from "../units/unit-scope.ts";
import type { Inspection } from "./index.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

for (const { provider, skip } of await providers()) {
  describe.skipIf(skip !== null)(`facility tests on ${provider}`, () => {
    let m: ModuleDb;
    let prisma: Prisma;
    let dir: string;
    const clock = new ManualClock(countyInstant("2026-11-30", "10:00"));
    let a: Inspection;
    const unit: Record<string, string> = {};
    const staff: Record<string, string> = {};
    const as = (name: string) => ({ kind: "staff" as const, id: staff[name]! });

    beforeAll(async () => {
      m = await openModuleDb(provider);
      prisma = m.db.prisma;
      dir = mkdtempSync(path.join(tmpdir(), "anxin-facility-tests-"));
      const f = fixtures(prisma);
      const t = await f.county();
      const ours = await prisma.serviceCompany.create({ data: { name: "安泰维保", kind: "MAINTENANCE" } });
      const other = await prisma.serviceCompany.create({ data: { name: "别家维保", kind: "MAINTENANCE" } });
      const mk = (name: string, creditCode: string, maintenanceCompanyId: string) =>
        f.unit(name, { townshipId: t, creditCode, maintenanceCompanyId });
      unit.hospital = await mk("县人民医院", "12340000000000001A", ours.id);
      unit.clinic = await mk("城东诊所", "12340000000000002B", other.id);
      await prisma.unitFacility.createMany({
        data: [
          { unitId: unit.hospital, kind: "AUTO_FIRE_ALARM" },
          { unitId: unit.hospital, kind: "HYDRANT_SYSTEM" },
        ],
      });
      const add = async (name: string, role: StaffRole, o: StaffOptions = {}) => {
        staff[name] = await f.staff(name, role, o);
      };
      await add("保卫科长", "UNIT_MANAGER", { unitId: unit.hospital });
      await add("安全员", "UNIT_SAFETY_OFFICER", { unitId: unit.hospital });
      await add("卫健局", "SECTOR_REGULATOR", { sector: "HEALTH" });
      await add("维保技师", "MAINTENANCE_TECH", { serviceCompanyId: ours.id });
      await add("别家技师", "MAINTENANCE_TECH", { serviceCompanyId: other.id });
      const scopes = new UnitScopes(prisma);
      a = inspectionService(prisma, clock, {
        photoDir: path.join(dir, "photos"),
        owner: "instance-a",
        scopes,
        documents: new UnitDocuments(prisma, scopes, path.join(dir, "documents"), clock),
      });
    }, 120_000);

    afterAll(async () => {
      await a?.close();
      await m?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    let testId = "";

    it("the unit's maintenance technician records the yearly test; a failed item is a hazard for the manager", async () => {
      const t = a.facilityTests;
      const template = await t.template(as("维保技师"), unit.hospital!, "FACILITY_TEST");
      expect(template.map((x) => x.facilityKind)).toContain("AUTO_FIRE_ALARM");
      expect(template.map((x) => x.facilityKind)).toContain("HYDRANT_SYSTEM");
      expect(template.every((x) => x.item.includes("："))).toBe(true);
      const items = template.map((x, i) => ({
        item: x.item,
        ok: i !== 1,
        facilityKind: x.facilityKind as "AUTO_FIRE_ALARM",
        ...(i === 1 ? { note: "3层2个探测器不报警" } : {}),
      }));
      const input = { kind: "FACILITY_TEST" as const, testedOn: "2026-11-28", items, summary: "年度检测" };

      // another company's technician: the unit is not theirs to see; the unit's own people may not sign a test
      expect(await errorCode(t.record(as("别家技师"), unit.hospital!, input))).toBe("NOT_FOUND");
      expect(await errorCode(t.record(as("保卫科长"), unit.hospital!, input))).toBe("FORBIDDEN");
      expect(await errorCode(t.record(as("维保技师"), unit.clinic!, input))).toBe("NOT_FOUND");
      // a date to come, a duplicated item
      expect(await errorCode(t.record(as("维保技师"), unit.hospital!, { ...input, testedOn: "2026-12-01" }))).toBe(
        "VALIDATION_FAILED",
      );
      expect(
        await errorCode(t.record(as("维保技师"), unit.hospital!, { ...input, items: [items[0]!, items[0]!] })),
      ).toBe("VALIDATION_FAILED");

      const rec = await t.record(as("维保技师"), unit.hospital!, input);
      testId = rec.id;
      expect(rec).toMatchObject({ kind: "FACILITY_TEST", testedOn: "2026-11-28", ok: false, failed: 1 });
      expect(rec.by.name).toBe("维保技师");
      const failed = rec.items[1]!;
      expect(failed.hazardId).toBeTruthy();
      expect(rec.items.filter((i) => i.hazardId)).toHaveLength(1);
      const h = await prisma.hazard.findUniqueOrThrow({ where: { id: failed.hazardId! } });
      expect(h).toMatchObject({ unitId: unit.hospital, status: "ASSIGNED", assigneeId: staff["保卫科长"] });
      expect(h.description).toContain("3层2个探测器不报警");
      // not a patrol round: the round figures do not see it
      expect(await prisma.patrolRound.count()).toBe(0);
    });

    it("the report is judged by content, kept in the unit's file and listed with the test", async () => {
      const t = a.facilityTests;
      const title = "2026年度消防设施检测报告";
      expect(
        await errorCode(t.attachReport(as("维保技师"), unit.hospital!, testId, { title, data: Buffer.from("hello") })),
      ).toBe("VALIDATION_FAILED");
      expect(await errorCode(t.attachReport(as("保卫科长"), unit.hospital!, testId, { title, data: PDF }))).toBe(
        "FORBIDDEN",
      );
      expect(await errorCode(t.attachReport(as("别家技师"), unit.hospital!, testId, { title, data: PDF }))).toBe(
        "NOT_FOUND",
      );
      expect(await errorCode(t.attachReport(as("维保技师"), unit.hospital!, "nope", { title, data: PDF }))).toBe(
        "NOT_FOUND",
      );
      const withPdf = await t.attachReport(as("维保技师"), unit.hospital!, testId, { title, data: PDF });
      const withScan = await t.attachReport(as("维保技师"), unit.hospital!, testId, {
        title: "检测报告扫描件",
        data: PNG,
      });
      expect(withPdf.reports.map((r) => r.contentType)).toEqual(["application/pdf"]);
      expect(withScan.reports.map((r) => r.contentType)).toEqual(["application/pdf", "image/png"]);
      const docs = await prisma.unitDocument.findMany({ where: { unitId: unit.hospital! } });
      expect(docs.map((d) => d.kind)).toEqual(["TEST_REPORT", "TEST_REPORT"]);
      expect(withScan.reports[0]!.url).toBe(`/api/units/${unit.hospital}/documents/${withPdf.reports[0]!.id}`);

      for (const who of ["保卫科长", "卫健局", "维保技师"]) {
        const list = await t.list(as(who), unit.hospital!);
        expect(list.map((x) => x.id)).toEqual([testId]);
        expect(list[0]!.reports).toHaveLength(2);
      }
      expect(await errorCode(t.list(as("别家技师"), unit.hospital!))).toBe("NOT_FOUND");
      expect((await t.lastTests(as("维保技师"))).get(unit.hospital!)).toBe("2026-11-28");
      expect((await t.lastTests(as("别家技师"))).size).toBe(0);
    });

    it("the monthly inspection is recorded the same way by the unit's own people", async () => {
      const t = a.facilityTests;
      const template = await t.template(as("安全员"), unit.hospital!, "MONTHLY_INSPECTION");
      expect(template.length).toBeGreaterThan(3);
      const rec = await t.record(as("安全员"), unit.hospital!, {
        kind: "MONTHLY_INSPECTION",
        testedOn: "2026-11-30",
        items: template.map((x) => ({ item: x.item, ok: true })),
      });
      expect(rec).toMatchObject({ kind: "MONTHLY_INSPECTION", ok: true, failed: 0, kindLabel: "月度防火检查" });
      const done = await t.attachReport(as("安全员"), unit.hospital!, rec.id, { title: "11月防火检查记录", data: PDF });
      expect(done.reports).toHaveLength(1);
      expect((await prisma.unitDocument.findFirstOrThrow({ where: { id: done.reports[0]!.id } })).kind).toBe(
        "INSPECTION_RECORD",
      );
      // the yearly test stays the maintenance company's
      expect((await t.lastTests(as("保卫科长"))).get(unit.hospital!)).toBe("2026-11-28");
    });
  });
}
