// The yearly facility test in the staff console in headless Chromium (issue 18 item 2; React screens since
// issue 13 item 6): the demo maintenance technician lands on the unit register with its 年度检测 column,
// opens a unit his company keeps, marks one item failed, attaches the PDF report and saves; the unit's file
// lists the test with its report and the failed item's hazard, and the register shows the date. axe on each
// page; screenshots in test-results/screenshots.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { countyDate } from "../../api/src/shared/county-time.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console facility tests");

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe.skipIf(unavailable !== null)("the yearly facility test in the console", () => {
  let t: TestApi;
  let context: BrowserContext;
  let page: Page;
  let profile = "";
  let dir = "";

  beforeAll(async () => {
    t = await startTestApi();
    profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-tests-"));
    dir = mkdtempSync(path.join(os.tmpdir(), "anxin-upload-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
    });
    page = await context.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  });
  afterAll(async () => {
    console.log(axe.summary());
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it("the technician records a test with a failed item and its report", async () => {
    const { prisma } = t.api.db;
    const me = await prisma.staffUser.findFirstOrThrow({ where: { username: "wb_wang" } });
    // a unit of his company with no test yet (the demo's hospital has one)
    const tested = (await prisma.facilityTest.findMany({ select: { unitId: true } })).map((r) => r.unitId);
    const unit = await prisma.networkedUnit.findFirstOrThrow({
      where: { maintenanceCompanyId: me.serviceCompanyId, id: { notIn: tested } },
    });
    if (!(await prisma.unitFacility.count({ where: { unitId: unit.id } })))
      await prisma.unitFacility.create({ data: { unitId: unit.id, kind: "AUTO_FIRE_ALARM" } });

    await page.goto(`${t.url}/console/login?next=${encodeURIComponent("/console/home")}`);
    await page.fill("#username", "wb_wang");
    await page.fill("#password", t.demo.staff.find((s) => s.username === "wb_wang")!.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/console/login")),
      page.click("button[type=submit]"),
    ]);
    await page.goto(`${t.url}/console/units`);
    await page.waitForSelector("body[data-ready='1']");
    expect(await page.locator("#unit-table th", { hasText: "年度检测" }).count()).toBe(1);
    const cell = page.locator(`#unit-table tbody tr[data-unit='${unit.id}'] td:last-child`);
    expect(await cell.textContent()).toBe("未记录");
    await axe.check(page, "register");

    await page.goto(`${t.url}/console/units/${unit.id}`);
    await page.waitForSelector("body[data-ready='1']");
    await expect.poll(() => page.locator("#no-yearly-test").count()).toBe(1);
    await axe.check(page, "unit file before");
    const form = page.locator("#facility-test-add");
    // each item answered (unit/check-form.tsx): the first 不合格 with its note, the rest of each group 合格
    await form.locator("#check-item-0 label", { hasText: /^不合格$/ }).click();
    await form.locator("input[name=note0]").fill("3层2个探测器不报警");
    const rest = form.locator("button.check-rest");
    while (await rest.count()) await rest.first().click();
    expect(await form.locator("#check-progress").innerText()).toMatch(/^已检查 (\d+) \/ 共 \1，不合格 1 项$/);
    await form.locator("input[name=summary]").fill("年度检测，一项不合格");
    const file = path.join(dir, "检测报告.pdf");
    writeFileSync(file, PDF);
    await form.locator("input[name=file]").setInputFiles(file);
    await shot(page, "console-facility-test-1-form");
    await form.locator("button[type=submit]").click();
    // the saved record, or the refusal in words (which fails the test with its reason)
    await expect
      .poll(
        async () => {
          const refused = page.locator("#unit-edit-result .error");
          if (await refused.count()) return refused.textContent();
          return page.locator("#unit-test-records tbody tr[data-test]").count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    // the report is uploaded after the record: wait for its link
    await page.waitForSelector("#unit-test-records tbody tr[data-test] a:has-text('年度消防设施检测报告')");

    const row = page.locator("#unit-test-records tbody tr[data-test]").first();
    expect(await row.textContent()).toContain(countyDate(t.api.services.clock.now()));
    expect(await row.textContent()).toContain("1 项不合格");
    expect(await row.textContent()).toContain("3层2个探测器不报警");
    expect(await row.locator("a", { hasText: "年度消防设施检测报告" }).count()).toBe(1);
    expect(await row.locator("a", { hasText: "查看隐患" }).count()).toBe(1);
    expect(await page.locator("#no-yearly-test").count()).toBe(0);
    await axe.check(page, "unit file after");
    await shot(page, "console-facility-test-2-recorded");

    // the register shows the test's date now
    await page.click("a:has-text('返回单位列表')");
    await page.waitForSelector(`#unit-table tbody tr[data-unit='${unit.id}']`);
    await expect.poll(() => cell.textContent()).toBe(countyDate(t.api.services.clock.now()));

    const hazards = await prisma.hazard.findMany({
      where: { unitId: unit.id, description: { contains: "3层2个探测器不报警" } },
    });
    expect(hazards).toHaveLength(1);
    expect(hazards[0]!.status).toBe("ASSIGNED");
    const docs = await prisma.unitDocument.findMany({ where: { unitId: unit.id, kind: "TEST_REPORT" } });
    expect(docs.some((d) => d.contentType === "application/pdf")).toBe(true);
  });
});
