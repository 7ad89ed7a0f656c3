// The yearly facility test over HTTP (issue 18 item 2): the demo maintenance technician records a test of a
// unit his company keeps, with a failed item and the PDF report as a raw upload (a file that is not a report
// is refused); the record shows in the unit's file and the test date in the register's column (what the
// console's unit screens read); a unit his company does not keep is "not found" and the unit's manager may
// not sign.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countyDate } from "../../api/src/shared/county-time.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

interface Rec {
  id: string;
  failed: number;
  items: { item: string; ok: boolean; hazardId: string | null }[];
  reports: { id: string; url: string; contentType: string }[];
}

describe("yearly facility test routes", () => {
  let t: TestApi;
  let tech = "";
  let manager = "";
  let ours = "";
  let theirs = "";

  beforeAll(async () => {
    t = await startTestApi();
    const { prisma } = t.api.db;
    tech = await t.loginStaff("wb_wang");
    const me = await prisma.staffUser.findFirstOrThrow({ where: { username: "wb_wang" } });
    const kept = await prisma.networkedUnit.findMany({
      where: { maintenanceCompanyId: me.serviceCompanyId },
      include: { staff: { include: { staffUser: true } } },
    });
    const withManager = kept.find((u) => u.staff.some((s) => s.staffUser.role === "UNIT_MANAGER"))!;
    ours = withManager.id;
    manager = await t.loginStaff(
      withManager.staff.find((s) => s.staffUser.role === "UNIT_MANAGER")!.staffUser.username,
    );
    theirs = (
      await prisma.networkedUnit.findFirstOrThrow({
        where: { OR: [{ maintenanceCompanyId: null }, { maintenanceCompanyId: { not: me.serviceCompanyId } }] },
      })
    ).id;
    if (!(await prisma.unitFacility.count({ where: { unitId: ours } })))
      await prisma.unitFacility.create({ data: { unitId: ours, kind: "AUTO_FIRE_ALARM" } });
  });
  afterAll(() => t?.close());

  const upload = (token: string, path: string, data: Buffer, type: string) =>
    fetch(`${t.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": type },
      body: data,
    });

  it("records a test with a failed item and its report, in scope and in bounds", async () => {
    const tpl = await t.request<{ template: { item: string; facilityKind: string | null }[] }>(
      "GET",
      `/api/units/${ours}/facility-tests`,
      { token: tech },
    );
    expect(tpl.status).toBe(200);
    expect(tpl.body.template.length).toBeGreaterThan(0);
    const items = tpl.body.template.map((x, i) => ({
      item: x.item,
      ok: i !== 0,
      ...(x.facilityKind ? { facilityKind: x.facilityKind } : {}),
    }));
    const today = countyDate(t.api.services.clock.now());
    const body = { kind: "FACILITY_TEST", testedOn: today, items, summary: "年度检测，一项不合格" };

    expect((await t.request("POST", `/api/units/${theirs}/facility-tests`, { token: tech, body })).status).toBe(404);
    expect((await t.request("POST", `/api/units/${ours}/facility-tests`, { token: manager, body })).status).toBe(403);
    const tooMany = { ...body, items: Array.from({ length: 101 }, (_, i) => ({ item: `项目${i}`, ok: true })) };
    expect((await t.request("POST", `/api/units/${ours}/facility-tests`, { token: tech, body: tooMany })).status).toBe(
      400,
    );

    const rec = await t.request<Rec>("POST", `/api/units/${ours}/facility-tests`, { token: tech, body });
    expect(rec.status).toBe(201);
    expect(rec.body.failed).toBe(1);
    const hazardId = rec.body.items[0]!.hazardId!;
    const hazard = await t.request<{ status: string; source: string }>("GET", `/api/hazards/${hazardId}`, {
      token: manager,
    });
    expect(hazard.status).toBe(200);
    expect(hazard.body.status).toBe("ASSIGNED");

    const report = `/api/units/${ours}/facility-tests/${rec.body.id}/report?title=${encodeURIComponent("年度检测报告")}`;
    expect((await upload(tech, report, Buffer.from("not a report"), "application/pdf")).status).toBe(400);
    const up = await upload(tech, report, PDF, "application/pdf");
    expect(up.status).toBe(201);
    const withReport = (await up.json()) as Rec;
    expect(withReport.reports).toHaveLength(1);
    // the report is in the unit's file, readable by the unit's manager
    const doc = await fetch(`${t.url}${withReport.reports[0]!.url}`, {
      headers: { authorization: `Bearer ${manager}` },
    });
    expect(doc.status).toBe(200);
    expect(Buffer.from(await doc.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it("shows in the unit's file and in the technician's unit register (the console's screens read these)", async () => {
    const today = countyDate(t.api.services.clock.now());
    // the unit's file: the record with its report, the county's today, and the items a new test would check
    const file = await t.request<{
      items: { kindLabel: string; testedOn: string; reports: { title: string }[] }[];
      template: unknown[];
      today: string;
    }>("GET", `/api/units/${ours}/facility-tests?kind=FACILITY_TEST`, { token: tech });
    expect(file.status).toBe(200);
    expect(file.body.today).toBe(today);
    expect(file.body.template.length).toBeGreaterThan(0);
    const yearly = file.body.items.find((r) => r.kindLabel === "年度消防设施检测");
    expect(yearly?.testedOn).toBe(today);
    expect(yearly?.reports.map((r) => r.title)).toContain("年度检测报告");

    // the register's column: the last yearly test of each unit his company keeps, and nothing of another's
    const last = await t.request<{ today: string; items: { unitId: string; testedOn: string }[] }>(
      "GET",
      "/api/facility-tests/last",
      { token: tech },
    );
    expect(last.status).toBe(200);
    expect(last.body.today).toBe(today);
    expect(last.body.items.find((x) => x.unitId === ours)?.testedOn).toBe(today);
    expect(last.body.items.some((x) => x.unitId === theirs)).toBe(false);
    // the unit's manager reads the same date for their own unit only
    const mine = await t.request<{ items: { unitId: string }[] }>("GET", "/api/facility-tests/last", {
      token: manager,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((x) => x.unitId)).toContain(ours);
    expect(mine.body.items.map((x) => x.unitId)).not.toContain(theirs);
    // a property company's staff have no units: refused
    const property = await t.loginStaff("staff_a");
    expect((await t.request("GET", "/api/facility-tests/last", { token: property })).status).toBe(403);
    expect((await t.request("GET", "/api/facility-tests/last")).status).toBe(401);
  });
});
