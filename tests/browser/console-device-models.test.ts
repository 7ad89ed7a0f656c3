// 设备型号 in headless Chromium (issue 14): the county's administrator adds the model of smoke alarm the
// county bought on the import page; it is listed with its heartbeat; a wrong entry is refused in Chinese
// where the administrator is looking; a property manager's import page has no catalogue form. axe on each.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console device models");

describe.skipIf(unavailable !== null)("the device model catalogue in headless Chromium", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  async function signIn(username: string) {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 900 },
      locale: "zh-CN",
    });
    const page = await context.newPage();
    await page.goto(`${t.url}/console/login?next=${encodeURIComponent("/console/import")}`);
    await page.fill("#username", username);
    await page.fill("#password", t.demo.staff.find((s) => s.username === username)!.password);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/console/login")),
      page.click("button[type=submit]"),
    ]);
    await page.goto(`${t.url}/console/import`);
    return {
      page,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  }

  it("lets the administrator add a model, lists it, and refuses a bad one where they look", async () => {
    const s = await signIn("admin");
    try {
      const { page } = s;
      await page.waitForSelector("body[data-ready='1']");
      await page.waitForSelector("#model-form");
      await axe.check(page, "import page with the catalogue (admin)");
      await page.fill("#model-form [name=id]", "GA-YG01");
      await page.selectOption("#model-form [name=kind]", "SMOKE_ALARM");
      await page.fill("#model-form [name=vendor]", "赣安电子");
      await page.fill("#model-form [name=name]", "NB-IoT 独立式感烟火灾探测报警器");
      await page.fill("#model-form [name=minutes]", "10"); // as the demo's Wi-Fi alarm beats
      // saved, and listed in place (the screen reads the catalogue again; no page load)
      await page.click("#model-form button[type=submit]");
      await page.locator("#model-result", { hasText: "已添加型号 GA-YG01" }).waitFor();
      const row = page.locator("#model-table tr", { hasText: "GA-YG01" });
      await row.waitFor();
      expect(await row.textContent()).toContain("10 分钟");
      const model = await t.api.db.prisma.deviceModel.findUniqueOrThrow({ where: { id: "GA-YG01" } });
      expect(model).toMatchObject({ kind: "SMOKE_ALARM", heartbeatIntervalSec: 600, missedHeartbeats: 2 });
      await shot(page, "console-device-models");

      // a demo model with devices keeps its kind: the refusal is written beside the form
      await page.fill("#model-form [name=id]", "AX-SA100");
      await page.selectOption("#model-form [name=kind]", "GAS_DETECTOR");
      await page.fill("#model-form [name=vendor]", "安心");
      await page.fill("#model-form [name=name]", "改成燃气");
      await page.click("#model-form button[type=submit]");
      await page.locator("#model-result", { hasText: "不能改变设备类型" }).waitFor();
      expect((await t.api.db.prisma.deviceModel.findUniqueOrThrow({ where: { id: "AX-SA100" } })).kind).toBe(
        "SMOKE_ALARM",
      );

      // a code the catalogue cannot take is marked beside its field, as the API names it
      await page.fill("#model-form [name=id]", "坏编码");
      // the browser's own check would stop it first; the API's is the one that counts
      await page
        .locator("#model-form [name=id]")
        .evaluate((input) => (input as unknown as { removeAttribute(name: string): void }).removeAttribute("pattern"));
      await page.selectOption("#model-form [name=kind]", "SMOKE_ALARM");
      await page.click("#model-form button[type=submit]");
      await page.locator("#model-form .field.invalid [name=id]").waitFor();
      await axe.check(page, "device model refused (admin)");
    } finally {
      await s.close();
    }
  });

  it("shows a property manager the import page without the catalogue", async () => {
    const s = await signIn("manager_a");
    try {
      await s.page.waitForSelector("body[data-ready='1']");
      await s.page.waitForSelector("#import-form");
      expect(await s.page.locator("#model-form").count()).toBe(0);
      await axe.check(s.page, "import page (property manager)");
    } finally {
      await s.close();
    }
  });
});
