// 消防设施 in the staff console (issue 15), a screen of the React app: a property manager sees the community's
// facilities with their current values against limits and open alarms, a chart per measurement drawn from the
// readings API, and the hydrants on a map (green working, red not, grey when never reported); sets the tank's own limit and puts the
// default back (asked first), each change in its history; another company's community is the API's 404,
// said on the screen. Checked with axe.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { sensorScenario, scenarioSpanMs } from "../../api/src/tools/sensor-scenarios.ts";
import type { DemoSensorDevice } from "../../prisma/seed/sensors-demo.ts";
import { startTestApi, type TestApi } from "../support/test-api.ts";
import { consoleSuite } from "./console-desk.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./portal-browser.ts";

const { unavailable, axe, shot } = consoleSuite("console facilities");

describe.skipIf(unavailable !== null)("console 消防设施", () => {
  let t: TestApi;

  beforeAll(async () => {
    t = await startTestApi();
    const devices = t.demo.devices as DemoSensorDevice[];
    // a tank that drained and refilled, a hydrant whose pressure dropped below its limit just now, one whose
    // pressure is fine, and the demo's third hydrant, whose sensor has never reported
    const tank = devices.find((d) => d.kind === "WATER_LEVEL")!;
    const [hydrant, ...others] = devices.filter((d) => d.kind === "HYDRANT_PRESSURE").slice(0, 2);
    const start = Date.now() - scenarioSpanMs("low_water") - 60_000;
    for (const m of sensorScenario("low_water", tank.id, start))
      await t.api.services.ingest.submit(tank.id, JSON.stringify(m.payload), "test");
    await t.api.services.ingest.submit(
      hydrant!.id,
      JSON.stringify({ id: "hp-1", ts: Date.now(), type: "reading", values: { pressure_mpa: 0.05 } }),
      "test",
    );
    for (const h of others)
      await t.api.services.ingest.submit(
        h.id,
        JSON.stringify({ id: "hp-ok", ts: Date.now(), type: "reading", values: { pressure_mpa: 0.32 } }),
        "test",
      );
    await t.api.services.ingest.drain();
  }, 90_000);
  afterAll(async () => {
    console.log(axe.summary());
    await t?.close();
  });

  it("shows facilities, charts and the hydrant map, and passes axe", async () => {
    const profile = mkdtempSync(path.join(os.tmpdir(), "anxin-console-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: "zh-CN",
    });
    try {
      const page = await context.newPage();
      await page.goto(`${t.url}/console/login?next=/console/facilities`);
      await page.fill("#username", "manager_a");
      await page.fill("#password", t.demo.staff.find((s) => s.username === "manager_a")!.password);
      await Promise.all([page.waitForURL(/\/console\/facilities/), page.click("button[type=submit]")]);
      await page.locator("body[data-ready='1']").waitFor({ timeout: 30_000 });
      const rows = page.locator("#facility-table tbody tr");
      expect(await rows.count()).toBeGreaterThanOrEqual(10);
      await expect.poll(() => page.locator("#facility-table").innerText()).toContain("屋顶消防水箱液位");
      const table = await page.locator("#facility-table").innerText();
      expect(table).toContain("水位 3.2");
      // each kind by its one name (issue 13), as the model catalogue and a roll-out plan name it
      expect(table).toContain("消防水箱/水池液位监测");
      expect(table).toContain("手动火灾报警按钮");
      expect(table).toContain("消防水压过低"); // the hydrant's open alarm
      // a device never heard from (the pump, the call point, the sounders here) is 未上线, not 离线
      expect(table).toContain("未上线");
      // the tank's chart has its 16 readings (per minute), drawn
      const tankChart = page.locator("[data-series*='level_m']");
      expect(await tankChart.getAttribute("data-drawn")).toBe("16");
      expect(await tankChart.locator("canvas").count()).toBeGreaterThan(0);
      // hydrants: three markers, the one with low pressure red (not working), the one at 0.32 MPa green, and
      // the one whose sensor never reported grey 未上报: nothing is known of it, so it is not called unusable
      expect(await page.locator("#hydrant-map .leaflet-interactive").count()).toBe(3);
      expect(await page.locator("#hydrant-map .leaflet-interactive[stroke='#c62828']").count()).toBe(1);
      expect(await page.locator("#hydrant-map .leaflet-interactive[stroke='#2e7d32']").count()).toBe(1);
      expect(await page.locator("#hydrant-map .leaflet-interactive[stroke='#757575']").count()).toBe(1);
      expect(await page.locator(".hydrant-list li[data-state='unusable']").count()).toBe(1);
      const unreported = page.locator(".hydrant-list li[data-state='unreported']");
      await expect(unreported.innerText()).resolves.toContain("未上报");
      await expect(unreported.innerText()).resolves.not.toContain("不可用");
      await axe.check(page, "消防设施");
      await shot(page, "console-facilities");

      // the tank's own limit: set, said in its summary and history, then back to the default after a question
      const card = page.locator("section.chart-card", { has: page.locator("[data-series*='level_m']") });
      await card.locator("summary").click();
      await expect.poll(() => card.locator(".limit-history, .muted").first().innerText()).toContain("没有修改过");
      const form = card.locator("form.limit-form");
      await form.locator("input[name=low]").fill("0.8");
      await form.locator("input[name=high]").fill("4");
      await form.locator("input[name=hysteresis]").fill("0.05");
      await form.locator("input[name=minDurationSec]").fill("120");
      await form.locator("input[name=note]").fill("水池改造后的新水位线");
      await form.locator("button[type=submit]").click();
      await expect.poll(() => form.locator("[role=status]").innerText()).toContain("已保存本设备的阈值");
      await expect.poll(() => card.locator("summary").innerText()).toContain("下限 0.8");
      await expect.poll(() => card.locator("summary").innerText()).toContain("本设备自定");
      await expect.poll(() => card.locator(".limit-history li").count()).toBe(1);
      expect(await card.locator(".limit-history").innerText()).toContain("水池改造后的新水位线");
      await axe.check(page, "消防设施 阈值");
      await form.locator("button.danger", { hasText: "恢复默认" }).click();
      const dialog = page.locator("dialog#confirm");
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain("恢复为型号默认");
      await dialog.locator("button.confirm-yes").click();
      await expect.poll(() => form.locator("[role=status]").innerText()).toContain("已恢复默认阈值");
      await expect.poll(() => card.locator(".limit-history li").count()).toBe(2);
      await expect.poll(() => card.locator("summary").innerText()).not.toContain("本设备自定");

      // another company's manager does not see this community: the API answers 404 and the screen says so
      const place = await page.locator("#place").inputValue();
      const [kind, placeId] = place.split(":") as [string, string];
      const asked = `/api/sensors/facilities?${kind === "unit" ? "unitId" : "communityId"}=${encodeURIComponent(placeId)}`;
      const other = await context.newPage();
      await context.clearCookies();
      await other.goto(`${t.url}/console/login?next=/console/facilities`);
      await other.fill("#username", "manager_b");
      await other.fill("#password", t.demo.staff.find((s) => s.username === "manager_b")!.password);
      await Promise.all([other.waitForURL(/\/console\/facilities/), other.click("button[type=submit]")]);
      // the answer for this place: the screen manager_b lands on asks for their own community's facilities
      // too, and that answer (a 200) may come first
      const [res] = await Promise.all([
        other.waitForResponse((r) => r.url().includes(asked)),
        other.goto(`${t.url}/console/facilities?place=${encodeURIComponent(place)}`),
      ]);
      expect(res.status()).toBe(404);
      expect(await other.locator("#load-error").innerText()).toContain("找不到");
      expect(await other.locator("#facility-table").count()).toBe(0);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
