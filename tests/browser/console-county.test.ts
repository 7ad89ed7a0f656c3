// The fire brigade's county view and monthly report in headless Chromium: its figures match the API and
// the database, on an office screen and on the brigade's wall display; the monthly workbook holds the page's
// figures; the chart library is served compressed and revalidated. Screenshots: test-results/screenshots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk, type Desk } from "./console-desk.ts";
import type { CountyReport } from "../../api/src/contract/reports.ts";
import { periodsAt } from "../../api/src/modules/reports/report-math.ts";

const { unavailable, axe, axeShot: shot } = consoleSuite("console county");

/** A desktop browser with its own empty profile, signed in as one demo staff member. */
const signIn = (t: TestApi, username: string, next = "/console/home"): Promise<Desk> =>
  signInDesk(t, username, { next, label: username });

describe.skipIf(unavailable !== null)("the county view in headless Chromium", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("serves the chart library compressed once and revalidated with its ETag", async () => {
    const url = `${t.url}/console/assets/echarts.min.js`;
    const first = await fetch(url, { headers: { "accept-encoding": "gzip" } });
    expect(first.headers.get("content-encoding")).toBe("gzip");
    const etag = first.headers.get("etag")!;
    expect((await first.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const again = await fetch(url, { headers: { "accept-encoding": "gzip", "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect((await fetch(`${t.url}/console/assets/..%2F..%2Fpackage.json`)).status).toBe(404); // only listed files
  });

  it("gives the fire brigade a county view whose figures match the API and the database", async () => {
    const prisma = t.api.db.prisma;
    const s = await signIn(t, "supervisor");
    const page = s.page;
    expect(new URL(page.url()).pathname).toBe("/console/county");
    await page.waitForSelector("body[data-ready='1']");
    const api = (
      await t.request<CountyReport>("get", "/api/reports/county", { token: await t.loginStaff("supervisor") })
    ).body;
    const n = async (id: string) => ((await page.textContent(`#${id} .n`)) ?? "").trim();
    const { todayFrom, monthFrom } = periodsAt(new Date());
    expect(await n("alarms-today")).toBe(
      String(await prisma.alarm.count({ where: { startedAt: { gte: todayFrom } } })),
    );
    expect(await n("alarms-month")).toBe(
      String(await prisma.alarm.count({ where: { startedAt: { gte: monthFrom } } })),
    );
    expect(await n("alarms-today")).toBe(String(api.alarms.today.all));
    expect(await n("devices-online")).toBe(
      `${await prisma.deviceStatus.count({ where: { online: true } })} / ${await prisma.device.count()}`,
    );
    expect(await n("coverage")).toBe(`${(Math.round(api.coverage.rate * 1000) / 10).toFixed(1)}%`);
    const rows = await page.locator("#coverage-table tbody tr").allTextContents();
    expect(rows).toHaveLength(api.coverageByTownship.length);
    for (const tw of api.coverageByTownship)
      expect(
        rows.some((r) => r.includes(tw.name) && r.includes(String(tw.households)) && r.includes(String(tw.covered))),
      ).toBe(true);
    expect(await page.locator("#map .leaflet-interactive").count()).toBe(3);
    expect(await page.locator("#chart-coverage canvas").count()).toBeGreaterThan(0);
    // response times in words a supervisor reads, not the statistician's "P90"
    expect(await page.locator("main").innerText()).not.toContain("P90");
    expect(await page.textContent("#response-company thead")).toContain("九成火警确认用时");
    await shot(page, "console-county");
    await page.setViewportSize({ width: 2560, height: 1440 }); // the brigade's wall display
    await page.goto(`${t.url}/console/county?wall=1`);
    await page.waitForSelector("body[data-ready='1']");
    await shot(page, "console-county-wall");

    await page.goto(`${t.url}/console/monthly`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator("#monthly-townships tbody tr").count()).toBe(3); // two townships and the county
    const download = await Promise.all([page.waitForEvent("download"), page.click("#xlsx")]);
    expect(download[0].suggestedFilename()).toMatch(/^anxin-monthly-\d{4}-\d{2}\.xlsx$/);
    // the workbook has the page's figures: each township row's counts, cell for cell
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download[0].path())!);
    const sheetRows = wb.getWorksheet("按乡镇")!.getSheetValues().slice(2) as unknown[][];
    const pageRows = await page
      .locator("#monthly-townships tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) =>
          Array.from(
            (tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells,
            (c) => c.textContent ?? "",
          ),
        ),
      );
    expect(sheetRows).toHaveLength(2);
    for (const r of sheetRows) {
      const onPage = pageRows.find((p) => p[0] === r[1]);
      expect(onPage, `row ${String(r[1])}`).toBeDefined();
      expect([onPage![1], onPage![2], onPage![4], onPage![5], onPage![10]]).toEqual(
        [r[2], r[3], r[5], r[6], r[13]].map(String),
      );
    }
    await shot(page, "console-monthly");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.bar").isVisible()).toBe(false); // printed without the console's chrome
    await shot(page, "console-monthly-print");
    await s.close();
  });
});
