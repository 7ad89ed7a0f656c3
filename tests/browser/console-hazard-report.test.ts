// 上报隐患 on the console's hazard list: the hospital's safety officer (yy_anquan) reports a hazard found
// outside a round (their one unit chosen for them; where, what, 重大, a photo) and it is stored in their unit
// and listed; a sector regulator, who reads hazards but may not report them (POST /api/hazards's access), is
// offered no button. axe on the form; screenshots: test-results/screenshots/console-hazard-report-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite, signInDesk } from "./console-desk.ts";

const { unavailable, axe, shot } = consoleSuite("console hazard report");

describe.skipIf(unavailable !== null)("console 上报隐患 in headless Chromium", () => {
  let t: TestApi;
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await startTestApi();
    jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 60, b: 60 } } })
      .jpeg()
      .toBuffer();
  }, 120_000);
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("the safety officer reports a major hazard with a photo; it is stored and listed", async () => {
    const desk = await signInDesk(t, "yy_anquan", { next: "/console/hazards" });
    const { page } = desk;
    try {
      const { prisma } = t.api.db;
      const officer = await prisma.staffUser.findUniqueOrThrow({ where: { username: "yy_anquan" } });
      const unit = await prisma.staffUnit.findFirstOrThrow({ where: { staffUserId: officer.id } });
      await page.goto(`${t.url}/console/hazards`);
      await page.locator("#hazard-table").waitFor({ timeout: 15_000 });
      await page.click("#hazard-report-open");
      const form = page.locator("form#hazard-report");
      await form.waitFor({ timeout: 10_000 });
      // their one unit is chosen for them
      expect(await form.locator("select[name=unitId]").inputValue()).toBe(unit.unitId);
      await form.locator("input[name=place]").fill("住院部 5 楼配电间");
      await form.locator("textarea[name=description]").fill("配电间内堆放纸箱和被褥");
      await form.locator("select[name=category]").selectOption("ELECTRICAL");
      await form.locator("select[name=severity]").selectOption("MAJOR");
      await form
        .locator("input[type=file][name=photos]")
        .setInputFiles({ name: "site.jpg", mimeType: "image/jpeg", buffer: jpeg });
      await axe.check(page, "hazard report form");
      await shot(page, "console-hazard-report-1-form");
      await form.locator("button[type=submit]").click();
      await page.locator("#hazard-reported").waitFor({ timeout: 10_000 });
      expect(await page.locator("#hazard-reported").textContent()).toContain("隐患已上报");

      const h = await prisma.hazard.findFirstOrThrow({ where: { place: "住院部 5 楼配电间" } });
      expect(h).toMatchObject({
        unitId: unit.unitId,
        description: "配电间内堆放纸箱和被褥",
        category: "ELECTRICAL",
        severity: "MAJOR",
        status: "REPORTED",
        reportedBy: `staff:${officer.id}`,
      });
      expect(JSON.parse(h.photoIds) as string[]).toHaveLength(1);
      // the list is loaded again with it
      await expect
        .poll(() => page.locator("#hazard-table tbody tr", { hasText: "配电间内堆放纸箱和被褥" }).count(), {
          timeout: 10_000,
        })
        .toBe(1);
      expect(await page.locator("form#hazard-report").count()).toBe(0);
      await shot(page, "console-hazard-report-2-listed");
    } finally {
      await desk.close();
    }
  });

  it("a sector regulator reads the list but is offered no 上报隐患", async () => {
    const desk = await signInDesk(t, "reg_health", { next: "/console/hazards" });
    const { page } = desk;
    try {
      await page.goto(`${t.url}/console/hazards`);
      await page.locator("#hazard-table").waitFor({ timeout: 15_000 });
      expect(await page.locator("#hazard-report-open").count()).toBe(0);
    } finally {
      await desk.close();
    }
  });
});
