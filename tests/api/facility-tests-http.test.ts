// The yearly facility test over HTTP and in the console (issue 18 item 2): the demo maintenance technician
// records a test of a unit his company keeps, with a failed item and the PDF report as a raw upload (a file
// that is not a report is refused); the record shows in the unit's file page and the test date in the unit
// register he lands on; a unit his company does not keep is "not found" and the unit's manager may not sign.
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

describe("yearly facility test routes and console", () => {
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

  it("shows in the unit's file and in the technician's unit register", async () => {
    const login = await fetch(`${t.url}/console/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({
        username: "wb_wang",
        password: t.demo.staff.find((s) => s.username === "wb_wang")!.password,
      }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const file = await fetch(`${t.url}/console/units/${ours}`, { headers: { cookie, accept: "text/html" } });
    expect(file.status).toBe(200);
    const html = await file.text();
    expect(html).toContain('id="unit-tests"');
    expect(html).toContain("年度消防设施检测");
    expect(html).toContain("年度检测报告");
    expect(html).toContain('id="facility-test-add"');
    expect(html).not.toContain('id="no-yearly-test"');
    const list = await fetch(`${t.url}/console/units`, { headers: { cookie, accept: "text/html" } });
    const register = await list.text();
    expect(register).toContain('<th scope="col">年度检测</th>');
    expect(register).toContain("未记录"); // the company's other units
  });
});
