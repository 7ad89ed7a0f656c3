// The portal's hazard report in headless Chromium with JavaScript off (issue 18): a passer-by picks the
// community, says where and what, is told what is missing, adds a photo, sends it anonymously and is told
// it was received; the report is the community's property company's. axe on each page (with scripts on, as axe
// is a script); screenshots saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { browserUnavailable, openBrowser, type Browser } from "./portal-browser.ts";
import { axeChecker } from "./axe.ts";

const unavailable = browserUnavailable();
if (unavailable && process.env.CI === "true") throw new Error(`browser tests cannot run under CI: ${unavailable}`);
if (unavailable) console.warn(`portal hazard report browser test skipped: ${unavailable}`);

const WHAT = "东门消防通道被私家车堵住（浏览器测试）";
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9,
]);

describe.skipIf(unavailable !== null)("portal hazard report without JavaScript", () => {
  let t: TestApi;
  let withScripts: Browser;
  let noJs: Browser;
  const axe = axeChecker("portal hazard report");
  async function shot(page: Page, name: string) {
    const same = await withScripts.newPage();
    await same.goto(page.url());
    await axe.check(same, name);
    await same.close();
    await noJs.shot(page, name);
  }

  beforeAll(async () => {
    t = await startTestApi();
    withScripts = await openBrowser();
    noJs = await openBrowser({ javaScriptEnabled: false });
  });
  afterAll(async () => {
    console.log(axe.summary());
    await withScripts?.close();
    await noJs?.close();
    await t?.close();
  });

  it("sends an anonymous report to the community's property company", async () => {
    const page = await noJs.newPage();
    await page.goto(`${t.url}/report`);
    await shot(page, "portal-hazard-report-1-form");
    await page.selectOption("#communityId", { label: "幸福小区" });
    await page.fill("#description", WHAT);
    await Promise.all([page.waitForNavigation(), page.click("#online-report button[type=submit]")]);
    expect(await page.locator("#place-error").textContent()).toBe("请写明在哪里");
    expect(await page.inputValue("#description")).toBe(WHAT);
    await page.fill("#place", "小区东门");
    // a photo chosen with the plain file input: the form posts it as multipart without any script
    await page.setInputFiles("#photos", [{ name: "门口.jpg", mimeType: "image/jpeg", buffer: JPEG }]);
    await Promise.all([page.waitForNavigation(), page.click("#online-report button[type=submit]")]);
    expect(await page.locator("#report-sent").textContent()).toContain("已收到您的报告");
    await shot(page, "portal-hazard-report-2-sent");
    const h = await t.api.db.prisma.hazard.findFirstOrThrow({ where: { description: WHAT } });
    expect(h).toMatchObject({ unitId: null, source: "RESIDENT", reportedBy: "public", place: "小区东门" });
    const manager = await t.api.db.prisma.staffUser.findUniqueOrThrow({ where: { username: "manager_a" } });
    expect(h.assigneeId).toBe(manager.id);
    const photos = JSON.parse(h.photoIds) as string[];
    expect(photos).toHaveLength(1);
    const stored = await t.api.db.prisma.inspectionPhoto.findUniqueOrThrow({ where: { id: photos[0]! } });
    expect(stored).toMatchObject({ contentType: "image/jpeg", uploadedBy: "public:portal" });
  });
});
